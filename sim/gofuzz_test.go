package sim_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"proclab/gofront"
	"proclab/sim"
)

// This file fuzzes the engine with Go programs: FuzzGoProgram builds a
// program of the Go subset from the fuzzer's bytes (goroutines, channels,
// select, a mutex, a WaitGroup, atomics, timers, prints, panics, close,
// division), FuzzGoSource takes source text (seeded with gofront's golden
// programs); both compile it with gofront.Compile and check the run and an
// exploration of it (checkGoRun).

// goGen writes a Go program from bytes; it reads 0 when they run out.
type goGen struct {
	data   []byte
	pos    int
	b      strings.Builder
	locals int
	uses   map[string]bool // imports used
}

func (g *goGen) next() int {
	if g.pos >= len(g.data) {
		return 0
	}
	g.pos++
	return int(g.data[g.pos-1])
}

func (g *goGen) local() string {
	g.locals++
	return fmt.Sprintf("v%d", g.locals)
}

// stmt writes one statement for a goroutine with index expression id.
func (g *goGen) stmt(id, indent string, depth int) {
	w := func(format string, args ...any) { fmt.Fprintf(&g.b, indent+format+"\n", args...) }
	ch := []string{"c0", "c1", "c2"}[g.next()%3]
	switch g.next() % 20 {
	case 0:
		w("x++")
	case 1:
		w("mu.Lock()")
		w("y = y + x")
		w("mu.Unlock()")
	case 2:
		w("%s <- %s", ch, id)
	case 3:
		v := g.local()
		w("%s := <-%s", v, ch)
		w("fmt.Println(%q, %s)", "got", v)
		g.uses["fmt"] = true
	case 4, 5:
		v, ok := g.local(), g.local()
		w("select {")
		w("case %s <- %s + 1:", ch, id)
		w("case %s, %s := <-c%d:", v, ok, g.next()%3)
		w("\tfmt.Println(%s, %s)", v, ok)
		if g.next()%2 == 0 && id != "i" { // a goroutine started in a loop may not run time.After
			w("case <-time.After(%d * time.Microsecond):", 100*(g.next()%8))
			w("\tfmt.Println(%q)", "timeout")
			g.uses["time"] = true
		}
		if g.next()%3 == 0 {
			w("default:")
		}
		w("}")
		g.uses["fmt"] = true
	case 6:
		w("close(%s)", ch)
	case 7:
		w("fmt.Println(%q, %s, x, y)", "at", id)
		g.uses["fmt"] = true
	case 8:
		w("time.Sleep(%d * time.Microsecond)", 100*(g.next()%30)-500)
		g.uses["time"] = true
	case 9:
		w("runtime.Gosched()")
		g.uses["runtime"] = true
	case 10:
		w("if x > %d {", g.next()%8)
		w("\tpanic(%q)", "too many")
		w("}")
	case 11:
		w("x = x / (y - %d)", g.next()%3)
	case 12:
		v := g.local()
		w("for %s := 0; %s < %d; %s++ {", v, v, g.next()%4, v)
		if depth < 2 {
			g.stmt(id, indent+"\t", depth+1)
		} else {
			w("\tx += %s", v)
		}
		w("}")
	case 13:
		w("atomic.AddInt64(&z, %d)", g.next()%5-2)
		g.uses["sync/atomic"] = true
	case 14:
		if g.next()%4 == 0 {
			w("wg.Done()")
		} else {
			w("x = x*%d - %d", g.next()%7-3, g.next())
		}
	case 15:
		w("for range %s {", ch)
		w("\ty++")
		w("\tbreak")
		w("}")
	case 16:
		if g.next()%5 == 0 {
			w("select {}")
		} else {
			w("y = y %% (x - %d)", g.next()%3)
		}
	case 17:
		w("if mu.TryLock() {")
		w("\tx--")
		w("\tmu.Unlock()")
		w("}")
	case 18:
		v := g.local()
		w("%s := x %% 3", v)
		w("switch %s {", v)
		w("case 0:")
		w("\tfmt.Printf(%q, %s, %s)", "%d-%v\n", v, id)
		w("case 1:")
		w("\tx = -x")
		w("default:")
		w("\ty++")
		w("}")
		g.uses["fmt"] = true
	case 19:
		w("once.Do(func() {")
		w("\tz = z + 1")
		w("})")
	}
}

// program returns the Go program the bytes describe.
func (g *goGen) program() string {
	g.uses = map[string]bool{}
	var body strings.Builder
	caps := [3]int{g.next() % 3, g.next() % 3, g.next() % 2}
	workers := 1 + g.next()%3
	main := &g.b
	fmt.Fprintf(main, "\tfor i := range %d {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\t_ = i\n", workers)
	for n := 1 + g.next()%4; n > 0; n-- {
		g.stmt("i", "\t\t\t", 0)
	}
	main.WriteString("\t\t}()\n\t}\n")
	for n := 1 + g.next()%4; n > 0; n-- {
		g.stmt("100", "\t", 0)
	}
	if g.next()%4 != 0 {
		main.WriteString("\twg.Wait()\n")
	}
	body.WriteString("// cpus " + fmt.Sprint(1+g.next()%2) + "\npackage main\n\nimport (\n")
	for _, p := range []string{"fmt", "runtime", "sync/atomic", "time"} {
		if g.uses[p] {
			fmt.Fprintf(&body, "\t%q\n", p)
		}
	}
	body.WriteString("\t\"sync\"\n)\n\nvar x, y int\nvar z int64\nvar mu sync.Mutex\nvar wg sync.WaitGroup\nvar once sync.Once\n")
	fmt.Fprintf(&body, "var c0 = make(chan int, %d)\nvar c1 = make(chan int, %d)\nvar c2 = make(chan int, %d)\n\nfunc main() {\n", caps[0], caps[1], caps[2])
	body.WriteString(main.String())
	body.WriteString("}\n")
	return body.String()
}

// fuzzGoSeeds are generator inputs the fuzz targets start from.
var fuzzGoSeeds = [][]byte{
	{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
	{2, 2, 1, 2, 3, 0, 4, 1, 5, 0, 6, 1, 7, 2, 8, 3, 9},
	{1, 1, 1, 3, 3, 4, 1, 4, 0, 0, 1, 2, 5, 2, 6, 2, 2, 0, 3},
	{0, 0, 0, 2, 1, 6, 0, 6, 0, 2, 0, 16, 0, 0},
	{2, 1, 0, 3, 2, 11, 1, 14, 0, 7, 2, 19, 0, 13, 1, 18, 3},
	{1, 2, 1, 1, 3, 12, 2, 12, 1, 5, 0, 1, 0, 0, 1, 9, 15, 2, 17},
}

// FuzzGoProgram compiles a generated Go program and checks its run and
// its exploration.
func FuzzGoProgram(f *testing.F) {
	for _, s := range fuzzGoSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &goGen{data: data}
		src := g.program()
		sc, err := gofront.Compile(src)
		if err != nil {
			if pe, ok := err.(*sim.ParseError); ok && pe.Code == "go_type" {
				t.Fatalf("the generator wrote a program Go rejects: %v\n%s", err, src)
			}
			return // outside the subset: the generator's fault, not the engine's
		}
		checkGoRun(t, sc, src)
	})
}

// FuzzGoSource compiles source text and checks the run and exploration of
// what compiles.
func FuzzGoSource(f *testing.F) {
	files, _ := filepath.Glob("../gofront/testdata/*.txtar")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// The program is the "-- main.go --" section of the golden.
		if _, rest, ok := strings.Cut(string(b), "-- main.go --\n"); ok {
			prog, _, _ := strings.Cut(rest, "\n-- ")
			f.Add(prog + "\n")
		}
	}
	for _, s := range fuzzGoSeeds {
		f.Add((&goGen{data: s}).program())
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 8<<10 {
			return
		}
		sc, err := gofront.Compile(src)
		if err != nil {
			return
		}
		checkGoRun(t, sc, src)
	})
}

// checkGoRun runs sc for a bounded number of steps under two seeds,
// checking the engine's invariants after every step, that output events
// name consecutive lines, and that a process that panics exits with status
// 2; then it explores sc (bounded) and replays each complete outcome's
// witness to the same variables and output.
func checkGoRun(t *testing.T, sc *sim.Scenario, src string) {
	t.Helper()
	for _, seed := range []uint64{1, 99} {
		e := sim.New(sc, sim.Options{Seed: seed, MaxSteps: 3000})
		next := int64(0)
		var panicked []sim.PID
		for !e.Done() {
			for _, ev := range e.Step() {
				switch ev.Kind {
				case sim.EvOutput:
					if ev.Value != next {
						t.Fatalf("seed %d step %d: output event names line %d; want %d\n%s", seed, e.StepNum(), ev.Value, next, src)
					}
					next++
				case sim.EvPanic, sim.EvAllAsleep:
					if ev.Value < 0 || ev.Value >= int64(len(e.Output())) || !e.Output()[ev.Value].Stderr {
						t.Fatalf("seed %d step %d: %v names output line %d of %d, not a stderr line\n%s", seed, e.StepNum(), ev.Kind, ev.Value, len(e.Output()), src)
					}
					panicked = append(panicked, ev.Task)
				}
			}
			if err := sim.CheckGoInvariants(e); err != nil {
				t.Fatalf("seed %d: %v\n%s", seed, err, src)
			}
			if got := int64(len(e.Output())); got != next {
				t.Fatalf("seed %d step %d: %d output lines but %d output events\n%s", seed, e.StepNum(), got, next, src)
			}
		}
		for _, pid := range panicked {
			for _, tk := range e.Tasks() {
				if tk.PID != pid {
					continue
				}
				leader := tk
				for _, l := range e.Tasks() {
					if l.PID == tk.TGID {
						leader = l
					}
				}
				if leader.State != sim.StateZombie && leader.State != sim.StateDead || leader.ExitCode != 2 {
					t.Fatalf("seed %d: P%d panicked but its process P%d is %v with exit code %d\n%s", seed, pid, leader.PID, leader.State, leader.ExitCode, src)
				}
			}
		}
	}
	r := sim.Explore(sc, sim.ExploreOptions{MaxStates: 3000, MaxDepth: 400})
	for k, o := range r.Outcomes {
		if k == 4 {
			break
		}
		if strings.Contains(strings.Join(o.Violations, " "), "step_limit") {
			continue
		}
		e := sim.New(sim.Interleaved(sc), sim.Options{Choices: o.Witness, MaxSteps: 5000})
		for !e.Done() {
			e.Step()
		}
		var b strings.Builder
		for _, l := range e.Output() {
			b.WriteString(l.Text)
		}
		if got := b.String(); got != o.Output {
			t.Fatalf("outcome %d: witness %v prints\n%s\nwant\n%s\n%s", k, o.Witness, got, o.Output, src)
		}
		for v := range sc.Vars {
			if got, want := e.Var(v), o.Vars[v]; got != want {
				t.Fatalf("outcome %d: witness %v ends with %s = %d; want %d\n%s", k, o.Witness, sc.Vars[v].Name, got, want, src)
			}
		}
	}
}
