package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"proclab/sim"
)

// schedJSON is the --json output of `proclab sched` (one object).
type schedJSON struct {
	Jobs            []schedJob   `json:"jobs"`
	Avg             schedAvg     `json:"avg"`
	Gantt           []schedSlice `json:"gantt"`
	ContextSwitches int64        `json:"context_switches"`
	Utilization     float64      `json:"utilization"`
}

type schedJob struct {
	Name       string `json:"name"`
	Arrival    int64  `json:"arrival"`
	Burst      int64  `json:"burst"`
	Priority   int    `json:"priority"`
	FirstRun   int64  `json:"first_run"`
	Completion int64  `json:"completion"`
	Turnaround int64  `json:"turnaround"`
	Waiting    int64  `json:"waiting"`
	Response   int64  `json:"response"`
}

type schedAvg struct {
	Turnaround float64 `json:"turnaround"`
	Waiting    float64 `json:"waiting"`
	Response   float64 `json:"response"`
}

type schedSlice struct {
	CPU   int    `json:"cpu"`
	Job   string `json:"job"`
	Start int64  `json:"start"`
	End   int64  `json:"end"`
}

// runSched is `proclab sched`: schedule a job list with one policy and print
// a Gantt chart and the metrics (or JSON).
func runSched(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("proclab sched", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	policy := fs.String("policy", "", "fcfs, sjf, srtf, rr, priority, priority-preemptive, hrrn, mlfq, cfs, lottery or stride")
	jobsSpec := fs.String("jobs", "", "NAME:ARRIVAL:BURST[:PRIORITY],... (times in ticks)")
	quantum := fs.Int64("quantum", sim.DefaultQuantum, "time slice in ticks (rr, mlfq base, lottery, stride)")
	cpus := fs.Int("cpus", 1, "number of CPUs")
	switchCost := fs.Int64("switch-cost", 0, "ticks a CPU spends switching between tasks")
	seed := fs.Uint64("seed", 1, "seed for lottery")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Errorf("sched: %v", err)}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("sched: unexpected argument %q", fs.Arg(0))}
	}
	if *policy == "" || *jobsSpec == "" {
		return usageError{errors.New("sched: usage: proclab sched --policy P --jobs NAME:ARRIVAL:BURST[:PRIORITY],... [--quantum Q] [--cpus N] [--switch-cost C] [--seed S] [--json]")}
	}
	pol, ok := sim.ParsePolicy(*policy)
	if !ok {
		return usageError{fmt.Errorf("sched: unknown policy %q (use fcfs, sjf, srtf, rr, priority, priority-preemptive, hrrn, mlfq, cfs, lottery or stride)", *policy)}
	}
	jobs, err := sim.ParseJobs(*jobsSpec)
	if err != nil {
		return usageError{fmt.Errorf("sched: %v", err)}
	}
	sc, err := sim.NewJobs(jobs, sim.Scenario{CPUs: *cpus, Policy: pol, Quantum: *quantum, SwitchCost: *switchCost, Seed: *seed})
	if err != nil {
		return usageError{fmt.Errorf("sched: %v", err)}
	}
	e := sim.New(sc, sim.Options{})
	g := &sim.Gantt{}
	for !e.Done() {
		e.Step()
		g.Record(e)
	}
	st := e.Stats()
	if *asJSON {
		return json.NewEncoder(stdout).Encode(toSchedJSON(st, g))
	}
	writeSchedText(stdout, sc, st, g)
	return nil
}

func toSchedJSON(st sim.Stats, g *sim.Gantt) schedJSON {
	out := schedJSON{
		Avg:             schedAvg{Turnaround: st.AvgTurnaround, Waiting: st.AvgWaiting, Response: st.AvgResponse},
		ContextSwitches: st.ContextSwitches, Utilization: st.Utilization,
		Jobs: []schedJob{}, Gantt: []schedSlice{},
	}
	for _, j := range st.Jobs {
		out.Jobs = append(out.Jobs, schedJob{
			Name: j.Name, Arrival: j.Arrival, Burst: j.Burst, Priority: j.Priority, FirstRun: j.FirstRun,
			Completion: j.Completion, Turnaround: j.Turnaround, Waiting: j.Waiting, Response: j.Response,
		})
	}
	for _, s := range g.Runs() {
		out.Gantt = append(out.Gantt, schedSlice{CPU: s.CPU, Job: s.Name, Start: s.Start, End: s.End})
	}
	return out
}

// writeSchedText prints the Gantt chart (one bar per CPU, up to 4 columns
// per tick, scaled down to 100 columns) and the metrics table.
func writeSchedText(w io.Writer, sc *sim.Scenario, st sim.Stats, g *sim.Gantt) {
	fmt.Fprintf(w, "Policy %s, %d CPU(s)", sc.Policy, sc.CPUs)
	switch sc.Policy {
	case sim.RR, sim.MLFQ, sim.Lottery, sim.Stride:
		fmt.Fprintf(w, ", quantum %d", sc.Quantum)
	}
	if sc.SwitchCost > 0 {
		fmt.Fprintf(w, ", switch cost %d", sc.SwitchCost)
	}
	fmt.Fprintf(w, "\n\nGantt chart (time in ticks; ~ switching, . idle):\n")
	writeGantt(w, sc.CPUs, st.End, g.Slices)
	names := 4
	for _, j := range st.Jobs {
		names = max(names, len(j.Name))
	}
	fmt.Fprintf(w, "\n%-*s %7s %5s %8s %9s %10s %10s %7s %8s\n", names, "Job", "Arrival", "Burst", "Priority", "First run", "Completion", "Turnaround", "Waiting", "Response")
	for _, j := range st.Jobs {
		fmt.Fprintf(w, "%-*s %7d %5d %8d %9d %10d %10d %7d %8d\n", names, j.Name, j.Arrival, j.Burst, j.Priority, j.FirstRun, j.Completion, j.Turnaround, j.Waiting, j.Response)
	}
	fmt.Fprintf(w, "%-*s %7s %5s %8s %9s %10s %10.2f %7.2f %8.2f\n", names, "Average", "", "", "", "", "", st.AvgTurnaround, st.AvgWaiting, st.AvgResponse)
	fmt.Fprintf(w, "\nContext switches: %d (voluntary %d, nonvoluntary %d)\nCPU utilization: %.1f%%\n",
		st.ContextSwitches, st.Voluntary, st.Involuntary, 100*st.Utilization)
}

func writeGantt(w io.Writer, cpus int, end int64, slices []sim.GanttSlice) {
	if end == 0 {
		return
	}
	// Up to 4 columns per tick for short schedules, 100 columns at most.
	scale := min(4, max(1, float64(100/end)))
	if end > 100 {
		scale = 100 / float64(end)
	}
	col := func(t int64) int { return int(float64(t)*scale + 0.5) }
	width := col(end)
	for c := 0; c < cpus; c++ {
		bar := []byte(strings.Repeat(".", width))
		marks := []byte(strings.Repeat(" ", width+8))
		put := func(t int64) {
			s := fmt.Sprint(t)
			p := col(t)
			if p+len(s) <= len(marks) && (p == 0 || marks[p-1] == ' ') {
				copy(marks[p:], s)
			}
		}
		put(0)
		for _, s := range slices {
			if s.CPU != c {
				continue
			}
			a, b := col(s.Start), col(s.End)
			if b <= a {
				continue
			}
			if s.Activity == sim.Switch {
				for x := a; x < b; x++ {
					bar[x] = '~'
				}
				put(s.Start)
				continue
			}
			for x := a; x < b; x++ {
				bar[x] = ' '
			}
			bar[a] = '|'
			copy(bar[a+1:b], s.Name)
			put(s.Start)
			put(s.End)
		}
		fmt.Fprintf(w, "CPU%-2d %s|\n      %s\n", c, bar, strings.TrimRight(string(marks), " "))
	}
}
