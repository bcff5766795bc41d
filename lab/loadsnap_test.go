package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"proclab/assets"
	"proclab/sim"
)

// checkLoadSnapshot loads req and checks that the snapshot Load took while
// recording (snapshotWatch) is the one engineSource.At builds by replaying
// from a checkpoint, field by field, and that the cursor Load left moves on
// as At's does (the next frames are equal too).
func checkLoadSnapshot(t *testing.T, ls *Lessons, name string, req LoadRequest) {
	t.Helper()
	s := NewSession(ls)
	got, err := s.Load(req, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var gotFrames []Frame
	for range 3 {
		if f, ok := s.Forward(); ok {
			gotFrames = append(gotFrames, f)
		}
	}
	want := s.At(got.Step) // the replay from a checkpoint
	var wantFrames []Frame
	for range 3 {
		if f, ok := s.Forward(); ok {
			wantFrames = append(wantFrames, f)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: the snapshot of step %d taken while recording differs from At's:\n%s", name, got.Step, snapshotDiff(got, want))
	}
	if !reflect.DeepEqual(gotFrames, wantFrames) {
		t.Errorf("%s: the %d frames after the loaded step %d differ from those after At's", name, len(gotFrames), got.Step)
	}
}

// snapshotDiff names the fields of two snapshots that differ.
func snapshotDiff(got, want Snapshot) string {
	var b strings.Builder
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range g.NumField() {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			fmt.Fprintf(&b, "  %s: got %.200v; want %.200v\n", g.Type().Field(i).Name, g.Field(i).Interface(), w.Field(i).Interface())
		}
	}
	return b.String()
}

// TestLoadSnapshotIsAtsSnapshot checks Load's snapshot against At's on
// every lesson at its first, second, middle and last steps and past its
// end; on every share link of the corpus recorded under the current
// semantics (manual mode, interleave, seeds, random picks, Go programs);
// and on the largest run the limits allow, at a middle step (the
// recording goes on past it) and at its last.
func TestLoadSnapshotIsAtsSnapshot(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls.All() {
		s := NewSession(ls)
		if _, err := s.Load(LoadRequest{Lesson: l.ID}, nil); err != nil {
			t.Fatalf("lesson %s: %v", l.ID, err)
		}
		total := s.Total()
		for _, step := range []int64{0, 1, Window - 1, Window, Window + 1, total / 2, total - 1, total, total + 5} {
			checkLoadSnapshot(t, ls, fmt.Sprintf("lesson %s at step %d", l.ID, step), LoadRequest{Lesson: l.ID, Step: max(0, step)})
		}
	}
	for _, e := range linksLoadCorpus(t) {
		if e.e != sim.SemanticsVersion {
			continue
		}
		req := linksRequest(e)
		if e.scenario != "" {
			data, err := os.ReadFile(filepath.Join(linksScenarios, e.scenario+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			req.Lesson, req.Scenario = "", &text
		}
		checkLoadSnapshot(t, ls, "link "+e.describe(), req)
	}
	var b strings.Builder
	b.WriteString("cpus 16\npolicy rr 2\nmax_tasks 4096\n\nprogram w\n  repeat 100000\n    compute 1..4\n    io 1..3\n  end\n\n")
	for i := range 63 {
		fmt.Fprintf(&b, "process p%02d\n  repeat 63\n    spawn w\n  end\n  repeat 100000\n    compute 2\n    io 1\n  end\n", i)
	}
	largest := b.String()
	for _, step := range []int64{2000, 3906} {
		checkLoadSnapshot(t, ls, fmt.Sprintf("the largest run at step %d", step), LoadRequest{Scenario: &largest, Step: step})
	}
}
