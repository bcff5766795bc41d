package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// errorf wraps a transport error with a message for the client.
func errorf(base error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", base, fmt.Sprintf(format, args...))
}

// decodeJSON is the one JSON reader: one object of v's shape, nothing
// after it; with strict, unknown fields are refused too.
func decodeJSON(data []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return errorf(errBadJSON, "%v", err)
	}
	if dec.More() {
		return errorf(errBadJSON, "only one JSON value may be sent")
	}
	return nil
}

// readJSON reads a REST request's body into v: a JSON content type, at
// most Budgets.RequestBytes, known fields only. An empty body is {}.
func (s *Server) readJSON(r *http.Request, v any) error {
	return s.readJSONMax(r, v, s.budgets.RequestBytes)
}

// readJSONMax is readJSON with a smaller limit, max bytes.
func (s *Server) readJSONMax(r *http.Request, v any, max int64) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return errMedia
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		return errorf(errBadJSON, "reading the request: %v", err)
	}
	if int64(len(body)) > max {
		return errorf(errTooLarge, "the request is larger than %d bytes", max)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	return decodeJSON(body, v, true)
}

// writeJSON answers with v as JSON. An answer larger than
// Budgets.ResponseBytes is refused with an error instead (a bug or a limit
// set too high: it is logged).
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err == nil && int64(len(data)) > s.budgets.ResponseBytes {
		err = errorf(errTooLarge, "the answer would be %d bytes; the limit is %d", len(data), s.budgets.ResponseBytes)
	}
	if err != nil {
		s.log.Error("answer not sent", "err", err)
		status, we := toWireError(err)
		data, _ = json.Marshal(we)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(data)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}

// writeError answers with the error's status and the one error shape.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, we := toWireError(err)
	s.metrics.rejected(we.Code)
	if status >= 500 && we.Code == "internal" {
		s.log.Error("request failed", "path", r.URL.Path, "request_id", requestID(r.Context()), "err", err)
	} else {
		s.log.Debug("request refused", "path", r.URL.Path, "request_id", requestID(r.Context()), "code", we.Code)
	}
	s.writeJSON(w, status, we)
}

// writeJSONPlain answers with v as JSON, for small answers built by the
// server itself.
func writeJSONPlain(w http.ResponseWriter, status int, v any) {
	data, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(data, '\n'))
}
