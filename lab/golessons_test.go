//go:build unix

package lab

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"proclab/assets"
	"proclab/gofront"
	"proclab/sim"
)

// This file checks the lessons' Go against the real Go toolchain
// (TestGoLessonsAgainstTheToolchain):
//   - every Go lesson and every Go twin passes go vet and go build, in a
//     temporary module (GOFLAGS=-mod=mod, GOTOOLCHAIN=local);
//   - the programs ProcLab explores (the Go lessons and the race lessons'
//     twins) are built with -race and run three times: the variables the
//     real race detector reports (its addresses, named by go tool nm) must
//     be exactly those on which ProcLab's explore reports a data race;
//   - each of them runs realRuns times with GOMAXPROCS=2, and what every
//     run printed (up to the Go runtime's "fatal error:" or "panic:" line)
//     must be what some outcome of ProcLab's explore prints, except the
//     known disagreements below, which are logged;
//   - a race lesson's scenario and its Go twin give the same outcomes
//     (the values of the scenario's variables, and deadlock) under explore;
//   - the process and scheduling twins run once and must exit with 0.
// Without a go command the test is skipped, except under CI=true.

// realRuns is how many times each explored program runs for real.
const realRuns = 50

// runTimeout bounds one real run of a program (every lesson program ends
// in well under a second, and a twin of a process lesson in a few).
const runTimeout = 20 * time.Second

// goProgram is a lesson's Go program.
type goProgram struct {
	id       string
	src      string
	explored bool          // ProcLab explores it: a Go lesson, or a race lesson's twin
	scenario *sim.Scenario // the race lesson's scenario (a twin), or nil
}

// goPrograms returns every lesson's Go program.
func goPrograms(t *testing.T) []goProgram {
	t.Helper()
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	var out []goProgram
	for _, l := range ls.All() {
		if l.Go == "" {
			t.Errorf("lesson %s has no Go", l.ID)
			continue
		}
		p := goProgram{id: l.ID, src: l.Go}
		switch {
		case l.IsGo:
			p.explored = true
		case l.Topic() == "races":
			p.explored, p.scenario = true, l.Scenario
		}
		out = append(out, p)
	}
	return out
}

// goTool finds the go command, or skips the test where there is none
// (and fails it under CI=true, where the toolchain must be there).
func goTool(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but no Go toolchain on PATH: %v", err)
		}
		t.Skipf("no Go toolchain on PATH (%v): the lessons' Go is not checked against the real toolchain", err)
	}
	return bin
}

// goCmd runs the go command in dir and returns its combined output.
func goCmd(t *testing.T, gobin, dir string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, gobin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// exploredFacts is what ProcLab's explore says about a Go program.
type exploredFacts struct {
	outputs  map[string]bool // what the program printed, per outcome (runtimeOutput)
	races    []string        // variables with a data race on some schedule, sorted
	deadlock bool            // some outcome ends in Go's "all goroutines are asleep"
	complete bool
	result   sim.ExploreResult
}

func exploreGo(sc *sim.Scenario) exploredFacts {
	r := sim.Explore(sc, sim.ExploreOptions{})
	f := exploredFacts{outputs: map[string]bool{}, complete: r.Complete, result: r}
	races := map[string]bool{}
	for _, o := range r.Outcomes {
		f.outputs[runtimeOutput(o.Output)] = true
		for _, v := range o.Races {
			races[sc.Vars[v].Name] = true
		}
		if slices.Contains(o.Violations, "deadlock") {
			f.deadlock = true
		}
	}
	for v := range races {
		f.races = append(f.races, v)
	}
	sort.Strings(f.races)
	return f
}

// runtimeOutput is a program's output up to and including the first line
// of a message from the Go runtime ("fatal error: ..." or "panic: ..."),
// without the goroutine stacks that follow it: the real runtime prints
// file paths, addresses and frames there that ProcLab does not model.
func runtimeOutput(out string) string {
	var b strings.Builder
	for line := range strings.SplitAfterSeq(out, "\n") {
		b.WriteString(line)
		if strings.HasPrefix(line, "fatal error: ") || strings.HasPrefix(line, "panic: ") {
			break
		}
	}
	return b.String()
}

// realOutput is what a real run printed, in runtimeOutput's form: its
// standard output, then the runtime's message if the run ended with one
// (Go writes it to standard error after everything the program printed).
func realOutput(stdout, stderr string) string {
	first, _, _ := strings.Cut(stderr, "\n")
	if strings.HasPrefix(first, "fatal error: ") || strings.HasPrefix(first, "panic: ") {
		return stdout + first + "\n"
	}
	return stdout
}

// varOutcomes describes each outcome of r by the values of the variables
// names (in that order) and whether it ended in a deadlock.
func varOutcomes(sc *sim.Scenario, r sim.ExploreResult, names []string) map[string]bool {
	keys := map[string]bool{}
	for _, o := range r.Outcomes {
		var parts []string
		for _, n := range names {
			i := slices.IndexFunc(sc.Vars, func(v sim.VarDecl) bool { return v.Name == n })
			if i < 0 {
				parts = append(parts, n+"=(none)")
				continue
			}
			parts = append(parts, fmt.Sprintf("%s=%d", n, o.Vars[i]))
		}
		if slices.Contains(o.Violations, "deadlock") {
			parts = append(parts, "deadlock")
		}
		keys[strings.Join(parts, " ")] = true
	}
	return keys
}

// knownDisagreements are the places where real Go reaches an outcome that
// ProcLab's explore does not, and why. A real outcome outside explore's
// set that one of these matches is logged; any other fails the test.
var knownDisagreements = map[string]struct {
	why   string
	match func(out string) bool
}{
	// Peterson's algorithm is correct only under sequential consistency,
	// which ProcLab simulates; an x86 CPU lets p0's load of flag1 overtake
	// its earlier store to flag0 (still in the store buffer), so both
	// enter. The lesson and its twin say so; it is not a ProcLab bug.
	"peterson": {"x86 store buffers break Peterson's algorithm (both goroutines in the critical section): the lesson says real CPUs need fences",
		func(out string) bool { return strings.Contains(out, "inside = 1\n") }},
}

// raceReport matches an access in a race report: "Read at 0x... by",
// "Previous write at 0x... by", "Atomic read at ...".
var raceReport = regexp.MustCompile(`(?m)^(?:Previous )?(?:Atomic )?(?:[Rr]ead|[Ww]rite) at 0x([0-9a-f]+) by`)

// racedVars names the package-level variables of binary whose addresses
// appear in the race reports of out, using go tool nm's symbol table.
func racedVars(t *testing.T, gobin, dir, binary, out string) []string {
	t.Helper()
	if !strings.Contains(out, "WARNING: DATA RACE") {
		return nil
	}
	nm, err := goCmd(t, gobin, dir, "tool", "nm", "-n", "-size", binary)
	if err != nil {
		t.Fatalf("go tool nm %s: %v\n%s", binary, err, nm)
	}
	type sym struct {
		addr, size uint64
		name       string
	}
	var syms []sym
	for _, line := range strings.Split(nm, "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[3], "main.") {
			continue
		}
		a, err1 := strconv.ParseUint(f[0], 16, 64)
		s, err2 := strconv.ParseUint(f[1], 10, 64)
		if err1 == nil && err2 == nil && (f[2] == "D" || f[2] == "B" || f[2] == "d" || f[2] == "b") {
			syms = append(syms, sym{a, s, strings.TrimPrefix(f[3], "main.")})
		}
	}
	seen := map[string]bool{}
	for _, m := range raceReport.FindAllStringSubmatch(out, -1) {
		a, _ := strconv.ParseUint(m[1], 16, 64)
		name := fmt.Sprintf("0x%x (not a package-level variable)", a)
		for _, s := range syms {
			if a >= s.addr && a < s.addr+max(s.size, 1) {
				name = s.name
			}
		}
		seen[name] = true
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var errTimeout = errors.New("timeout")

// runOnce runs binary with GOMAXPROCS=2 and a timeout, and returns what
// it printed and its exit status.
func runOnce(binary string, timeout time.Duration) (stdout, stderr string, status int, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=2")
	cmd.WaitDelay = time.Second // a child that keeps stdout open cannot hang the test
	// A session of its own: the job-control twin's jobs are then sure to
	// be in an orphaned process group once their shell exits, whatever
	// session the test runs in (a subreaper in the test's session would
	// keep the group from being orphaned, and the stopped jobs stopped).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return o.String(), e.String(), -1, fmt.Errorf("%w: still running after %v", errTimeout, timeout)
	case errors.As(err, &exit):
		return o.String(), e.String(), exit.ExitCode(), nil
	case err != nil:
		return o.String(), e.String(), -1, err
	}
	return o.String(), e.String(), 0, nil
}

// TestGoLessonsAgainstTheToolchain is the check this file describes.
func TestGoLessonsAgainstTheToolchain(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the real toolchain check builds and runs every lesson's Go")
	}
	gobin := goTool(t)
	progs := goPrograms(t)
	dir := t.TempDir()
	if out, err := goCmd(t, gobin, dir, "mod", "init", "golessons"); err != nil {
		t.Fatalf("go mod init: %v\n%s", err, out)
	}
	var pkgs, explored []string
	for _, p := range progs {
		pdir := filepath.Join(dir, "p", p.id)
		if err := os.MkdirAll(pdir, 0o755); err != nil {
			t.Fatal(err)
		}
		// The files carry //go:build ignore, so that ProcLab's own module
		// skips them; here each is saved as a student would save it.
		src := strings.TrimPrefix(p.src, "//go:build ignore\n")
		if err := os.WriteFile(filepath.Join(pdir, "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, "./p/"+p.id)
		if p.explored {
			explored = append(explored, "./p/"+p.id)
		}
	}
	if out, err := goCmd(t, gobin, dir, append([]string{"vet"}, pkgs...)...); err != nil {
		t.Fatalf("go vet: %v\n%s", err, out)
	}
	if out, err := goCmd(t, gobin, dir, append([]string{"build", "-o", filepath.Join(dir, "bin") + "/"}, pkgs...)...); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	if out, err := goCmd(t, gobin, dir, append([]string{"build", "-race", "-o", filepath.Join(dir, "race") + "/"}, explored...)...); err != nil {
		t.Fatalf("go build -race: %v\n%s", err, out)
	}
	var nmMu sync.Mutex // go tool nm runs once at a time: it is quick, and the machine is small
	for _, p := range progs {
		if !p.explored {
			continue
		}
		t.Run(p.id, func(t *testing.T) {
			t.Parallel()
			sc, err := gofront.Compile(p.src)
			if err != nil {
				t.Fatalf("gofront.Compile: %v", err)
			}
			facts := exploreGo(sc)
			if !facts.complete {
				t.Errorf("explore is incomplete: a bound was hit after %d states", facts.result.States)
			}
			if p.scenario != nil {
				checkTwin(t, p.scenario, sc, facts.result)
			}

			// The race detector, on a few runs: the union of what it
			// reports must be what ProcLab's explore reports. Under -race
			// the Go runtime does not detect a deadlock (it cannot know
			// that no C code will wake a goroutine: golang/go#20588), so a
			// program that can deadlock runs with a short timeout and is
			// stopped; the reports it printed by then count.
			timeout := runTimeout
			if facts.deadlock {
				timeout = 3 * time.Second
			}
			var real []string
			for range 3 {
				_, stderr, _, err := runOnce(filepath.Join(dir, "race", p.id), timeout)
				if err != nil && !(facts.deadlock && errors.Is(err, errTimeout)) {
					t.Fatalf("run with -race: %v\n%s", err, stderr)
				}
				nmMu.Lock()
				real = append(real, racedVars(t, gobin, dir, filepath.Join(dir, "race", p.id), stderr)...)
				nmMu.Unlock()
			}
			slices.Sort(real)
			real = slices.Compact(real)
			if !slices.Equal(real, facts.races) {
				t.Errorf("data races: go run -race reports them on %v; ProcLab's explore on %v", real, facts.races)
			}

			// Every real outcome must be an explored one.
			got := map[string]int{}
			for range realRuns {
				stdout, stderr, status, err := runOnce(filepath.Join(dir, "bin", p.id), runTimeout)
				if err != nil {
					t.Fatalf("run: %v\n%s%s", err, stdout, stderr)
				}
				out := realOutput(stdout, stderr)
				if status != 0 && out == stdout {
					t.Errorf("a run exited with status %d and no message from the Go runtime:\n%s%s", status, stdout, stderr)
				}
				got[out]++
			}
			for out, n := range got {
				if facts.outputs[out] {
					continue
				}
				if k, ok := knownDisagreements[p.id]; ok && k.match(out) {
					t.Logf("known disagreement (%s): real Go printed %q in %d of %d runs", k.why, out, n, realRuns)
					continue
				}
				t.Errorf("real Go printed %q (%d of %d runs), which no outcome of ProcLab's explore prints; explore's outputs: %q", out, n, realRuns, sortedKeys(facts.outputs))
			}
		})
	}
	for _, p := range progs {
		if p.explored {
			continue
		}
		t.Run(p.id, func(t *testing.T) {
			t.Parallel()
			stdout, stderr, status, err := runOnce(filepath.Join(dir, "bin", p.id), runTimeout)
			if err != nil || status != 0 {
				t.Errorf("run: status %d, %v\n%s%s", status, err, stdout, stderr)
			}
		})
	}
}

// checkTwin checks that a race lesson's scenario and its Go twin (whose
// exploration is r) give the same outcomes under explore, over the
// scenario's variables. The twin may have more package-level variables
// only where the scenario has a sync object of that name (a spinlock
// built from an atomic int64).
func checkTwin(t *testing.T, scenario, twin *sim.Scenario, r sim.ExploreResult) {
	t.Helper()
	var names []string
	for _, v := range scenario.Vars {
		names = append(names, v.Name)
	}
	for _, v := range twin.Vars {
		if slices.Contains(names, v.Name) {
			continue
		}
		if !slices.ContainsFunc(scenario.Objects, func(o sim.ObjDecl) bool { return o.Name == v.Name }) {
			t.Errorf("the twin has a variable %s that the scenario has neither as a variable nor as a sync object", v.Name)
		}
	}
	sr := sim.Explore(scenario, sim.ExploreOptions{})
	if !sr.Complete {
		t.Errorf("explore of the scenario is incomplete")
	}
	a, b := varOutcomes(scenario, sr, names), varOutcomes(twin, r, names)
	if !mapsEqual(a, b) {
		t.Errorf("outcomes differ: scenario %v, Go twin %v", sortedKeys(a), sortedKeys(b))
	}
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]bool) []string {
	var s []string
	for k := range m {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}
