package lab

import (
	"testing"

	"proclab/sim"
)

// TestLockCountersLive walks the deadlock and spin lessons step by step
// and checks the live lock counters: a thread counts as contended from the
// step it finds the lock held, its wait grows by one tick a step while it
// waits, the counters never go back, and they agree with the engine's own
// counts (finished acquisitions) plus the waits under way.
func TestLockCountersLive(t *testing.T) {
	ls := testLessons(t)
	for _, c := range []struct {
		lesson   string
		lock     string
		spinning bool  // the waiter spins (else it blocks in the queue)
		minWait  int64 // the longest wait must reach this while the waiter waits
	}{
		{"deadlock", "a", false, 5},
		{"deadlock", "b", false, 5},
		{"spin-vs-block", "s", true, 5},
		{"spin-vs-block", "m", false, 5},
	} {
		t.Run(c.lesson+"/"+c.lock, func(t *testing.T) {
			s := NewSession(ls)
			if _, err := s.Load(LoadRequest{Lesson: c.lesson}, nil); err != nil {
				t.Fatal(err)
			}
			l, _ := ls.Get(c.lesson)
			o := -1
			for k, d := range l.Scenario.Objects {
				if d.Name == c.lock {
					o = k
				}
			}
			if o < 0 {
				t.Fatalf("no lock %q in lesson %s", c.lock, c.lesson)
			}
			var prev *LockLive
			var firstWait, waitingSteps, longest int64
			for {
				f, ok := s.Forward()
				if !ok {
					break
				}
				obj := f.Objects[o]
				l := obj.Live
				if l == nil {
					t.Fatalf("step %d: got no live counters for lock %s", f.Step, c.lock)
				}
				var ongoing int64
				for _, w := range l.Waits {
					ongoing += w.Ticks
					if got, want := w.Ticks, f.Step-w.Since; got != want {
						t.Errorf("step %d: got %d ticks for PID %d waiting since %d; want %d", f.Step, got, w.PID, w.Since, want)
					}
					if w.Spinning != c.spinning {
						t.Errorf("step %d: got spinning %v for PID %d; want %v", f.Step, w.Spinning, w.PID, c.spinning)
					}
				}
				if got, want := l.Contended, obj.Contended+int64(len(l.Waits)); got != want {
					t.Errorf("step %d: got contended %d; want %d finished + %d waiting", f.Step, got, obj.Contended, len(l.Waits))
				}
				if got, want := l.TotalWait, obj.TotalWait+ongoing; got != want {
					t.Errorf("step %d: got total wait %d; want %d finished + %d ongoing", f.Step, got, obj.TotalWait, ongoing)
				}
				if got, want := l.Waiting, len(l.Waits); got != want {
					t.Errorf("step %d: got %d waiting; want %d", f.Step, got, want)
				}
				if prev != nil && (l.Contended < prev.Contended || l.TotalWait < prev.TotalWait || l.MaxWait < prev.MaxWait) {
					t.Errorf("step %d: counters went back: %+v after %+v", f.Step, *l, *prev)
				}
				if l.Waiting > 0 {
					if firstWait == 0 {
						firstWait = f.Step
						if l.Contended < 1 {
							t.Errorf("step %d: a thread waits and got contended %d; want at least 1", f.Step, l.Contended)
						}
					}
					if prev != nil && prev.Waiting > 0 && l.Waiting == prev.Waiting && l.TotalWait != prev.TotalWait+int64(l.Waiting) {
						t.Errorf("step %d: got total wait %d after %d with %d waiting; want it to grow by %d", f.Step, l.TotalWait, prev.TotalWait, l.Waiting, l.Waiting)
					}
					waitingSteps++
				}
				longest = max(longest, l.MaxWait)
				prev = l
			}
			if firstWait == 0 || waitingSteps < c.minWait || longest < c.minWait {
				t.Errorf("got a first wait at step %d, %d steps with a waiter, longest wait %d; want a wait of at least %d ticks", firstWait, waitingSteps, longest, c.minWait)
			}
		})
	}
}

// TestLockWaitsNotALock checks that objects that are not locks get no
// live counters.
func TestLockWaitsNotALock(t *testing.T) {
	sc, err := sim.Parse("semaphore s = 0\nthread a\n  sem_wait s\nthread b\n  compute 3\n  sem_post s\n")
	if err != nil {
		t.Fatal(err)
	}
	e := sim.New(sc, sim.Options{})
	for range 3 {
		e.Step()
	}
	if got := e.LockWaits(0, nil); len(got) != 0 {
		t.Errorf("got waits %+v on a semaphore; want none", got)
	}
	if got := lockLiveOf(e, 0, sim.ObjStats{}); got != nil {
		t.Errorf("got live counters %+v on a semaphore; want nil", *got)
	}
}
