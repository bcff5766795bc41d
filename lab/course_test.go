package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// courseMapHeading is a chapter or section heading of docs/course.md:
// "## 一 多进程编程 · Multi-process programming" or
// "### 1.1 进程的定义 · What a process is".
var courseMapHeading = regexp.MustCompile(`^(##|###)\s+(\S+)\s+(.+?)\s+·\s+(.+?)\s*$`)

// courseFromMap reads the table of contents out of a course map (the text
// of docs/course.md): each chapter (##) and section (###) heading with a
// course number, and the lessons its body names, each once, in order.
func courseFromMap(doc string) []CourseSection {
	var out []CourseSection
	cur := -1
	for _, line := range strings.Split(doc, "\n") {
		if mdHeading.MatchString(line) {
			cur = -1
			m := courseMapHeading.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			out = append(out, CourseSection{Number: m[2], Chapter: m[1] == "##", Heading: Text{Zh: m[3], En: m[4]}})
			cur = len(out) - 1
			continue
		}
		if cur < 0 {
			continue
		}
		for _, r := range courseMapRef.FindAllStringSubmatch(line, -1) {
			ref := CourseRef{Kind: r[1], ID: r[2]}
			if !slices.Contains(out[cur].Lessons, ref) {
				out[cur].Lessons = append(out[cur].Lessons, ref)
			}
		}
	}
	return out
}

// diffCourse returns one error per difference between the table got and
// the table want (nil when they are the same).
func diffCourse(got, want []CourseSection) []error {
	var errs []error
	if len(got) != len(want) {
		errs = append(errs, fmt.Errorf("got %d chapters and sections; want %d", len(got), len(want)))
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.Number != w.Number || g.Chapter != w.Chapter || g.Heading != w.Heading {
			errs = append(errs, fmt.Errorf("entry %d: got %s %+v (chapter %v); want %s %+v (chapter %v)", i, g.Number, g.Heading, g.Chapter, w.Number, w.Heading, w.Chapter))
		}
		if !slices.Equal(g.Lessons, w.Lessons) {
			errs = append(errs, fmt.Errorf("section %s: got lessons %v; want %v", w.Number, g.Lessons, w.Lessons))
		}
	}
	return errs
}

// TestCourseTableMatchesMap checks that Course (what the welcome page
// shows) and docs/course.md have the same chapters and sections, with the
// same headings, naming the same lessons in the same order.
func TestCourseTableMatchesMap(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "course.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range diffCourse(Course(), courseFromMap(string(doc))) {
		t.Error(e)
	}
	var numbered []string
	for _, s := range Course() {
		numbered = append(numbered, s.Number+" "+s.Heading.Zh)
	}
	if got, want := numbered, courseHeadings; !slices.Equal(got, want) {
		t.Errorf("Course's numbers and headings:\ngot  %q\nwant %q", got, want)
	}
}

// TestCourseTableCatchesDrift feeds diffCourse maps that differ from
// Course in one way each, and checks that it reports them.
func TestCourseTableCatchesDrift(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "course.md"))
	if err != nil {
		t.Fatal(err)
	}
	good := string(doc)
	tests := []struct {
		name, doc string
		want      string // a part of the first error expected; "" for none
	}{
		{"same", good, ""},
		{"a lesson added", strings.Replace(good, "| `lesson:mlfq` |", "| `lesson:mlfq`, `lesson:peterson` |", 1), "section 2.7: got lessons"},
		{"a lesson dropped", strings.Replace(good, "| `live:zombies` |", "| zombies |", 1), "section 1.4: got lessons"},
		{"two lessons swapped", strings.Replace(strings.Replace(good, "`lesson:convoy`", "`lesson:XX`", 1), "`lesson:rr-quantum`", "`lesson:convoy`", 1), "section 2.7: got lessons"},
		{"a heading changed", strings.Replace(good, "· Signals", "· Signalling", 1), "want 4.3"},
		{"a section dropped", strings.Replace(good, "### 1.5 进程的空间", "#### 1.5 进程的空间", 1), "chapters and sections"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := diffCourse(Course(), courseFromMap(tt.doc))
			if tt.want == "" {
				if len(errs) != 0 {
					t.Errorf("got errors %v; want none", errs)
				}
				return
			}
			if len(errs) == 0 || !strings.Contains(errs[0].Error(), tt.want) {
				t.Errorf("got errors %v; want the first containing %q", errs, tt.want)
			}
		})
	}
}
