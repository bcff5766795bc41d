package ostep

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits. The Python scripts have none (a huge I/O length simply runs for a
// very long time); ProcLab stops a run that would exceed one and reports a
// usage error instead.
const (
	// MaxSteps bounds the loop iterations of one run: ticks for
	// process-run and mlfq, trace lines for scheduler and lottery.
	MaxSteps = 1_000_000
	// MaxJobs bounds the number of processes, jobs or fork actions.
	MaxJobs = 10_000
	// MaxOutput bounds the bytes one run may print.
	MaxOutput = 32 << 20
)

// simulator runs one OSTEP simulator: args are its flags (without the
// script name); the text it prints goes to out.
type simulator func(args []string, out *printer) error

// lookup maps a simulator name, with or without ".py", to its function.
func lookup(name string) (simulator, string) {
	name = strings.TrimSuffix(name, ".py")
	switch name {
	case "process-run":
		return runProcessRun, name
	case "scheduler":
		return runScheduler, name
	case "mlfq":
		return runMLFQ, name
	case "lottery":
		return runLottery, name
	case "fork":
		return runFork, name
	case "x86-intro":
		return runX86Intro, name
	case "x86-locks":
		return runX86Locks, name
	}
	return nil, name
}

// Main runs the OSTEP simulator named by args[0] ("process-run",
// "scheduler", "mlfq", "lottery", "fork", "x86-intro" or "x86-locks"; a
// ".py" suffix is accepted) with
// the flags args[1:], exactly as the Python script would receive them. It
// writes the script's output to stdout and returns the exit status: 0 on
// success (also for -h/--help), 2 for a usage error (an unknown simulator, a
// bad flag or value, an input the script cannot run, or a run that would
// exceed a limit), reported as one line on stderr. On an error nothing is
// written to stdout.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "ostep: error: missing simulator name (process-run, scheduler, mlfq, lottery, fork, x86-intro or x86-locks)")
		return 2
	}
	sim, name := lookup(args[0])
	if sim == nil {
		fmt.Fprintf(stderr, "ostep: error: unknown simulator %q (want process-run, scheduler, mlfq, lottery, fork, x86-intro or x86-locks)\n", name)
		return 2
	}
	out := &printer{}
	err := sim(args[1:], out)
	if err == nil {
		err = out.err
	}
	var help *helpRequest
	switch {
	case errors.As(err, &help):
		io.WriteString(stdout, help.text)
		return 0
	case err != nil:
		fmt.Fprintln(stderr, err)
		return 2
	}
	stdout.Write(out.buf.Bytes())
	return 0
}

// printer collects a run's output, stopping at MaxOutput bytes. After the
// limit is hit every further write is dropped and err is set.
type printer struct {
	buf bytes.Buffer
	err error
}

// f is fmt.Printf into the printer.
func (p *printer) f(format string, args ...any) {
	if p.err != nil {
		return
	}
	fmt.Fprintf(&p.buf, format, args...)
	p.check()
}

// line writes s and a newline, like Python's print(s).
func (p *printer) line(s string) {
	if p.err != nil {
		return
	}
	p.buf.WriteString(s)
	p.buf.WriteByte('\n')
	p.check()
}

func (p *printer) check() {
	if p.buf.Len() > MaxOutput {
		p.err = fmt.Errorf("ostep: error: output exceeds the limit of %d bytes", MaxOutput)
	}
}

// full reports whether the output limit was hit, so loops can stop early.
func (p *printer) full() bool { return p.err != nil }

// inputError is a value the script would reject or crash on.
func inputError(prog, format string, args ...any) error {
	return &usageError{prog: prog, msg: fmt.Sprintf(format, args...)}
}

// stepLimit is the error for a run longer than MaxSteps.
func stepLimit(prog string) error {
	return inputError(prog, "run exceeds the limit of %d steps", MaxSteps)
}
