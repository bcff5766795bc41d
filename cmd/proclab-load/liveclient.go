package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// liveClient is one client of the live lab's websocket (/ws/live). A reader
// goroutine takes every message and hands each command's answer to the
// caller waiting for it; do is safe for concurrent use.
type liveClient struct {
	conn    *websocket.Conn
	mu      sync.Mutex
	nextID  int
	waiting map[int]chan liveAnswer
	done    chan struct{} // closed when the reader ends
	err     error         // why the reader ended (read after done)
}

// liveAnswer is a result or error message.
type liveAnswer struct {
	Type    string          `json:"type"`
	ID      json.RawMessage `json:"id"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
	PID     int             `json:"pid"`
}

// liveAvailable asks GET /api/live whether the live lab runs on the server.
func liveAvailable(ctx context.Context, t *target) (bool, string) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, t.httpURL("/api/live"), nil)
	resp, err := dialClient.Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	var info struct {
		Available bool   `json:"available"`
		Reason    string `json:"reason"`
	}
	if resp.StatusCode != http.StatusOK {
		return false, "GET /api/live: " + resp.Status
	}
	if err := json.NewDecoder(resp.Body).Decode(&info); err != nil {
		return false, err.Error()
	}
	return info.Available, info.Reason
}

// dialLive connects to /ws/live and reads live_hello.
func dialLive(ctx context.Context, url string) (*liveClient, error) {
	conn, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: dialClient})
	if err != nil {
		if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
			return nil, &refusedError{fmt.Sprintf("HTTP %d", resp.StatusCode)}
		}
		return nil, err
	}
	conn.SetReadLimit(64 << 20)
	_, data, err := conn.Read(ctx)
	if err != nil {
		conn.CloseNow()
		return nil, err
	}
	var h liveAnswer
	_ = json.Unmarshal(data, &h)
	switch {
	case h.Type == "error" && h.Code == "busy":
		conn.CloseNow()
		return nil, &refusedError{"busy"}
	case h.Type != "live_hello":
		conn.CloseNow()
		return nil, fmt.Errorf("the first live message is %q, not live_hello", h.Type)
	}
	l := &liveClient{conn: conn, waiting: map[int]chan liveAnswer{}, done: make(chan struct{})}
	go l.reader()
	return l, nil
}

func (l *liveClient) reader() {
	defer close(l.done)
	for {
		_, data, err := l.conn.Read(context.Background())
		if err != nil {
			l.err = err
			return
		}
		var a liveAnswer
		if json.Unmarshal(data, &a) != nil || (a.Type != "result" && a.Type != "error") {
			continue // live_events, live_snapshot
		}
		var id int
		if json.Unmarshal(a.ID, &id) != nil {
			continue
		}
		l.mu.Lock()
		ch := l.waiting[id]
		delete(l.waiting, id)
		l.mu.Unlock()
		if ch != nil {
			ch <- a
		}
	}
}

// do sends cmd with a fresh id and waits for its answer; an error message
// gives a *protoErr.
func (l *liveClient) do(ctx context.Context, cmd map[string]any) (liveAnswer, error) {
	ch := make(chan liveAnswer, 1)
	l.mu.Lock()
	l.nextID++
	id := l.nextID
	l.waiting[id] = ch
	l.mu.Unlock()
	cmd["v"], cmd["id"] = 1, id
	data, _ := json.Marshal(cmd)
	if err := l.conn.Write(ctx, websocket.MessageText, data); err != nil {
		return liveAnswer{}, err
	}
	select {
	case a := <-ch:
		if a.Type == "error" {
			return a, &protoErr{a.Code, a.Message}
		}
		return a, nil
	case <-l.done:
		if l.err == nil {
			l.err = errors.New("the live connection ended")
		}
		return liveAnswer{}, l.err
	case <-ctx.Done():
		return liveAnswer{}, ctx.Err()
	}
}

// close ends the connection with a handshake (drop: without) and waits
// for the reader.
func (l *liveClient) close(drop bool) {
	if drop {
		l.conn.CloseNow()
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		go func() {
			<-ctx.Done()
			l.conn.CloseNow()
		}()
		_ = l.conn.Close(websocket.StatusNormalClosure, "")
		cancel()
	}
	<-l.done
}
