package sim

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is a Go program's output: the writes fmt.Print*, panic and the
// runtime's fatal errors make, the budget that bounds them, and the
// formatting of print arguments as Go's fmt does it.
//
// Output budget. Everything a run's Go programs print (every process
// together) is kept in the engine, shared by every checkpoint and clone, so
// a program that prints in an endless loop must not grow it without bound.
// A run keeps at most MaxOutputBytes bytes of text in at most
// MaxOutputWrites writes. The write that would pass either limit is
// replaced by one OutputTruncatedText line (OutputLine.Truncated, on
// stderr) and every later print is dropped: its step still runs (the print
// takes its tick, the program goes on) but writes nothing and emits no
// EvOutput. The runtime's own messages (a panic, a fatal error, "all
// goroutines are asleep") are still written after that, cut to
// MaxRuntimeMessageBytes each, so that the end of a process stays visible;
// each ends its process, so there are at most as many as processes.

// Output budget of one run, all its processes together.
const (
	MaxOutputBytes         = 1 << 20 // bytes of text printed
	MaxOutputWrites        = 1 << 16 // writes (OutputLines), the truncation line included
	MaxRuntimeMessageBytes = 4 << 10 // bytes of one runtime message written after the budget is spent
)

// OutputTruncatedText is the line written in place of the write that
// would pass the output budget.
var OutputTruncatedText = "[output truncated: the program printed more than " +
	strconv.Itoa(MaxOutputBytes>>20) + " MiB or " + strconv.Itoa(MaxOutputWrites) +
	" writes; what it prints after this is not kept]\n"

// Output returns what the run's Go programs printed so far, in order, as
// one OutputLine per write. The slice belongs to the engine: read it, do
// not keep it across Step.
func (e *Engine) Output() []OutputLine { return e.out }

// OutputBytes returns the bytes of text in Output.
func (e *Engine) OutputBytes() int64 { return e.outBytes }

// outputText returns everything printed, joined.
func (e *Engine) outputText() string {
	var b strings.Builder
	b.Grow(int(e.outBytes))
	for _, l := range e.out {
		b.WriteString(l.Text)
	}
	return b.String()
}

// outputPrefix returns everything printed, joined, if that is at most n
// bytes; otherwise its beginning, cut on a rune boundary and ended by a
// newline and OutcomeTruncatedText: n bytes at most in all (the marker
// alone when n is smaller than it).
func (e *Engine) outputPrefix(n int) string {
	if e.outBytes <= int64(n) {
		return e.outputText()
	}
	room := max(0, n-len(OutcomeTruncatedText)-1)
	var b strings.Builder
	for _, l := range e.out {
		if b.Len()+len(l.Text) > room {
			k := room - b.Len()
			for k > 0 && !utf8.RuneStart(l.Text[k]) {
				k--
			}
			b.WriteString(l.Text[:k])
			break
		}
		b.WriteString(l.Text)
	}
	s := b.String()
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s + OutcomeTruncatedText
}

// Explore keeps what each outcome printed within a budget, since a program
// can have thousands of outcomes that each print a megabyte.
const (
	MaxOutcomeOutputBytes = 4 << 10 // bytes of Outcome.Output, its truncation line included
	MaxExploreOutputBytes = 4 << 20 // bytes of every outcome's Output together
)

// OutcomeTruncatedText ends an Outcome.Output cut to its budget.
const OutcomeTruncatedText = "[output truncated]\n"

// outputFull reports whether the output budget is spent: prints write
// nothing (and need not be formatted).
func (e *Engine) outputFull() bool { return e.outCut }

// appendOutput writes text for the task at index i within the output
// budget and returns its index in Output, or -1 when a print was dropped.
// runtime says the runtime writes it (a panic or a fatal error), which the
// budget never drops.
func (e *Engine) appendOutput(i int32, text string, stderr, runtime bool) int {
	if !e.outCut && (e.outBytes+int64(len(text)) > MaxOutputBytes || len(e.out)+2 > MaxOutputWrites) {
		e.outCut = true
		e.writeOutput(i, OutputLine{Text: OutputTruncatedText, Stderr: true, Truncated: true})
	}
	if e.outCut {
		if !runtime {
			return -1
		}
		text = cutUTF8(text, MaxRuntimeMessageBytes)
	}
	return e.writeOutput(i, OutputLine{Text: text, Stderr: stderr})
}

// writeOutput appends l, written by the task at index i in this step,
// folds it into the output's hash and emits EvOutput; it returns l's index.
func (e *Engine) writeOutput(i int32, l OutputLine) int {
	t := &e.tasks[i]
	l.Step, l.Task = e.step, t.PID
	e.out = append(e.out, l)
	e.outBytes += int64(len(l.Text))
	h := e.outHash ^ 0x9e3779b97f4a7c15
	for k := 0; k < len(l.Text); k++ {
		h = (h ^ uint64(l.Text[k])) * 0x100000001b3
	}
	if l.Stderr {
		h = h*31 + 1
	}
	e.outHash = h
	n := len(e.out) - 1
	e.emit(Event{Kind: EvOutput, Task: t.PID, CPU: int16(t.CPU), Value: int64(n)})
	return n
}

// cutUTF8 cuts s to at most n bytes on a rune boundary, ending it in a
// newline when it was cut (a cut message still ends its line).
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	k := n - 1
	for k > 0 && !utf8.RuneStart(s[k]) {
		k--
	}
	return s[:k] + "\n"
}

// format formats a print: sp's parts around its arguments, the locals of
// t from slot from on, each with its verb as Go's fmt prints it. It stops
// once the text passes limit bytes (what is left of the output budget),
// returning a text longer than limit that the budget then refuses, so that
// a print of many long strings costs no more than the budget.
func (e *Engine) format(sp *PrintSpec, t *Task, from int64, limit int64) string {
	var b strings.Builder
	for k, part := range sp.Parts {
		if int64(b.Len()) > limit {
			break
		}
		b.WriteString(part)
		if k >= len(sp.Args) {
			continue
		}
		var v int64
		if s := int(from) + k; s >= 0 && s < MaxGoLocals {
			v = t.Locals[s]
		}
		verb := byte('v')
		if k < len(sp.Verbs) {
			verb = sp.Verbs[k]
		}
		b.WriteString(e.formatArg(sp.Args[k], verb, v))
	}
	return b.String()
}

// formatArg formats one value as fmt does with this verb (%v %d %s %t %q);
// a verb that does not suit the value gives fmt's "%!d(string=hi)" form.
func (e *Engine) formatArg(kind ArgKind, verb byte, v int64) string {
	bad := func(typ, val string) string { return "%!" + string(verb) + "(" + typ + "=" + val + ")" }
	switch kind {
	case ArgBool:
		s := strconv.FormatBool(v != 0)
		if verb == 'v' || verb == 't' {
			return s
		}
		return bad("bool", s)
	case ArgString:
		s := ""
		if e.sc.Go != nil && v >= 0 && v < int64(len(e.sc.Go.Strings)) {
			s = e.sc.Go.Strings[v]
		}
		switch verb {
		case 'v', 's':
			return s
		case 'q':
			return strconv.Quote(s)
		}
		return bad("string", s)
	case ArgErr:
		if v == 0 {
			if verb == 'v' {
				return "<nil>"
			}
			return "%!" + string(verb) + "(<nil>)"
		}
		s := "exit status " + strconv.FormatInt(v, 10)
		if v < 0 {
			s = "signal: " + SignalText(Signal(-v))
		}
		switch verb {
		case 'v', 's':
			return s
		case 'q':
			return strconv.Quote(s)
		}
		return bad("*exec.ExitError", s)
	case ArgSignal:
		s := SignalText(Signal(v))
		switch verb {
		case 'v', 's':
			return s
		case 'q':
			return strconv.Quote(s)
		case 'd':
			return strconv.FormatInt(v, 10)
		}
		return bad("syscall.Signal", s)
	}
	switch verb { // ArgInt
	case 'v', 'd':
		return strconv.FormatInt(v, 10)
	case 'q':
		r := rune(v)
		if int64(r) != v {
			r = 0xFFFD // beyond a rune: fmt prints the replacement character
		}
		return strconv.QuoteRune(r)
	}
	return bad("int", strconv.FormatInt(v, 10))
}

// goSignalText is what Go's syscall.Signal.String says on Linux.
var goSignalText = [...]string{
	1: "hangup", 2: "interrupt", 3: "quit", 4: "illegal instruction", 5: "trace/breakpoint trap",
	6: "aborted", 7: "bus error", 8: "floating point exception", 9: "killed", 10: "user defined signal 1",
	11: "segmentation fault", 12: "user defined signal 2", 13: "broken pipe", 14: "alarm clock",
	15: "terminated", 16: "stack fault", 17: "child exited", 18: "continued", 19: "stopped (signal)",
	20: "stopped", 21: "stopped (tty input)", 22: "stopped (tty output)", 23: "urgent I/O condition",
	24: "CPU time limit exceeded", 25: "file size limit exceeded", 26: "virtual timer expired",
	27: "profiling timer expired", 28: "window changed", 29: "I/O possible", 30: "power failure",
	31: "bad system call",
}

// SignalText returns a signal as Go prints an os.Signal ("interrupt" for
// SIGINT, "terminated" for SIGTERM), or "signal N" for an unknown number.
func SignalText(s Signal) string {
	if int(s) < len(goSignalText) && goSignalText[s] != "" {
		return goSignalText[s]
	}
	return "signal " + strconv.Itoa(int(s))
}
