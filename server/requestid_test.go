package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRequestIDs checks where a request's id comes from: a short
// printable X-Request-Id is kept, anything else is replaced by this
// process's own, which differ from request to request.
func TestRequestIDs(t *testing.T) {
	var got string
	h := withRequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = requestID(r.Context()) }))
	for _, tc := range []struct {
		name, header string
		kept         bool
	}{
		{"a proxy's id", "req-42/abc", true},
		{"none", "", false},
		{"a space", "a b", false},
		{"a control character", "a\x1bb", false},
		{"too long", strings.Repeat("x", maxRequestIDBytes+1), false},
		{"not ASCII", "请求", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			if tc.header != "" {
				r.Header.Set("X-Request-Id", tc.header)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if tc.kept != (got == tc.header) || got == "" {
				t.Errorf("id %q for X-Request-Id %q (kept: %v)", got, tc.header, tc.kept)
			}
		})
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	first := got
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	if got == first || !strings.HasPrefix(got, requestPrefix()+"-") {
		t.Errorf("two requests got ids %q and %q", first, got)
	}
}

// TestHandlerPanicIsOneRequest checks that a panicking handler costs its
// request a 500 and the server nothing, and that http.ErrAbortHandler is
// passed on to net/http.
func TestHandlerPanicIsOneRequest(t *testing.T) {
	srv, _ := newTestServer(t, Budgets{})
	h := srv.recoverPanics(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/abort" {
			panic(http.ErrAbortHandler)
		}
		panic("a bug")
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/bug", nil))
	if w.Code != http.StatusInternalServerError {
		t.Errorf("a panicking handler answered %d, want 500", w.Code)
	}
	defer func() {
		if p := recover(); p != http.ErrAbortHandler {
			t.Errorf("ErrAbortHandler came out as %v", p)
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/abort", nil))
	t.Error("ErrAbortHandler was swallowed")
}
