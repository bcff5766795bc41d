package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// runIdleWS: --clients websockets (64) complete the handshake, read the
// server's first message (hello, or a busy error) and then never send a
// byte. A
// legitimate client comes once they are all connected and every 5 s for
// --hold (15 s). At the end the tool looks at which idle sockets the server
// closed.
//
// Expectations: every legitimate client is served (idle sockets must not
// hold sessions that real visitors need), peak RSS at most --max-rss
// (256 MiB), plus the shared ones.
func runIdleWS(ctx context.Context, c *config, t *target) (*Result, error) {
	rn := newRunner(c, t, "attack idlews", c.sampleEvery)
	conns := make([]*websocket.Conn, c.clients)
	var wg sync.WaitGroup
	var mu sync.Mutex
	dialErrs := map[string]int{}
	first := map[string]int{}
	for i := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			conn, _, err := websocket.Dial(dctx, t.wsURL("/ws"), &websocket.DialOptions{HTTPClient: dialClient})
			if err == nil {
				// Reading is not sending: the first message says whether the
				// server gave this socket a session (hello) or not (busy).
				var typ string
				if typ, err = firstType(dctx, conn); err == nil {
					mu.Lock()
					first[typ]++
					mu.Unlock()
					conns[i] = conn
					return
				}
				conn.CloseNow()
			}
			mu.Lock()
			dialErrs[classify(err)]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	opened := 0
	for _, cn := range conns {
		if cn != nil {
			opened++
		}
	}
	rn.legitLoop(withTimeout(ctx, c.hold), 5*time.Second)

	// Which idle sockets did the server close? Reading now is allowed: the
	// attack is over. A socket with only its hello (or busy error) queued
	// and no close frame within 300 ms is still open.
	var closedByServer, stillOpen atomic.Int64
	for _, cn := range conns {
		if cn == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer cn.CloseNow()
			rctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			for {
				_, _, err := cn.Read(rctx)
				if err == nil {
					continue
				}
				if errors.Is(err, context.DeadlineExceeded) {
					stillOpen.Add(1)
				} else {
					closedByServer.Add(1)
				}
				return
			}
		}()
	}
	wg.Wait()
	waitCtx(ctx, 2*time.Second)

	r := rn.finish([]Figure{fig("clients", c.clients, "%d"), fig("hold", c.hold.String(), "%s")})
	r.Figures = append(r.Figures, fig("idle websockets opened", opened, "%d"),
		fig("their first message", fmt.Sprint(first), "%s"),
		fig("closed by the server by the end", closedByServer.Load(), "%d"),
		fig("still open at the end", stillOpen.Load(), "%d"))
	if len(dialErrs) > 0 {
		r.note("idle websockets refused at the handshake: %v", dialErrs)
	}
	cl := r.Clients
	r.expect("every legitimate client is served", cl.Total > 0 && cl.Served == cl.Total, "%d of %d served", cl.Served, cl.Total)
	rn.expectRSS()
	r.finish()
	return r, nil
}

// firstType reads one message and returns its type ("error busy" for a
// refusal).
func firstType(ctx context.Context, conn *websocket.Conn) (string, error) {
	_, data, err := conn.Read(ctx)
	if err != nil {
		return "", err
	}
	var h msgHead
	if err := json.Unmarshal(data, &h); err != nil {
		return "", err
	}
	if h.Code != "" {
		return h.Type + " " + h.Code, nil
	}
	return h.Type, nil
}

// withTimeout returns a context that ends after d or with parent; its
// cancel function is left to the timer (the context is short-lived).
func withTimeout(parent context.Context, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(parent, d)
	time.AfterFunc(d, cancel)
	return ctx
}
