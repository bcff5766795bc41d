package ostep

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Workload is the job list of a scheduler.py, mlfq.py or lottery.py run
// (random or given), in ProcLab's terms, so that the same jobs can be
// scheduled and drawn by ProcLab's own scheduler. Times are ticks.
type Workload struct {
	Sim     string // "scheduler", "mlfq" or "lottery"
	Policy  string // ProcLab's policy: fcfs, sjf, rr, mlfq or lottery
	Quantum int
	Jobs    []WorkloadJob
	// MLFQ settings, highest level first.
	Quanta, Allot []int
	Boost         int
	IOReset       bool // mlfq.py -S
}

// WorkloadJob is one job: it arrives at Arrival; Bursts alternate CPU and
// I/O ticks, starting and ending with CPU.
type WorkloadJob struct {
	Name    string
	Arrival int
	Bursts  []int
	Tickets int
}

// The lines WorkloadOf reads. They are compiled by the call that needs
// them, not at package initialisation: every `proclab` command would pay
// for them at start-up (0.09 ms and 755 allocations), while a WorkloadOf
// call runs a whole simulation anyway.
const (
	schedJobLine   = `^  Job (\d+) \( length = ([0-9.e+-]+) \)$`
	lotteryJobLine = `^  Job (\d+) \( length = (-?\d+), tickets = (-?\d+) \)$`
	mlfqJobLine    = `^  Job +(\d+): startTime +(-?\d+) - runTime +(-?\d+) - ioFreq +(-?\d+)$`
	mlfqOption     = `^OPTIONS (allotments for queue|quantum length for queue) +(\d+) is +(-?\d+)$`
)

// withoutInterpreter drops the interpreter from a command line as the
// homework writes it (python3 ./scheduler.py ..., python scheduler.py ...):
// only the simulator's own name and arguments are left.
func withoutInterpreter(args []string) []string {
	if len(args) > 0 && regexp.MustCompile(`^python[0-9.]*$`).MatchString(path.Base(args[0])) {
		return args[1:]
	}
	return args
}

// WorkloadOf runs the simulator named by args[0] without -c and reads the
// job list it prints, so the jobs are exactly the simulator's.
func WorkloadOf(args []string) (*Workload, error) {
	args = withoutInterpreter(args)
	if len(args) == 0 {
		return nil, fmt.Errorf("no simulator named")
	}
	name := strings.TrimSuffix(path.Base(args[0]), ".py")
	var rest []string
	for _, a := range args[1:] {
		if a != "-c" && a != "--compute" {
			rest = append(rest, a)
		}
	}
	var out, errOut strings.Builder
	if mainLimit(append([]string{name}, rest...), &out, &errOut, MaxOutput) != 0 {
		return nil, fmt.Errorf("%s", strings.TrimSpace(errOut.String()))
	}
	w := &Workload{Sim: name}
	lines := strings.Split(out.String(), "\n")
	switch name {
	case "scheduler":
		var f schedFlags
		if err := f.parse(rest); err != nil {
			return nil, err
		}
		w.Policy, w.Quantum = map[string]string{"FIFO": "fcfs", "SJF": "sjf", "RR": "rr"}[f.policy], f.quantum
		if w.Policy == "" {
			return nil, fmt.Errorf("scheduler.py has no policy %q", f.policy)
		}
		if w.Policy == "rr" && w.Quantum < 1 {
			// scheduler.py runs min(quantum, left) a turn: with 0 it never ends.
			return nil, fmt.Errorf("scheduler.py -p RR needs a quantum of at least 1 (-q %d runs nothing, so the run never ends)", w.Quantum)
		}
		jobLine := regexp.MustCompile(schedJobLine)
		for _, l := range lines {
			if m := jobLine.FindStringSubmatch(l); m != nil {
				v, err := strconv.ParseFloat(m[2], 64)
				if err != nil || v != float64(int(v)) || v < 1 {
					return nil, fmt.Errorf("job %s has length %s: ProcLab schedules whole ticks of at least 1", m[1], m[2])
				}
				w.Jobs = append(w.Jobs, WorkloadJob{Name: "J" + m[1], Bursts: []int{int(v)}})
			}
		}
	case "lottery":
		w.Policy, w.Quantum = "lottery", 1
		jobLine := regexp.MustCompile(lotteryJobLine)
		for _, l := range lines {
			if q, ok := strings.CutPrefix(l, "ARG quantum "); ok {
				w.Quantum, _ = strconv.Atoi(q)
			}
			if m := jobLine.FindStringSubmatch(l); m != nil {
				run, _ := strconv.Atoi(m[2])
				tix, _ := strconv.Atoi(m[3])
				if run < 1 || tix < 1 {
					return nil, fmt.Errorf("job %s: ProcLab needs a length and tickets of at least 1", m[1])
				}
				w.Jobs = append(w.Jobs, WorkloadJob{Name: "J" + m[1], Bursts: []int{run}, Tickets: tix})
			}
		}
	case "mlfq":
		w.Policy = "mlfq"
		ioTime := 5
		byLevel := map[int][2]int{} // level -> allot, quantum
		option, jobLine := regexp.MustCompile(mlfqOption), regexp.MustCompile(mlfqJobLine)
		for _, l := range lines {
			if m := option.FindStringSubmatch(l); m != nil {
				lvl, _ := strconv.Atoi(m[2])
				v, _ := strconv.Atoi(m[3])
				x := byLevel[lvl]
				if strings.HasPrefix(m[1], "allot") {
					x[0] = v
				} else {
					x[1] = v
				}
				byLevel[lvl] = x
			}
			if v, ok := strings.CutPrefix(l, "OPTIONS boost "); ok {
				w.Boost, _ = strconv.Atoi(v)
			}
			if v, ok := strings.CutPrefix(l, "OPTIONS ioTime "); ok {
				ioTime, _ = strconv.Atoi(v)
			}
			if v, ok := strings.CutPrefix(l, "OPTIONS stayAfterIO "); ok {
				w.IOReset = v == "True"
			}
			if m := jobLine.FindStringSubmatch(l); m != nil {
				start, _ := strconv.Atoi(m[2])
				run, _ := strconv.Atoi(m[3])
				freq, _ := strconv.Atoi(m[4])
				if start < 0 || run < 1 || ioTime < 1 && freq > 0 {
					return nil, fmt.Errorf("job %s: ProcLab needs a start of 0 or more, a run time of 1 or more, and I/O of 1 tick or more", m[1])
				}
				j := WorkloadJob{Name: "J" + m[1], Arrival: start}
				for left := run; left > 0; {
					burst := left
					if freq > 0 {
						burst = min(freq, left)
					}
					left -= burst
					j.Bursts = append(j.Bursts, burst)
					if left > 0 { // mlfq.py checks for the end before it issues an I/O
						j.Bursts = append(j.Bursts, ioTime)
					}
				}
				w.Jobs = append(w.Jobs, j)
			}
		}
		for lvl := len(byLevel) - 1; lvl >= 0; lvl-- {
			w.Allot = append(w.Allot, byLevel[lvl][0])
			w.Quanta = append(w.Quanta, byLevel[lvl][1])
		}
		if len(w.Quanta) > 0 {
			w.Quantum = w.Quanta[0]
		}
	default:
		return nil, fmt.Errorf("%s has no job list to open: use scheduler, mlfq or lottery", name)
	}
	if len(w.Jobs) == 0 {
		return nil, fmt.Errorf("the run has no jobs")
	}
	return w, nil
}
