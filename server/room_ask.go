package server

import (
	"context"

	"proclab/lab"
)

// roomAsk turns a teacher's ask message into the room's question: a typed
// multiple choice, or one the engine generates from the teacher's run or
// workload (wire_quiz.go). The work counts against the teacher's address
// in the server's own budgets (work slots, run memory), not the room
// sockets'.
func (s *Server) roomAsk(ctx context.Context, roomShare *share, data []byte) (roomQuestion, error) {
	sh, release := s.meter.hold(roomShare.addr)
	defer release()
	q, err := s.askWithShare(ctx, sh, data)
	if err != nil {
		return roomQuestion{}, err
	}
	return toRoomQuestion(q), nil
}

func toRoomQuestion(q lab.Question) roomQuestion {
	opts := make([]bilingual, len(q.Options))
	for i, o := range q.Options {
		opts[i] = bilingual{En: o.En, Zh: o.Zh}
	}
	answer := q.Answer
	if answer == nil {
		answer = []int{}
	}
	return roomQuestion{Kind: q.Kind, Prompt: bilingual{En: q.Prompt.En, Zh: q.Prompt.Zh}, Options: opts, Multi: q.Multi,
		Step: q.Step, Answer: answer, Explain: bilingual{En: q.Explain.En, Zh: q.Explain.Zh}, Reveal: q.Reveal}
}
