package server

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
)

// Every request gets an id for the logs (the websocket open and close
// lines, refused requests, bugs): the X-Request-Id a proxy in front set,
// if it is a short printable token, or this process's own,
// "<random prefix>-<sequence number>". These two handlers replace chi's
// middleware package, which also links expvar and net/http/pprof (and
// their initialisers) into every process of the one binary.

type requestIDKey struct{}

// maxRequestIDBytes bounds an X-Request-Id taken from a request.
const maxRequestIDBytes = 64

var (
	requestSeq    atomic.Uint64
	requestPrefix = sync.OnceValue(func() string {
		var b [5]byte
		_, _ = rand.Read(b[:])
		return base32.StdEncoding.EncodeToString(b[:])
	})
)

// withRequestID gives the request its id (requestID reads it).
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !printableToken(id) {
			id = requestPrefix() + "-" + strconv.FormatUint(requestSeq.Add(1), 10)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// requestID is the id withRequestID gave the request ("" without it).
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// printableToken reports whether id is 1 to maxRequestIDBytes bytes of
// printable ASCII without spaces.
func printableToken(id string) bool {
	if id == "" || len(id) > maxRequestIDBytes {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// recoverPanics answers 500 to a request whose handler panicked and logs
// the panic with its stack and the request's id, so that a bug costs one
// request, not the server. http.ErrAbortHandler is passed on: it is how a
// handler asks net/http to drop the connection. A websocket upgrade gets
// no answer (its connection is no longer HTTP).
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("handler panic", "path", r.URL.Path, "request_id", requestID(r.Context()), "panic", p, "stack", string(debug.Stack()))
			if r.Header.Get("Connection") != "Upgrade" {
				w.WriteHeader(http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
