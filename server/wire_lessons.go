package server

import "proclab/lab"

// A lesson's texts on the wire (GET /api/lessons/{id}).

// wireLessonSource is a built-in lesson's texts: what it runs (scenario:
// a scenario, or a Go lesson's Go program, then lang is "go") and its Go
// (go_source: a scenario lesson's Go twin, or a Go lesson's own source).
type wireLessonSource struct {
	V        int       `json:"v"`
	Type     string    `json:"type"` // always "lesson"
	ID       string    `json:"id"`
	Title    bilingual `json:"title"`
	Topic    string    `json:"topic"`
	Lang     string    `json:"lang"` // "go" for a Go lesson, "" for a scenario lesson
	Scenario string    `json:"scenario"`
	GoSource string    `json:"go_source,omitempty"`
}

func toWireLessonSource(l lab.Lesson) wireLessonSource {
	w := wireLessonSource{V: ProtocolVersion, Type: "lesson", ID: l.ID, Title: bilingual(l.Title()), Topic: l.Topic(),
		Scenario: l.Scenario.Source, GoSource: l.Go}
	if l.IsGo {
		w.Lang = lab.LangGo
	}
	return w
}

// The live lessons on the wire (GET /api/live/lessons).

type wireLiveLesson struct {
	ID        string               `json:"id"`
	Title     bilingual            `json:"title"`
	Explain   bilingual            `json:"explain"`
	Twin      string               `json:"twin"`
	TwinTitle bilingual            `json:"twin_title"`
	Steps     []wireLiveLessonStep `json:"steps"`
}

// wireLiveLessonBrief is a live lesson in GET /api/live/lessons?brief=1:
// its id, title and simulated twin only.
type wireLiveLessonBrief struct {
	ID    string    `json:"id"`
	Title bilingual `json:"title"`
	Twin  string    `json:"twin"`
}

type wireLiveLessonStep struct {
	Text bilingual             `json:"text"`
	Do   *wireLiveLessonAction `json:"do,omitempty"`
}

type wireLiveLessonAction struct {
	Action   string           `json:"action"`             // spawn, signal, reap, trace, resume, killall
	Workload string           `json:"workload,omitempty"` // spawn: what; the others: the workload of the process they act on
	Name     string           `json:"name,omitempty"`     // spawn: the name later steps use; the others: the process they act on
	Args     map[string]int64 `json:"args,omitempty"`     // spawn
	Signal   string           `json:"signal,omitempty"`   // signal
}

func toWireLiveLesson(l lab.LiveLesson) wireLiveLesson {
	w := wireLiveLesson{ID: l.ID, Title: bilingual(l.Title), Explain: bilingual(l.Explain), Twin: l.Twin,
		TwinTitle: bilingual(l.TwinTitle), Steps: []wireLiveLessonStep{}}
	for _, st := range l.Steps {
		ws := wireLiveLessonStep{Text: bilingual(st.Text)}
		if st.Do != nil {
			a := wireLiveLessonAction(*st.Do)
			ws.Do = &a
		}
		w.Steps = append(w.Steps, ws)
	}
	return w
}
