package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// JobSpec is one job of a scheduling workload: it arrives at Arrival and
// needs Burst ticks of CPU.
type JobSpec struct {
	Name     string
	Arrival  int64
	Burst    int64
	Priority int
	Tickets  int64 // 0: DefaultTickets
	Nice     int
}

// MaxJobs bounds the jobs a workload built by NewJobs may hold (the command
// line and benchmarks; the text format has its own, lower limit).
const MaxJobs = 1_000_000

// ParseJobs reads the command line's job list: NAME:ARRIVAL:BURST[:PRIORITY],
// comma separated.
func ParseJobs(spec string) ([]JobSpec, error) {
	var jobs []JobSpec
	seen := map[string]bool{}
	for i, item := range strings.Split(spec, ",") {
		parts := strings.Split(strings.TrimSpace(item), ":")
		if len(parts) < 3 || len(parts) > 4 {
			return nil, fmt.Errorf("job %d (%q): want NAME:ARRIVAL:BURST[:PRIORITY]", i+1, item)
		}
		j := JobSpec{Name: parts[0]}
		if !validName(j.Name) {
			return nil, fmt.Errorf("job %d: %q is not a name (letters, digits, _ and -, starting with a letter, at most 15)", i+1, j.Name)
		}
		if seen[j.Name] {
			return nil, fmt.Errorf("job %d: the name %q is used twice", i+1, j.Name)
		}
		seen[j.Name] = true
		var err error
		if j.Arrival, err = strconv.ParseInt(parts[1], 10, 64); err != nil || j.Arrival < 0 || j.Arrival > MaxDuration {
			return nil, fmt.Errorf("job %s: arrival %q must be a whole number from 0 to %d", j.Name, parts[1], MaxDuration)
		}
		if j.Burst, err = strconv.ParseInt(parts[2], 10, 64); err != nil || j.Burst < 1 || j.Burst > MaxDuration {
			return nil, fmt.Errorf("job %s: burst %q must be a whole number from 1 to %d", j.Name, parts[2], MaxDuration)
		}
		if len(parts) == 4 {
			p, err := strconv.Atoi(parts[3])
			if err != nil || p < -1000 || p > 1000 {
				return nil, fmt.Errorf("job %s: priority %q must be a whole number from -1000 to 1000", j.Name, parts[3])
			}
			j.Priority = p
		}
		if len(jobs) >= MaxJobs {
			return nil, fmt.Errorf("more than %d jobs", MaxJobs)
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// NewJobs builds a scenario in the jobs model from a workload: one process
// per job, running one compute statement. base supplies the machine and
// policy (CPUs, Policy, Quantum, MLFQ, CFS, SwitchCost, Seed); its other
// fields are ignored.
func NewJobs(jobs []JobSpec, base Scenario) (*Scenario, error) {
	if len(jobs) == 0 {
		return nil, fmt.Errorf("no jobs")
	}
	if len(jobs) > MaxJobs {
		return nil, fmt.Errorf("%d jobs; the limit is %d", len(jobs), MaxJobs)
	}
	if base.CPUs < 1 || base.CPUs > MaxCPUs {
		return nil, fmt.Errorf("cpus must be from 1 to %d", MaxCPUs)
	}
	if base.Quantum < 1 || base.Quantum > MaxQuantum {
		return nil, fmt.Errorf("quantum must be from 1 to %d", MaxQuantum)
	}
	if base.SwitchCost < 0 || base.SwitchCost > MaxSwitchCost {
		return nil, fmt.Errorf("switch cost must be from 0 to %d", MaxSwitchCost)
	}
	if base.Policy == 0 {
		base.Policy = FCFS
	}
	sc := &Scenario{
		CPUs: base.CPUs, Policy: base.Policy, Quantum: base.Quantum, Seed: base.Seed,
		MLFQ: base.MLFQ, CFS: base.CFS, SwitchCost: base.SwitchCost, Jobs: true,
		PIDMax: MaxPIDMax, MaxTasks: len(jobs) + 1,
		Title: map[string]string{}, Explain: map[string]string{},
	}
	if sc.Seed == 0 {
		sc.Seed = 1
	}
	for _, j := range jobs {
		tickets := j.Tickets
		if tickets == 0 {
			tickets = DefaultTickets
		}
		sc.Programs = append(sc.Programs, Program{Name: j.Name, Code: []Instr{
			{Op: OpCompute, A: j.Burst, B: j.Burst, Text: fmt.Sprintf("compute %d", j.Burst)},
			{Op: OpExit, Text: "exit 0 (end of program)"},
		}})
		sc.Processes = append(sc.Processes, ProcessSpec{
			Program: len(sc.Programs) - 1, Arrival: j.Arrival, Priority: j.Priority, Tickets: tickets, Nice: j.Nice,
		})
	}
	sortByArrival(sc.Processes)
	sc.setSchedDefaults()
	if len(jobs) <= MaxProcessesAtTop {
		sc.Source = JobsText(jobs, *sc) // small enough to open in the browser
	}
	return sc, nil
}

// JobsText writes a workload as scenario text in the jobs model, which
// Parse reads back into the same scenario (for up to MaxProcessesAtTop jobs).
func JobsText(jobs []JobSpec, base Scenario) string {
	var b strings.Builder
	fmt.Fprintf(&b, "model jobs\ncpus %d\n", base.CPUs)
	switch base.Policy {
	case RR, MLFQ, Lottery, Stride:
		fmt.Fprintf(&b, "policy %s %d\n", base.Policy, base.Quantum)
	default:
		fmt.Fprintf(&b, "policy %s\n", base.Policy)
	}
	if base.SwitchCost > 0 {
		fmt.Fprintf(&b, "switch_cost %d\n", base.SwitchCost)
	}
	if base.Seed > 1 {
		fmt.Fprintf(&b, "seed %d\n", base.Seed)
	}
	for _, j := range jobs {
		fmt.Fprintf(&b, "\nprocess %s at=%d", j.Name, j.Arrival)
		if j.Priority != 0 {
			fmt.Fprintf(&b, " priority=%d", j.Priority)
		}
		if j.Tickets != 0 && j.Tickets != DefaultTickets {
			fmt.Fprintf(&b, " tickets=%d", j.Tickets)
		}
		if j.Nice != 0 {
			fmt.Fprintf(&b, " nice=%d", j.Nice)
		}
		fmt.Fprintf(&b, "\n  compute %d\n", j.Burst)
	}
	return b.String()
}
