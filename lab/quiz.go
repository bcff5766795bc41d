package lab

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"proclab/sim"
)

// This file generates questions from the engine (issue 13, part 2): a
// teacher's predictions in a room and the self-study quiz. Every answer is
// what the engine computes for the learner's own run (the same recording a
// Session replays), never a stored one.

// The kinds of question.
const (
	KindNextState = "next_state" // which state a task is in after the next step
	KindNextRun   = "next_run"   // which task a CPU runs next
	KindOutcomes  = "outcomes"   // which final values of the shared variables can happen (explore)
	KindDataRace  = "data_race"  // is there a data race (explore's race detection)
	KindAvgWait   = "avg_wait"   // the average waiting time of a workload under a policy
	KindChoice    = "choice"     // free multiple choice, typed by a teacher
)

// CodeNoQuestion says a question of that kind cannot be asked there: no
// task changes at that step, the run has ended, explore did not finish, the
// run has no shared variables.
const CodeNoQuestion Code = "no_question"

// The limits of a question. A typed (choice) question is checked against
// them by CheckChoice; generated questions stay within them too.
const (
	// A prompt and an option, in each language, in bytes of UTF-8: room
	// for the 500 and 200 characters the page's text boxes take in any
	// script (a box counts UTF-16 units, each at most 3 bytes of UTF-8; a
	// 282-character Chinese question, 666 bytes, was refused at 500).
	MaxPromptBytes  = 1500
	MaxOptionBytes  = 600
	MaxExplainBytes = 1000 // an explanation, in each language
	MinOptions      = 2
	MaxOptions      = 8
	// MaxAskScanSteps bounds how far next_run and data_race look ahead
	// for the step that reveals the answer, in steps.
	MaxAskScanSteps = 20_000
	// QuizNextState is how many next_state questions a quiz spreads over
	// a run (fewer when fewer steps change a task).
	QuizNextState = 3
)

// Question is one multiple-choice question. Answer holds the indices of
// the right options in increasing order (empty: an opinion poll, which a
// typed question may be). Step is the step it is asked at; Reveal the step
// whose view shows the answer (for avg_wait: the tick its schedule ends).
type Question struct {
	Kind    string
	Prompt  Text
	Options []Text
	Multi   bool // the learner may pick several options
	Answer  []int
	Explain Text
	Step    int64
	Reveal  int64
	PID     sim.PID // next_state: the task asked about; next_run: the task that runs (0: none)
}

// Ask generates a question of kind (next_state, next_run, outcomes or
// data_race) about the run req opens, at req.Step (clamped to the run).
// pid names the task of a next_state question (0: the most telling task
// that changes in the next step); the other kinds ignore it.
func Ask(ls *Lessons, req LoadRequest, kind string, pid sim.PID) (Question, error) {
	if err := checkKind(kind); err != nil {
		return Question{}, err
	}
	s := NewSession(ls)
	if _, err := s.Load(req, nil); err != nil {
		return Question{}, err
	}
	return s.Ask(kind, pid, nil)
}

func checkKind(kind string) error {
	switch kind {
	case KindNextState, KindNextRun, KindOutcomes, KindDataRace:
		return nil
	case KindAvgWait:
		return Errorf(CodeBadField, "an avg_wait question is about a workload: ask it with sched and policy")
	case KindChoice:
		return Errorf(CodeBadField, "a choice question is typed, not generated")
	}
	return Errorf(CodeBadField, "unknown question kind %q; the kinds are next_state, next_run, outcomes, data_race, avg_wait", truncate(kind, 32))
}

// Ask generates a question of kind about the open run at the cursor's
// step (see the function Ask). It moves the cursor (to the step after,
// for next_state); stop is polled by explore (it may be nil).
func (s *Session) Ask(kind string, pid sim.PID, stop func() bool) (Question, error) {
	if err := checkKind(kind); err != nil {
		return Question{}, err
	}
	if s.src == nil {
		return Question{}, Errorf(CodeNoScenario, "load a lesson or a scenario first")
	}
	if pid < 0 {
		return Question{}, Errorf(CodeBadField, "pid must not be negative")
	}
	at := s.Step()
	var q Question
	var err error
	switch kind {
	case KindNextState:
		q, err = s.askNextState(at, pid)
	case KindNextRun:
		q, err = s.askNextRun(at)
	case KindOutcomes:
		q, err = s.askOutcomes(at, stop)
	default:
		q, err = s.askDataRace(at, stop)
	}
	if err != nil {
		return Question{}, err
	}
	return withinLimits(q)
}

// withinLimits refuses a generated question that a typed one could not be
// (names so long that a text passes its limit): the room sends both alike.
func withinLimits(q Question) (Question, error) {
	if err := CheckChoice(q); err != nil {
		return Question{}, Errorf(CodeNoQuestion, "the question would break a limit: %s", AsError(err).Msg)
	}
	return q, nil
}

// stateText names the states as docs/glossary.md does.
var stateText = map[sim.State]Text{
	sim.StateRunnable: {"runnable (R, in the ready queue)", "就绪（R，在就绪队列中）"},
	sim.StateRunning:  {"running (R, on a CPU)", "运行（R，在 CPU 上）"},
	sim.StateSleeping: {"interruptible sleep (S)", "可中断睡眠（S）"},
	sim.StateDisk:     {"uninterruptible sleep (D)", "不可中断睡眠（D）"},
	sim.StateStopped:  {"stopped (T)", "暂停（T）"},
	sim.StateTraced:   {"traced (t)", "被跟踪（t）"},
	sim.StateZombie:   {"zombie (Z)", "僵尸（Z）"},
	sim.StateDead:     {"dead (X)", "已销毁（X，EXIT_DEAD）"},
}

// causeText says why a task changed state, for the common causes (the
// others are named by their wire name, an identifier in both languages).
var causeText = map[sim.Cause]Text{
	sim.CauseDispatch:   {"the scheduler dispatched it", "调度器把它调度到 CPU 上"},
	sim.CauseQuantum:    {"its quantum expired", "它的时间片用完"},
	sim.CausePreempt:    {"a task the policy prefers preempted it", "调度策略更优先的任务抢占了它"},
	sim.CauseArrival:    {"it arrived", "它到达了"},
	sim.CauseFork:       {"fork created it", "fork 创建了它"},
	sim.CauseIO:         {"it waits for I/O", "它等待 I/O"},
	sim.CauseIODone:     {"its I/O finished", "它的 I/O 完成"},
	sim.CauseSleep:      {"it called nanosleep", "它调用了 nanosleep"},
	sim.CauseDisk:       {"it reads a file (an uninterruptible wait)", "它读文件（不可中断等待）"},
	sim.CauseWaitChild:  {"it waits for a child", "它用 wait 等待子进程"},
	sim.CauseChildExit:  {"a child exited", "一个子进程退出了"},
	sim.CauseExit:       {"it called exit", "它调用了 exit"},
	sim.CauseReap:       {"its parent's wait reaped it", "父进程的 wait 回收了它"},
	sim.CauseAutoReap:   {"it was removed at once, with no wait: its parent ignores SIGCHLD (or, in a jobs model, init takes jobs away as they end)", "它被立即移除，无须 wait：父进程忽略 SIGCHLD（在作业模型里，则是 init 在作业结束时就把它移走）"},
	sim.CauseSigStop:    {"SIGSTOP stopped it", "SIGSTOP 让它暂停"},
	sim.CauseSigCont:    {"SIGCONT continued it", "SIGCONT 让它继续运行"},
	sim.CauseSigKill:    {"SIGKILL killed it", "SIGKILL 杀死了它"},
	sim.CauseSigTerm:    {"a signal killed it", "一个信号终止了它"},
	sim.CauseYield:      {"it called sched_yield", "它调用了 sched_yield"},
	sim.CauseLock:       {"it waits for a mutex or gets it", "它等待或得到互斥锁"},
	sim.CauseSem:        {"it waits on a semaphore or is posted", "它在信号量上等待或被 V 操作唤醒"},
	sim.CauseCond:       {"a condition variable", "条件变量"},
	sim.CauseWoken:      {"another task woke it", "另一个任务唤醒了它"},
	sim.CauseHandoff:    {"the lock was handed to it", "锁被直接交给了它"},
	sim.CauseChan:       {"a channel operation", "通道（channel）操作"},
	sim.CauseThreadExit: {"the thread ended (pthread_exit)", "线程结束（pthread_exit）"},
	sim.CauseGroupExit:  {"exit_group ended every thread of its process", "exit_group 结束了进程内所有线程"},
	sim.CauseWaitGroup:  {"a WaitGroup", "WaitGroup"},
}

func causeOf(c sim.Cause) Text {
	if t, ok := causeText[c]; ok {
		return t
	}
	return Text{c.String(), c.String()}
}

// taskText names a task as the page does (web/js/fold.js taskTag): a
// process "P2 (shell)", a thread "TID 3 (t2)", a job of the jobs model by
// its name alone.
func (s *Session) taskText(t Task) Text {
	tag := fmt.Sprintf("P%d", t.PID)
	if sc := s.sc; sc != nil {
		if sc.Jobs {
			return Text{t.Name, t.Name}
		}
		if t.TGID != t.PID || (t.Program >= 0 && t.Program < len(sc.Programs) && sc.Programs[t.Program].Thread) {
			tag = fmt.Sprintf("TID %d", t.PID)
		}
	}
	return Text{fmt.Sprintf("%s (%s)", tag, t.Name), fmt.Sprintf("%s（%s）", tag, t.Name)}
}

func stateOf(tasks []Task, pid sim.PID) (Task, bool) {
	for _, t := range tasks {
		if t.PID == pid {
			return t, true
		}
	}
	return Task{}, false
}

// present reports whether a task exists at a step (created, not yet removed).
func present(t Task) bool { return t.State != sim.StateNone && t.State != sim.StateDead }

// interest ranks a state change for a question: leaving the CPU or the
// ready queue for a wait, a stop or an exit teaches more than the
// scheduler's everyday dispatches.
func interest(to sim.State) int {
	switch to {
	case sim.StateZombie, sim.StateDead, sim.StateStopped, sim.StateTraced:
		return 5
	case sim.StateSleeping, sim.StateDisk:
		return 4
	case sim.StateRunnable:
		return 3 // preempted, out of quantum, or woken
	}
	return 2 // dispatched
}

// replayText is the explanation's last sentence: the steps to replay.
func replayText(from, to int64) Text {
	if from+1 == to {
		return Text{fmt.Sprintf(" Replay step %d to see it.", to), fmt.Sprintf("重放第 %d 步即可看到。", to)}
	}
	return Text{fmt.Sprintf(" Replay steps %d to %d to see it.", from+1, to), fmt.Sprintf("重放第 %d 到 %d 步即可看到。", from+1, to)}
}

func (t Text) plus(u Text) Text { return Text{t.En + u.En, t.Zh + u.Zh} }

func (s *Session) askNextState(at int64, pid sim.PID) (Question, error) {
	before := s.At(at).Tasks
	if s.AtEnd() {
		return Question{}, Errorf(CodeNoQuestion, "the run ends at step %d: there is no next step to predict", at)
	}
	f, _ := s.Forward()
	var pick Task
	if pid != 0 {
		t, ok := stateOf(before, pid)
		if !ok || !present(t) {
			return Question{}, Errorf(CodeBadField, "there is no task with PID %d at step %d", pid, at)
		}
		pick = t
	} else {
		best := 0
		for _, t := range before {
			a, ok := stateOf(f.Tasks, t.PID)
			if !ok || !present(t) || a.State == t.State {
				continue
			}
			if n := interest(a.State); n > best {
				best, pick = n, t
			}
		}
		if best == 0 {
			// No task changes state: the question is then whether the task
			// on the CPU stays there (a task of the user's code, if one
			// runs; else the first one present). The answer "it stays" is
			// a lesson too: a quantum is not over at every step.
			found := false
			for _, want := range []func(Task) bool{
				func(t Task) bool { return t.State == sim.StateRunning && t.Program >= 0 },
				func(t Task) bool { return t.State == sim.StateRunning },
				func(t Task) bool { return present(t) && t.Program >= 0 },
				present,
			} {
				for _, t := range before {
					if want(t) {
						pick, found = t, true
						break
					}
				}
				if found {
					break
				}
			}
			if !found {
				return Question{}, Errorf(CodeNoQuestion, "no task is present at step %d", at)
			}
		}
	}
	after, _ := stateOf(f.Tasks, pick.PID)
	states := []sim.State{after.State}
	if pick.State != after.State {
		states = append(states, pick.State)
	}
	for _, st := range []sim.State{sim.StateRunning, sim.StateRunnable, sim.StateSleeping, sim.StateZombie, sim.StateDisk, sim.StateStopped} {
		if len(states) >= 4 {
			break
		}
		if !slices.Contains(states, st) {
			states = append(states, st)
		}
	}
	slices.Sort(states)
	// The states in the diagram's order, rotated by an amount the step and
	// task fix, so that the right one is not always the last.
	rot := int((at*7 + int64(pick.PID)) % int64(len(states)))
	states = append(states[rot:], states[:rot]...)
	q := Question{Kind: KindNextState, Step: at, Reveal: at + 1, PID: pick.PID}
	name := s.taskText(pick)
	q.Prompt = Text{fmt.Sprintf("Step %d: which state will %s be in after the next step?", at, name.En),
		fmt.Sprintf("第 %d 步：下一步之后，%s处于什么状态？", at, name.Zh)}
	for i, st := range states {
		q.Options = append(q.Options, stateText[st])
		if st == after.State {
			q.Answer = []int{i}
		}
	}
	from, to := stateText[pick.State], stateText[after.State]
	if pick.State == after.State {
		q.Explain = Text{fmt.Sprintf("In step %d %s stays %s.", at+1, name.En, from.En),
			fmt.Sprintf("在第 %d 步，%s仍处于%s。", at+1, name.Zh, from.Zh)}
	} else {
		q.Explain = Text{fmt.Sprintf("In step %d %s goes from %s to %s", at+1, name.En, from.En, to.En),
			fmt.Sprintf("在第 %d 步，%s从%s变为%s", at+1, name.Zh, from.Zh, to.Zh)}
		for _, ev := range f.Events {
			if ev.Kind == sim.EvState && ev.Task == pick.PID && ev.To == after.State {
				c := causeOf(ev.Cause)
				q.Explain = q.Explain.plus(Text{": " + c.En, "：" + c.Zh})
				break
			}
		}
		q.Explain = q.Explain.plus(Text{".", "。"})
	}
	q.Explain = q.Explain.plus(replayText(at, at+1))
	return q, nil
}

// askNextRun finds the next dispatch after step at: the first step in
// which a CPU starts running a task it was not running, within
// MaxAskScanSteps steps; the question is which task that is.
func (s *Session) askNextRun(at int64) (Question, error) {
	snap := s.At(at)
	before := snap.Tasks
	prev := append([]sim.PID(nil), snap.CPUs...)
	var (
		found  bool
		cpu    int
		runner sim.PID
		frame  Frame
	)
	for n := 0; n < MaxAskScanSteps && !found; n++ {
		f, ok := s.Forward()
		if !ok {
			break
		}
		for c, p := range f.CPUs {
			if p != 0 && (c >= len(prev) || prev[c] != p) {
				found, cpu, runner, frame = true, c, p, f
				break
			}
		}
		prev = append(prev[:0], f.CPUs...)
	}
	if !found {
		return Question{}, Errorf(CodeNoQuestion, "no CPU starts running another task after step %d", at)
	}
	// The options: the runner and the other tasks that exist at step at
	// (runnable ones first), in PID order.
	opts := []Task{}
	if t, ok := stateOf(frame.Tasks, runner); ok {
		opts = append(opts, t)
	}
	for _, pass := range []func(Task) bool{
		func(t Task) bool { return t.State == sim.StateRunnable },
		func(t Task) bool { return t.State == sim.StateRunning },
		func(t Task) bool { return present(t) },
	} {
		for _, t := range before {
			if len(opts) >= 4 {
				break
			}
			if t.Program >= 0 && pass(t) && !slices.ContainsFunc(opts, func(o Task) bool { return o.PID == t.PID }) {
				opts = append(opts, t)
			}
		}
	}
	if len(opts) < MinOptions {
		return Question{}, Errorf(CodeNoQuestion, "only one task could run after step %d", at)
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].PID < opts[j].PID })
	q := Question{Kind: KindNextRun, Step: at, Reveal: frame.Step, PID: runner}
	// The answer is the next task the scheduler dispatches: "run next"
	// read as "be running at the next step", and a task still running
	// then was marked wrong (QA pass).
	where := Text{"Which task will the scheduler put on the CPU next", "调度器下一次把哪个任务放到 CPU 上"}
	if len(snap.CPUs) > 1 {
		where = Text{fmt.Sprintf("Which task will the scheduler put on CPU %d next", cpu), fmt.Sprintf("调度器下一次把哪个任务放到 CPU %d 上", cpu)}
	}
	q.Prompt = Text{fmt.Sprintf("Step %d: %s?", at, where.En), fmt.Sprintf("第 %d 步：%s？", at, where.Zh)}
	for i, t := range opts {
		q.Options = append(q.Options, s.taskText(t))
		if t.PID == runner {
			q.Answer = []int{i}
		}
	}
	rt, _ := stateOf(frame.Tasks, runner)
	name := s.taskText(rt)
	q.Explain = Text{fmt.Sprintf("In step %d the scheduler puts %s on CPU %d", frame.Step, name.En, cpu),
		fmt.Sprintf("在第 %d 步，调度器把 %s放到 CPU %d 上运行", frame.Step, name.Zh, cpu)}
	for _, ev := range frame.Events {
		if ev.Kind == sim.EvSwitch && ev.Task == runner && ev.Other != 0 {
			if ot, ok := stateOf(frame.Tasks, ev.Other); ok {
				on := s.taskText(ot)
				q.Explain = q.Explain.plus(Text{fmt.Sprintf(" in place of %s", on.En), fmt.Sprintf("，接替 %s", on.Zh)})
			}
			break
		}
	}
	q.Explain = q.Explain.plus(Text{".", "。"}).plus(replayText(at, frame.Step))
	return q, nil
}

// explored runs explore on the open scenario.
func (s *Session) explored(stop func() bool) (Explored, error) {
	x, err := s.Explore(stop)
	if le := AsError(err); le != nil && le.Code == CodeCannotExplore {
		return Explored{}, Errorf(CodeNoQuestion, "%s", le.Msg)
	}
	return x, err
}

// maxShownVars is how many shared variables an outcome option names.
const maxShownVars = 3

// Most outcomes explore found that an outcomes question shows, and most
// options in all.
const (
	maxShownOutcomes = 4
	maxOutcomeOpts   = 6
)

func (s *Session) askOutcomes(at int64, stop func() bool) (Question, error) {
	if s.sc == nil || len(s.sc.Vars) == 0 {
		return Question{}, Errorf(CodeNoQuestion, "this run has no shared variables to ask about")
	}
	x, err := s.explored(stop)
	if err != nil {
		return Question{}, err
	}
	if !x.Complete {
		return Question{}, Errorf(CodeNoQuestion, "explore stopped at its bound after %d states: the set of outcomes is not known", x.States)
	}
	names := make([]string, len(s.sc.Vars))
	inits := make([]int64, len(s.sc.Vars))
	for i, v := range s.sc.Vars {
		names[i], inits[i] = v.Name, v.Init
	}
	// The variables shown: those whose final value differs between
	// outcomes, else those that end unlike they started, else all.
	var shown []int
	for _, pick := range []func(int) bool{
		func(v int) bool {
			return slices.ContainsFunc(x.Outcomes, func(o Outcome) bool { return o.Vars[names[v]] != x.Outcomes[0].Vars[names[v]] })
		},
		func(v int) bool { return x.Outcomes[0].Vars[names[v]] != inits[v] },
		func(int) bool { return true },
	} {
		for v := range names {
			if pick(v) && len(shown) < maxShownVars {
				shown = append(shown, v)
			}
		}
		if len(shown) > 0 {
			break
		}
	}
	key := func(vals []int64) string {
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = strconv.FormatInt(v, 10)
		}
		return strings.Join(parts, ",")
	}
	found := map[string][]int64{}
	for _, o := range x.Outcomes {
		vals := make([]int64, len(shown))
		for i, v := range shown {
			vals[i] = o.Vars[names[v]]
		}
		found[key(vals)] = vals
	}
	var right [][]int64
	for _, v := range found {
		right = append(right, v)
	}
	sortVals(right)
	if len(right) > maxShownOutcomes {
		right = right[:maxShownOutcomes]
	}
	// Distractors: each shown outcome with one variable one more or one
	// less, and the initial values, that no schedule reaches.
	var wrong [][]int64
	seen := map[string]bool{}
	cands := [][]int64{}
	for _, r := range right {
		for i := range r {
			for _, d := range []int64{1, -1, 2} {
				c := slices.Clone(r)
				c[i] += d
				cands = append(cands, c)
			}
		}
	}
	initial := make([]int64, len(shown))
	for i, v := range shown {
		initial[i] = inits[v]
	}
	cands = append([][]int64{initial}, cands...)
	negative := func(vals []int64) bool { return slices.ContainsFunc(vals, func(v int64) bool { return v < 0 }) }
	anyNegative := slices.ContainsFunc(right, negative) || negative(initial)
	for _, c := range cands {
		k := key(c)
		if _, ok := found[k]; ok || seen[k] || (negative(c) && !anyNegative) {
			continue
		}
		seen[k] = true
		wrong = append(wrong, c)
	}
	sortVals(wrong)
	if n := maxOutcomeOpts - len(right); len(wrong) > n {
		wrong = wrong[:n]
	}
	if len(wrong) == 0 {
		return Question{}, Errorf(CodeNoQuestion, "no outcome that cannot happen could be found to ask about")
	}
	all := append(append([][]int64{}, right...), wrong...)
	sortVals(all)
	q := Question{Kind: KindOutcomes, Multi: true, Step: at, Reveal: s.Total()}
	q.Prompt = Text{"Which final values of the shared variables can some schedule produce? Pick every one that can happen.",
		"哪些共享变量的最终值可能出现（在某个调度下）？选出所有可能出现的。"}
	if len(right) < len(found) {
		q.Prompt = Text{"Which of these final values of the shared variables can some schedule produce? Pick every one that can happen.",
			"下列共享变量的最终值中，哪些可能出现（在某个调度下）？选出所有可能出现的。"}
	}
	label := func(vals []int64) string {
		parts := make([]string, len(vals))
		for i, v := range shown {
			parts[i] = fmt.Sprintf("%s = %d", names[v], vals[i])
		}
		return strings.Join(parts, ", ")
	}
	for i, vals := range all {
		l := label(vals)
		q.Options = append(q.Options, Text{l, l})
		if _, ok := found[key(vals)]; ok {
			q.Answer = append(q.Answer, i)
		}
	}
	var rightLabels []string
	for _, r := range right {
		rightLabels = append(rightLabels, label(r))
	}
	end := s.At(s.Total())
	mine := make([]int64, len(shown))
	for i, v := range shown {
		mine[i] = end.Vars[v]
	}
	q.Explain = Text{
		fmt.Sprintf("Explore tried every schedule (%d states) and found %s: %s. Your run ends with %s at step %d.",
			x.States, plural(len(found), "outcome"), strings.Join(rightLabels, "; "), label(mine), s.Total()),
		fmt.Sprintf("探索尝试了所有调度（%d 个状态），找到 %d 种结果：%s。你的这次运行在第 %d 步结束，结果是 %s。",
			x.States, len(found), strings.Join(rightLabels, "；"), s.Total(), label(mine)),
	}.plus(replayText(at, s.Total()))
	return q, nil
}

// plural writes n and the English noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func sortVals(v [][]int64) {
	sort.Slice(v, func(i, j int) bool { return slices.Compare(v[i], v[j]) < 0 })
}

func (s *Session) askDataRace(at int64, stop func() bool) (Question, error) {
	if s.sc == nil || len(s.sc.Vars) == 0 {
		return Question{}, Errorf(CodeNoQuestion, "this run has no shared variables: a data race needs one")
	}
	x, err := s.explored(stop)
	if err != nil {
		return Question{}, err
	}
	var racy []string
	for _, o := range x.Outcomes {
		for _, v := range append(append([]string{}, o.Races...), o.LostUpdates...) {
			if !slices.Contains(racy, v) {
				racy = append(racy, v)
			}
		}
	}
	if len(racy) == 0 && !x.Complete {
		return Question{}, Errorf(CodeNoQuestion, "explore stopped at its bound after %d states without finding a data race: whether there is one is not known", x.States)
	}
	slices.Sort(racy)
	q := Question{Kind: KindDataRace, Step: at, Reveal: s.Total(),
		Prompt:  Text{"Is there a data race on a shared variable in some schedule of this run?", "这个程序在某个调度下，共享变量上会出现数据竞争吗？"},
		Options: []Text{{"Yes", "会"}, {"No", "不会"}}}
	if len(racy) == 0 {
		q.Answer = []int{1}
		q.Explain = Text{fmt.Sprintf("Explore tried every schedule (%d states): the race detector finds no data race; every access to a shared variable is ordered by a lock, an atomic operation or a happens-before edge.", x.States),
			fmt.Sprintf("探索尝试了所有调度（%d 个状态）：竞态检测器没有发现数据竞争，每次访问共享变量都由锁、原子操作或先行发生（happens-before）关系排好了顺序。", x.States)}
		return q, nil
	}
	q.Answer = []int{0}
	list := strings.Join(racy, ", ")
	q.Explain = Text{fmt.Sprintf("Explore tried every schedule (%d states): the race detector finds a data race on %s.", x.States, list),
		fmt.Sprintf("探索尝试了所有调度（%d 个状态）：竞态检测器在 %s 上发现了数据竞争。", x.States, strings.Join(racy, "、"))}
	// The first race in the learner's own run after step at, if any.
	s.At(at)
	for n := 0; n < MaxAskScanSteps; n++ {
		f, ok := s.Forward()
		if !ok {
			break
		}
		if i := slices.IndexFunc(f.Events, func(ev sim.Event) bool { return ev.Kind == sim.EvRace }); i >= 0 {
			ev := f.Events[i]
			a, _ := stateOf(f.Tasks, ev.Task)
			b, _ := stateOf(f.Tasks, ev.Other)
			an, bn := s.taskText(a), s.taskText(b)
			v := s.sc.Vars[ev.Obj].Name
			q.Reveal = f.Step
			q.Explain = q.Explain.plus(Text{fmt.Sprintf(" In your run, step %d: %s accesses %s while %s's access at step %d is not ordered before it.", f.Step, an.En, v, bn.En, ev.Value),
				fmt.Sprintf("在你的这次运行中，第 %d 步：%s访问 %s，而 %s在第 %d 步的访问与它之间没有先行发生关系。", f.Step, an.Zh, v, bn.Zh, ev.Value)})
			return q.withReplay(), nil
		}
	}
	return q.withReplay(), nil
}

func (q Question) withReplay() Question {
	q.Explain = q.Explain.plus(replayText(q.Step, q.Reveal))
	return q
}

// SchedAsk is a scheduling request as POST /api/schedule takes it: a
// workload and runs, or a scheduling lesson's id (then no workload).
type SchedAsk struct {
	Workload Workload
	Runs     []Policy
	Lesson   string
}

// policyText names the policies as docs/glossary.md does.
var policyText = map[string]Text{
	"fcfs": {"first-come, first-served (FCFS)", "先来先服务（FCFS）"}, "sjf": {"shortest job first (SJF)", "短作业优先（SJF）"},
	"srtf": {"shortest remaining time first (SRTF)", "最短剩余时间优先（SRTF）"}, "rr": {"round robin (RR)", "时间片轮转（RR）"},
	"priority": {"priority scheduling", "优先级调度"}, "priority-preemptive": {"preemptive priority scheduling", "抢占式优先级调度"},
	"hrrn": {"highest response ratio next (HRRN)", "最高响应比优先（HRRN）"}, "mlfq": {"multi-level feedback queue (MLFQ)", "多级反馈队列（MLFQ）"},
	"cfs": {"completely fair scheduler (CFS)", "完全公平调度（CFS）"}, "lottery": {"lottery scheduling", "彩票调度"},
	"stride": {"stride scheduling", "步幅调度"},
}

func policyName(p string) Text {
	if t, ok := policyText[p]; ok {
		return t
	}
	return Text{p, p}
}

// ticks writes an average in ticks with at most two decimals.
func ticks(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// AskSchedule asks for the average waiting time of req's workload (or
// scheduling lesson) under policy (a sim.ParsePolicy name; its quantum is
// that of the run in req.Runs with the same policy, else the default). The
// distractors are the averages under the other runs of req and the other
// policies, then the same policy's average response and turnaround times,
// none equal to the answer as shown.
func AskSchedule(ls *Lessons, req SchedAsk, policy string) (Question, error) {
	if _, ok := sim.ParsePolicy(policy); !ok {
		return Question{}, Errorf(CodeBadField, "unknown policy %q", truncate(policy, 32))
	}
	if len(req.Runs) > MaxSchedRuns {
		return Question{}, Errorf(CodeBadField, "ask for at most %d runs", MaxSchedRuns)
	}
	asked := Policy{Policy: policy}
	for _, r := range req.Runs {
		if r.Policy == policy {
			asked = r
			break
		}
	}
	others := []Policy{}
	for _, r := range req.Runs {
		if r.Policy != policy && r.Policy != "" {
			others = append(others, r)
		}
	}
	for _, p := range []string{"fcfs", "sjf", "srtf", "rr", "priority", "hrrn", "mlfq"} {
		if p != policy && !slices.ContainsFunc(others, func(r Policy) bool { return r.Policy == p }) {
			others = append(others, Policy{Policy: p, Quantum: asked.Quantum})
		}
	}
	var sched func(Policy) (Schedule, error)
	var title Text
	if req.Lesson != "" {
		if len(req.Workload.Jobs) > 0 || req.Workload.MLFQ != nil {
			return Question{}, Errorf(CodeBadField, "ask for a lesson or a workload, not both")
		}
		l, ok := ls.Get(req.Lesson)
		if !ok {
			return Question{}, Errorf(CodeUnknownLesson, "there is no lesson %q", truncate(req.Lesson, 64))
		}
		if !l.Scenario.Jobs || l.IsGo {
			return Question{}, Errorf(CodeNoQuestion, "lesson %q is not a scheduling lesson", l.ID)
		}
		title = l.Title()
		sched = func(p Policy) (Schedule, error) {
			r, err := ScheduleLesson(l, []Policy{p})
			if err != nil {
				return Schedule{}, err
			}
			return r.Results[0], nil
		}
	} else {
		sched = func(p Policy) (Schedule, error) {
			r, _, _, err := schedule(req.Workload, p, nil)
			return r, err
		}
	}
	res, err := sched(asked)
	if err != nil {
		return Question{}, err
	}
	q, err := avgWaitQuestion(res, others, sched, title)
	if err != nil {
		return Question{}, err
	}
	return withinLimits(q)
}

// avgWaitQuestion builds an avg_wait question from the asked run's
// schedule res; sched schedules the same jobs under another run.
func avgWaitQuestion(res Schedule, others []Policy, sched func(Policy) (Schedule, error), title Text) (Question, error) {
	right := ticks(res.Avg.Waiting)
	type distractor struct {
		v    string
		from Text
	}
	var ds []distractor
	used := map[string]bool{right: true}
	add := func(v float64, from Text) {
		s := ticks(v)
		if !used[s] && len(ds) < 3 {
			used[s] = true
			ds = append(ds, distractor{s, from})
		}
	}
	for _, o := range others {
		if len(ds) >= 3 {
			break
		}
		r, err := sched(o)
		if err != nil {
			continue // a policy this workload cannot run (an MLFQ without levels...): no distractor from it
		}
		on := policyName(o.Policy)
		add(r.Avg.Waiting, Text{"the average waiting time under " + on.En, "在" + on.Zh + "下的平均等待时间"})
	}
	add(res.Avg.Response, Text{"the average response time under the same policy", "同一调度算法下的平均响应时间"})
	add(res.Avg.Turnaround, Text{"the average turnaround time under the same policy", "同一调度算法下的平均周转时间"})
	if len(ds) == 0 {
		return Question{}, Errorf(CodeNoQuestion, "every policy gives this workload the same average waiting time (%s ticks)", right)
	}
	vals := []string{right}
	for _, d := range ds {
		vals = append(vals, d.v)
	}
	sort.Slice(vals, func(i, j int) bool {
		a, _ := strconv.ParseFloat(vals[i], 64)
		b, _ := strconv.ParseFloat(vals[j], 64)
		return a < b
	})
	pn := policyName(res.Policy)
	q := Question{Kind: KindAvgWait, Step: 0, Reveal: res.End}
	q.Prompt = Text{fmt.Sprintf("Under %s, what is the average waiting time of these jobs, in ticks?", pn.En),
		fmt.Sprintf("在%s下，这些作业的平均等待时间是多少个时钟滴答（tick）？", pn.Zh)}
	if title.En != "" {
		q.Prompt = Text{fmt.Sprintf("%s: under %s, what is the average waiting time of the jobs, in ticks?", title.En, pn.En),
			fmt.Sprintf("%s：在%s下，作业的平均等待时间是多少个时钟滴答（tick）？", title.Zh, pn.Zh)}
	}
	for i, v := range vals {
		q.Options = append(q.Options, Text{v + " ticks", v + " 个时钟滴答"})
		if v == right {
			q.Answer = []int{i}
		}
	}
	var parts, partsZh []string
	for _, j := range res.Jobs {
		parts = append(parts, fmt.Sprintf("%s %d", j.Name, j.Waiting))
		partsZh = append(partsZh, fmt.Sprintf("%s %d", j.Name, j.Waiting))
	}
	q.Explain = Text{fmt.Sprintf("Under %s each job waits in the ready queue for: %s ticks; the average is %s ticks. The schedule ends at tick %d.",
		pn.En, strings.Join(parts, ", "), right, res.End),
		fmt.Sprintf("在%s下，各作业在就绪队列中的等待时间为：%s（时钟滴答）；平均 %s 个时钟滴答。调度在第 %d 个时钟滴答结束。",
			pn.Zh, strings.Join(partsZh, "，"), right, res.End)}
	var from, fromZh []string
	for _, d := range ds {
		from = append(from, d.v+" is "+d.from.En)
		fromZh = append(fromZh, d.v+" 是"+d.from.Zh)
	}
	q.Explain = q.Explain.plus(Text{" The other options: " + strings.Join(from, "; ") + ".", "其他选项：" + strings.Join(fromZh, "；") + "。"})
	return q, nil
}

// CheckChoice validates a question a teacher typed (kind choice): a
// prompt and 2 to MaxOptions distinct options in both languages (a
// missing Chinese text is not an error: the English is shown), each
// within its byte limit and valid UTF-8, and answers that are distinct
// option indices (none: an opinion poll; several only when Multi).
func CheckChoice(q Question) error {
	checkText := func(what string, t Text, limit int) error {
		if strings.TrimSpace(t.En) == "" && strings.TrimSpace(t.Zh) == "" {
			return Errorf(CodeBadField, "the %s is empty", what)
		}
		for _, s := range []string{t.En, t.Zh} {
			if len(s) > limit {
				return Errorf(CodeTooLarge, "the %s is %d bytes; the limit is %d", what, len(s), limit)
			}
			if !utf8.ValidString(s) {
				return Errorf(CodeBadField, "the %s is not valid UTF-8", what)
			}
			if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f }) {
				return Errorf(CodeBadField, "the %s holds a control character", what)
			}
		}
		return nil
	}
	if err := checkText("prompt", q.Prompt, MaxPromptBytes); err != nil {
		return err
	}
	if q.Explain != (Text{}) {
		if err := checkText("explanation", q.Explain, MaxExplainBytes); err != nil {
			return err
		}
	}
	if len(q.Options) < MinOptions || len(q.Options) > MaxOptions {
		return Errorf(CodeBadField, "a question has %d to %d options, not %d", MinOptions, MaxOptions, len(q.Options))
	}
	for i, o := range q.Options {
		if err := checkText(fmt.Sprintf("option %d", i+1), o, MaxOptionBytes); err != nil {
			return err
		}
		for _, p := range q.Options[:i] {
			if strings.TrimSpace(p.En) == strings.TrimSpace(o.En) && strings.TrimSpace(p.Zh) == strings.TrimSpace(o.Zh) {
				return Errorf(CodeBadField, "option %d repeats an earlier option", i+1)
			}
		}
	}
	if len(q.Answer) > 1 && !q.Multi {
		return Errorf(CodeBadField, "%d right answers, but the question is not multi", len(q.Answer))
	}
	for i, a := range q.Answer {
		if a < 0 || a >= len(q.Options) {
			return Errorf(CodeBadField, "answer %d is not an option (0 to %d)", a, len(q.Options)-1)
		}
		if slices.Contains(q.Answer[:i], a) {
			return Errorf(CodeBadField, "answer %d is given twice", a)
		}
	}
	return nil
}

// Choice is a typed question made ready to ask: checked by CheckChoice,
// its kind set and its answers sorted.
func Choice(q Question) (Question, error) {
	if err := CheckChoice(q); err != nil {
		return Question{}, err
	}
	q.Kind = KindChoice
	q.Answer = slices.Sorted(slices.Values(q.Answer))
	return q, nil
}

// Quiz generates the self-study questions of a lesson: a few next_state
// questions spread over its run, a next_run question, for a lesson with
// shared variables an outcomes and a data_race question, and for a
// scheduling lesson an avg_wait question. The questions are in step order
// and the same on every call.
func Quiz(ls *Lessons, lessonID string) ([]Question, error) {
	s := NewSession(ls)
	if _, err := s.Load(LoadRequest{Lesson: lessonID}, nil); err != nil {
		return nil, err
	}
	return s.Quiz(nil)
}

// Quiz generates the self-study questions of the open lesson (see the
// function Quiz); stop is polled by explore (it may be nil). It moves the
// cursor.
func (s *Session) Quiz(stop func() bool) ([]Question, error) {
	if s.src == nil {
		return nil, Errorf(CodeNoScenario, "load a lesson first")
	}
	l, ok := s.lessons.Get(s.run.Lesson)
	if !ok {
		return nil, Errorf(CodeUnknownLesson, "a quiz is made from a built-in lesson")
	}
	var qs []Question
	total := s.Total()
	// next_state: from evenly spaced steps, the first step on where a task
	// changes state.
	for k := int64(0); k < QuizNextState; k++ {
		if at, ok := s.mostTelling(total*k/QuizNextState, total*(k+1)/QuizNextState); ok {
			if q, err := s.askNextState(at, 0); err == nil {
				qs = append(qs, q)
			}
		}
	}
	if q, err := s.askNextRun(total / 4); err == nil && !slices.ContainsFunc(qs, func(o Question) bool { return o.Step == q.Step && o.PID == q.PID }) {
		qs = append(qs, q)
	}
	if s.sc != nil && len(s.sc.Vars) > 0 {
		if q, err := s.askDataRace(0, stop); err == nil {
			qs = append(qs, q)
		}
		if q, err := s.askOutcomes(0, stop); err == nil {
			qs = append(qs, q)
		}
	}
	if l.Scenario.Jobs && !l.IsGo {
		own := Policy{Policy: l.Scenario.Policy.String(), Quantum: l.Scenario.Quantum}
		if q, err := AskSchedule(s.lessons, SchedAsk{Lesson: l.ID, Runs: []Policy{own}}, own.Policy); err == nil {
			q.Reveal = min(q.Reveal, total)
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return nil, Errorf(CodeNoQuestion, "no question could be generated from lesson %q", l.ID)
	}
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].Step < qs[j].Step })
	return qs, nil
}

// mostTelling returns the step in from..to-1 (at most MaxAskScanSteps of
// them) before which a task changes state most tellingly (interest), the
// earliest of equals; ok is false when no task changes there.
func (s *Session) mostTelling(from, to int64) (at int64, ok bool) {
	to = min(to, from+MaxAskScanSteps, s.Total())
	before := s.At(from).Tasks
	best := 0
	for n := from; n < to; n++ {
		f, more := s.Forward()
		if !more {
			break
		}
		for _, t := range before {
			if a, found := stateOf(f.Tasks, t.PID); found && present(t) && a.State != t.State {
				if i := interest(a.State); i > best {
					best, at = i, n
				}
			}
		}
		before = f.Tasks
	}
	return at, best > 0
}
