package lab

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"proclab/sim"
)

// outputUpTo is what a straight run of sc under opt printed by step n, as
// a viewer's lines.
func outputUpTo(t *testing.T, sc *sim.Scenario, opt sim.Options, n int64) []OutputLine {
	t.Helper()
	e := sim.New(sc, opt)
	for e.StepNum() < n && !e.Done() {
		e.Step()
	}
	return outputSince(e.Output(), 0)
}

// joinLines is lines as one comparable text (index, step, pid, text).
func joinLines(lines []OutputLine) string {
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%d@%d P%d %v %q\n", l.Index, l.Step, l.PID, l.Stderr, l.Text)
	}
	return b.String()
}

// TestGoSessionNavigation: stepping a Go run forward frame by frame,
// seeking back and forth at random, and a snapshot at every step all show
// the output a straight run printed by that step.
func TestGoSessionNavigation(t *testing.T) {
	for _, seed := range []uint64{1, 2, 42} {
		s := NewSession(nil)
		src := linksGoScenario
		if _, err := s.Load(LoadRequest{Scenario: &src, Seed: seed}, nil); err != nil {
			t.Fatal(err)
		}
		total := s.Total()
		want := outputUpTo(t, s.sc, s.opt, total)
		// Forward, frame by frame, from the start.
		s.At(0)
		var got []OutputLine
		for {
			f, ok := s.Forward()
			if !ok {
				break
			}
			got = append(got, f.Output...)
		}
		if g, w := joinLines(got), joinLines(want); g != w {
			t.Fatalf("seed %d: frames carry output\n%s\nwant\n%s", seed, g, w)
		}
		// Random seeks, back and forth.
		r := rand.New(rand.NewPCG(seed, 9))
		for range 40 {
			n := r.Int64N(total + 1)
			snap := s.At(n)
			w := outputUpTo(t, s.sc, s.opt, n)
			if snap.OutputOmitted != 0 {
				t.Fatalf("seed %d step %d: %d lines omitted from a small output", seed, n, snap.OutputOmitted)
			}
			if g, w := joinLines(snap.Output), joinLines(w); g != w {
				t.Errorf("seed %d: the snapshot at step %d shows\n%s\nwant\n%s", seed, n, g, w)
			}
			if f, ok := s.Forward(); ok {
				w2 := outputUpTo(t, s.sc, s.opt, n+1)
				if g, w := joinLines(append(snap.Output, f.Output...)), joinLines(w2); g != w {
					t.Errorf("seed %d: the frame after step %d adds %v; want the output to become\n%s", seed, n, f.Output, w)
				}
			}
		}
	}
}

// TestGoManualReplays: a Go run decided by hand ("who runs next", choosing
// the last candidate at every decision) shows the same output and state as
// a run loaded with those choices at once, as its share link does.
func TestGoManualReplays(t *testing.T) {
	src := linksGoScenario
	s := NewSession(nil)
	if _, err := s.Load(LoadRequest{Scenario: &src, Manual: true}, nil); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 200; k++ {
		es := s.src.(*engineSource)
		d := es.rec.Pending()
		if d == nil {
			break
		}
		s.At(s.Total())
		if _, _, err := s.Choose(d.Candidates[len(d.Candidates)-1], nil); err != nil {
			t.Fatalf("choice %d: %v", k, err)
		}
	}
	choices := s.Choices()
	if len(choices) == 0 {
		t.Fatal("the run made no decision by hand: the test needs a program with some")
	}
	manual := outputSince(s.src.(*engineSource).rec.Goto(s.Total(), s.Total(), nil).Output(), 0)
	replay := NewSession(nil)
	if _, err := replay.Load(LoadRequest{Scenario: &src, Manual: true, Choices: choices, Step: 1 << 40}, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := replay.Total(), s.Total(); got != want {
		t.Fatalf("the replay of choices %v ends at %d; the manual run at %d", choices, got, want)
	}
	a := s.src.(*engineSource).rec.StateHash(s.Total())
	b := replay.src.(*engineSource).rec.StateHash(replay.Total())
	if a != b {
		t.Errorf("the replay of choices %v shows another state (%x, want %x)", choices, b, a)
	}
	got := outputSince(replay.src.(*engineSource).rec.Goto(replay.Total(), replay.Total(), nil).Output(), 0)
	if g, w := joinLines(got), joinLines(manual); g != w {
		t.Errorf("the replay prints\n%s\nwant\n%s", g, w)
	}
}

// TestGoExploreWitnessesReplay: every outcome explore finds for a Go
// program (select cases, timers, a mutex) replays from its witness with
// interleave to the same variables and output.
func TestGoExploreWitnessesReplay(t *testing.T) {
	src := linksGoScenario
	s := NewSession(nil)
	if _, err := s.Load(LoadRequest{Scenario: &src}, nil); err != nil {
		t.Fatal(err)
	}
	x, err := s.Explore(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Outcomes) < 2 {
		t.Fatalf("%d outcomes; the test needs a program with several", len(x.Outcomes))
	}
	for k, o := range x.Outcomes {
		r := NewSession(nil)
		if _, err := r.Load(LoadRequest{Scenario: &src, Interleave: true, Choices: o.Witness, Step: 1 << 40}, nil); err != nil {
			t.Fatal(err)
		}
		e := r.src.(*engineSource).rec.Goto(r.Total(), r.Total(), nil)
		var b strings.Builder
		for _, l := range e.Output() {
			b.WriteString(l.Text)
		}
		if got := b.String(); got != o.Output {
			t.Errorf("outcome %d: witness %v prints\n%s\nwant\n%s", k, o.Witness, got, o.Output)
		}
		for v, d := range r.sc.Vars {
			if got, want := e.Var(v), o.Vars[d.Name]; got != want {
				t.Errorf("outcome %d: witness %v ends with %s = %d; want %d", k, o.Witness, d.Name, got, want)
			}
		}
	}
}
