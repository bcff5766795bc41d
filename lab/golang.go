package lab

import (
	"unicode/utf8"

	"proclab/gofront"
	"proclab/sim"
)

// This file holds what the lab adds for Go programs (docs/go.md): a text
// that gofront.IsGo accepts is compiled by the Go front end instead of the
// scenario parser, and a run carries what the program printed.

// The languages a run's text is written in (Run.Lang).
const (
	LangScenario = ""   // the scenario language (docs/scenario.md)
	LangGo       = "go" // a Go program in the subset docs/go.md documents
)

// Limits of a program's output as the lab shows it. The CLI prints the
// output in full; a viewer gets each line cut to MaxOutputLineBytes and, in
// a snapshot, the lines of its event window plus as many earlier lines as
// fit MaxOutputLines and MaxOutputBytes (Snapshot.OutputOmitted says how
// many earlier lines were left out).
const (
	MaxOutputLineBytes = 1 << 10  // one line's text, in bytes
	MaxOutputLines     = 1000     // earlier lines a snapshot carries
	MaxOutputBytes     = 64 << 10 // bytes of earlier lines a snapshot carries
)

// OutputLine is one write a program made to its output, as a viewer shows
// it: Index is its place in the run's output (the Value of its sim.EvOutput
// event, from 0), Step the step it happened in, PID the goroutine (task)
// that printed it, Text what it printed (cut to MaxOutputLineBytes, ending
// in "…" when cut), Stderr whether it went to standard error (a panic, or
// the runtime's "fatal error: all goroutines are asleep - deadlock!").
type OutputLine struct {
	Index  int
	Step   int64
	PID    sim.PID
	Text   string
	Stderr bool
}

// Compile turns a text in language lang into a scenario: LangGo compiles
// it with the Go front end, "scenario" parses it as a scenario, and
// LangScenario ("") picks by the text (compileText). Any other lang is a
// CodeBadField error; a mistake in the text is a *sim.ParseError.
func Compile(text, lang string) (*sim.Scenario, error) {
	switch lang {
	case LangGo:
		return gofront.Compile(text)
	case "scenario":
		return sim.Parse(text)
	case LangScenario:
		return compileText(text)
	}
	return nil, Errorf(CodeBadField, "unknown language %q: want go or scenario", truncate(lang, 32))
}

// compileText turns a text into a scenario: Go source (gofront.IsGo) with
// the Go front end, anything else with the scenario parser. Both report a
// mistake as a *sim.ParseError, which AsError makes CodeParse with its line
// and column.
func compileText(text string) (*sim.Scenario, error) {
	if gofront.IsGo(text) {
		return gofront.Compile(text)
	}
	return sim.Parse(text)
}

// langOf is the language sc was written in.
func langOf(sc *sim.Scenario) string {
	if sc.Go != nil {
		return LangGo
	}
	return LangScenario
}

// OutputOf is what e's program printed so far, in order (nil for a
// scenario, which prints nothing). The slice is e's: read it, do not keep
// it past e's next step.
func OutputOf(e *sim.Engine) []sim.OutputLine {
	return e.Output()
}

// viewLine is line i of a run's output as a viewer shows it.
func viewLine(i int, l sim.OutputLine) OutputLine {
	return OutputLine{Index: i, Step: l.Step, PID: l.Task, Text: cutText(l.Text, MaxOutputLineBytes), Stderr: l.Stderr}
}

// cutText cuts s to at most n bytes (on a rune boundary), ending in "…"
// when it was cut.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ell = "…"
	k := n - len(ell)
	for k > 0 && !utf8.RuneStart(s[k]) {
		k--
	}
	return s[:k] + ell
}

// outputSince is the lines of out from index from on, as a viewer shows
// them (nil when there are none).
func outputSince(out []sim.OutputLine, from int) []OutputLine {
	if from >= len(out) {
		return nil
	}
	lines := make([]OutputLine, 0, len(out)-from)
	for i := from; i < len(out); i++ {
		lines = append(lines, viewLine(i, out[i]))
	}
	return lines
}

// snapshotOutput is the output a snapshot at the end of out carries: every
// line from index window on (the lines its events name), and before them
// the latest lines that fit MaxOutputLines and MaxOutputBytes. omitted is
// how many earlier lines it leaves out.
func snapshotOutput(out []sim.OutputLine, window int) (lines []OutputLine, omitted int) {
	first := min(window, len(out))
	count, bytes := 0, 0
	for first > 0 && count < MaxOutputLines {
		n := min(len(out[first-1].Text), MaxOutputLineBytes)
		if bytes+n > MaxOutputBytes {
			break
		}
		first--
		count++
		bytes += n
	}
	return outputSince(out, first), first
}
