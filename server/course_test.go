package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
)

// TestCourse checks GET /api/course: the course's chapters and sections in
// order, each lesson with its kind and a title in both languages.
func TestCourse(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	res, err := http.Get(ts.URL + "/api/course")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if got, want := res.StatusCode, http.StatusOK; got != want {
		t.Fatalf("status %d; want %d", got, want)
	}
	var c wireCourse
	if err := json.NewDecoder(res.Body).Decode(&c); err != nil {
		t.Fatal(err)
	}
	if c.Type != "course" || c.V != ProtocolVersion {
		t.Errorf("got type %q v %d; want course v %d", c.Type, c.V, ProtocolVersion)
	}
	var numbers []string
	for _, s := range c.Sections {
		numbers = append(numbers, s.Number)
		if s.Heading.En == "" || s.Heading.Zh == "" {
			t.Errorf("section %s lacks a heading in one language: %+v", s.Number, s.Heading)
		}
		if s.Chapter && len(s.Lessons) != 0 {
			t.Errorf("chapter %s has lessons %v; want none", s.Number, s.Lessons)
		}
		for _, l := range s.Lessons {
			if (l.Kind != "lesson" && l.Kind != "live") || l.Title.En == "" || l.Title.Zh == "" {
				t.Errorf("section %s: lesson %+v; want kind lesson or live and a title in both languages", s.Number, l)
			}
		}
	}
	want := []string{"一", "1.1", "1.2", "1.3", "1.4", "1.5", "二", "2.1", "2.7", "四", "4.1", "4.2", "4.3", "4.4"}
	if !slices.Equal(numbers, want) {
		t.Errorf("got sections %q; want %q", numbers, want)
	}
	tests := []struct {
		section string
		want    wireCourseLesson // the section's first lesson
	}{
		{"1.1", wireCourseLesson{Kind: "lesson", ID: "process-program"}},
		{"1.5", wireCourseLesson{Kind: "lesson", ID: "exec"}},
		{"1.3", wireCourseLesson{Kind: "lesson", ID: "lifecycle"}},
		{"4.1", wireCourseLesson{Kind: "lesson", ID: "pipes"}},
		{"4.4", wireCourseLesson{Kind: "lesson", ID: "sockets"}},
	}
	for _, tt := range tests {
		i := slices.Index(numbers, tt.section)
		if i < 0 || len(c.Sections[i].Lessons) == 0 {
			t.Errorf("section %s missing or without lessons", tt.section)
			continue
		}
		got := c.Sections[i].Lessons[0]
		if got.Kind != tt.want.Kind || got.ID != tt.want.ID {
			t.Errorf("section %s: got first lesson %s:%s; want %s:%s", tt.section, got.Kind, got.ID, tt.want.Kind, tt.want.ID)
		}
	}
}
