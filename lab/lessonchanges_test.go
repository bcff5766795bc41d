package lab

import (
	"testing"

	"proclab/sim"
)

// TestOldLinksOpenWithTheNotice checks which version-5 links open with the
// notice under version 6: the lessons it changed (mlfq through the jobs
// model, go-waitgroup through lessonChanges), and not the others.
func TestOldLinksOpenWithTheNotice(t *testing.T) {
	ls := testLessons(t)
	for _, tt := range []struct {
		lesson string
		v      int
		notice bool
	}{
		{"mlfq", 5, true},         // the jobs model changed
		{"go-waitgroup", 5, true}, // the lesson changed
		{"lifecycle", 5, false},   // neither
		{"lost-update", 5, false},
		{"go-counter", 5, false},
		{"go-waitgroup", sim.SemanticsVersion, false},
		{"lifecycle", 4, true}, // before oldest exact replay
	} {
		s := NewSession(ls)
		if _, err := s.Load(LoadRequest{Lesson: tt.lesson, Step: 1, Semantics: tt.v}, nil); err != nil {
			t.Fatalf("%s: %v", tt.lesson, err)
		}
		if got := s.Run().Notice != nil; got != tt.notice {
			t.Errorf("a version-%d link of %s: notice %t; want %t", tt.v, tt.lesson, got, tt.notice)
		}
	}
}

// TestLessonChangesNameLessons checks that every lesson lessonChanges
// names exists, under a version that exists.
func TestLessonChangesNameLessons(t *testing.T) {
	ls := testLessons(t)
	for v, ids := range lessonChanges {
		if v < 2 || v > sim.SemanticsVersion {
			t.Errorf("lessonChanges has version %d, outside 2..%d", v, sim.SemanticsVersion)
		}
		for _, id := range ids {
			if _, ok := ls.Get(id); !ok {
				t.Errorf("lessonChanges[%d] names %q, which is not a lesson", v, id)
			}
		}
	}
}
