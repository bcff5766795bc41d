package lab

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"

	"proclab/gofront"
	"proclab/sim"
)

// Lesson is a built-in scenario with bilingual text, and its Go.
type Lesson struct {
	ID       string
	Scenario *sim.Scenario
	// Go is the lesson's Go program (docs/go.md): for a Go lesson
	// (lessons/NN-id.go) the source that was compiled into Scenario; for a
	// scenario lesson its Go twin, lessons/go/id.go. A race lesson's twin
	// gives the same outcomes as the scenario under explore; a process or
	// scheduling lesson's twin is the Go a programmer would write, with
	// what real Go does differently said in its comments.
	Go string
	// IsGo says the lesson is a Go program (Scenario was compiled from Go).
	IsGo bool
}

// Topic is the part of the course a lesson belongs to: "races" (it has
// threads sharing variables or locks, or it is a Go lesson about
// goroutines), "scheduling" (the jobs model) or "processes".
func (l Lesson) Topic() string {
	switch {
	case l.IsGo || len(l.Scenario.Vars) > 0 || len(l.Scenario.Objects) > 0:
		return "races"
	case l.Scenario.Jobs:
		return "scheduling"
	}
	return "processes"
}

// Lessons is the catalog of built-in lessons, in display order.
type Lessons struct {
	list []Lesson
}

// lessonFile is a lesson's file name. It is compiled by LoadLessons (once
// per catalog), not at package initialisation, which every `proclab`
// command would pay for at start-up.
const lessonFile = `^(\d\d)-([a-z0-9-]+)\.(txt|go)$`

// LoadLessons reads every lessons/NN-id.txt (a scenario) and
// lessons/NN-id.go (a Go program, compiled by gofront) in fsys, in the
// order of NN, and gives each scenario lesson its Go twin from
// lessons/go/id.go. A lesson that does not parse or compile, lacks an
// English or Chinese title or explanation, or has no Go (a twin that is
// missing, or a twin with no lesson) is an error: it is a bug.
func LoadLessons(fsys fs.FS) (*Lessons, error) {
	names, err := fs.Glob(fsys, "lessons/*")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	fileRE := regexp.MustCompile(lessonFile)
	l := &Lessons{}
	seen := map[string]bool{}
	for _, name := range names {
		if info, err := fs.Stat(fsys, name); err == nil && info.IsDir() {
			continue // lessons/go holds the twins
		}
		m := fileRE.FindStringSubmatch(path.Base(name))
		if m == nil {
			return nil, fmt.Errorf("lesson file %s: name must be NN-id.txt or NN-id.go", name)
		}
		id := m[2]
		if seen[id] {
			return nil, fmt.Errorf("lesson file %s: a second lesson %q", name, id)
		}
		seen[id] = true
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		lesson := Lesson{ID: id}
		if m[3] == "go" {
			lesson.IsGo, lesson.Go = true, string(text)
			lesson.Scenario, err = gofront.Compile(string(text))
		} else {
			lesson.Scenario, err = sim.Parse(string(text))
		}
		if err != nil {
			return nil, fmt.Errorf("lesson %s: %w", name, err)
		}
		for _, lang := range []string{"en", "zh"} {
			if lesson.Scenario.Title[lang] == "" || lesson.Scenario.Explain[lang] == "" {
				return nil, fmt.Errorf("lesson %s: missing title or explanation in %q", name, lang)
			}
		}
		if !lesson.IsGo {
			twin, err := fs.ReadFile(fsys, "lessons/go/"+id+".go")
			if err != nil {
				return nil, fmt.Errorf("lesson %s: its Go twin: %w", name, err)
			}
			lesson.Go = string(twin)
		}
		l.list = append(l.list, lesson)
	}
	twins, err := fs.Glob(fsys, "lessons/go/*.go")
	if err != nil {
		return nil, err
	}
	for _, name := range twins {
		id := path.Base(name)
		id = id[:len(id)-len(".go")]
		if lesson, ok := l.Get(id); !ok || lesson.IsGo {
			return nil, fmt.Errorf("Go twin %s: there is no scenario lesson %q", name, id)
		}
	}
	return l, nil
}

// Get returns the lesson with this id.
func (l *Lessons) Get(id string) (Lesson, bool) {
	for _, x := range l.list {
		if x.ID == id {
			return x, true
		}
	}
	return Lesson{}, false
}

// All returns the lessons in display order.
func (l *Lessons) All() []Lesson { return l.list }

// Text is a text in the two languages of the lab.
type Text struct{ En, Zh string }

// Title is the lesson's title in both languages.
func (l Lesson) Title() Text {
	return Text{En: l.Scenario.Title["en"], Zh: l.Scenario.Title["zh"]}
}
