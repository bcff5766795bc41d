package server

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/coder/websocket"
)

// socket is the outgoing side of one websocket: a bounded queue that one
// writer goroutine drains. A client that lets the queue fill up is
// disconnected instead of slowing anyone down (DESIGN §8.7). send and close
// are safe for concurrent use; ctx ends when the socket closes.
type socket struct {
	conn      *websocket.Conn
	ctx       context.Context
	cancel    context.CancelFunc
	out       chan []byte
	closeOnce sync.Once
	wg        sync.WaitGroup // the writer and any helper goroutines (go)
}

// newSocket starts the writer of conn with a queue of `queue` messages.
func newSocket(parent context.Context, conn *websocket.Conn, queue int) *socket {
	k := &socket{conn: conn, out: make(chan []byte, queue)}
	k.ctx, k.cancel = context.WithCancel(parent)
	k.go_(func() {
		for {
			select {
			case <-k.ctx.Done():
				return
			case msg := <-k.out:
				if err := conn.Write(k.ctx, websocket.MessageText, msg); err != nil {
					k.close(websocket.StatusInternalError, "write failed")
					return
				}
			}
		}
	})
	return k
}

// go_ runs f on its own goroutine; wait waits for it.
func (k *socket) go_(f func()) {
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		f()
	}()
}

// send queues v as JSON, or drops the client when its queue is full.
func (k *socket) send(v any) {
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	k.sendRaw(data)
}

func (k *socket) sendRaw(data []byte) {
	select {
	case k.out <- data:
	default:
		go k.close(websocket.StatusPolicyViolation, "client too slow")
	}
}

// close closes the websocket (once) and ends ctx.
func (k *socket) close(code websocket.StatusCode, reason string) {
	k.closeOnce.Do(func() {
		k.cancel()
		k.conn.Close(code, reason)
	})
}

// wait closes the socket normally (if it is still open) and waits for its
// goroutines.
func (k *socket) wait() {
	k.close(websocket.StatusNormalClosure, "")
	k.wg.Wait()
}
