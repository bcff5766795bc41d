package lab

import (
	"errors"
	"fmt"
	"slices"

	"proclab/sim"
)

// Code names a kind of failure a learner can cause. The codes are part of
// the wire protocol (docs/protocol.md): a client translates by code.
type Code string

// The codes of lab's errors.
const (
	CodeBadField      Code = "bad_field"      // a field is missing, out of range or inconsistent
	CodeTooLarge      Code = "too_large"      // a text, list or run is over its limit
	CodeParse         Code = "parse"          // a scenario does not parse (Line and Col say where)
	CodeUnknownLesson Code = "unknown_lesson" // no built-in lesson has this id
	CodeNoScenario    Code = "no_scenario"    // a command needs a loaded run first
	CodeNoDecision    Code = "no_decision"    // choose, but no decision is pending
	CodeNotReady      Code = "not_ready"      // choose names a task that cannot run now
	CodeCannotExplore Code = "cannot_explore" // explore on a run that has nothing to explore
	CodeStopped       Code = "stopped"        // the caller stopped the work (its client went)
)

// Error is a failure caused by what a learner asked for. It changes
// nothing: the session (or request) carries on as before.
type Error struct {
	Code      Code
	Msg       string // English, one sentence, for logs and as a fallback
	Line, Col int    // CodeParse: where (1-based), else 0
	// Detail names, for CodeParse, the parser's own code and arguments
	// (sim.ParseError's Code and Args), so that a client can translate the
	// message; nil otherwise.
	Detail *Detail
}

// Detail is the precise kind of an error and its arguments as text, in the
// order its English message uses them (for CodeParse: sim.ParseErrorCodes).
type Detail struct {
	Code string
	Args []string
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Msg }

// Errorf makes an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// AsError returns err as an *Error: a scenario parse error becomes
// CodeParse with its line and column; anything else is not a learner's
// failure and returns nil.
func AsError(err error) *Error {
	var le *Error
	if errors.As(err, &le) {
		return le
	}
	var pe *sim.ParseError
	if errors.As(err, &pe) {
		e := &Error{Code: CodeParse, Msg: pe.Error(), Line: pe.Line, Col: pe.Col}
		if pe.Code != "" {
			e.Detail = &Detail{Code: pe.Code, Args: slices.Clone(pe.Args)}
		}
		return e
	}
	return nil
}
