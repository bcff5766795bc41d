package lab

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"proclab/sim"
)

// LessonSchedule is a scheduling lesson (a lesson in the jobs model) as the
// scheduling view opens it: the lesson's own schedule or the same jobs
// under other policies (Results, one per run asked for), the policy and
// quantum the lesson itself uses, and its jobs as an editable workload.
//
// Every result is computed from the lesson's own scenario text (with only
// its policy line changed for another policy), so the lesson's own run is
// step for step what the stepper shows. Workload is the jobs read back from
// the programs (CPU and I/O bursts, arrival, priority, tickets, nice);
// Exact says whether that workload, scheduled as a workload, gives the very
// same schedule as the lesson (a lesson may use what a workload cannot say:
// statements other than compute and io, a last I/O burst, the fair
// scheduler's latency, a page-table switch cost).
type LessonSchedule struct {
	ID       string
	Title    Text
	Explain  Text
	Policy   Policy
	Workload Workload
	Exact    bool
	Results  []Schedule
}

// ScheduleLesson schedules a lesson in the jobs model under each of runs
// (none: the lesson's own policy and quantum; a run with an empty Policy is
// the lesson's own run too).
func ScheduleLesson(l Lesson, runs []Policy) (LessonSchedule, error) {
	sc := l.Scenario
	if sc == nil || !sc.Jobs || l.IsGo {
		return LessonSchedule{}, Errorf(CodeBadField, "lesson %q is not a scheduling lesson (model jobs)", l.ID)
	}
	if len(runs) > MaxSchedRuns {
		return LessonSchedule{}, Errorf(CodeBadField, "ask for 1 to %d runs", MaxSchedRuns)
	}
	own := Policy{Policy: sc.Policy.String(), Quantum: sc.Quantum}
	out := LessonSchedule{ID: l.ID, Title: l.Title(), Explain: Text{En: sc.Explain["en"], Zh: sc.Explain["zh"]},
		Policy: own, Workload: lessonWorkload(sc)}
	if len(runs) == 0 {
		runs = []Policy{{}}
	}
	for _, run := range runs {
		text, err := lessonText(sc, run)
		if err != nil {
			return LessonSchedule{}, err
		}
		res, _, _, err := scheduleText(text, nil)
		if err != nil {
			return LessonSchedule{}, err
		}
		out.Results = append(out.Results, res)
	}
	ownRes := out.Results[0]
	if runs[0].Policy != "" && runs[0] != own {
		text, err := lessonText(sc, Policy{})
		if err != nil {
			return LessonSchedule{}, err
		}
		if ownRes, _, _, err = scheduleText(text, nil); err != nil {
			return LessonSchedule{}, err
		}
	}
	out.Exact = sameSchedule(out.Workload, own, ownRes)
	return out, nil
}

// policyLine is a scenario's policy line. It is compiled when a lesson's
// policy is changed, not at package initialisation, which every `proclab`
// command would pay for at start-up.
const policyLine = `(?m)^[ \t]*policy[ \t][^\n#]*`

// lessonText is the lesson's scenario text under run: the text itself for
// the lesson's own run, else the text with its policy line replaced.
func lessonText(sc *sim.Scenario, run Policy) (string, error) {
	if run.Policy == "" || (run.Policy == sc.Policy.String() && (run.Quantum == 0 || run.Quantum == sc.Quantum)) {
		return sc.Source, nil
	}
	pol, ok := sim.ParsePolicy(run.Policy)
	if !ok {
		return "", Errorf(CodeBadField, "unknown policy %q", run.Policy)
	}
	q := run.Quantum
	if q == 0 {
		q = sc.Quantum
	}
	if q == 0 {
		q = sim.DefaultQuantum
	}
	if q < 1 || q > MaxSchedQuantum {
		return "", Errorf(CodeBadField, "quantum must be from 1 to %d", MaxSchedQuantum)
	}
	line := "policy " + pol.String()
	switch pol {
	case sim.RR, sim.MLFQ, sim.Lottery, sim.Stride:
		line = fmt.Sprintf("policy %s %d", pol, q)
	}
	if loc := regexp.MustCompile(policyLine).FindStringIndex(sc.Source); loc != nil {
		return sc.Source[:loc[0]] + line + sc.Source[loc[1]:], nil
	}
	return strings.Replace(sc.Source, "model jobs", "model jobs\n"+line, 1), nil
}

// lessonWorkload reads a jobs-model scenario's jobs back as a workload:
// each process's compute and io statements (repeat bodies unrolled) as
// bursts, CPU first and last (a last I/O burst is left out), and its
// arrival, priority, tickets and nice value.
func lessonWorkload(sc *sim.Scenario) Workload {
	w := Workload{CPUs: sc.CPUs, SwitchCost: sc.SwitchCost, Seed: sc.Seed}
	if sc.Policy == sim.MLFQ && len(sc.MLFQ.Quanta) > 0 {
		m := &MLFQ{Boost: sc.MLFQ.Boost, IOReset: sc.MLFQ.IOReset}
		for i := range sc.MLFQ.Quanta {
			m.Quanta = append(m.Quanta, sc.MLFQ.Quanta[i])
			if i < len(sc.MLFQ.Allot) {
				m.Allot = append(m.Allot, sc.MLFQ.Allot[i])
			}
		}
		w.MLFQ = m
	}
	for _, p := range sc.Processes {
		prog := sc.Programs[p.Program]
		w.Jobs = append(w.Jobs, Job{Name: prog.Name, Arrival: p.Arrival, Bursts: bursts(prog.Code),
			Priority: p.Priority, Tickets: p.Tickets, Nice: p.Nice})
	}
	return w
}

// bursts lists a program's CPU and I/O bursts (a compute of A..B ticks
// counts A), repeat bodies unrolled, at most MaxSchedBursts of them; it
// starts and ends with a CPU burst (at least 1 tick).
func bursts(code []sim.Instr) []int64 {
	var out []int64
	add := func(cpu bool, d int64) {
		n := len(out)
		switch {
		case d <= 0:
		case n == 0 && !cpu: // I/O first: a CPU burst cannot be 0 ticks
		case (n%2 == 1) == cpu: // the same kind as the last burst: merge
			out[n-1] += d
		default:
			out = append(out, d)
		}
	}
	type loop struct{ start, end, left int }
	var stack []loop
	steps := 0
	for pc := 0; pc < len(code) && len(out) <= MaxSchedBursts && steps < MaxSchedTicks; pc++ {
		steps++
		in := code[pc]
		switch in.Op {
		case sim.OpCompute:
			add(true, in.A)
		case sim.OpIO, sim.OpDisk, sim.OpSleep:
			add(false, in.A)
		case sim.OpRepeat:
			if in.A <= 0 {
				pc = int(in.B)
				continue
			}
			stack = append(stack, loop{start: pc, end: int(in.B), left: int(in.A)})
		case sim.OpEnd:
			if n := len(stack); n > 0 && stack[n-1].end == pc {
				stack[n-1].left--
				if stack[n-1].left > 0 {
					pc = stack[n-1].start
				} else {
					stack = stack[:n-1]
				}
			}
		}
	}
	if len(out) > MaxSchedBursts {
		out = out[:MaxSchedBursts]
	}
	if len(out)%2 == 0 && len(out) > 0 {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		out = []int64{1}
	}
	return out
}

// sameSchedule reports whether workload w, scheduled under run, gives the
// schedule want (the same Gantt, states and metrics).
func sameSchedule(w Workload, run Policy, want Schedule) bool {
	got, _, _, err := schedule(w, run, nil)
	if err != nil {
		return false
	}
	return reflect.DeepEqual(got.Gantt, want.Gantt) && reflect.DeepEqual(got.States, want.States) &&
		reflect.DeepEqual(got.Jobs, want.Jobs) && got.End == want.End
}
