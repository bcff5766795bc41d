package lab

import (
	"slices"
	"testing"

	"proclab/sim"
)

func TestReasonOf(t *testing.T) {
	tests := []struct {
		name string
		ev   sim.Event
		want Reason
	}{
		{"fork", sim.Event{Kind: sim.EvCreated, Task: 3, Other: 2, Cause: sim.CauseFork}, ReasonFork},
		{"clone", sim.Event{Kind: sim.EvCreated, Task: 4, Other: 2, Cause: sim.CauseClone}, ReasonFork},
		{"exec", sim.Event{Kind: sim.EvExec, Task: 3, Value: 1}, ReasonExec},
		{"arrival is routine", sim.Event{Kind: sim.EvCreated, Task: 2, Cause: sim.CauseArrival}, ""},
		{"goroutine start is routine", sim.Event{Kind: sim.EvCreated, Task: 5, Cause: sim.CauseGo}, ""},
		{"exit", sim.Event{Kind: sim.EvExit, Task: 3}, ReasonExit},
		{"reap by the parent", sim.Event{Kind: sim.EvReaped, Task: 3, Other: 2}, ReasonReap},
		{"auto-reap", sim.Event{Kind: sim.EvReaped, Task: 3, Other: 3}, ""},
		{"orphan adopted", sim.Event{Kind: sim.EvReparented, Task: 3, Other: 1}, ReasonOrphan},
		{"signal delivered", sim.Event{Kind: sim.EvSignalDelivered, Task: 3, Value: 15}, ReasonSignal},
		{"signal only sent", sim.Event{Kind: sim.EvSignalSent, Task: 3, Other: 2, Value: 15}, ""},
		{"data race", sim.Event{Kind: sim.EvRace, Task: 2, Other: 3}, ReasonRace},
		{"lost update", sim.Event{Kind: sim.EvLostUpdate, Task: 2, Other: 3}, ReasonRace},
		{"two in the critical section", sim.Event{Kind: sim.EvCSViolation, Task: 2, Other: 3}, ReasonRace},
		{"deadlock", sim.Event{Kind: sim.EvDeadlock, Task: 2, Other: 3}, ReasonDeadlock},
		{"all goroutines asleep", sim.Event{Kind: sim.EvAllAsleep, Task: 2}, ReasonDeadlock},
		{"MLFQ boost", sim.Event{Kind: sim.EvLevel, Task: 2, Cause: sim.CauseBoost}, ReasonBoost},
		{"MLFQ demotion is routine", sim.Event{Kind: sim.EvLevel, Task: 2, Value: 1, Cause: sim.CauseDemote}, ""},
		{"page copy", sim.Event{Kind: sim.EvPageCopy, Task: 3}, ReasonCOW},
		{"COW fault alone", sim.Event{Kind: sim.EvPageFault, Task: 3, Cause: sim.CauseCOW}, ""},
		{"pipe read blocks", sim.Event{Kind: sim.EvState, Task: 3, From: sim.StateRunning, To: sim.StateSleeping, Cause: sim.CausePipeRead}, ReasonIPCBlock},
		{"socket recv blocks", sim.Event{Kind: sim.EvState, Task: 3, From: sim.StateRunning, To: sim.StateSleeping, Cause: sim.CauseSockRecv}, ReasonIPCBlock},
		{"sleep is routine", sim.Event{Kind: sim.EvState, Task: 3, From: sim.StateRunning, To: sim.StateSleeping, Cause: sim.CauseSleep}, ""},
		{"woken by the pipe is routine", sim.Event{Kind: sim.EvState, Task: 3, From: sim.StateSleeping, To: sim.StateRunnable, Cause: sim.CauseIPCReady}, ""},
		{"context switch", sim.Event{Kind: sim.EvSwitch, Task: 3}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReasonOf(tc.ev); got != tc.want {
				t.Errorf("ReasonOf(%v) = %q; want %q", tc.ev.Kind, got, tc.want)
			}
		})
	}
}

func TestInteresting(t *testing.T) {
	fork := sim.Event{Step: 7, Kind: sim.EvCreated, Task: 3, Other: 2, Cause: sim.CauseFork}
	fork2 := sim.Event{Step: 7, Kind: sim.EvCreated, Task: 4, Other: 2, Cause: sim.CauseFork}
	exit := sim.Event{Step: 7, Kind: sim.EvExit, Task: 2}
	adopt := sim.Event{Step: 7, Kind: sim.EvReparented, Task: 3, Other: 1}
	sw := sim.Event{Step: 7, Kind: sim.EvSwitch, Task: 3}
	tests := []struct {
		name   string
		evs    []sim.Event
		want   []Reason
		wantOK bool
		hit    Hit
	}{
		{"nothing", nil, nil, false, Hit{}},
		{"routine only", []sim.Event{sw}, nil, false, Hit{}},
		{"one fork", []sim.Event{sw, fork}, nil, true, Hit{Step: 7, Reason: ReasonFork, Task: 3, Other: 2}},
		{"the earlier of two forks", []sim.Event{fork, fork2}, nil, true, Hit{Step: 7, Reason: ReasonFork, Task: 3, Other: 2}},
		{"an orphan beats the exit that made it", []sim.Event{exit, adopt}, nil, true, Hit{Step: 7, Reason: ReasonOrphan, Task: 3, Other: 1}},
		{"only the kinds asked for", []sim.Event{exit, adopt, fork}, []Reason{ReasonFork, ReasonExit}, true, Hit{Step: 7, Reason: ReasonExit, Task: 2}},
		{"none of the kinds asked for", []sim.Event{exit, sw}, []Reason{ReasonDeadlock}, false, Hit{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Interesting(tc.evs, tc.want)
			if ok != tc.wantOK || got != tc.hit {
				t.Errorf("Interesting = %+v, %v; want %+v, %v", got, ok, tc.hit, tc.wantOK)
			}
		})
	}
}

func TestParseReasons(t *testing.T) {
	tests := []struct {
		name    string
		in      []string
		want    []Reason
		wantErr bool
	}{
		{"none", nil, nil, false},
		{"two", []string{"fork", "deadlock"}, []Reason{ReasonFork, ReasonDeadlock}, false},
		{"unknown", []string{"fork", "boom"}, nil, true},
		{"twice", []string{"fork", "fork"}, nil, true},
		{"too many", make([]string, len(Reasons)+1), nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseReasons(tc.in)
			if (err != nil) != tc.wantErr || !slices.Equal(got, tc.want) {
				t.Errorf("ParseReasons(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
			}
			if err != nil && AsError(err).Code != CodeBadField {
				t.Errorf("ParseReasons(%q) error code %q; want %q", tc.in, AsError(err).Code, CodeBadField)
			}
		})
	}
}

// TestNextInteresting jumps through whole runs from step 0 and checks
// every stop against the snapshots: the step found has an event of its
// reason, the steps it skipped have none of any reason, the cursor does not
// move while it searches, and after the last stop the answer is "none".
func TestNextInteresting(t *testing.T) {
	ls := testLessons(t)
	tests := []struct {
		name string
		req  LoadRequest
		want []Reason // reasons that must be among the stops
	}{
		{"lifecycle", LoadRequest{Lesson: "lifecycle"}, []Reason{ReasonFork, ReasonExit, ReasonReap}},
		{"orphans", LoadRequest{Lesson: "orphans"}, []Reason{ReasonOrphan}},
		{"signals", LoadRequest{Lesson: "signals"}, []Reason{ReasonSignal}},
		{"mlfq", LoadRequest{Lesson: "mlfq"}, []Reason{ReasonBoost}},
		{"lost update", LoadRequest{Lesson: "lost-update"}, []Reason{ReasonRace}},
		{"deadlock", LoadRequest{Lesson: "deadlock"}, []Reason{ReasonDeadlock}},
		{"cow", LoadRequest{Lesson: "cow"}, []Reason{ReasonCOW}},
		{"pipes", LoadRequest{Lesson: "pipes"}, []Reason{ReasonIPCBlock}},
		{"an OSTEP run (frames)", LoadRequest{Ostep: "process-run -l 2:100,2:0"}, []Reason{ReasonExit}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSession(ls)
			if _, err := s.Load(tc.req, nil); err != nil {
				t.Fatalf("load: %v", err)
			}
			seen := map[Reason]bool{}
			stops := 0
			for {
				from := s.Step()
				sc := s.NextInteresting(nil, nil)
				if got := s.Step(); got != from {
					t.Fatalf("the search moved the cursor from %d to %d", from, got)
				}
				if !sc.Complete {
					t.Fatalf("a search without stop is incomplete: %+v", sc)
				}
				end := s.Total()
				if sc.Found {
					end = sc.Hit.Step
				}
				if sc.Searched != end {
					t.Errorf("from %d: searched to %d; want %d", from, sc.Searched, end)
				}
				for k := from + 1; k < end; k++ {
					if h, ok := Interesting(eventsAt(s, k), nil); ok {
						t.Fatalf("from %d: step %d has %+v, but the search went on to %d", from, k, h, end)
					}
				}
				if !sc.Found {
					break
				}
				h, ok := Interesting(eventsAt(s, sc.Hit.Step), nil)
				if !ok || h != sc.Hit {
					t.Fatalf("from %d: the stop %+v; the snapshot of its step gives %+v, %v", from, sc.Hit, h, ok)
				}
				seen[sc.Hit.Reason] = true
				stops++
				s.At(sc.Hit.Step)
			}
			for _, r := range tc.want {
				if !seen[r] {
					t.Errorf("no stop for %q among %d stops (saw %v)", r, stops, seen)
				}
			}
		})
	}
}

// TestNextInterestingFilterAndStop asks for one reason only, and stops a
// search at once.
func TestNextInterestingFilterAndStop(t *testing.T) {
	s := NewSession(testLessons(t))
	if _, err := s.Load(LoadRequest{Lesson: "orphans"}, nil); err != nil {
		t.Fatalf("load: %v", err)
	}
	sc := s.NextInteresting([]Reason{ReasonOrphan}, nil)
	if !sc.Found || sc.Hit.Reason != ReasonOrphan {
		t.Fatalf("got %+v; want an orphan", sc)
	}
	first := s.NextInteresting(nil, nil)
	if !first.Found || first.Hit.Step >= sc.Hit.Step {
		t.Errorf("the first stop of any reason is %+v; want one before the orphan at step %d", first, sc.Hit.Step)
	}
	stopped := s.NextInteresting([]Reason{ReasonDeadlock}, func() bool { return true })
	if s.Total() >= 64 && (stopped.Complete || stopped.Found) {
		t.Errorf("a stopped search answered %+v; want incomplete, not found", stopped)
	}
}

// eventsAt is the events of step k, from a snapshot (which moves s).
func eventsAt(s *Session, k int64) []sim.Event {
	var out []sim.Event
	for _, ev := range s.At(k).Events {
		if ev.Step == k {
			out = append(out, ev)
		}
	}
	return out
}
