package lab

import (
	"reflect"
	"slices"
	"testing"

	"proclab/assets"
	"proclab/internal/fieldtest"
	"proclab/internal/workload"
	"proclab/sim"
)

func TestWindowStarts(t *testing.T) {
	for _, c := range []struct {
		n, from int64
		want    []int64
	}{
		{3906, 3706, []int64{3706, 3806, 3856, 3881, 3894, 3900, 3903, 3905}},
		{250, 50, []int64{50, 150, 200, 225, 238, 244, 247, 249}},
		{5, 0, []int64{0, 2, 4}},
		{1, 0, []int64{0}},
		{0, 0, []int64{0}},
	} {
		if got := windowStarts(c.n, c.from); !reflect.DeepEqual(got, c.want) {
			t.Errorf("windowStarts(%d, %d) = %v; want %v", c.n, c.from, got, c.want)
		}
	}
}

// TestSnapshotWindowIsBoundedByEvents checks a snapshot's window against
// the events of the steps before it, counted by a replay of its own: the
// window starts at the oldest of windowStarts whose steps make at most
// WindowEvents events (the last step alone when none does), both when a
// load takes it while recording and when At replays it. A small run keeps
// its 200 steps (16 tasks); the largest run the limits allow carries 50
// (its steps make about 47 events each).
func TestSnapshotWindowIsBoundedByEvents(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	largest, small := workload.Largest(), workload.Endless(16, 2)
	for _, c := range []struct {
		name  string
		req   LoadRequest
		start int64 // the window's first step (its base), -1: not checked by value
	}{
		{"the largest run at its last step", LoadRequest{Scenario: &largest, Step: 3906}, 3856},
		{"the largest run at step 2000", LoadRequest{Scenario: &largest, Step: 2000}, -1},
		{"the largest run at step 3", LoadRequest{Scenario: &largest, Step: 3}, -1},
		{"16 tasks on 2 CPUs at step 500", LoadRequest{Scenario: &small, Step: 500}, 300},
		{"16 tasks on 2 CPUs at step 150", LoadRequest{Scenario: &small, Step: 150}, -1},
		{"a lesson with threads (their locals) at step 40", LoadRequest{Lesson: "mutex", Step: 40}, -1},
	} {
		s := NewSession(ls)
		loaded, err := s.Load(c.req, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		n := loaded.Step
		// The events of each step of the longest window, by a replay.
		from := max(0, n-Window)
		e := s.src.(*engineSource).rec.Goto(from, from, nil).Clone()
		perStep := map[int64]int{}
		tables := map[int64][]Task{e.StepNum(): tasksOf(e)} // the task table at each step that may start the window, and n-1
		for e.StepNum() < n {
			evs := e.Step()
			perStep[e.StepNum()] = len(evs)
			if k := e.StepNum(); slices.Contains(windowStarts(n, from), k) || k == n-1 {
				tables[k] = tasksOf(e)
			}
		}
		after := func(k int64) int {
			sum := 0
			for j := k + 1; j <= n; j++ {
				sum += perStep[j]
			}
			return sum
		}
		starts := windowStarts(n, from)
		want := starts[len(starts)-1]
		for _, k := range starts {
			if after(k) <= WindowEvents {
				want = k
				break
			}
		}
		if c.start >= 0 && want != c.start {
			t.Fatalf("%s: the replay puts the window's start at %d; the test expects %d", c.name, want, c.start)
		}
		for _, snap := range []Snapshot{loaded, s.At(n)} {
			if snap.Base.Step != want || len(snap.Events) != after(want) {
				t.Errorf("%s: the window starts at step %d with %d events; want step %d with %d (longest window: %d events)",
					c.name, snap.Base.Step, len(snap.Events), want, after(want), after(from))
			}
			// Only the oldest start kept holds a whole table; a later one is
			// made whole from it when it is dropped (snapshotWatch).
			if !reflect.DeepEqual(snap.Base.Tasks, tables[want]) {
				t.Errorf("%s: the window's base (%d tasks) is not the task table at step %d (%d tasks)", c.name, len(snap.Base.Tasks), want, len(tables[want]))
			}
			if n > 0 && !reflect.DeepEqual(snap.Prev, tables[n-1]) {
				t.Errorf("%s: prev (%d tasks) is not the task table at step %d (%d tasks)", c.name, len(snap.Prev), n-1, len(tables[n-1]))
			}
			if len(snap.Events) > 0 && (snap.Events[0].Step <= want || snap.Events[len(snap.Events)-1].Step > n) {
				t.Errorf("%s: the window's events run from step %d to %d; want steps %d..%d", c.name, snap.Events[0].Step, snap.Events[len(snap.Events)-1].Step, want+1, n)
			}
		}
	}
}

// TestFrameSourceWindowIsBoundedByEvents: an OSTEP run's frames are
// windowed the same way (100 events a step: 25 steps of 2,500 events).
func TestFrameSourceWindowIsBoundedByEvents(t *testing.T) {
	frames := make([]Frame, 300)
	for k := range frames {
		frames[k].Step = int64(k)
		if k > 0 {
			frames[k].Events = make([]sim.Event, 100)
			for i := range frames[k].Events {
				frames[k].Events[i].Step = int64(k)
			}
		}
	}
	for _, c := range []struct{ n, start int64 }{{299, 274}, {20, 0}, {40, 15}} {
		s := &frameSource{frames: frames}
		snap := s.At(c.n, max(0, c.n-Window))
		if snap.Base.Step != c.start || len(snap.Events) != int(100*(c.n-c.start)) {
			t.Errorf("At(%d): the window starts at step %d with %d events; want step %d with %d", c.n, snap.Base.Step, len(snap.Events), c.start, 100*(c.n-c.start))
		}
	}
}

// TestSameTaskSeesEveryField: a start's task table is kept as the tasks
// that differ from the start's before it (snapshotWatch), so sameTask must
// see a change of any field.
func TestSameTaskSeesEveryField(t *testing.T) {
	base := Task{PID: 2, Locals: []int64{1}}
	fieldtest.EachChanged(t, base, func(changed Task, field string) {
		if sameTask(&base, &changed) {
			t.Errorf("sameTask misses a change of %s", field)
		}
	})
	if c := (Task{PID: 2, Locals: []int64{1}}); !sameTask(&base, &c) {
		t.Error("sameTask: an equal copy differs")
	}
}
