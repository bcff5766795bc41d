package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// socket is one websocket: a reader with deadlines, and an outgoing queue
// bounded in bytes that one writer goroutine drains, each write with a
// deadline. A client that lets its queue pass Budgets.QueueBytes (or the
// server-wide TotalQueueBytes), or does not take a write within
// WriteTimeout, is disconnected instead of slowing anyone down, and its
// queue is freed (DESIGN §8.7). send and close are safe for concurrent use;
// ctx ends when the socket closes.
type socket struct {
	srv     *Server
	share   *share // the client's part of the budgets
	meter   *meter // the budgets it counts against (the server's, or the room sockets')
	conn    *websocket.Conn
	ctx     context.Context
	cancel  context.CancelFunc
	out     chan queued
	queued  atomic.Int64 // bytes in out, accounted in the meter too (queue.go)
	deflate bool         // the client asked for compressed messages (permessage-deflate)
	// compressible counts the messages queued or being written that the
	// socket may compress: while there is one, the server's queue budget
	// holds a flate writer for it (reserveFlate).
	flateMu      sync.Mutex
	compressible int
	closing      atomic.Bool // close has begun: nothing more is queued
	closeOnce    sync.Once
	wg           sync.WaitGroup // the writer and any helper goroutines (go_)
	kind         string         // "sim" or "live", for metrics
	// Per-socket bounds, from Budgets unless the handler sets others
	// before it first reads or sends.
	hello, idle time.Duration // first message within hello, then one within each idle
	maxMessage  int64         // bytes of one client message
	queueBytes  int64         // bytes queued for the client
}

// maxQueuedMessages bounds the queue's length as well as its bytes.
const maxQueuedMessages = 1024

// newSocket starts the writer of conn.
func (s *Server) newSocket(conn *websocket.Conn, sh *share, kind string) *socket {
	return s.newSocketQueue(conn, sh, kind, maxQueuedMessages)
}

// newSocketQueue is newSocket with a queue of at most queueLen messages
// (a room member's is shorter: a queue's channel costs 24 bytes a slot
// per socket, half of a follower's heap at 1,024).
func (s *Server) newSocketQueue(conn *websocket.Conn, sh *share, kind string, queueLen int) *socket {
	b := s.budgets
	k := &socket{srv: s, meter: s.meter, share: sh, conn: conn, out: make(chan queued, queueLen), kind: kind,
		hello: b.HelloTimeout, idle: b.IdleTimeout, maxMessage: b.MessageBytes, queueBytes: b.QueueBytes}
	k.ctx, k.cancel = context.WithCancel(s.ctx)
	k.go_(func() {
		for {
			select {
			case <-k.ctx.Done():
				return
			case q := <-k.out:
				ctx, cancel := context.WithTimeout(k.ctx, s.budgets.WriteTimeout)
				err := conn.Write(ctx, websocket.MessageText, q.data)
				cancel()
				k.unqueue(q)
				if err != nil {
					if ctx.Err() != nil && k.ctx.Err() == nil {
						s.metrics.dropped(kind, "write_timeout")
					}
					k.close(websocket.StatusPolicyViolation, "write failed or timed out")
					return
				}
				s.metrics.sent(kind, len(q.data))
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

// send queues v as JSON, or drops the client when its queue is over
// budget. It returns the message's size in bytes.
func (k *socket) send(v any) int {
	data, err := json.Marshal(v)
	if err != nil {
		k.srv.log.Error("encoding a message", "err", err)
		return 0
	}
	k.sendRaw(data)
	return len(data)
}

func (k *socket) sendRaw(data []byte) { k.queue(queued{data: data}) }

// sendShared queues a message that other sockets send too: the server's
// queue budget counts its bytes once (queue.go).
func (k *socket) sendShared(sm *sharedMessage) { k.queue(queued{data: sm.data, shared: sm}) }

// queue queues q, or drops the client when its queue is over budget.
func (k *socket) queue(q queued) {
	if k.closing.Load() || k.ctx.Err() != nil {
		return
	}
	if n := int64(len(q.data)); n > k.queueBytes {
		// One message larger than the whole queue (a run of thousands of
		// tasks): say so instead of sending it, and keep the client.
		_, we := toWireError(errorf(errTooLarge, "this view would be a %d-byte message; the limit is %d: open a smaller run", n, k.queueBytes))
		data, _ := json.Marshal(we)
		q = queued{data: data}
	}
	if !k.reserveQueue(q) {
		k.drop("queue_bytes")
		return
	}
	select {
	case k.out <- q:
	default:
		k.unqueue(q)
		k.drop("queue_length")
	}
}

// drop disconnects a client that does not keep up, at once: it is not
// reading, so there is no closing handshake to wait for, and the work done
// for it stops (ctx ends).
func (k *socket) drop(why string) {
	if k.closing.Swap(true) {
		return
	}
	k.srv.metrics.dropped(k.kind, why)
	k.closeOnce.Do(func() {
		k.cancel()
		if k.conn != nil {
			go k.conn.CloseNow() // it may wait for the library's goroutines: never block a sender
		}
	})
}

// closeHandshake is how long close waits for the client's side of the
// closing handshake before it cuts the connection.
const closeHandshake = time.Second

// close closes the websocket (once) and ends ctx. It sends a close frame
// and waits at most closeHandshake for the client's, then ends ctx and cuts
// the connection; ctx ends only after that, so that a client that is
// reading gets the close frame rather than a cut.
func (k *socket) close(code websocket.StatusCode, reason string) {
	k.closing.Store(true)
	k.closeOnce.Do(func() {
		if k.conn == nil { // a socket without a connection (tests)
			k.cancel()
			return
		}
		done := make(chan struct{})
		go func() {
			k.conn.Close(code, reason)
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(closeHandshake):
		case <-k.srv.ctx.Done(): // shutting down: no handshakes
		}
		// Ending ctx aborts the reads and writes bound to it: the library
		// cuts the connection, even while a peer is mid-message.
		k.cancel()
		go k.conn.CloseNow()
	})
}

// refuse answers a message the server will not read, then closes.
func (k *socket) refuse(err error, code websocket.StatusCode, reason string) {
	_, we := toWireError(err)
	data, _ := json.Marshal(we)
	ctx, cancel := context.WithTimeout(k.ctx, closeHandshake)
	_ = k.conn.Write(ctx, websocket.MessageText, data)
	cancel()
	k.close(code, reason)
}

// read returns the next client message: within HelloTimeout for the first,
// IdleTimeout after. A message over MessageBytes is answered with a
// too_large error before the socket closes (1009).
func (k *socket) read(first bool) ([]byte, error) {
	limit := k.idle
	if first {
		limit = k.hello
	}
	// A timer, not a read deadline, closes the socket, so that the client
	// gets a close frame saying why. It runs until the whole message is
	// read: once a message has begun, the rest must come within
	// MessageTimeout (a frame header alone holds nothing).
	idle := time.AfterFunc(limit, func() {
		k.srv.metrics.rejected("idle")
		k.close(websocket.StatusPolicyViolation, "idle: no message in time")
	})
	defer idle.Stop()
	typ, r, err := k.conn.Reader(k.ctx)
	if err != nil {
		return nil, err
	}
	if !idle.Stop() {
		return nil, errIdle // it fired as the message began
	}
	idle.Reset(k.srv.budgets.MessageTimeout)
	max := k.maxMessage
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if !idle.Stop() {
		return nil, errIdle
	}
	if int64(len(data)) > max {
		k.srv.metrics.rejected("too_large")
		k.refuse(errorf(errTooLarge, "a message is at most %d bytes", max), websocket.StatusMessageTooBig, "message too big")
		return nil, errTooLarge
	}
	k.srv.metrics.received(k.kind, len(data))
	if typ != websocket.MessageText {
		return []byte("binary"), nil
	}
	return data, nil
}

var errIdle = errors.New("the client sent nothing in time")

// wait closes the socket normally (if it is still open), waits for its
// goroutines and frees what is left in its queue.
func (k *socket) wait() {
	k.close(websocket.StatusNormalClosure, "")
	k.wg.Wait()
	for {
		select {
		case q := <-k.out:
			k.unqueue(q)
		default:
			return
		}
	}
}
