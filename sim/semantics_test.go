package sim

import (
	"path/filepath"
	"testing"
)

func TestReplays(t *testing.T) {
	tests := []struct {
		v    int
		want bool
	}{
		{0, false},
		{1, false}, // links without a version: the engine changed under them (see SemanticsVersion)
		{SemanticsVersion, true},
		{SemanticsVersion + 1, false}, // a link from a newer server
		{-1, false},
	}
	for _, tt := range tests {
		if got := Replays(tt.v); got != tt.want {
			t.Errorf("Replays(%d) = %t; want %t", tt.v, got, tt.want)
		}
	}
}

// TestReplaysScenario checks that only the jobs model's version-5 links
// lose exact replay in version 6.
func TestReplaysScenario(t *testing.T) {
	jobs := &Scenario{Jobs: true}
	procs := &Scenario{}
	tests := []struct {
		v    int
		sc   *Scenario
		want bool
	}{
		{SemanticsVersion, jobs, true},
		{SemanticsVersion, procs, true},
		{5, jobs, false},
		{5, procs, true},
		{4, procs, false},
		{1, procs, false},
		{SemanticsVersion + 1, procs, false},
	}
	for _, tt := range tests {
		if got := ReplaysScenario(tt.v, tt.sc); got != tt.want {
			t.Errorf("ReplaysScenario(%d, jobs %t) = %t; want %t", tt.v, tt.sc.Jobs, got, tt.want)
		}
	}
}

// hashScenario parses a scenario for the hash tests.
func hashScenario(t *testing.T, text string) *Scenario {
	t.Helper()
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestStateHashDeterministic requires equal digests from two runs of every
// golden scenario at every step, and from a recording reached through
// checkpoints of any spacing.
func TestStateHashDeterministic(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, f := range files {
		_, sc, opt := loadGolden(t, f)
		opt.MaxSteps = 300
		a, b := New(sc, opt), New(sc, opt)
		var hashes []uint64
		for !a.Done() {
			a.Step()
			b.Step()
			if got, want := a.StateHash(), b.StateHash(); got != want {
				t.Fatalf("%s: step %d: two runs hash %016x and %016x (seed %d, choices %v)", f, a.StepNum(), got, want, opt.Seed, opt.Choices)
			}
			hashes = append(hashes, a.StateHash())
		}
		r1, r3 := Record(sc, opt, 0), Record(sc, opt, 3)
		for _, n := range []int64{0, 1, r1.Total() / 2, r1.Total()} {
			if got, want := r3.StateHash(n), r1.StateHash(n); got != want {
				t.Errorf("%s: step %d: checkpoints every 3 steps hash %016x; every %d: %016x (seed %d, choices %v)",
					f, n, got, DefaultCheckpointEvery, want, opt.Seed, opt.Choices)
			}
			if n > 0 {
				if got, want := r1.Goto(n, n, nil).StateHash(), hashes[n-1]; got != want {
					t.Errorf("%s: step %d: recorded engine hashes %016x; stepped engine %016x", f, n, got, want)
				}
			}
		}
	}
}

const hashThreads = `var counter = 0
mutex m
thread a
  lock m
  counter = counter + 1
  unlock m
thread b
  lock m
  counter = counter + 1
  unlock m
`

// TestStateHashSeesWhatViewersSee changes one thing a viewer sees (or one
// that no view shows) in a copy of an engine and checks the digest.
func TestStateHashSeesWhatViewersSee(t *testing.T) {
	procs := New(hashScenario(t, "process a\n  compute 3\n  io 2\nprocess b\n  compute 4\nprocess c\n  compute 1\n"), Options{})
	for range 3 {
		procs.Step()
	}
	threads := New(hashScenario(t, hashThreads), Options{})
	for range 2 {
		threads.Step()
	}
	tests := []struct {
		name    string
		base    *Engine
		change  func(e *Engine)
		visible bool
	}{
		{"nothing", procs, func(e *Engine) {}, false},
		{"pc", procs, func(e *Engine) { e.tasks[1].PC++ }, true},
		{"state", procs, func(e *Engine) { e.tasks[2].State = StateStopped }, true},
		{"cpu", procs, func(e *Engine) { e.tasks[1].CPU = 1 }, true},
		{"mode", procs, func(e *Engine) { e.tasks[1].Kernel = !e.tasks[1].Kernel }, true},
		{"exit code", procs, func(e *Engine) { e.tasks[1].ExitCode = 9 }, true},
		{"user ticks", procs, func(e *Engine) { e.tasks[1].UserTicks++ }, true},
		{"kernel ticks", procs, func(e *Engine) { e.tasks[0].KernelTicks++ }, true},
		{"voluntary switches", procs, func(e *Engine) { e.tasks[1].Voluntary++ }, true},
		{"nonvoluntary switches", procs, func(e *Engine) { e.tasks[2].Involuntary++ }, true},
		{"pending signal", procs, func(e *Engine) { e.tasks[2].Pending |= SIGUSR1.mask() }, true},
		{"name", procs, func(e *Engine) { e.tasks[2].Name = "z" }, true},
		{"parent", procs, func(e *Engine) { e.tasks[2].PPID = 2 }, true},
		{"mlfq level", procs, func(e *Engine) { e.tasks[2].Level = 1 }, true},
		{"ready order", procs, func(e *Engine) { e.ready[0], e.ready[1] = e.ready[1], e.ready[0] }, true},
		{"cpu activity", procs, func(e *Engine) { e.cpus[0].did = Idle }, true},
		{"context switches", procs, func(e *Engine) { e.switches++ }, true},
		{"step", procs, func(e *Engine) { e.step++ }, true},
		{"done", procs, func(e *Engine) { e.done = true }, true},
		{"tickets (not shown)", procs, func(e *Engine) { e.tasks[1].Tickets = 7 }, false},
		{"vruntime (not shown)", procs, func(e *Engine) { e.tasks[1].Vruntime = 99 }, false},
		{"decision counter (not shown)", procs, func(e *Engine) { e.decisions += 5 }, false},
		{"shared variable", threads, func(e *Engine) { e.mem[0]++ }, true},
		{"lock holder", threads, func(e *Engine) { e.objs[0].holder = 2 }, true},
		{"lock queue", threads, func(e *Engine) { e.objs[0].queue = append(e.objs[0].queue, 1) }, true},
		{"lock statistics", threads, func(e *Engine) { e.objs[0].Contended++ }, true},
		{"held since", threads, func(e *Engine) { e.objs[0].HeldSince++ }, true},
		{"thread local", threads, func(e *Engine) { e.tasks[1].Locals[0]++ }, true},
		{"waits on", threads, func(e *Engine) { e.tasks[2].waitObj = 0 }, true},
		{"critical section", threads, func(e *Engine) { e.tasks[2].csDepth++ }, true},
	}
	for _, tt := range tests {
		c := tt.base.Clone()
		tt.change(c)
		if got := c.StateHash() != tt.base.StateHash(); got != tt.visible {
			t.Errorf("%s: digest changed = %t; want %t", tt.name, got, tt.visible)
		}
	}
}

func TestHashEvents(t *testing.T) {
	a := Event{Step: 3, Kind: EvState, Task: 2, CPU: 0, From: StateRunnable, To: StateRunning, Cause: CauseDispatch}
	b := Event{Step: 3, Kind: EvSwitch, Task: 2, Other: 3, CPU: 0, Voluntary: true}
	base := HashEvents(0, []Event{a, b})
	tests := []struct {
		name string
		evs  []Event
		same bool
	}{
		{"same events", []Event{a, b}, true},
		{"one call per event", nil, true},
		{"order", []Event{b, a}, false},
		{"one event less", []Event{a}, false},
		{"cause", []Event{{Step: 3, Kind: EvState, Task: 2, CPU: 0, From: StateRunnable, To: StateRunning, Cause: CauseQuantum}, b}, false},
		{"voluntary", []Event{a, {Step: 3, Kind: EvSwitch, Task: 2, Other: 3, CPU: 0}}, false},
		{"arg", []Event{a, {Step: 3, Kind: EvSwitch, Task: 2, Other: 3, CPU: 0, Voluntary: true, Arg: 1}}, false},
	}
	for _, tt := range tests {
		got := HashEvents(0, tt.evs)
		if tt.evs == nil {
			got = HashEvents(HashEvents(0, []Event{a}), []Event{b})
		}
		if (got == base) != tt.same {
			t.Errorf("%s: digest %016x, base %016x; want equal = %t", tt.name, got, base, tt.same)
		}
	}
}

// TestRecordingStateHash checks that the recording's digest covers the
// events up to the step and, at the end of a manual run, the decision it
// stopped at.
func TestRecordingStateHash(t *testing.T) {
	sc := hashScenario(t, "process a\n  compute 2..5\nprocess b\n  compute 3\n")
	rec := Record(sc, Options{Manual: true}, 0)
	if rec.Pending() == nil {
		t.Fatal("the manual run did not stop at a decision")
	}
	end := rec.Total()
	before := rec.StateHash(end)
	d := *rec.Pending()
	d.Shortest = d.Candidates[len(d.Candidates)-1]
	if d.Shortest == rec.Pending().Shortest {
		d.Shortest = d.Candidates[0]
	}
	rec.pending = &d
	if rec.StateHash(end) == before {
		t.Errorf("the digest at the end (step %d) ignores the pending decision", end)
	}
	if end > 0 && rec.StateHash(end-1) == rec.StateHash(end) {
		t.Errorf("steps %d and %d have the same digest", end-1, end)
	}

	// Two runs that end in the same state by different paths differ by
	// their events: "a" waits once on the CPU in one and not in the other.
	x := Record(hashScenario(t, "policy fcfs\nprocess a\n  compute 2\nprocess b\n  compute 2\n"), Options{}, 0)
	y := Record(hashScenario(t, "policy fcfs\nprocess a\n  compute 2\nprocess b\n  compute 2\n"), Options{Choices: []PID{3}}, 0)
	if x.Total() != y.Total() {
		t.Fatalf("totals %d and %d; want equal", x.Total(), y.Total())
	}
	if x.StateHash(x.Total()) == y.StateHash(y.Total()) {
		t.Errorf("two runs with different schedules have the same digest at step %d", x.Total())
	}
}
