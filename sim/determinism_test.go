package sim

import (
	"path/filepath"
	"testing"
)

// scenarios returns every scenario the tests know: the golden files here and
// the extra ones a test adds (the lessons are checked by package assets).
func goldenScenarios(t *testing.T) map[string]*Scenario {
	t.Helper()
	files, _ := filepath.Glob("testdata/*.txtar")
	out := map[string]*Scenario{}
	for _, f := range files {
		_, sc, _ := loadGolden(t, f)
		out[filepath.Base(f)] = sc
	}
	return out
}

// TestDeterministic runs every scenario twice, and once more through a
// clone taken halfway, and requires identical traces.
func TestDeterministic(t *testing.T) {
	for name, sc := range goldenScenarios(t) {
		for _, seed := range []uint64{0, 7, 1 << 40} {
			opt := Options{Seed: seed, MaxSteps: 5000}
			a, b := trace(t, sc, opt), trace(t, sc, opt)
			if a != b {
				t.Errorf("%s: two runs differ (seed %d, choices %v)\n%s", name, seed, opt.Choices, firstDiff(a, b))
			}
			if got, want := eventsViaClone(sc, opt), eventsDirect(sc, opt); got != want {
				t.Errorf("%s: a clone taken halfway continues differently (seed %d)\n%s", name, seed, firstDiff(got, want))
			}
		}
	}
}

func eventsDirect(sc *Scenario, opt Options) string {
	e := New(sc, opt)
	var s string
	for !e.Done() {
		for _, ev := range e.Step() {
			s += sc.Describe(ev) + "\n"
		}
	}
	return s
}

func eventsViaClone(sc *Scenario, opt Options) string {
	e := New(sc, opt)
	var s string
	for i := 0; i < 7 && !e.Done(); i++ {
		for _, ev := range e.Step() {
			s += sc.Describe(ev) + "\n"
		}
	}
	c := e.Clone()
	e.Step() // the original moves on; the clone must not notice
	for !c.Done() {
		for _, ev := range c.Step() {
			s += sc.Describe(ev) + "\n"
		}
	}
	return s
}

// TestSeekMatchesReplay checks that every step reached through a recording's
// checkpoints equals the step reached by running from 0.
func TestSeekMatchesReplay(t *testing.T) {
	for name, sc := range goldenScenarios(t) {
		opt := Options{MaxSteps: 5000}
		rec := Record(sc, opt, 4) // small spacing: many checkpoints
		e := New(sc, opt)
		var want []string
		want = append(want, summary(e))
		for !e.Done() {
			e.Step()
			want = append(want, summary(e))
		}
		if rec.Total() != e.StepNum() {
			t.Fatalf("%s: recording total %d; want %d", name, rec.Total(), e.StepNum())
		}
		for n := rec.Total(); n >= 0; n-- {
			if got := summary(rec.Goto(n, n, nil)); got != want[n] {
				t.Errorf("%s: seek to %d\n got: %s\nwant: %s", name, n, got, want[n])
			}
		}
		var window []Event
		got := rec.Goto(rec.Total(), 2, func(evs []Event) { window = append(window, evs...) })
		if got.StepNum() != rec.Total() {
			t.Errorf("%s: seek ended at %d; want %d", name, got.StepNum(), rec.Total())
		}
		direct := 0
		for d := New(sc, opt); !d.Done(); {
			for _, ev := range d.Step() {
				if ev.Step > 2 {
					direct++
				}
			}
		}
		for _, ev := range window {
			if ev.Step <= 2 {
				t.Errorf("%s: window from step 2 holds an event of step %d", name, ev.Step)
			}
		}
		if len(window) != direct {
			t.Errorf("%s: window from step 2 has %d events; a direct run has %d after step 2", name, len(window), direct)
		}
	}
}

func summary(e *Engine) string {
	s := ""
	for _, t := range e.Tasks() {
		s += string(rune('0'+t.State)) + t.Name + " "
		s += string(rune('0' + t.PC))
	}
	return s + " ready=" + string(rune('0'+len(e.Ready(nil))))
}

// TestGotoLeavesRoomForTheRunsTasks checks that an engine Goto or CopyOf
// returns has room in its task table for the tasks the run creates up to
// the next checkpoint (to its end, past the last), so that stepping it
// there never grows (copies) the table; and that the checkpoints keep no
// such room (Bytes counts capacity).
func TestGotoLeavesRoomForTheRunsTasks(t *testing.T) {
	forks := 0
	for name, sc := range goldenScenarios(t) {
		const every = 4
		rec := Record(sc, Options{MaxSteps: 5000}, every)
		if len(rec.Goto(rec.Total(), rec.Total(), nil).tasks) > len(rec.checkpoints[0].tasks) {
			forks++
		}
		for n := int64(0); n <= rec.Total(); n++ {
			for _, e := range []*Engine{rec.Goto(n, n, nil), rec.CopyOf(rec.Goto(n, n, nil))} {
				room := cap(e.tasks)
				for e.StepNum() < min(rec.Total(), (n/every+1)*every) {
					e.Step()
				}
				if cap(e.tasks) != room {
					t.Fatalf("%s: the engine at step %d grew its task table from room for %d to %d by step %d", name, n, room, cap(e.tasks), e.StepNum())
				}
			}
		}
		for i, c := range rec.checkpoints {
			if cap(c.tasks) > len(c.tasks)+8 { // the allocator rounds up a little
				t.Errorf("%s: checkpoint %d keeps room for %d tasks beside its %d", name, i, cap(c.tasks), len(c.tasks))
			}
		}
	}
	if forks == 0 {
		t.Fatal("no golden scenario creates a task after step 0: the test checks nothing")
	}
}
