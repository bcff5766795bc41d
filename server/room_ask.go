package server

import (
	"context"
	"unicode/utf8"

	"proclab/lab"
)

// roomAsk turns a teacher's ask message into the room's question.
// (Interim: free multiple choice only; the engine's questions come with
// lab.Ask.)
func (s *Server) roomAsk(ctx context.Context, sh *share, data []byte) (roomQuestion, error) {
	var c struct {
		Kind     string `json:"kind"`
		Question *struct {
			Prompt  bilingual   `json:"prompt"`
			Options []bilingual `json:"options"`
			Answer  []int       `json:"answer"`
			Multi   bool        `json:"multi"`
		} `json:"question"`
	}
	if err := decodeJSON(data, &c, false); err != nil {
		return roomQuestion{}, err
	}
	if c.Question == nil {
		return roomQuestion{}, lab.Errorf(lab.CodeBadField, "ask needs a question")
	}
	q := roomQuestion{Kind: "choice", Prompt: c.Question.Prompt, Options: c.Question.Options, Answer: c.Question.Answer, Multi: c.Question.Multi}
	if q.Prompt.En == "" && q.Prompt.Zh == "" {
		return q, lab.Errorf(lab.CodeBadField, "a question needs a prompt")
	}
	if len(q.Options) < 2 || len(q.Options) > 8 {
		return q, lab.Errorf(lab.CodeBadField, "a question has 2 to 8 options")
	}
	for _, t := range append([]bilingual{q.Prompt}, q.Options...) {
		if len(t.En) > 500 || len(t.Zh) > 500 || !utf8.ValidString(t.En) || !utf8.ValidString(t.Zh) {
			return q, lab.Errorf(lab.CodeBadField, "a text is at most 500 bytes of UTF-8")
		}
	}
	if len(q.Answer) > 0 {
		if err := checkChoices(q.Answer, len(q.Options), true); err != nil {
			return q, err
		}
	}
	return q, nil
}
