package lab

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"proclab/assets"
	"proclab/sim"
)

// courseHeadings are the section headings of the course text
// (shared/course/course.md, outside this repository), in its order, with
// runs of spaces made one. TestCourseMapHeadingsMatchCourse keeps this list
// equal to the course's own headings wherever the course text is at hand;
// TestCourseMap checks docs/course.md against it everywhere.
var courseHeadings = []string{
	"一 多进程编程",
	"1.1 进程的定义",
	"1.2 进程的衍生",
	"1.3 进程的标识",
	"1.4 进程的状态",
	"1.5 进程的空间",
	"二 系统调用",
	"2.1 内核态与用户态",
	"2.7 进程的切换和调度-上下文切换",
	"四 进程通信",
	"4.1 进程的通信方式",
	"4.2 同步",
	"4.3 信号",
	"4.4 socket",
}

// courseFile is where the course text is found from the lab directory:
// PROCLAB_COURSE if set, else the team's shared notes beside the checkout.
func courseFile() string {
	if p := os.Getenv("PROCLAB_COURSE"); p != "" {
		return p
	}
	return filepath.Join("..", "..", "shared", "course", "course.md")
}

var (
	mdHeading           = regexp.MustCompile(`^#+\s+(.*?)\s*$`)
	mdSpaces            = regexp.MustCompile(`\s+`)
	courseMapRef        = regexp.MustCompile("`(lesson|live):([^`]*)`")
	courseSectionNumber = regexp.MustCompile(`^\d+\.\d+ `)
	courseNoLessonYet   = "no lesson yet"
)

// markdownHeadings returns the text of every heading line of a Markdown
// document (any level), with runs of white space made one space.
func markdownHeadings(doc string) []string {
	var out []string
	for _, line := range strings.Split(doc, "\n") {
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			out = append(out, mdSpaces.ReplaceAllString(m[1], " "))
		}
	}
	return out
}

// mapRef is one lesson named in docs/course.md: Kind is "lesson" (a
// built-in lesson) or "live" (a live lesson), Line its 1-based line.
type mapRef struct {
	Kind, ID string
	Line     int
}

// checkCourseMap checks a course map (the text of docs/course.md) against
// the course's headings and the lessons that exist. It returns one error
// per problem (nil when there is none) and the built-in lesson ids the map
// names, each once, in the order they first appear.
func checkCourseMap(doc string, headings []string, ls *Lessons, lives []LiveLesson) (errs []error, builtin []string) {
	lines := strings.Split(doc, "\n")
	// Where each course heading starts in the map, and each section's body.
	start := map[string]int{}
	for _, h := range headings {
		for i, line := range lines {
			m := mdHeading.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			text := mdSpaces.ReplaceAllString(m[1], " ")
			if text == h || strings.HasPrefix(text, h+" ") {
				start[h] = i
				break
			}
		}
		if _, ok := start[h]; !ok {
			errs = append(errs, fmt.Errorf("the course's section %q has no heading in the map", h))
		}
	}
	for _, h := range headings {
		i, ok := start[h]
		if !ok || !courseSectionNumber.MatchString(h) {
			continue // chapters need no lessons of their own
		}
		body := []string{}
		for _, line := range lines[i+1:] {
			if mdHeading.MatchString(line) {
				break
			}
			body = append(body, line)
		}
		text := strings.Join(body, "\n")
		if !courseMapRef.MatchString(text) && !strings.Contains(text, courseNoLessonYet) {
			errs = append(errs, fmt.Errorf("section %q names no lesson and does not say %q", h, courseNoLessonYet))
		}
	}
	var refs []mapRef
	for i, line := range lines {
		for _, m := range courseMapRef.FindAllStringSubmatch(line, -1) {
			refs = append(refs, mapRef{Kind: m[1], ID: m[2], Line: i + 1})
		}
	}
	if len(refs) == 0 {
		errs = append(errs, errors.New("the map names no lesson"))
	}
	for _, r := range refs {
		switch r.Kind {
		case "lesson":
			if _, ok := ls.Get(r.ID); !ok {
				errs = append(errs, fmt.Errorf("line %d: there is no built-in lesson %q", r.Line, r.ID))
				continue
			}
			if !slices.Contains(builtin, r.ID) {
				builtin = append(builtin, r.ID)
			}
		case "live":
			i := slices.IndexFunc(lives, func(l LiveLesson) bool { return l.ID == r.ID })
			if i < 0 {
				errs = append(errs, fmt.Errorf("line %d: there is no live lesson %q", r.Line, r.ID))
				continue
			}
			if t := lives[i].Title; strings.TrimSpace(t.En) == "" || strings.TrimSpace(t.Zh) == "" {
				errs = append(errs, fmt.Errorf("line %d: live lesson %q lacks a title in one language: %+v", r.Line, r.ID, t))
			}
		}
	}
	return errs, builtin
}

// lessonRunsToEnd opens a built-in lesson in a new session and moves to
// its last step (At(Total)), as a student who steps through it would end.
// It returns the last step, and an error when the lesson does not open,
// lacks a title or explanation in English or Chinese (the two languages
// are texts on the same run), does not reach its last step, or ends there
// because the step limit cut it short.
func lessonRunsToEnd(ls *Lessons, id string) (int64, error) {
	s := NewSession(ls)
	snap, err := s.Load(LoadRequest{Lesson: id}, nil)
	if err != nil {
		return 0, fmt.Errorf("lesson %s does not open: %w", id, err)
	}
	var errs []error
	run := s.Run()
	for _, x := range []struct {
		what string
		text Text
	}{{"title", run.Title}, {"explanation", run.Explain}} {
		if strings.TrimSpace(x.text.En) == "" || strings.TrimSpace(x.text.Zh) == "" {
			errs = append(errs, fmt.Errorf("lesson %s: its %s is not in both languages: en %q, zh %q", id, x.what, x.text.En, x.text.Zh))
		}
	}
	if snap.Step != 0 || s.Total() <= 0 {
		errs = append(errs, fmt.Errorf("lesson %s opened at step %d of %d; want step 0 of a run with steps", id, snap.Step, s.Total()))
	}
	end := s.At(s.Total())
	if end.Step != s.Total() || !s.AtEnd() {
		errs = append(errs, fmt.Errorf("lesson %s: At(%d) reached step %d; want its end", id, s.Total(), end.Step))
	}
	for _, e := range end.Events {
		if e.Kind == sim.EvLimit {
			errs = append(errs, fmt.Errorf("lesson %s: the step limit ended the run at step %d, before the lesson ended", id, e.Step))
		}
	}
	return end.Step, errors.Join(errs...)
}

// TestCourseMap checks docs/course.md: every course section has its
// heading, every numbered section names a lesson or says it has none yet,
// every lesson named exists, and every built-in lesson named opens in a
// session with both languages and runs to its end.
func TestCourseMap(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "course.md"))
	if err != nil {
		t.Fatal(err)
	}
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	lives, err := LoadLiveLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	errs, builtin := checkCourseMap(string(doc), courseHeadings, ls, lives)
	for _, e := range errs {
		t.Error(e)
	}
	if got, want := len(builtin), 10; got < want {
		t.Errorf("the map names %d built-in lessons; want at least %d", got, want)
	}
	for _, id := range builtin {
		end, err := lessonRunsToEnd(ls, id)
		if err != nil {
			t.Error(err)
			continue
		}
		t.Logf("lesson %s opens and runs to its end, step %d", id, end)
	}
}

// TestCourseMapCatchesMistakes feeds the checker maps with one mistake each
// and checks that it reports that mistake, so that TestCourseMap can fail.
func TestCourseMapCatchesMistakes(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	lives, err := LoadLiveLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	headings := []string{"一 多进程编程", "1.1 进程的定义", "4.4 socket"}
	good := "# Map\n## 一 多进程编程 · Processes\n### 1.1 进程的定义 · What a process is\n| `lesson:lifecycle` | x |\n" +
		"### 4.4 socket · Sockets\n| `live:ipc` | x |\n| no lesson yet | y |\n"
	tests := []struct {
		name, doc string
		want      string // a part of the one error expected; "" for none
	}{
		{"good", good, ""},
		{"unknown lesson", strings.Replace(good, "lesson:lifecycle", "lesson:lifecycel", 1), `no built-in lesson "lifecycel"`},
		{"unknown live lesson", strings.Replace(good, "live:ipc", "live:pipes", 1), `no live lesson "pipes"`},
		{"a live id is not a built-in id", strings.Replace(good, "live:ipc", "lesson:ipc", 1), `no built-in lesson "ipc"`},
		{"missing section", strings.Replace(good, "### 1.1 进程的定义 · What a process is\n", "", 1), `"1.1 进程的定义" has no heading`},
		{"heading with another number", strings.Replace(good, "### 1.1 进程的定义", "### 1.2 进程的定义", 1), `"1.1 进程的定义" has no heading`},
		{"section with nothing", strings.Replace(good, "| `lesson:lifecycle` | x |\n", "", 1), `"1.1 进程的定义" names no lesson`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs, _ := checkCourseMap(tt.doc, headings, ls, lives)
			if tt.want == "" {
				if len(errs) != 0 {
					t.Errorf("got errors %v; want none", errs)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.want) {
				t.Errorf("got errors %v; want one containing %q", errs, tt.want)
			}
		})
	}
}

// TestCourseMapLessonRunsToEndCatchesALimit checks that a lesson the step limit
// cuts short does not count as running to its end, and that one that ends
// by itself does.
func TestCourseMapLessonRunsToEndCatchesALimit(t *testing.T) {
	const head = "title en: a\ntitle zh: b\nexplain en: c\nexplain zh: d\n"
	ls, err := LoadLessons(fstest.MapFS{
		"lessons/01-ends.txt":    {Data: []byte(head + "process a\n  compute 3\n")},
		"lessons/go/ends.go":     {Data: []byte(testGoTwin)},
		"lessons/02-forever.txt": {Data: []byte(head + "thread a\n  while 1 == 1\n    compute 1\n  end\n")},
		"lessons/go/forever.go":  {Data: []byte(testGoTwin)},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id   string
		want string // a part of the error expected; "" for none
	}{
		{"ends", ""},
		{"forever", "the step limit ended the run"},
		{"missing", "does not open"},
	}
	for _, tt := range tests {
		_, err := lessonRunsToEnd(ls, tt.id)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: got error %v; want none", tt.id, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: got error %v; want one containing %q", tt.id, err, tt.want)
		}
	}
}

// TestCourseMapHeadingsMatchCourse checks courseHeadings against the course
// text itself, when it is at hand (it lives outside the repository).
func TestCourseMapHeadingsMatchCourse(t *testing.T) {
	text, err := os.ReadFile(courseFile())
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("the course text is not at %s (set PROCLAB_COURSE to its path)", courseFile())
	}
	if err != nil {
		t.Fatal(err)
	}
	if got, want := markdownHeadings(string(text)), courseHeadings; !slices.Equal(got, want) {
		t.Errorf("the course's headings:\ngot  %q\nwant %q", got, want)
	}
}

// misconceptionRows returns the rows of the table in docs/course.md's
// "Common misconceptions" section, each as its cells (the header and the
// separator row left out).
func misconceptionRows(doc string) [][]string {
	var rows [][]string
	in, header := false, 0
	for _, line := range strings.Split(doc, "\n") {
		if m := mdHeading.FindStringSubmatch(line); m != nil {
			in = strings.HasPrefix(m[1], "Common misconceptions")
			continue
		}
		if !in || !strings.HasPrefix(line, "|") {
			continue
		}
		if header++; header <= 2 {
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows = append(rows, cells)
	}
	return rows
}

// TestCourseMapMisconceptionsMatchNotes checks that docs/course.md lists as
// many misstatements as the course's notes (NOTES.md, beside the course
// text, outside this repository) do, each with where it is corrected or
// "not yet corrected".
func TestCourseMapMisconceptionsMatchNotes(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "course.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := misconceptionRows(string(doc))
	for i, r := range rows {
		if len(r) != 3 || r[0] == "" || r[1] == "" || r[2] == "" {
			t.Errorf("misconception row %d: got cells %q; want the statement, the truth and where it is corrected", i+1, r)
			continue
		}
		if !courseMapRef.MatchString(r[2]) && r[2] != "not yet corrected" {
			t.Errorf("misconception row %d: %q names no lesson and does not say \"not yet corrected\"", i+1, r[2])
		}
	}
	notesFile := filepath.Join(filepath.Dir(courseFile()), "NOTES.md")
	notes, err := os.ReadFile(notesFile)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("the course's notes are not at %s (set PROCLAB_COURSE to the course text's path)", notesFile)
	}
	if err != nil {
		t.Fatal(err)
	}
	_, wrong, ok := strings.Cut(string(notes), "## Statements that are wrong")
	if !ok {
		t.Fatalf("%s has no section of wrong statements", notesFile)
	}
	want := 0
	for _, line := range strings.Split(wrong, "\n") {
		if strings.HasPrefix(line, "- ") {
			want++
		}
	}
	if got := len(rows); got != want || want == 0 {
		t.Errorf("docs/course.md lists %d misstatements; NOTES.md lists %d", got, want)
	}
}
