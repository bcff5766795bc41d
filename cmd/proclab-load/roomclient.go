package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/coder/websocket"
)

// A client of the room protocol (docs/protocol.md, "Rooms"): POST
// /api/rooms and the room websocket /ws/room.

// roomInfo is the answer to POST /api/rooms.
type roomInfo struct {
	Code      string `json:"code"`
	Key       string `json:"key"`
	URL       string `json:"url"`
	ExpiresMS int64  `json:"expires_ms"`
}

// roomHead is the part of any /ws/room message the tool reads.
type roomHead struct {
	Type      string `json:"type"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	Role      string `json:"role"`
	Seq       int64  `json:"seq"`
	Link      string `json:"link"`
	Followers int    `json:"followers"`
	Detached  int    `json:"detached"`
}

// refusal is the server's answer when it turns a request or a join down:
// the HTTP status (0 on the websocket) and the error shape's code and
// message, kept whole for the report.
type refusal struct {
	status    int
	code, msg string
}

func (e *refusal) Error() string {
	if e.status != 0 {
		return fmt.Sprintf("HTTP %d %s: %s", e.status, e.code, e.msg)
	}
	return fmt.Sprintf("error %s: %s", e.code, e.msg)
}

// clean reports whether the refusal is one a loaded server is allowed to
// give (busy, rate_limited, room_full, HTTP 429 or 503), as opposed to a
// fault.
func (e *refusal) clean() bool {
	switch e.code {
	case "busy", "rate_limited", "room_full":
		return true
	}
	return e.status == http.StatusTooManyRequests || e.status == http.StatusServiceUnavailable
}

// refusalFrom reads the error shape from an HTTP answer's body (at most
// 64 KiB); a body that is not one keeps its first 200 bytes as message.
func refusalFrom(status int, body io.Reader) *refusal {
	b, _ := io.ReadAll(io.LimitReader(body, 64<<10))
	var e roomHead
	if json.Unmarshal(b, &e) == nil && e.Code != "" {
		return &refusal{status: status, code: e.Code, msg: e.Message}
	}
	s := string(bytes.TrimSpace(b))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return &refusal{status: status, code: "http", msg: s}
}

// createRoom asks for a new room with POST /api/rooms.
func createRoom(ctx context.Context, hc *http.Client, t *target) (roomInfo, error) {
	var ri roomInfo
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.httpURL("/api/rooms"), bytes.NewReader([]byte("{}")))
	if err != nil {
		return ri, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", t.httpURL(""))
	resp, err := hc.Do(req)
	if err != nil {
		return ri, err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return ri, refusalFrom(resp.StatusCode, resp.Body)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&ri); err != nil {
		return ri, fmt.Errorf("POST /api/rooms: %v", err)
	}
	if ri.Code == "" || ri.Key == "" {
		return ri, fmt.Errorf("POST /api/rooms: no code or key in the answer")
	}
	return ri, nil
}

// roomFollowers reads the room's follower count with GET /api/rooms/CODE.
func roomFollowers(ctx context.Context, hc *http.Client, t *target, code string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.httpURL("/api/rooms/"+code), nil)
	if err != nil {
		return 0, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, refusalFrom(resp.StatusCode, resp.Body)
	}
	var h roomHead
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&h); err != nil {
		return 0, fmt.Errorf("GET /api/rooms/%s: %v", code, err)
	}
	return h.Followers, nil
}

// joinRoom opens /ws/room with hc (whose source address is the member's
// own), sends the join (with key to become the teacher) and reads the
// answer. A refused handshake or an error message gives a *refusal. The
// Origin header is the target's own, as a browser on the page sends it.
func joinRoom(ctx context.Context, hc *http.Client, t *target, code, key string) (*websocket.Conn, roomHead, error) {
	var h roomHead
	conn, resp, err := websocket.Dial(ctx, t.wsURL("/ws/room"), &websocket.DialOptions{HTTPClient: hc,
		HTTPHeader: http.Header{"Origin": []string{t.httpURL("")}}})
	if err != nil {
		if resp != nil && resp.Body != nil {
			return nil, h, refusalFrom(resp.StatusCode, resp.Body)
		}
		return nil, h, err
	}
	conn.SetReadLimit(1 << 20)
	join := map[string]any{"v": 1, "type": "join", "code": code}
	if key != "" {
		join["key"] = key
	}
	if err := writeJSONMsg(ctx, conn, join); err != nil {
		conn.CloseNow()
		return nil, h, err
	}
	_, data, err := conn.Read(ctx)
	if err != nil {
		conn.CloseNow()
		return nil, h, err
	}
	if err := json.Unmarshal(data, &h); err != nil {
		conn.CloseNow()
		return nil, h, fmt.Errorf("the answer to join is not JSON: %v", err)
	}
	switch h.Type {
	case "room":
		return conn, h, nil
	case "error":
		conn.CloseNow()
		return nil, h, &refusal{code: h.Code, msg: h.Message}
	}
	conn.CloseNow()
	return nil, h, fmt.Errorf("the answer to join is %q, not room", h.Type)
}

// writeJSONMsg writes one JSON message.
func writeJSONMsg(ctx context.Context, conn *websocket.Conn, msg any) error {
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	return conn.Write(ctx, websocket.MessageText, b)
}

// closeConn ends a websocket with a close handshake, at most `limit`.
func closeConn(conn *websocket.Conn, limit time.Duration) {
	done := make(chan struct{})
	go func() {
		_ = conn.Close(websocket.StatusNormalClosure, "")
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(limit):
		conn.CloseNow()
	}
}
