package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// oversizeOutcome is what one client saw after sending a message.
type oversizeOutcome struct {
	FirstType   string `json:"first_type"`   // the first message after the command ("" when none)
	FirstCode   string `json:"first_code"`   // its code, for an error
	CloseCode   int    `json:"close_code"`   // the close status (-1: no close frame; 0: still open)
	StillUsable bool   `json:"still_usable"` // a lesson loads afterwards on the same socket
}

// runOversize sends messages that are too big, on fresh sessions:
//
//   - over: a load whose message is 1 KiB over hello's limits.message_bytes
//     (80 KiB): expect an error with code too_large, then a close with
//     status 1009;
//   - scenario: a message under that limit whose scenario is over
//     limits.scenario_bytes (64 KiB): expect an error too_large and a
//     session that still works;
//   - huge: --clients (8) clients each send a 16 MiB message at once:
//     expect each to be closed with status 1009 (error too_large first)
//     without the server buffering the messages (peak RSS at most --max-rss,
//     256 MiB).
//
// A legitimate client comes at the end. Plus the shared expectations.
func runOversize(ctx context.Context, c *config, t *target) (*Result, error) {
	rn := newRunner(c, t, "attack oversize", c.sampleEvery)
	probe, err := dialSim(ctx, t.wsURL("/ws"))
	if err != nil {
		rn.finish(nil)
		return nil, fmt.Errorf("the first client could not connect: %v", err)
	}
	msgLimit := probe.limit("message_bytes", 80<<10)
	scLimit := probe.limit("scenario_bytes", 64<<10)
	probe.close()

	over := rn.sendOversize(ctx, loadMessage(msgLimit+1024), false)
	var scen oversizeOutcome
	if scLimit+512 < msgLimit {
		scen = rn.sendOversize(ctx, loadMessage(scLimit+256), true)
	}
	hugeMsg := loadMessage(16 << 20) // built once, read-only: the tool's own work must not colour the figures
	huge := make([]oversizeOutcome, c.clients)
	var wg sync.WaitGroup
	for i := range huge {
		wg.Add(1)
		go func() {
			defer wg.Done()
			huge[i] = rn.sendOversize(ctx, hugeMsg, false)
		}()
	}
	wg.Wait()
	rn.outcome(rn.legitClient(ctx, "", 5))
	waitCtx(ctx, time.Second)

	r := rn.finish([]Figure{fig("message_bytes", msgLimit, "%d"), fig("scenario_bytes", scLimit, "%d"), fig("clients", c.clients, "%d x 16 MiB")})
	r.Figures = append(r.Figures, fig("over: first message, close", describe(over), "%s"))
	if scLimit+512 < msgLimit {
		r.Figures = append(r.Figures, fig("scenario: first message, close", describe(scen), "%s"))
	}
	hugeOK := 0
	hugeSeen := map[string]int{}
	for _, h := range huge {
		hugeSeen[describe(h)]++
		if h.FirstCode == "too_large" && h.CloseCode == int(websocket.StatusMessageTooBig) {
			hugeOK++
		}
	}
	r.Figures = append(r.Figures, fig("huge: outcomes", fmt.Sprint(hugeSeen), "%s"))
	r.expect("over the message limit: error too_large, then close 1009", over.FirstCode == "too_large" && over.CloseCode == int(websocket.StatusMessageTooBig),
		"%s", describe(over))
	if scLimit+512 < msgLimit {
		r.expect("scenario over its limit: error too_large, session still usable", scen.FirstCode == "too_large" && scen.StillUsable, "%s", describe(scen))
	} else {
		r.skip("scenario over its limit: error too_large, session still usable", "scenario_bytes is not below message_bytes")
	}
	r.expect("16 MiB messages: error too_large, then close 1009", hugeOK == len(huge), "%d of %d", hugeOK, len(huge))
	cl := r.Clients
	r.expect("the legitimate client is served", cl.Served == 1, "%d of %d served", cl.Served, cl.Total)
	rn.expectRSS()
	r.finish()
	return r, nil
}

// loadMessage returns a load command of about size bytes: a scenario
// padded with a comment.
func loadMessage(size int) []byte {
	sc := "title en: padded\nprocess p\n  compute 1\n#" + strings.Repeat("x", max(0, size-100)) + "\n"
	b, _ := json.Marshal(map[string]any{"v": 1, "type": "load", "scenario": sc})
	return b
}

// sendOversize opens a session, sends msg and reports what came back. With
// thenLoad, it then tries to load a lesson on the same socket.
func (rn *runner) sendOversize(ctx context.Context, msg []byte, thenLoad bool) oversizeOutcome {
	out := oversizeOutcome{CloseCode: -1}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	cl, err := dialSim(ctx, rn.t.wsURL("/ws"))
	if err != nil {
		out.FirstType = "dial: " + classify(err)
		return out
	}
	defer cl.drop()
	// Write and read at once: a server that refuses a huge message early may
	// close while the tool is still writing it.
	werr := make(chan error, 1)
	go func() { werr <- cl.conn.Write(ctx, websocket.MessageText, msg) }()
	rctx, rcancel := context.WithTimeout(ctx, 10*time.Second)
	h, _, err := cl.next(rctx)
	rcancel()
	if err != nil {
		out.CloseCode = closeStatus(err)
		if e := <-werr; e != nil && out.CloseCode <= 0 {
			out.FirstType = "write failed: " + classify(e)
		}
		return out
	}
	out.FirstType, out.FirstCode = h.Type, h.Code
	if thenLoad {
		_, _, err := cl.load(ctx, map[string]any{"lesson": firstLesson(cl)})
		out.StillUsable = err == nil
		<-werr
		if err == nil {
			out.CloseCode = 0
			return out
		}
		out.CloseCode = closeStatus(err)
		return out
	}
	// Read on until the server closes (or 5 s pass).
	for {
		rctx, rcancel := context.WithTimeout(ctx, 5*time.Second)
		_, _, err := cl.next(rctx)
		rcancel()
		if err != nil {
			out.CloseCode = closeStatus(err)
			<-werr
			return out
		}
	}
}

// closeStatus returns the close status in err, 0 for a timeout (still
// open), -1 for a connection that ended without a close frame.
func closeStatus(err error) int {
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		return int(ce.Code)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return 0
	}
	return -1
}

func firstLesson(c *simClient) string {
	if len(c.hello.Lessons) == 0 {
		return ""
	}
	return c.hello.Lessons[0].ID
}

// describe says what a client saw, e.g. "error too_large, then close 1009".
func describe(o oversizeOutcome) string {
	first := "no message"
	if o.FirstType != "" {
		first = o.FirstType
		if o.FirstCode != "" {
			first += " " + o.FirstCode
		}
	}
	switch {
	case o.StillUsable:
		return first + ", session still usable"
	case o.CloseCode > 0:
		return fmt.Sprintf("%s, then close %d", first, o.CloseCode)
	case o.CloseCode == 0:
		return first + ", still open after 5 s"
	}
	return first + ", connection ended without a close frame"
}
