package sim_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"proclab/gofront"
	"proclab/sim"
)

// This file runs hostile and edge-case Go programs, compiled by gofront,
// through the engine: the output budget, arithmetic at the edges of int64,
// timers far in the future, and determinism (same source and seed, same
// run; clones independent).

// compileGo compiles src or fails the test.
func compileGo(t testing.TB, src string) *sim.Scenario {
	t.Helper()
	sc, err := gofront.Compile(src)
	if err != nil {
		t.Fatalf("compile: %v\n%s", err, src)
	}
	return sc
}

// runGo runs sc to its end (or maxSteps) and returns the engine and every
// event's EvOutput index, in order.
func runGo(t testing.TB, sc *sim.Scenario, opt sim.Options) (*sim.Engine, []int64) {
	t.Helper()
	e := sim.New(sc, opt)
	var idx []int64
	for !e.Done() {
		for _, ev := range e.Step() {
			if ev.Kind == sim.EvOutput {
				idx = append(idx, ev.Value)
			}
		}
	}
	return e, idx
}

// bigConst is a package-level string constant of 64 KiB built by doubling.
const bigConst = `const s0 = "0123456789abcdef"
const s1 = s0 + s0
const s2 = s1 + s1
const s3 = s2 + s2
const s4 = s3 + s3
const s5 = s4 + s4
const s6 = s5 + s5
const s7 = s6 + s6
const s8 = s7 + s7
const s9 = s8 + s8
const s10 = s9 + s9
const s11 = s10 + s10
const s12 = s11 + s11
`

// TestGoOutputBudget: a program that prints without end keeps at most
// MaxOutputBytes in MaxOutputWrites writes, with one visible truncation
// line, and a panic after it is still shown.
func TestGoOutputBudget(t *testing.T) {
	cases := []struct {
		name, src   string
		wantPanic   bool
		wantLastSub string
	}{
		{"many short lines", `package main

import "fmt"

func main() {
	for i := 0; ; i++ {
		fmt.Println("line", i)
	}
}
`, false, ""},
		{"long lines", `package main

import "fmt"

` + bigConst + `
func main() {
	for {
		fmt.Println(s12, s12, s12, s12)
	}
}
`, false, ""},
		{"printf with many args", `package main

import "fmt"

` + bigConst + `
func main() {
	a, b, c, d := 1, true, "x", -5
	for {
		fmt.Printf("%d %t %s %d %v %q %d %t %s %d %v %q %s\n", a, b, c, d, a, c, a, b, c, d, b, c, s10)
	}
}
`, false, ""},
		{"panic after the budget", `package main

import "fmt"

` + bigConst + `
func main() {
	for i := 0; i < 100; i++ {
		fmt.Print(s12)
	}
	panic("done")
}
`, true, "panic: done"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := compileGo(t, c.src)
			e, idx := runGo(t, sc, sim.Options{MaxSteps: 200_000})
			out := e.Output()
			var bytes int64
			truncated := -1
			for k, l := range out {
				bytes += int64(len(l.Text))
				if l.Truncated {
					if truncated >= 0 {
						t.Fatalf("two truncation lines: %d and %d", truncated, k)
					}
					truncated = k
					if got, want := l.Text, sim.OutputTruncatedText; got != want || !l.Stderr {
						t.Errorf("truncation line = %q (stderr %v); want %q on stderr", got, l.Stderr, want)
					}
				}
			}
			if truncated < 0 {
				t.Fatalf("no truncation line in %d writes of %d bytes", len(out), bytes)
			}
			if got, want := bytes, int64(sim.MaxOutputBytes+sim.MaxRuntimeMessageBytes); got > want {
				t.Errorf("output holds %d bytes; want at most %d", got, want)
			}
			if got, want := e.OutputBytes(), bytes; got != want {
				t.Errorf("OutputBytes = %d; want %d", got, want)
			}
			if got, want := len(out), sim.MaxOutputWrites; got > want {
				t.Errorf("output holds %d writes; want at most %d", got, want)
			}
			if got, want := len(idx), len(out); got != want {
				t.Errorf("%d EvOutput events for %d writes", got, want)
			}
			for k, v := range idx {
				if v != int64(k) {
					t.Fatalf("EvOutput %d names line %d; want %d", k, v, k)
				}
			}
			last := out[len(out)-1]
			if c.wantPanic {
				if got := last.Text; !strings.HasPrefix(got, c.wantLastSub) {
					t.Errorf("last write = %q; want it to start with %q", got, c.wantLastSub)
				}
				if got, want := truncated, len(out)-2; got != want {
					t.Errorf("truncation line at %d; want %d (just before the panic)", got, want)
				}
			} else if got, want := truncated, len(out)-1; got != want {
				t.Errorf("truncation line at %d; want the last (%d)", got, want)
			}
		})
	}
}

// TestGoRecordingCountsOutput: Recording.Bytes counts output printed after
// the last checkpoint (a short run has only the one at step 0).
func TestGoRecordingCountsOutput(t *testing.T) {
	src := `package main

import "fmt"

` + bigConst + `
func main() {
	for i := 0; i < 12; i++ {
		fmt.Println(s12)
	}
}
`
	rec := sim.Record(compileGo(t, src), sim.Options{}, 0)
	if rec.Checkpoints() != 1 {
		t.Fatalf("%d checkpoints; the test needs a run shorter than one interval", rec.Checkpoints())
	}
	if got, want := rec.Bytes(), int64(12*(64<<10)); got < want {
		t.Errorf("Recording.Bytes = %d; want at least %d (the output)", got, want)
	}
}

// TestGoArithEdges: int64 arithmetic wraps as Go's does, MinInt64 / -1 is
// MinInt64 without a panic, and division and remainder truncate toward
// zero. The wants were printed by the same program with go run (go1.26.8
// linux/amd64).
func TestGoArithEdges(t *testing.T) {
	src := `package main

import "fmt"

const MinInt = -9223372036854775808
const MaxInt = 9223372036854775807

func main() {
	a := MinInt
	b := -1
	fmt.Println(a/b, a%b, a*b, -a)
	c := MaxInt
	fmt.Println(c+1, c*2, a-1)
	fmt.Println(7/2, -7/2, -7%2, 7%-2)
	z := 0
	fmt.Println(c % z)
}
`
	e, _ := runGo(t, compileGo(t, src), sim.Options{})
	var b strings.Builder
	for _, l := range e.Output() {
		b.WriteString(l.Text)
	}
	want := "-9223372036854775808 0 -9223372036854775808 -9223372036854775808\n" +
		"-9223372036854775808 -2 9223372036854775807\n" +
		"3 -3 -1 1\n" +
		"panic: runtime error: integer divide by zero\n\ngoroutine 1 [running]:\nmain.main()\n"
	if got := b.String(); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if got, want := e.Tasks()[1].ExitCode, 2; got != want {
		t.Errorf("exit code %d; want %d", got, want)
	}
}

// TestGoFarTimers: sleeps and time.After as long as Go allows do not
// overflow the clock (an overflowed wake-up time would wake at once and
// print what follows); a negative sleep returns at once.
func TestGoFarTimers(t *testing.T) {
	cases := []struct {
		name, body string
		wantOut    string
		wantDone   bool // the program ends within the step limit
	}{
		{"sleep 1<<62", "fmt.Println(1)\n\ttime.Sleep(1 << 62)\n\tfmt.Println(2)", "1\n", false},
		{"sleep MaxInt64", "fmt.Println(1)\n\ttime.Sleep(1<<63 - 1)\n\tfmt.Println(2)", "1\n", false},
		{"negative sleep", "time.Sleep(-5)\n\ttime.Sleep(-1 << 63)\n\tfmt.Println(3)", "3\n", true},
		{"time.After MaxInt64", "select {\n\tcase <-time.After(1<<63 - 1):\n\t\tfmt.Println(4)\n\t}", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "package main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc main() {\n\t" + c.body + "\n}\n"
			e, _ := runGo(t, compileGo(t, src), sim.Options{MaxSteps: 50_000})
			var b strings.Builder
			for _, l := range e.Output() {
				b.WriteString(l.Text)
			}
			if got := b.String(); got != c.wantOut {
				t.Errorf("output %q; want %q", got, c.wantOut)
			}
			ended := e.Tasks()[1].State == sim.StateDead || e.Tasks()[1].State == sim.StateZombie
			if got, want := ended, c.wantDone; got != want {
				t.Errorf("main ended: %v; want %v (step %d)", got, want, e.StepNum())
			}
		})
	}
}

// determinismPrograms are Go programs whose runs draw on everything a seed
// decides: select among several ready cases, timers, goroutines printing.
var determinismPrograms = map[string]string{
	"select fan-out": `package main

import "fmt"

func main() {
	a := make(chan int, 4)
	b := make(chan int, 4)
	c := make(chan int, 4)
	done := make(chan bool)
	for i := range 3 {
		go func() {
			for k := 0; k < 4; k++ {
				a <- i
				b <- i + 10
				c <- i + 20
			}
		}()
	}
	go func() {
		for n := 0; n < 36; n++ {
			select {
			case v := <-a:
				fmt.Println("a", v)
			case v := <-b:
				fmt.Println("b", v)
			case v := <-c:
				fmt.Println("c", v)
			}
		}
		done <- true
	}()
	<-done
}
`,
	"timeouts": `package main

import (
	"fmt"
	"sync"
	"time"
)

var mu sync.Mutex
var n int

func main() {
	ch := make(chan int)
	timeout := time.After(time.Millisecond)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			n++
			mu.Unlock()
			select {
			case ch <- i:
			case <-timeout:
				fmt.Println("timeout", i)
			}
		}()
	}
	for k := 0; k < 2; k++ {
		fmt.Println("got", <-ch)
	}
	wg.Wait()
	fmt.Println("n", n)
}
`,
}

// goFingerprint runs sc and returns everything a run shows: events, state
// digests at every step, and the output.
func goFingerprint(e *sim.Engine) string {
	var h uint64
	var states []uint64
	for !e.Done() {
		h = sim.HashEvents(h, e.Step())
		states = append(states, e.StateHash())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "events %x\n", h)
	for _, s := range states {
		fmt.Fprintf(&b, "%x ", s)
	}
	for _, l := range e.Output() {
		fmt.Fprintf(&b, "\n%d P%d %v %q", l.Step, l.Task, l.Stderr, l.Text)
	}
	return b.String()
}

// TestGoDeterminism: the same source and seed give the same run (events,
// states, output) every time, different seeds may differ, and a clone
// taken halfway goes on exactly as the original would, while the original
// moving on changes nothing in the clone (output, timers, select queues,
// random generator).
func TestGoDeterminism(t *testing.T) {
	for name, src := range determinismPrograms {
		for _, seed := range []uint64{1, 2, 99} {
			opt := sim.Options{Seed: seed, MaxSteps: 20_000}
			a := goFingerprint(sim.New(compileGo(t, src), opt))
			b := goFingerprint(sim.New(compileGo(t, src), opt))
			if a != b {
				t.Errorf("%s seed %d: two runs differ", name, seed)
			}
			sc := compileGo(t, src)
			for _, at := range []int64{3, 17, 40} {
				e := sim.New(sc, opt)
				for e.StepNum() < at && !e.Done() {
					e.Step()
				}
				c := e.Clone()
				before := len(c.Output())
				for range 50 { // the original runs on and prints
					e.Step()
				}
				if got := len(c.Output()); got != before {
					t.Fatalf("%s: the clone's output grew from %d to %d lines while the original ran", name, before, got)
				}
				d := sim.New(sc, opt)
				for d.StepNum() < at && !d.Done() {
					d.Step()
				}
				if got, want := goFingerprint(c), goFingerprint(d); got != want {
					t.Errorf("%s seed %d: a clone taken at step %d goes on differently", name, seed, at)
				}
			}
		}
	}
}

// TestGoExploreOutputBudget: explore keeps each outcome's output within
// MaxOutcomeOutputBytes (ending in OutcomeTruncatedText when cut), tells
// outcomes apart by their whole output all the same, and each witness
// replays to a run whose output begins with what the outcome kept.
func TestGoExploreOutputBudget(t *testing.T) {
	src := `package main

import (
	"fmt"
	"sync"
)

` + bigConst + `
func main() {
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(s12, i)
		}()
	}
	wg.Wait()
}
`
	sc := compileGo(t, src)
	r := sim.Explore(sc, sim.ExploreOptions{MaxStates: 100_000})
	if got, want := len(r.Outcomes), 6; got != want || !r.Complete {
		t.Fatalf("%d outcomes (complete %v); want %d (the orders of three prints)", got, r.Complete, want)
	}
	for k, o := range r.Outcomes {
		if got, max := len(o.Output), sim.MaxOutcomeOutputBytes; got > max {
			t.Errorf("outcome %d keeps %d bytes of output; want at most %d", k, got, max)
		}
		if !strings.HasSuffix(o.Output, "\n"+sim.OutcomeTruncatedText) {
			t.Errorf("outcome %d's output does not end in the truncation line: ...%q", k, o.Output[max(0, len(o.Output)-40):])
		}
		e, _ := runGo(t, sim.Interleaved(sc), sim.Options{Choices: o.Witness})
		var b strings.Builder
		for _, l := range e.Output() {
			b.WriteString(l.Text)
		}
		kept := strings.TrimSuffix(o.Output, "\n"+sim.OutcomeTruncatedText)
		if got := b.String(); !strings.HasPrefix(got, kept) || len(got) != 3*(len(`0123456789abcdef`)<<12+3) {
			t.Errorf("outcome %d's witness %v replays to %d bytes not starting with what it kept", k, o.Witness, len(got))
		}
	}
}

// TestGoTimeAfterInLoop: a select with a time.After timeout in a loop
// waits for that iteration's own timer, not the value an earlier
// iteration's timer left on the site's channel. The want was printed by
// the same program with go run (go1.26.8): the buffered values always win
// over a fresh 1 ms timer.
func TestGoTimeAfterInLoop(t *testing.T) {
	src := `package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int, 10)
	for i := range 5 {
		ch <- i
	}
	for n := 0; n < 5; n++ {
		select {
		case v := <-ch:
			fmt.Println("got", v)
		case <-time.After(time.Millisecond):
			fmt.Println("timeout")
		}
		time.Sleep(3 * time.Millisecond)
	}
	select {
	case v := <-ch:
		fmt.Println("got", v)
	case <-time.After(time.Millisecond):
		fmt.Println("timeout")
	}
}
`
	for _, seed := range []uint64{1, 2, 3} {
		e, _ := runGo(t, compileGo(t, src), sim.Options{Seed: seed})
		var b strings.Builder
		for _, l := range e.Output() {
			b.WriteString(l.Text)
		}
		if got, want := b.String(), "got 0\ngot 1\ngot 2\ngot 3\ngot 4\ntimeout\n"; got != want {
			t.Errorf("seed %d: output\n%s\nwant\n%s", seed, got, want)
		}
	}
}

// TestGoPrintFormatBounded: a print of many long strings, past the output
// budget, is not built whole before the budget refuses it: the run
// allocates about the budget, not the text (30 × 256 KiB here).
func TestGoPrintFormatBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("package main\n\nimport \"fmt\"\n\nconst s0 = \"0123456789abcdef\"\n")
	for i := 1; i <= 14; i++ {
		fmt.Fprintf(&b, "const s%d = s%d + s%d\n", i, i-1, i-1)
	}
	b.WriteString("\nfunc main() {\n\tv := s14\n\tfmt.Println(v" + strings.Repeat(", v", 29) + ")\n}\n")
	sc := compileGo(t, b.String())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	e, _ := runGo(t, sc, sim.Options{})
	runtime.ReadMemStats(&after)
	if got := len(e.Output()); got != 1 || !e.Output()[0].Truncated {
		t.Fatalf("%d output lines; want the truncation line alone", got)
	}
	if got, max := after.TotalAlloc-before.TotalAlloc, uint64(6<<20); got > max {
		t.Errorf("the run allocated %d bytes; want at most %d (the budget is %d)", got, max, sim.MaxOutputBytes)
	}
}

// TestGoExploreMemoryBound: exploring a program that starts goroutines
// without end (each deeper state holds a larger task table) stops at
// ExploreOptions.MaxBytes, incomplete, before its state bound.
func TestGoExploreMemoryBound(t *testing.T) {
	src := `package main

import "fmt"

func main() {
	for {
		go func() {
			fmt.Println(1)
		}()
	}
}
`
	r := sim.Explore(compileGo(t, src), sim.ExploreOptions{MaxStates: 20_000, MaxBytes: 8 << 20})
	if r.Complete {
		t.Fatalf("explore of an endless program is complete")
	}
	if got, max := r.States, 20_000; got >= max {
		t.Errorf("explored %d states; want the memory bound to stop it before the state bound %d", got, max)
	}
}
