package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is the command line.
type config struct {
	python     string // the OSTEP homework checkout, or "" for ProcLab alone
	interp     string
	proclab    string
	ostep      string
	sides      []string // sideLean and/or sideSub, in this order
	runs       int
	pythonRuns int
	timeout    time.Duration
	only       *regexp.Regexp
}

const usage = `usage: proclab-bench [--python DIR] [--interp python3] [--sides ostep,proclab] [--ostep PATH] [--proclab PATH] [--runs N] [--python-runs N] [--timeout D] [--only REGEXP]`

// The ways ProcLab's simulators are run (--sides).
const (
	sideLean = "ostep"   // the lean binary: ostep SIM ARGS...
	sideSub  = "proclab" // the server's binary: proclab ostep SIM ARGS...
)

func parseArgs(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("proclab-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	var c config
	fs.StringVar(&c.python, "python", "", "a checkout of github.com/remzi-arpacidusseau/ostep-homework: run its simulators side by side")
	fs.StringVar(&c.interp, "interp", "python3", "the Python interpreter (a wrapper such as a pyenv shim is resolved to the interpreter it starts)")
	fs.StringVar(&c.proclab, "proclab", "", "the proclab binary (default: `go build` this module into a temporary directory)")
	fs.StringVar(&c.ostep, "ostep", "", "the lean ostep binary (default: `go build` proclab/cmd/ostep into a temporary directory)")
	sides := fs.String("sides", sideLean+","+sideSub, "which ProcLab to measure, comma-separated: ostep (the lean binary, cmd/ostep) and proclab (the proclab ostep subcommand)")
	fs.IntVar(&c.runs, "runs", 5, "timed runs of ProcLab per workload (1-1000)")
	fs.IntVar(&c.pythonRuns, "python-runs", 3, "timed runs of Python per workload (1-1000)")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Minute, "the longest one run may take before it is killed")
	only := fs.String("only", "", "run only the workloads whose name matches this regular expression")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.runs < 1 || c.runs > 1000 || c.pythonRuns < 1 || c.pythonRuns > 1000 {
		return c, errors.New("--runs and --python-runs must be within 1-1000")
	}
	if c.timeout <= 0 {
		return c, errors.New("--timeout must be positive")
	}
	for _, sd := range strings.Split(*sides, ",") {
		switch {
		case sd != sideLean && sd != sideSub:
			return c, fmt.Errorf("--sides: unknown side %q (want ostep, proclab or both)", sd)
		case slices.Contains(c.sides, sd):
			return c, fmt.Errorf("--sides: %q twice", sd)
		}
		c.sides = append(c.sides, sd)
	}
	re, err := regexp.Compile(*only)
	if err != nil {
		return c, fmt.Errorf("--only: %v", err)
	}
	c.only = re
	return c, nil
}

// run is the command: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "proclab-bench: %v\n%s\n", err, usage)
		return 2
	}
	tmp, err := os.MkdirTemp("", "proclab-bench-")
	if err != nil {
		fmt.Fprintf(stderr, "proclab-bench: %v\n", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	setup, err := prepare(ctx, cfg, tmp, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "proclab-bench: %v\n", err)
		return 1
	}
	var rows []row
	for _, w := range workloads {
		if !cfg.only.MatchString(w.Name) {
			continue
		}
		if ctx.Err() != nil {
			break
		}
		rows = append(rows, measureWorkload(ctx, cfg, setup, w, tmp, stderr))
	}
	writeReport(stdout, setup, cfg, rows)
	for _, r := range rows {
		if !r.ok() {
			return 1
		}
	}
	return 0
}

// setup is what prepare found: the binaries and where programs live.
type setup struct {
	sides      []proclabSide // the ProcLab sides measured, in --sides order
	python     string        // the interpreter's path, "" without --python
	pythonVer  string
	checkout   string // absolute, "" without --python
	x86Dir     string // the folder the x86 workloads run in
	x86Program string // the program file name there
	ownProgram bool   // x86Program is ProcLab's own (no checkout)
	defaultDir string // where ProcLab alone runs the other workloads
}

// proclabSide is one way of running ProcLab's simulators: the binary and
// the arguments before the simulator's name.
type proclabSide struct {
	name   string // sideLean or sideSub
	path   string
	prefix []string // nil for the lean binary, ["ostep"] for proclab
}

// title describes the side in the report.
func (p proclabSide) title() string {
	if p.name == sideLean {
		return "the lean binary (cmd/ostep): ostep SIM ARGS..."
	}
	return "the subcommand of the server's binary: proclab ostep SIM ARGS..."
}

// prepare builds or finds the ProcLab binaries, resolves the interpreter
// and checks the checkout.
func prepare(ctx context.Context, cfg config, tmp string, stderr io.Writer) (setup, error) {
	s := setup{defaultDir: tmp}
	for _, name := range cfg.sides {
		given, pkg, side := cfg.ostep, "proclab/cmd/ostep", proclabSide{name: name}
		if name == sideSub {
			given, pkg, side.prefix = cfg.proclab, "proclab", []string{"ostep"}
		}
		if given != "" {
			p, err := filepath.Abs(given)
			if err != nil {
				return s, err
			}
			side.path = p
		} else {
			side.path = filepath.Join(tmp, name)
			fmt.Fprintf(stderr, "building: go build -o %s %s\n", side.path, pkg)
			cmd := exec.CommandContext(ctx, "go", "build", "-o", side.path, pkg)
			cmd.Stdout, cmd.Stderr = stderr, stderr
			if err := cmd.Run(); err != nil {
				return s, fmt.Errorf("building %s (run me inside the proclab module, or give --%s): %v", pkg, name, err)
			}
		}
		s.sides = append(s.sides, side)
	}
	if cfg.python == "" {
		s.x86Dir = filepath.Join(tmp, "x86")
		s.x86Program, s.ownProgram = "proclab-spin.s", true
		if err := os.MkdirAll(s.x86Dir, 0o755); err != nil {
			return s, err
		}
		return s, os.WriteFile(filepath.Join(s.x86Dir, s.x86Program), []byte(ownSpinLock), 0o644)
	}
	dir, err := filepath.Abs(cfg.python)
	if err != nil {
		return s, err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return s, fmt.Errorf("--python %s: not a folder", cfg.python)
	}
	s.checkout = dir
	s.x86Dir, s.x86Program = filepath.Join(dir, "threads-locks"), x86Program
	s.python, s.pythonVer, err = resolveInterp(ctx, cfg.interp)
	return s, err
}

// resolveInterp finds the interpreter named interp and, when it is a
// wrapper, the interpreter it starts (sys.executable); it returns that and
// its version line.
func resolveInterp(ctx context.Context, interp string) (path, version string, err error) {
	path, err = exec.LookPath(interp)
	if err != nil {
		return "", "", fmt.Errorf("--interp: %v", err)
	}
	if out, err := exec.CommandContext(ctx, path, "-c", "import sys; print(sys.executable)").Output(); err == nil {
		if exe := strings.TrimSpace(string(out)); exe != "" {
			if fi, err := os.Stat(exe); err == nil && fi.Mode().IsRegular() {
				path = exe
			}
		}
	}
	out, _ := exec.CommandContext(ctx, path, "--version").CombinedOutput()
	version = strings.TrimSpace(string(out))
	if version == "" {
		version = "version unknown"
	}
	return path, version, nil
}

// row is one workload's results.
type row struct {
	w  workload
	pl []measured // one per ProcLab side, in setup.sides order
	py *measured  // nil without --python
	// differ says, per ProcLab side, how its output differs from Python's
	// ("" when identical or not compared); without --python, how each side
	// differs from the first.
	differ []string
	err    error // a comparison that could not be made
}

// ok reports whether the row's runs succeeded and its outputs matched (or
// differed only as the workload documents).
func (r row) ok() bool {
	if r.err != nil || (r.py != nil && r.py.Err != nil) {
		return false
	}
	for i, m := range r.pl {
		if m.Err != nil || (r.differ[i] != "" && r.w.Known == "") {
			return false
		}
	}
	return true
}

// commands gives the commands of w: one per ProcLab side, then Python's
// (Path "" without a checkout).
func commands(s setup, w workload) (pl []command, py command) {
	args := w.Args
	if w.Program != "" && s.ownProgram {
		args = make([]string, len(w.Args))
		for i, a := range w.Args {
			if a == w.Program {
				a = s.x86Program
			}
			args[i] = a
		}
	}
	dir := s.defaultDir
	switch {
	case w.Program != "":
		dir = s.x86Dir
	case s.checkout != "":
		dir = filepath.Join(s.checkout, filepath.Dir(w.Script))
	}
	for _, sd := range s.sides {
		a := append(append(slices.Clone(sd.prefix), w.Sim), args...)
		pl = append(pl, command{Path: sd.path, Args: a, Dir: dir})
	}
	if s.checkout != "" {
		py = command{Path: s.python, Args: append([]string{filepath.Join(s.checkout, w.Script)}, args...), Dir: dir}
	}
	return pl, py
}

// measureWorkload runs every side of w and compares their outputs.
func measureWorkload(ctx context.Context, cfg config, s setup, w workload, tmp string, stderr io.Writer) row {
	plCmds, pyCmd := commands(s, w)
	r := row{w: w, differ: make([]string, len(plCmds))}
	var sides []*side
	for _, c := range plCmds {
		sides = append(sides, &side{cmd: c, runs: cfg.runs})
		fmt.Fprintf(stderr, "%s: %s (%d runs)\n", w.Name, c, cfg.runs)
	}
	if s.checkout != "" {
		sides = append(sides, &side{cmd: pyCmd, runs: cfg.pythonRuns})
		fmt.Fprintf(stderr, "%s: %s (%d runs)\n", w.Name, pyCmd, cfg.pythonRuns)
	}
	measureSides(ctx, sides, cfg.timeout, tmp, w.Name)
	for i := range plCmds {
		r.pl = append(r.pl, sides[i].m)
	}
	ref := sides[0] // without Python, the sides are compared with the first
	if s.checkout != "" {
		ref = sides[len(sides)-1]
		r.py = &ref.m
	}
	for i := range plCmds {
		if sides[i] == ref || sides[i].m.Err != nil || ref.m.Err != nil {
			continue
		}
		d, err := differenceOfFiles(sides[i].out, ref.out)
		r.differ[i] = d
		if err != nil && r.err == nil {
			r.err = err
		}
	}
	for _, sd := range sides {
		os.Remove(sd.out)
	}
	return r
}
