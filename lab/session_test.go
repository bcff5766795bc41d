package lab

import (
	"errors"
	"testing"

	"proclab/assets"
	"proclab/sim"
)

func testLessons(t *testing.T) *Lessons {
	t.Helper()
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// TestSessionMoves opens a lesson and moves through it: forward, seek back
// and forth, the end; every snapshot matches an engine run directly.
func TestSessionMoves(t *testing.T) {
	ls := testLessons(t)
	s := NewSession(ls)
	snap, err := s.Load(LoadRequest{Lesson: "lifecycle", Step: 5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Step != 5 || s.Step() != 5 || s.Run().Lesson != "lifecycle" || s.Run().Semantics != sim.SemanticsVersion {
		t.Fatalf("opened at %d (cursor %d), run %+v", snap.Step, s.Step(), s.Run())
	}
	l, _ := ls.Get("lifecycle")
	direct := sim.New(l.Scenario, sim.Options{})
	for direct.StepNum() < 5 {
		direct.Step()
	}
	for i, task := range direct.Tasks() {
		if snap.Tasks[i].PID != task.PID || snap.Tasks[i].State != task.State {
			t.Errorf("task %d: %v %v; the engine has %v %v", i, snap.Tasks[i].PID, snap.Tasks[i].State, task.PID, task.State)
		}
	}
	f, ok := s.Forward()
	if !ok || f.Step != 6 || s.Step() != 6 {
		t.Fatalf("forward: step %d ok %v cursor %d", f.Step, ok, s.Step())
	}
	if back := s.At(2); back.Step != 2 || back.Base.Step != 0 || len(back.Events) == 0 {
		t.Errorf("seek back: step %d base %d, %d events", back.Step, back.Base.Step, len(back.Events))
	}
	end := s.At(1 << 40)
	if end.Step != s.Total() || !s.AtEnd() {
		t.Errorf("seek past the end: step %d of %d", end.Step, s.Total())
	}
	if _, ok := s.Forward(); ok {
		t.Error("forward at the end moved")
	}
}

// TestSessionRefusals checks that every refusal is a lab *Error with its
// code, and leaves the open run as it was.
func TestSessionRefusals(t *testing.T) {
	bad := "process a\n  comptue 3\n"
	huge := string(make([]byte, MaxScenarioBytes+1))
	for _, tc := range []struct {
		name string
		req  LoadRequest
		code Code
	}{
		{"nothing", LoadRequest{}, CodeBadField},
		{"two sources", LoadRequest{Lesson: "lifecycle", Ostep: "process-run -l 1:100"}, CodeBadField},
		{"unknown lesson", LoadRequest{Lesson: "nope"}, CodeUnknownLesson},
		{"parse error", LoadRequest{Scenario: &bad}, CodeParse},
		{"scenario too large", LoadRequest{Scenario: &huge}, CodeTooLarge},
		{"negative step", LoadRequest{Lesson: "lifecycle", Step: -1}, CodeBadField},
		{"bad picker", LoadRequest{Lesson: "lifecycle", Picker: "coin"}, CodeBadField},
		{"too many choices", LoadRequest{Lesson: "lifecycle", Choices: make([]sim.PID, MaxChoices+1)}, CodeTooLarge},
		{"bad ostep", LoadRequest{Ostep: "scheduler.py -l 3"}, CodeBadField},
		{"x86 without a program", LoadRequest{Ostep: "x86-intro -t 2"}, CodeBadField},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSession(testLessons(t))
			if _, err := s.Load(LoadRequest{Lesson: "orphans", Step: 3}, nil); err != nil {
				t.Fatal(err)
			}
			before := s.Run()
			_, err := s.Load(tc.req, nil)
			var le *Error
			if !errors.As(err, &le) || le.Code != tc.code {
				t.Fatalf("got %v; want a lab error with code %s", err, tc.code)
			}
			if tc.code == CodeParse && (le.Line != 2 || le.Col == 0) {
				t.Errorf("parse error at %d:%d; want line 2", le.Line, le.Col)
			}
			if s.Run().Lesson != before.Lesson || s.Step() != 3 {
				t.Errorf("the refusal changed the session: lesson %q at %d", s.Run().Lesson, s.Step())
			}
		})
	}
}

// TestSessionChooseAndExplore checks manual mode and explore through the
// session: a wrong choice is refused, the lost update is found, and its
// witness replays to the same outcome.
func TestSessionChooseAndExplore(t *testing.T) {
	s := NewSession(testLessons(t))
	if _, err := s.Load(LoadRequest{Lesson: "lost-update", Manual: true, Interleave: true}, nil); err != nil {
		t.Fatal(err)
	}
	var le *Error
	if _, _, err := s.Choose(99, nil); !errors.As(err, &le) || le.Code != CodeNotReady {
		t.Fatalf("choose 99: %v; want not_ready", err)
	}
	if f, _, err := s.Choose(2, nil); err != nil || f == nil || s.Choices()[0] != 2 {
		t.Fatalf("choose 2: frame %v, err %v, choices %v", f, err, s.Choices())
	}
	x, err := s.Explore(nil)
	if err != nil || !x.Complete || len(x.Outcomes) != 2 {
		t.Fatalf("explore: %+v, %v", x, err)
	}
	for _, o := range x.Outcomes {
		r := NewSession(testLessons(t))
		snap, err := r.Load(LoadRequest{Lesson: "lost-update", Interleave: true, Choices: o.Witness, Step: 1 << 40}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := snap.Vars[0]; got != o.Vars["counter"] {
			t.Errorf("witness %v ends with counter %d; explore said %d", o.Witness, got, o.Vars["counter"])
		}
	}
	o := NewSession(testLessons(t))
	if _, err := o.Load(LoadRequest{Ostep: "process-run -l 2:100"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Explore(nil); !errors.As(err, &le) || le.Code != CodeCannotExplore {
		t.Errorf("explore on an OSTEP run: %v; want cannot_explore", err)
	}
}

// TestLoadStops checks that a recording stops when its caller says so.
func TestLoadStops(t *testing.T) {
	sc := "process spin\n  compute 1000000000\n  exit 0\n"
	s := NewSession(testLessons(t))
	polls := 0
	_, err := s.Load(LoadRequest{Scenario: &sc}, func() bool { polls++; return polls > 2 })
	if !errors.Is(err, ErrStopped) || s.Loaded() {
		t.Fatalf("got %v (loaded %v); want ErrStopped and nothing open", err, s.Loaded())
	}
}
