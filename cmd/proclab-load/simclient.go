package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// dialClient makes the websocket handshakes: no proxy (the target is on
// loopback), a 10 s handshake timeout.
var dialClient = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil,
	DialContext: (&net.Dialer{Timeout: 10 * time.Second}).DialContext}}

// simClient is one client of the simulation websocket (/ws). It is not safe
// for concurrent use: one goroutine drives it.
type simClient struct {
	conn  *websocket.Conn
	hello helloMsg
	read  int64 // bytes of messages read
}

// helloMsg is the part of the server's hello the tool uses.
type helloMsg struct {
	Lessons []struct {
		ID    string `json:"id"`
		Topic string `json:"topic"`
	} `json:"lessons"`
	Limits    map[string]float64 `json:"limits"`
	Semantics int                `json:"semantics"` // the engine's semantics version; 0 when the server names none
}

// msgHead is the part of any server message the tool looks at.
type msgHead struct {
	Type    string `json:"type"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Step    int64  `json:"step"`
	Total   int64  `json:"total"`
	States  int    `json:"states"`
}

// refusedError is a clean refusal: the server said it is busy.
type refusedError struct{ why string }

func (e *refusedError) Error() string { return "refused: " + e.why }

// protoErr is an error message from the server.
type protoErr struct{ code, msg string }

func (e *protoErr) Error() string { return "error " + e.code + ": " + e.msg }

// dialSim opens /ws from the default source address (127.0.0.1: every
// attacker shares it) and reads the hello.
func dialSim(ctx context.Context, url string) (*simClient, error) {
	return dialSimFrom(ctx, url, dialClient)
}

// dialSimFrom opens /ws with the HTTP client hc (see sourceClient) and
// reads the hello. A busy server (an error with code busy, or HTTP 429 or
// 503 at the handshake) gives a *refusedError.
func dialSimFrom(ctx context.Context, url string, hc *http.Client) (*simClient, error) {
	conn, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
			return nil, &refusedError{fmt.Sprintf("HTTP %d", resp.StatusCode)}
		}
		return nil, err
	}
	conn.SetReadLimit(256 << 20) // a 4,096-task snapshot is a few MiB
	c := &simClient{conn: conn}
	h, data, err := c.next(ctx)
	if err != nil {
		conn.CloseNow()
		return nil, err
	}
	switch {
	case h.Type == "error" && h.Code == "busy":
		conn.CloseNow()
		return nil, &refusedError{"busy"}
	case h.Type != "hello":
		conn.CloseNow()
		return nil, fmt.Errorf("the first message is %q, not hello", h.Type)
	}
	if err := json.Unmarshal(data, &c.hello); err != nil {
		conn.CloseNow()
		return nil, fmt.Errorf("hello: %v", err)
	}
	return c, nil
}

// next reads one message.
func (c *simClient) next(ctx context.Context) (msgHead, []byte, error) {
	var h msgHead
	_, data, err := c.conn.Read(ctx)
	if err != nil {
		return h, nil, err
	}
	c.read += int64(len(data))
	if err := json.Unmarshal(data, &h); err != nil {
		return h, data, fmt.Errorf("a message that is not JSON: %v", err)
	}
	return h, data, nil
}

// send writes one command.
func (c *simClient) send(ctx context.Context, cmd map[string]any) error {
	cmd["v"] = 1
	data, err := json.Marshal(cmd)
	if err != nil {
		return err
	}
	return c.conn.Write(ctx, websocket.MessageText, data)
}

// roundTrip sends cmd and reads until a message of one of the types in
// want; an error message ends it with a *protoErr. It returns the time
// from sending to that message and the last head read.
func (c *simClient) roundTrip(ctx context.Context, cmd map[string]any, want ...string) (time.Duration, msgHead, error) {
	t0 := time.Now()
	if err := c.send(ctx, cmd); err != nil {
		return 0, msgHead{}, err
	}
	for {
		h, _, err := c.next(ctx)
		if err != nil {
			return time.Since(t0), h, err
		}
		if h.Type == "error" {
			return time.Since(t0), h, &protoErr{h.Code, h.Message}
		}
		for _, w := range want {
			if h.Type == w {
				return time.Since(t0), h, nil
			}
		}
	}
}

// load sends a load command and waits for its snapshot; it returns the
// round trip and the recording's total steps (from loaded).
func (c *simClient) load(ctx context.Context, cmd map[string]any) (time.Duration, int64, error) {
	cmd["type"] = "load"
	t0 := time.Now()
	if err := c.send(ctx, cmd); err != nil {
		return 0, 0, err
	}
	total := int64(-1)
	for {
		h, _, err := c.next(ctx)
		if err != nil {
			return time.Since(t0), total, err
		}
		switch h.Type {
		case "error":
			return time.Since(t0), total, &protoErr{h.Code, h.Message}
		case "loaded":
			total = h.Total
		case "snapshot":
			if total >= 0 {
				return time.Since(t0), total, nil
			}
		}
	}
}

// close ends the session with a close handshake (at most 2 s).
func (c *simClient) close() {
	done := make(chan struct{})
	go func() {
		_ = c.conn.Close(websocket.StatusNormalClosure, "")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		c.conn.CloseNow()
	}
}

// drop ends the session abruptly: the TCP connection closes without a
// close handshake, as when a laptop lid shuts.
func (c *simClient) drop() { c.conn.CloseNow() }

// limit returns the named limit from hello, or def when absent.
func (c *simClient) limit(name string, def int) int {
	if v, ok := c.hello.Limits[name]; ok && v > 0 {
		return int(v)
	}
	return def
}

// classify names an error for the counts of refusals and failures.
func classify(err error) string {
	var re *refusedError
	var pe *protoErr
	var ce websocket.CloseError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &re):
		return re.Error()
	case errors.As(err, &pe):
		return "error " + pe.code
	case errors.As(err, &ce):
		return fmt.Sprintf("closed by the server (%d %s)", int(ce.Code), ce.Reason)
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	}
	s := err.Error()
	for _, k := range []string{"connection reset", "connection refused", "broken pipe", "too many open files", "i/o timeout", "deadline exceeded"} {
		if strings.Contains(s, k) {
			return k
		}
	}
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return s
}
