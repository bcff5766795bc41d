package lab

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"

	"proclab/sim"
)

// Lesson is a built-in scenario with bilingual text.
type Lesson struct {
	ID       string
	Scenario *sim.Scenario
}

// Topic is the part of the course a lesson belongs to: "races" (it has
// threads sharing variables or locks), "scheduling" (the jobs model) or
// "processes".
func (l Lesson) Topic() string {
	switch {
	case len(l.Scenario.Vars) > 0 || len(l.Scenario.Objects) > 0:
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

var lessonFile = regexp.MustCompile(`^(\d\d)-([a-z0-9-]+)\.txt$`)

// LoadLessons parses every lessons/NN-id.txt in fsys. A lesson that does not
// parse, or lacks an English or Chinese title, is an error: it is a bug.
func LoadLessons(fsys fs.FS) (*Lessons, error) {
	names, err := fs.Glob(fsys, "lessons/*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	l := &Lessons{}
	for _, name := range names {
		m := lessonFile.FindStringSubmatch(path.Base(name))
		if m == nil {
			return nil, fmt.Errorf("lesson file %s: name must be NN-id.txt", name)
		}
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		sc, err := sim.Parse(string(text))
		if err != nil {
			return nil, fmt.Errorf("lesson %s: %w", name, err)
		}
		for _, lang := range []string{"en", "zh"} {
			if sc.Title[lang] == "" || sc.Explain[lang] == "" {
				return nil, fmt.Errorf("lesson %s: missing title or explanation in %q", name, lang)
			}
		}
		l.list = append(l.list, Lesson{ID: m[2], Scenario: sc})
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
