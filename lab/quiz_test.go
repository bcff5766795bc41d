package lab

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"proclab/sim"
)

// engineAt steps lesson id's scenario, as a load with no options records
// it, to step n.
func engineAt(t *testing.T, ls *Lessons, id string, n int64) *sim.Engine {
	t.Helper()
	l, ok := ls.Get(id)
	if !ok {
		t.Fatalf("no lesson %q", id)
	}
	e := sim.New(l.Scenario, sim.Options{MaxSteps: StepsFor(l.Scenario)})
	for e.StepNum() < n && !e.Done() {
		e.Step()
	}
	return e
}

func taskState(e *sim.Engine, pid sim.PID) sim.State {
	for _, t := range e.Tasks() {
		if t.PID == pid {
			return t.State
		}
	}
	return sim.StateNone
}

// answerTexts are the English texts of q's right options.
func answerTexts(q Question) []string {
	var out []string
	for _, a := range q.Answer {
		out = append(out, q.Options[a].En)
	}
	return out
}

func errCode(err error) Code {
	var le *Error
	if errors.As(err, &le) {
		return le.Code
	}
	return ""
}

// TestQuizNextState checks that the answer of a next_state question is
// the state the engine puts the task in one step later.
func TestQuizNextState(t *testing.T) {
	ls := testLessons(t)
	tests := []struct {
		lesson string
		step   int64
		pid    sim.PID
	}{
		{"lifecycle", 4, 0}, {"lifecycle", 15, 0}, {"lifecycle", 15, 3}, {"signals", 3, 0}, {"signals", 14, 2},
		{"two-kinds-of-d", 13, 0}, {"ptrace", 6, 0}, {"orphans", 7, 0}, {"mutex", 1, 0}, {"mutex", 9, 0}, {"go-waitgroup", 12, 0},
		{"cpu-vs-io", 10, 2}, {"rr-quantum", 2, 0},
	}
	for _, tc := range tests {
		q, err := Ask(ls, LoadRequest{Lesson: tc.lesson, Step: tc.step}, KindNextState, tc.pid)
		if err != nil {
			t.Errorf("%s at %d: %v", tc.lesson, tc.step, err)
			continue
		}
		if tc.pid != 0 && q.PID != tc.pid {
			t.Errorf("%s at %d: asked about PID %d; want %d", tc.lesson, tc.step, q.PID, tc.pid)
		}
		e := engineAt(t, ls, tc.lesson, tc.step)
		before := taskState(e, q.PID)
		e.Step()
		after := taskState(e, q.PID)
		if tc.pid == 0 && before == after {
			t.Errorf("%s at %d: PID %d does not change (%v); pid 0 must pick a task that changes", tc.lesson, tc.step, q.PID, before)
		}
		got, want := answerTexts(q), []string{stateText[after].En}
		if !slices.Equal(got, want) || q.Step != tc.step || q.Reveal != tc.step+1 || q.Multi {
			t.Errorf("%s at %d PID %d: answer %v (step %d, reveal %d, multi %v); want %v at %d..%d", tc.lesson, tc.step, q.PID, got, q.Step, q.Reveal, q.Multi, want, tc.step, tc.step+1)
		}
	}
}

// TestQuizNextStateWhenNothingChanges checks ProcLab's pick (pid 0) at a
// step after which no task changes state: it asks about the task on the
// CPU, whose answer is that it stays running. (It was no_question, and the
// Ask dialog's default, the first task, asked whether init stays asleep.)
func TestQuizNextStateWhenNothingChanges(t *testing.T) {
	ls := testLessons(t)
	for _, lesson := range []string{"cpu-vs-io", "orphans", "lifecycle"} {
		e := engineAt(t, ls, lesson, 0)
		found := false
		for !e.Done() && !found {
			at := e.StepNum()
			before := map[sim.PID]sim.State{}
			var running sim.PID
			for _, tk := range e.Tasks() {
				before[tk.PID] = tk.State
				if tk.State == sim.StateRunning && running == 0 {
					running = tk.PID
				}
			}
			e.Step()
			same := running != 0
			for _, tk := range e.Tasks() {
				if before[tk.PID] != tk.State {
					same = false
				}
			}
			if !same {
				continue
			}
			found = true
			q, err := Ask(ls, LoadRequest{Lesson: lesson, Step: at}, KindNextState, 0)
			if err != nil {
				t.Errorf("%s at %d, no task changing: %v", lesson, at, err)
				continue
			}
			if got := answerTexts(q); q.PID != running || !slices.Equal(got, []string{stateText[sim.StateRunning].En}) {
				t.Errorf("%s at %d: asked about PID %d, answer %v; want PID %d (on the CPU), running", lesson, at, q.PID, got, running)
			}
		}
		if !found {
			t.Errorf("%s: no step after which no task changes state: the test checks nothing", lesson)
		}
	}
}

// TestQuizNextRun checks that next_run's answer is the task the engine
// next puts on a CPU that was not running it, and Reveal that step.
func TestQuizNextRun(t *testing.T) {
	ls := testLessons(t)
	tests := []struct {
		lesson string
		step   int64
	}{{"lifecycle", 4}, {"lifecycle", 2}, {"signals", 7}, {"mutex", 3}, {"process-program", 5}, {"peterson", 7}, {"go-loop-variable", 7}}
	for _, tc := range tests {
		q, err := Ask(ls, LoadRequest{Lesson: tc.lesson, Step: tc.step}, KindNextRun, 0)
		if err != nil {
			t.Errorf("%s at %d: %v", tc.lesson, tc.step, err)
			continue
		}
		e := engineAt(t, ls, tc.lesson, tc.step)
		prev := e.CPUs(nil)
		var runner sim.PID
		for runner == 0 && !e.Done() {
			e.Step()
			for c, p := range e.CPUs(nil) {
				if p != 0 && p != prev[c] {
					runner = p
					break
				}
			}
			prev = e.CPUs(nil)
		}
		var name string
		for _, tk := range e.Tasks() {
			if tk.PID == runner {
				name = tk.Name
			}
		}
		// The option names the task as the page does: P2 (shell), TID 3 (t2).
		got, want := answerTexts(q), []string{fmt.Sprintf("P%d (%s)", runner, name), fmt.Sprintf("TID %d (%s)", runner, name)}
		if len(got) != 1 || !slices.Contains(want, got[0]) || q.PID != runner || q.Reveal != e.StepNum() {
			t.Errorf("%s at %d: answer %v (PID %d, reveal %d); want %v (PID %d, reveal %d)", tc.lesson, tc.step, got, q.PID, q.Reveal, want, runner, e.StepNum())
		}
	}
}

// parseOutcome reads an outcome option ("a = 1, b = 2") back.
func parseOutcome(t *testing.T, s string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, part := range strings.Split(s, ", ") {
		name, val, ok := strings.Cut(part, " = ")
		n, err := strconv.ParseInt(val, 10, 64)
		if !ok || err != nil {
			t.Fatalf("option %q does not read as name = value", s)
		}
		out[name] = n
	}
	return out
}

// TestQuizOutcomes checks that an outcomes question's right options are
// exactly those explore reaches and its other options none it reaches.
func TestQuizOutcomes(t *testing.T) {
	ls := testLessons(t)
	for _, id := range []string{"lost-update", "check-then-act", "atomic", "mutex", "peterson", "go-race-detector", "go-counter", "shm-sem"} {
		q, err := Ask(ls, LoadRequest{Lesson: id}, KindOutcomes, 0)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		l, _ := ls.Get(id)
		x := ExploreScenario(l.Scenario, MaxExploreStates, nil)
		if !x.Complete || !q.Multi || len(q.Options) < MinOptions || len(q.Options) > MaxOptions {
			t.Errorf("%s: complete %v, multi %v, %d options", id, x.Complete, q.Multi, len(q.Options))
			continue
		}
		reached := 0
		for i, o := range q.Options {
			vals := parseOutcome(t, o.En)
			found := slices.ContainsFunc(x.Outcomes, func(oc Outcome) bool {
				for name, v := range vals {
					if oc.Vars[name] != v {
						return false
					}
				}
				return true
			})
			if got, want := slices.Contains(q.Answer, i), found; got != want {
				t.Errorf("%s: option %q in the answer: %v; explore reaches it: %v", id, o.En, got, want)
			}
			if found {
				reached++
			}
		}
		if reached == len(q.Options) {
			t.Errorf("%s: every option can happen; want at least one that cannot", id)
		}
	}
}

// TestQuizDataRace checks data_race against explore's race detection:
// yes on the lost update, no with a mutex.
func TestQuizDataRace(t *testing.T) {
	ls := testLessons(t)
	tests := []struct {
		lesson string
		want   string
	}{{"lost-update", "Yes"}, {"check-then-act", "Yes"}, {"mutex", "No"}, {"atomic", "No"}, {"go-race-detector", "Yes"}}
	for _, tc := range tests {
		q, err := Ask(ls, LoadRequest{Lesson: tc.lesson}, KindDataRace, 0)
		if err != nil {
			t.Errorf("%s: %v", tc.lesson, err)
			continue
		}
		l, _ := ls.Get(tc.lesson)
		racy := false
		for _, o := range ExploreScenario(l.Scenario, MaxExploreStates, nil).Outcomes {
			racy = racy || len(o.Races) > 0 || len(o.LostUpdates) > 0
		}
		if got := answerTexts(q); !slices.Equal(got, []string{tc.want}) || racy != (tc.want == "Yes") {
			t.Errorf("%s: answer %v, explore finds a race: %v; want %s", tc.lesson, got, racy, tc.want)
		}
	}
}

// TestQuizAvgWait checks that avg_wait's answer is the schedule's average
// waiting time, and that no other option shows the same value.
func TestQuizAvgWait(t *testing.T) {
	ls := testLessons(t)
	w := Workload{CPUs: 1, Jobs: []Job{{Name: "a", Bursts: []int64{8}}, {Name: "b", Arrival: 1, Bursts: []int64{4}}, {Name: "c", Arrival: 2, Bursts: []int64{2}}}}
	tests := []struct {
		name   string
		req    SchedAsk
		policy string
	}{
		{"fcfs", SchedAsk{Workload: w}, "fcfs"},
		{"sjf", SchedAsk{Workload: w}, "sjf"},
		{"rr q2", SchedAsk{Workload: w, Runs: []Policy{{Policy: "rr", Quantum: 2}, {Policy: "fcfs"}}}, "rr"},
		{"lesson convoy", SchedAsk{Lesson: "convoy"}, "fcfs"},
		{"lesson rr", SchedAsk{Lesson: "rr-quantum"}, "srtf"},
	}
	for _, tc := range tests {
		q, err := AskSchedule(ls, tc.req, tc.policy)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		run := Policy{Policy: tc.policy}
		for _, r := range tc.req.Runs {
			if r.Policy == tc.policy {
				run = r
			}
		}
		var want Schedule
		if tc.req.Lesson != "" {
			l, _ := ls.Get(tc.req.Lesson)
			res, err := ScheduleLesson(l, []Policy{run})
			if err != nil {
				t.Fatal(err)
			}
			want = res.Results[0]
		} else {
			res, err := ScheduleAll(tc.req.Workload, []Policy{run})
			if err != nil {
				t.Fatal(err)
			}
			want = res[0]
		}
		got := answerTexts(q)
		if len(got) != 1 {
			t.Errorf("%s: %d answers", tc.name, len(got))
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSuffix(got[0], " ticks"), 64)
		if err != nil || v < want.Avg.Waiting-0.005 || v > want.Avg.Waiting+0.005 || q.Reveal != want.End {
			t.Errorf("%s: answer %q (reveal %d); want %.2f ticks (end %d)", tc.name, got[0], q.Reveal, want.Avg.Waiting, want.End)
		}
		checkOptions(t, tc.name, q)
	}
	if _, err := AskSchedule(ls, SchedAsk{Workload: w}, "nonesuch"); errCode(err) != CodeBadField {
		t.Errorf("unknown policy: %v; want bad_field", err)
	}
	if _, err := AskSchedule(ls, SchedAsk{Lesson: "mutex"}, "fcfs"); errCode(err) != CodeNoQuestion {
		t.Errorf("a race lesson: %v; want no_question", err)
	}
	one := Workload{CPUs: 1, Jobs: []Job{{Name: "solo", Bursts: []int64{3}}}}
	// One job waits 0 ticks under every policy: the only distractor left
	// is its turnaround time (its response time is 0 too).
	q, err := AskSchedule(ls, SchedAsk{Workload: one}, "fcfs")
	if err != nil || len(q.Options) != 2 || !slices.Equal(answerTexts(q), []string{"0 ticks"}) || q.Options[1].En != "3 ticks" {
		t.Errorf("one job: %+v, %v; want 0 ticks against 3 ticks", q.Options, err)
	}
}

// checkOptions checks what every question must satisfy.
func checkOptions(t *testing.T, what string, q Question) {
	t.Helper()
	if len(q.Options) < MinOptions || len(q.Options) > MaxOptions {
		t.Errorf("%s: %d options", what, len(q.Options))
	}
	for i, o := range q.Options {
		if o.En == "" || o.Zh == "" {
			t.Errorf("%s: option %d lacks a language: %+v", what, i, o)
		}
		if slices.ContainsFunc(q.Options[:i], func(p Text) bool { return p.En == o.En || p.Zh == o.Zh }) {
			t.Errorf("%s: option %d (%q) repeats an earlier one", what, i, o.En)
		}
	}
	if len(q.Answer) == 0 || !slices.IsSorted(q.Answer) || (!q.Multi && len(q.Answer) != 1) {
		t.Errorf("%s: answer %v (multi %v)", what, q.Answer, q.Multi)
	}
	for _, a := range q.Answer {
		if a < 0 || a >= len(q.Options) {
			t.Errorf("%s: answer %d out of range", what, a)
		}
	}
	for _, tx := range []Text{q.Prompt, q.Explain} {
		if tx.En == "" || tx.Zh == "" || len(tx.En) > MaxExplainBytes || len(tx.Zh) > MaxExplainBytes {
			t.Errorf("%s: a text lacks a language or is too long: %+v", what, tx)
		}
	}
	if len(q.Prompt.En) > MaxPromptBytes || len(q.Prompt.Zh) > MaxPromptBytes || q.Reveal < q.Step {
		t.Errorf("%s: prompt of %d bytes, step %d, reveal %d", what, len(q.Prompt.En), q.Step, q.Reveal)
	}
	if err := CheckChoice(q); err != nil {
		t.Errorf("%s: a generated question fails the typed question's checks: %v", what, err)
	}
}

// TestQuizEveryLesson makes the quiz of every lesson: each has questions,
// each question is well formed, and a second call gives the same quiz.
func TestQuizEveryLesson(t *testing.T) {
	ls := testLessons(t)
	for _, l := range ls.All() {
		qs, err := Quiz(ls, l.ID)
		if err != nil {
			t.Errorf("%s: %v", l.ID, err)
			continue
		}
		if len(qs) < 2 {
			t.Errorf("%s: %d questions; want at least 2", l.ID, len(qs))
		}
		kinds := map[string]bool{}
		for i, q := range qs {
			checkOptions(t, l.ID+" question "+strconv.Itoa(i)+" ("+q.Kind+")", q)
			kinds[q.Kind] = true
			if i > 0 && q.Step < qs[i-1].Step {
				t.Errorf("%s: question %d at step %d after one at %d", l.ID, i, q.Step, qs[i-1].Step)
			}
		}
		if l.Topic() == "races" && len(l.Scenario.Vars) > 0 && !kinds[KindDataRace] {
			t.Errorf("%s: a lesson with shared variables has no data_race question (kinds %v)", l.ID, kinds)
		}
		if l.Topic() == "scheduling" && !kinds[KindAvgWait] {
			t.Errorf("%s: a scheduling lesson has no avg_wait question (kinds %v)", l.ID, kinds)
		}
		again, err := Quiz(ls, l.ID)
		if err != nil || !reflect.DeepEqual(again, qs) {
			t.Errorf("%s: a second quiz differs (err %v)", l.ID, err)
		}
	}
	if _, err := Quiz(ls, "nonesuch"); errCode(err) != CodeUnknownLesson {
		t.Errorf("unknown lesson: %v; want unknown_lesson", err)
	}
}

// TestQuizAskRefuses checks the questions that cannot be asked.
func TestQuizAskRefuses(t *testing.T) {
	ls := testLessons(t)
	end := NewSession(ls)
	if _, err := end.Load(LoadRequest{Lesson: "lifecycle"}, nil); err != nil {
		t.Fatal(err)
	}
	total := end.Total()
	tests := []struct {
		name string
		req  LoadRequest
		kind string
		pid  sim.PID
		want Code
	}{
		{"next_state at the end", LoadRequest{Lesson: "lifecycle", Step: total}, KindNextState, 0, CodeNoQuestion},
		{"next_run at the end", LoadRequest{Lesson: "lifecycle", Step: total}, KindNextRun, 0, CodeNoQuestion},
		{"outcomes without variables", LoadRequest{Lesson: "lifecycle"}, KindOutcomes, 0, CodeNoQuestion},
		{"data_race without variables", LoadRequest{Lesson: "lifecycle"}, KindDataRace, 0, CodeNoQuestion},
		{"no such task", LoadRequest{Lesson: "lifecycle", Step: 2}, KindNextState, 99, CodeBadField},
		{"negative pid", LoadRequest{Lesson: "lifecycle", Step: 2}, KindNextState, -1, CodeBadField},
		{"unknown kind", LoadRequest{Lesson: "lifecycle"}, "guess", 0, CodeBadField},
		{"avg_wait needs a workload", LoadRequest{Lesson: "convoy"}, KindAvgWait, 0, CodeBadField},
		{"choice is typed", LoadRequest{Lesson: "lifecycle"}, KindChoice, 0, CodeBadField},
		{"unknown lesson", LoadRequest{Lesson: "nonesuch"}, KindNextState, 0, CodeUnknownLesson},
		{"bad load", LoadRequest{}, KindNextState, 0, CodeBadField},
	}
	for _, tc := range tests {
		_, err := Ask(ls, tc.req, tc.kind, tc.pid)
		if got := errCode(err); got != tc.want {
			t.Errorf("%s: %v; want %s", tc.name, err, tc.want)
		}
	}
}

// TestQuizCheckChoice checks a typed question's limits.
func TestQuizCheckChoice(t *testing.T) {
	good := Question{Prompt: Text{"Which is a zombie?", "哪个是僵尸进程？"}, Options: []Text{{"A", "甲"}, {"B", "乙"}}, Answer: []int{1}}
	if err := CheckChoice(good); err != nil {
		t.Fatalf("a good question: %v", err)
	}
	poll := good
	poll.Answer = nil
	if err := CheckChoice(poll); err != nil {
		t.Errorf("an opinion poll: %v", err)
	}
	multi := good
	multi.Multi, multi.Answer = true, []int{1, 0}
	if q, err := Choice(multi); err != nil || !slices.Equal(q.Answer, []int{0, 1}) || q.Kind != KindChoice {
		t.Errorf("a multi question: %+v, %v; want answers sorted, kind choice", q, err)
	}
	// What the page's boxes take (500 and 200 characters) fits in any
	// script: a Chinese prompt of 500 characters is 1,500 bytes, and an
	// emoji is two of the box's characters and four bytes.
	full := good
	full.Prompt = Text{strings.Repeat("僵", 500), strings.Repeat("🙂", 250)}
	full.Options = []Text{{strings.Repeat("甲", 200), "甲"}, {strings.Repeat("乙", 200), "乙"}}
	if _, err := Choice(full); err != nil {
		t.Errorf("a question as long as the page's boxes take, in Chinese: %v", err)
	}
	opts := func(n int) []Text {
		var out []Text
		for i := range n {
			out = append(out, Text{"option " + strconv.Itoa(i), "选项 " + strconv.Itoa(i)})
		}
		return out
	}
	bad := []struct {
		name string
		edit func(q *Question)
		want Code
	}{
		{"empty prompt", func(q *Question) { q.Prompt = Text{" ", ""} }, CodeBadField},
		{"long prompt", func(q *Question) { q.Prompt.En = strings.Repeat("x", MaxPromptBytes+1) }, CodeTooLarge},
		{"long zh prompt", func(q *Question) { q.Prompt.Zh = strings.Repeat("僵", MaxPromptBytes/3+1) }, CodeTooLarge},
		{"bad UTF-8", func(q *Question) { q.Prompt.En = "a\xffb" }, CodeBadField},
		{"control character", func(q *Question) { q.Options[0].En = "a\x1bb" }, CodeBadField},
		{"one option", func(q *Question) { q.Options = opts(1); q.Answer = []int{0} }, CodeBadField},
		{"too many options", func(q *Question) { q.Options = opts(MaxOptions + 1) }, CodeBadField},
		{"empty option", func(q *Question) { q.Options[1] = Text{} }, CodeBadField},
		{"long option", func(q *Question) { q.Options[1].En = strings.Repeat("y", MaxOptionBytes+1) }, CodeTooLarge},
		{"duplicate options", func(q *Question) { q.Options[1] = q.Options[0] }, CodeBadField},
		{"answer out of range", func(q *Question) { q.Answer = []int{2} }, CodeBadField},
		{"negative answer", func(q *Question) { q.Answer = []int{-1} }, CodeBadField},
		{"answer twice", func(q *Question) { q.Multi, q.Answer = true, []int{1, 1} }, CodeBadField},
		{"two answers, not multi", func(q *Question) { q.Answer = []int{0, 1} }, CodeBadField},
		{"long explanation", func(q *Question) { q.Explain.En = strings.Repeat("z", MaxExplainBytes+1) }, CodeTooLarge},
	}
	for _, tc := range bad {
		q := good
		q.Options = slices.Clone(good.Options)
		q.Answer = slices.Clone(good.Answer)
		tc.edit(&q)
		if got := errCode(CheckChoice(q)); got != tc.want {
			t.Errorf("%s: %v; want %s", tc.name, CheckChoice(q), tc.want)
		}
	}
}
