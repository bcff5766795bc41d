package server

import (
	"errors"
	"fmt"
	"net/http"

	"proclab/lab"
	"proclab/live"
)

// Transport errors: what the server itself refuses.
var (
	errBadJSON     = errors.New("the message is not valid JSON of the expected shape")
	errMedia       = errors.New("a JSON body (Content-Type: application/json) is required")
	errTooLarge    = errors.New("the message is too large")
	errBusy        = errors.New("the server is busy")
	errForbidden   = errors.New("forbidden")
	errCrossOrigin = errors.New("cross-origin request refused")
	errUnknownCmd  = errors.New("unknown command type")
	errVersion     = errors.New("unsupported protocol version")
	errInternal    = errors.New("internal error")
	errLiveOff     = fmt.Errorf("%w: the live lab is not enabled on this server", live.ErrUnavailable)
)

func errBadVersion(v int) error {
	return fmt.Errorf("%w: protocol version %d is not supported; use %d", errVersion, v, ProtocolVersion)
}

func errUnknownType(t string) error {
	return fmt.Errorf("%w %q", errUnknownCmd, truncate(t, 40))
}

// errorTable is the one table from errors to HTTP statuses and wire codes
// (docs/protocol.md, "Errors"). lab's errors carry their own code and map
// through labStatus.
var errorTable = []struct {
	err    error
	status int
	code   string
}{
	{errBadJSON, http.StatusBadRequest, "bad_json"},
	{errMedia, http.StatusUnsupportedMediaType, "bad_content_type"},
	{errTooLarge, http.StatusRequestEntityTooLarge, "too_large"},
	{errBusy, http.StatusServiceUnavailable, "busy"},
	{errForbidden, http.StatusForbidden, "forbidden"},
	{errCrossOrigin, http.StatusForbidden, "cross_origin"},
	{errUnknownCmd, http.StatusBadRequest, "unknown_type"},
	{errVersion, http.StatusBadRequest, "bad_version"},
	{live.ErrUnavailable, http.StatusServiceUnavailable, "live_unavailable"},
	{live.ErrClosed, http.StatusServiceUnavailable, "live_closed"},
	{live.ErrUnknownWorkload, http.StatusBadRequest, "unknown_workload"},
	{live.ErrBadArgs, http.StatusBadRequest, "bad_args"},
	{live.ErrBadSignal, http.StatusBadRequest, "bad_signal"},
	{live.ErrForeign, http.StatusForbidden, "foreign_pid"},
	{live.ErrNotOwner, http.StatusForbidden, "not_owner"},
	{errLiveBadKey, http.StatusForbidden, "bad_key"},
	{errLiveKeyAttempts, http.StatusTooManyRequests, "too_many_attempts"},
	{live.ErrLimit, http.StatusTooManyRequests, "limit"},
	{live.ErrState, http.StatusConflict, "bad_state"},
	// Issue 13: short links and rooms (links.go, rooms.go).
	{errLinksOff, http.StatusServiceUnavailable, "links_off"},
	{errBadLink, http.StatusBadRequest, "bad_link"},
	{errNoLink, http.StatusNotFound, "no_link"},
	{errLinksFull, http.StatusInsufficientStorage, "store_full"},
	{errRate, http.StatusTooManyRequests, "rate_limited"},
	{errRoomNotFound, http.StatusNotFound, "room_not_found"},
	{errNotTeacher, http.StatusForbidden, "not_teacher"},
	{errBadKey, http.StatusForbidden, "bad_key"},
	{errAlreadyVoted, http.StatusConflict, "already_voted"},
	{errNoQuestion, http.StatusConflict, "no_question"},
	{errRoomFull, http.StatusServiceUnavailable, "room_full"},
}

// labStatus is the HTTP status of each lab error code.
var labStatus = map[lab.Code]int{
	lab.CodeBadField:      http.StatusBadRequest,
	lab.CodeTooLarge:      http.StatusRequestEntityTooLarge,
	lab.CodeParse:         http.StatusBadRequest,
	lab.CodeUnknownLesson: http.StatusNotFound,
	lab.CodeNoScenario:    http.StatusConflict,
	lab.CodeNoDecision:    http.StatusConflict,
	lab.CodeNotReady:      http.StatusConflict,
	lab.CodeCannotExplore: http.StatusConflict,
	lab.CodeNoQuestion:    http.StatusConflict, // issue 13, part 2: as the room's no_question
}

// internalMessage is all a client is told of an internal error; the
// details go to the log (they may name files, addresses or code).
const internalMessage = "the server failed on this request (a bug); it was logged"

// toWireError maps any error to its HTTP status and its wire form. An
// error that is in no table is a bug: it is "internal", and its text is
// not sent (the caller logs it).
func toWireError(err error) (int, wireError) {
	w := wireError{V: ProtocolVersion, Type: "error", Code: "internal", Message: internalMessage}
	if le := lab.AsError(err); le != nil {
		w.Code, w.Message, w.Line, w.Col = string(le.Code), le.Msg, le.Line, le.Col
		if le.Detail != nil {
			w.Detail = &wireDetail{Code: le.Detail.Code, Args: le.Detail.Args}
			if w.Detail.Args == nil {
				w.Detail.Args = []string{}
			}
		}
		if st, ok := labStatus[le.Code]; ok {
			return st, w
		}
		return http.StatusBadRequest, w
	}
	for _, e := range errorTable {
		if errors.Is(err, e.err) {
			w.Code, w.Message = e.code, err.Error()
			return e.status, w
		}
	}
	return http.StatusInternalServerError, w
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
