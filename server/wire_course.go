package server

import (
	"net/http"

	"proclab/lab"
)

// The course's table of contents on the wire (GET /api/course).

// wireCourse is the course's chapters and sections in order (lab.Course).
type wireCourse struct {
	V        int                 `json:"v"`
	Type     string              `json:"type"` // always "course"
	Sections []wireCourseSection `json:"sections"`
}

// wireCourseSection is one chapter (chapter true, no lessons) or section
// of the course, with its heading in both languages and its lessons.
type wireCourseSection struct {
	Number  string             `json:"number"`
	Chapter bool               `json:"chapter,omitempty"`
	Heading bilingual          `json:"heading"`
	Lessons []wireCourseLesson `json:"lessons"`
}

// wireCourseLesson is a lesson of a section: kind "lesson" (a built-in
// lesson, opened with the load command) or "live" (a live lesson, opened at
// #live/ID), with its title.
type wireCourseLesson struct {
	Kind  string    `json:"kind"`
	ID    string    `json:"id"`
	Title bilingual `json:"title"`
}

// course builds the table of contents from lab.Course with each lesson's
// title. A lesson the server has not loaded is left out (with the
// built-in assets there is none: lab's TestCourseMap checks that every
// lesson the course names exists).
func (s *Server) course() wireCourse {
	out := wireCourse{V: ProtocolVersion, Type: "course", Sections: []wireCourseSection{}}
	for _, sec := range lab.Course() {
		ws := wireCourseSection{Number: sec.Number, Chapter: sec.Chapter, Heading: bilingual(sec.Heading), Lessons: []wireCourseLesson{}}
		for _, r := range sec.Lessons {
			switch r.Kind {
			case lab.CourseBuiltin:
				if l, ok := s.lessons.Get(r.ID); ok {
					ws.Lessons = append(ws.Lessons, wireCourseLesson{Kind: r.Kind, ID: r.ID, Title: bilingual(l.Title())})
				}
			case lab.CourseLive:
				for _, l := range s.liveLessons {
					if l.ID == r.ID {
						ws.Lessons = append(ws.Lessons, wireCourseLesson{Kind: r.Kind, ID: r.ID, Title: bilingual(l.Title)})
						break
					}
				}
			}
		}
		out.Sections = append(out.Sections, ws)
	}
	return out
}

// handleCourse answers GET /api/course: the course's table of contents,
// for the welcome page.
func (s *Server) handleCourse(w http.ResponseWriter, r *http.Request) {
	s.writeFixedJSON(w, r, s.course())
}
