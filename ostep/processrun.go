package ostep

import (
	"fmt"
	"slices"
	"strings"
)

// process-run.py: processes that compute and do I/O, one CPU, and the
// states READY, RUNNING, BLOCKED and DONE (SEMANTICS §1).

const (
	prReady = iota
	prRunning
	prBlocked
	prDone
)

// prStateName is the state as the trace prints it.
func prStateName(s int) string {
	switch s {
	case prReady:
		return "READY"
	case prRunning:
		return "RUNNING"
	case prBlocked:
		return "BLOCKED"
	}
	return "DONE"
}

const (
	instCPU    = "cpu"
	instIO     = "io"
	instIODone = "io_done"
)

// Instruction kinds: a program holds one byte per instruction (a string
// header each took 16 bytes: 4.8 MB for a run of 300,000 instructions).
const (
	kindCPU byte = iota
	kindIO
	kindIODone
)

// instNames are the instructions as the output prints them, by kind.
var instNames = [...]string{kindCPU: instCPU, kindIO: instIO, kindIODone: instIODone}

type prProc struct {
	code     []byte // the kinds of the instructions left, FIFO
	state    int
	ioFinish int // tick at which the outstanding I/O completes; -1 if none yet
}

type prOptions struct {
	seed                  pyInt
	program, processList  string
	ioLength              int
	switchMode, ioDone    string
	solve, printStats     bool
	switchOnIO, immediate bool
}

// parse reads process-run.py's flags.
func (o *prOptions) parse(args []string) error {
	fs := newFlagSet("process-run.py")
	fs.seedVar(&o.seed, "-s", "--seed", 0, "the random seed")
	fs.stringVar(&o.processList, "-l", "--processlist", "", "a comma-separated list of processes to run, in the form X1:Y1,X2:Y2,... where X is the number of instructions and Y the percent chance that an instruction uses the CPU (else it issues an I/O)")
	fs.intVar(&o.ioLength, "-L", "--iolength", 5, "how long an I/O takes")
	fs.stringVar(&o.switchMode, "-S", "--switch", "SWITCH_ON_IO", "when to switch between processes: SWITCH_ON_IO, SWITCH_ON_END")
	fs.stringVar(&o.ioDone, "-I", "--iodone", "IO_RUN_LATER", "what happens when an I/O completes: IO_RUN_LATER, IO_RUN_IMMEDIATE")
	fs.stringVar(&o.program, "-P", "--program", "", "explicit programs, e.g. c7,i,c1,i:c4 (cN: N CPU instructions, i: one I/O; programs separated by ':')")
	fs.boolVar(&o.solve, "-c", "", "compute answers for me")
	fs.boolVar(&o.printStats, "-p", "--printstats", "print statistics at the end; only useful with -c")
	return fs.parse(args)
}

func runProcessRun(args []string, out *printer) error {
	const prog = "process-run.py"
	var o prOptions
	if err := o.parse(args); err != nil {
		return err
	}
	switch o.switchMode {
	case "SWITCH_ON_IO":
		o.switchOnIO = true
	case "SWITCH_ON_END":
	default:
		return inputError(prog, "option -S: %s is not SWITCH_ON_IO or SWITCH_ON_END", pyQuote(o.switchMode))
	}
	switch o.ioDone {
	case "IO_RUN_IMMEDIATE":
		o.immediate = true
	case "IO_RUN_LATER":
	default:
		return inputError(prog, "option -I: %s is not IO_RUN_LATER or IO_RUN_IMMEDIATE", pyQuote(o.ioDone))
	}
	if o.ioLength < 0 || o.ioLength > MaxSteps {
		return inputError(prog, "option -L: I/O length %d is outside 0..%d", o.ioLength, MaxSteps)
	}
	procs, err := prLoad(prog, &o)
	if err != nil {
		return err
	}
	if !o.solve {
		prListing(out, procs, &o)
		return nil
	}
	return prSimulate(out, procs, &o, nil)
}

// prLoad builds the processes from -P, or else from -l with one random draw
// per instruction slot.
func prLoad(prog string, o *prOptions) ([]*prProc, error) {
	var procs []*prProc
	add := func(code []byte) error {
		if len(procs) >= MaxJobs {
			return inputError(prog, "more than %d processes", MaxJobs)
		}
		procs = append(procs, &prProc{code: code, state: prReady, ioFinish: -1})
		return nil
	}
	total := 0
	grow := func(n int) error {
		total += n
		if total > MaxSteps {
			return inputError(prog, "more than %d instructions in all", MaxSteps)
		}
		return nil
	}
	if o.program != "" {
		for _, p := range strings.Split(o.program, ":") {
			var code []byte
			for _, ins := range strings.Split(p, ",") {
				switch {
				case ins == "i":
					code = append(code, kindIO, kindIODone)
				case strings.HasPrefix(ins, "c"):
					n, ok := parsePyInt(ins[1:])
					if !ok {
						return nil, inputError(prog, "bad instruction %s in -P (want cN or i)", pyQuote(ins))
					}
					if err := grow(max(n, 0)); err != nil {
						return nil, err
					}
					for range n {
						code = append(code, kindCPU)
					}
				default:
					return nil, inputError(prog, "bad instruction %s in -P (want cN or i)", pyQuote(ins))
				}
			}
			if err := add(code); err != nil {
				return nil, err
			}
		}
		return procs, nil
	}
	if o.processList == "" {
		return nil, inputError(prog, "no processes: give -l X1:Y1,... or -P")
	}
	rng := o.seed.rng()
	for _, p := range strings.Split(o.processList, ",") {
		xs, ys, ok := strings.Cut(p, ":")
		n, ok1 := parsePyInt(xs)
		pct, ok2 := parsePyFloat(ys) // float(Y) / 100: "50.5" and "1e2" are fine
		if !ok || !ok1 || !ok2 {
			return nil, inputError(prog, "bad process %s in -l (want X:Y)", pyQuote(p))
		}
		if err := grow(2 * max(n, 0)); err != nil {
			return nil, err
		}
		code := make([]byte, 0, max(n, 0))
		for range n {
			if rng.random() < pct/100 {
				code = append(code, kindCPU)
			} else {
				code = append(code, kindIO, kindIODone)
			}
		}
		if err := add(code); err != nil {
			return nil, err
		}
	}
	return procs, nil
}

// prListing is the output without -c: the programs and the two behaviours.
func prListing(out *printer, procs []*prProc, o *prOptions) {
	out.line("Produce a trace of what would happen when you run these processes:")
	for pid, p := range procs {
		out.f("Process %d\n", pid)
		for _, ins := range p.code {
			out.f("  %s\n", instNames[ins])
		}
		out.line("")
	}
	out.line("Important behaviors:")
	if o.switchOnIO {
		out.line("  System will switch when the current process is FINISHED or ISSUES AN IO")
	} else {
		out.line("  System will switch when the current process is FINISHED")
	}
	if o.immediate {
		out.line("  After IOs, the process issuing the IO will run IMMEDIATELY")
	} else {
		out.line("  After IOs, the process issuing the IO will run LATER (when it is its turn)")
	}
	out.line("")
}

// prMachine is the scheduler state of one -c run.
type prMachine struct {
	procs []*prProc
	curr  int
	done  []int // completeIO's result, reused from tick to tick
}

// next is next_proc(): round robin from curr+1, wrapping to curr; the first
// READY process becomes RUNNING and curr. With none READY, curr stays.
func (m *prMachine) next() {
	n := len(m.procs)
	for k := 1; k <= n; k++ {
		pid := (m.curr + k) % n
		if m.procs[pid].state == prReady {
			m.switchTo(pid)
			return
		}
	}
}

// switchTo is next_proc(pid): pid becomes RUNNING and curr directly.
func (m *prMachine) switchTo(pid int) {
	m.procs[pid].state = prRunning
	m.curr = pid
}

func (m *prMachine) readyOrRunning() int {
	c := 0
	for _, p := range m.procs {
		if p.state == prReady || p.state == prRunning {
			c++
		}
	}
	return c
}

func (m *prMachine) allDone() bool {
	for _, p := range m.procs {
		if p.state != prDone {
			return false
		}
	}
	return true
}

// finishIfEmpty makes a RUNNING curr with no instructions left DONE and
// picks the next process.
func (m *prMachine) finishIfEmpty() {
	if p := m.procs[m.curr]; p.state == prRunning && len(p.code) == 0 {
		p.state = prDone
		m.next()
	}
}

// completeIO handles the I/Os that finish at tick t, in pid order, and
// reports whether there were any. With IO_RUN_IMMEDIATE each completing
// process preempts curr, so when two finish together the higher pid ends up
// running and the lower one READY. With IO_RUN_LATER the completing process
// runs next only under SWITCH_ON_END or when the CPU would otherwise idle.
// The slice it returns is reused by its next call.
func (m *prMachine) completeIO(t int, immediate, switchOnIO bool) []int {
	done := m.done[:0]
	for pid, p := range m.procs {
		if p.ioFinish != t {
			continue
		}
		done = append(done, pid)
		p.state = prReady
		if immediate {
			if c := m.procs[m.curr]; m.curr != pid && c.state == prRunning {
				c.state = prReady
			}
			m.switchTo(pid)
		} else {
			if !switchOnIO && m.readyOrRunning() >= 2 {
				m.switchTo(pid)
			}
			if m.readyOrRunning() == 1 {
				m.switchTo(pid)
			}
		}
		m.finishIfEmpty()
	}
	m.done = done
	return done
}

// prSimulate is the -c trace, tick by tick (SEMANTICS §1 "Each tick").
// If record is not nil it gets every tick, for drawing the run.
func prSimulate(out *printer, procs []*prProc, o *prOptions, record func(PRTick)) error {
	const prog = "process-run.py"
	m := &prMachine{procs: procs}
	if len(procs) > 0 {
		m.switchTo(0)
	}
	out.f("%s", "Time")
	for pid := range procs {
		out.f("%14s", fmt.Sprintf("PID:%2d", pid))
	}
	out.f("%14s%14s\n", "CPU", "IOs")

	t, cpuBusy, ioBusy := 0, 0, 0
	for !m.allDone() {
		t++
		if t > MaxSteps {
			return stepLimit(prog)
		}
		completed := m.completeIO(t, o.immediate, o.switchOnIO)
		// Execute one instruction of curr.
		executed, ran := "", -1
		if c := procs[m.curr]; c.state == prRunning && len(c.code) > 0 {
			executed, c.code, ran = instNames[c.code[0]], c.code[1:], m.curr
			cpuBusy++
		}
		// The row.
		star := " "
		if len(completed) > 0 {
			star = "*"
		}
		out.f("%3d%s", t, star)
		for pid, p := range procs {
			s := prStateName(p.state)
			if pid == m.curr && executed != "" {
				s = "RUN:" + executed
			}
			out.f("%14s", s)
		}
		if executed != "" {
			out.f("%14s", "1")
		} else {
			out.f("%14s", "")
		}
		inFlight := 0
		for _, p := range procs {
			if p.ioFinish > t {
				inFlight++
			}
		}
		if inFlight > 0 {
			out.f("%14d\n", inFlight)
			ioBusy++
		} else {
			out.f("%10s\n", "")
		}
		if out.full() {
			return nil
		}
		// An issued I/O blocks curr.
		if executed == instIO {
			c := procs[m.curr]
			c.state = prBlocked
			c.ioFinish = t + o.ioLength + 1
			if o.switchOnIO {
				m.next()
			}
		}
		m.finishIfEmpty()
		if record != nil {
			tick := PRTick{Running: ran, Executed: executed}
			if len(completed) > 0 {
				tick.IODone = slices.Clone(completed) // completeIO reuses its slice
			}
			for _, p := range procs {
				tick.States = append(tick.States, prStateName(p.state))
			}
			record(tick)
		}
	}
	if o.printStats {
		if t == 0 {
			return inputError(prog, "no instructions to run, so no statistics (division by zero)")
		}
		out.line("")
		out.f("Stats: Total Time %d\n", t)
		out.f("Stats: CPU Busy %d (%.2f%%)\n", cpuBusy, 100*float64(cpuBusy)/float64(t))
		out.f("Stats: IO Busy  %d (%.2f%%)\n", ioBusy, 100*float64(ioBusy)/float64(t))
		out.line("")
	}
	return nil
}

// PRTick is one tick of a process-run simulation, for drawing it.
type PRTick struct {
	Running  int      // the pid that executed an instruction in this tick, or -1
	Executed string   // what it executed: "cpu", "io", "io_done", or ""
	IODone   []int    // the pids whose I/O completed at the start of this tick
	States   []string // every pid's state after the tick: READY, RUNNING, BLOCKED or DONE
}

// PRRun is a whole process-run simulation, tick by tick.
type PRRun struct {
	Programs   [][]string // each process's instructions, in order
	Ticks      []PRTick
	IOLength   int
	SwitchOnIO bool // SWITCH_ON_IO (else SWITCH_ON_END)
	Immediate  bool // IO_RUN_IMMEDIATE (else IO_RUN_LATER)
}

// ProcessRun simulates process-run.py with the given flags (those of the
// script; -c and -p make no difference) and returns every tick.
func ProcessRun(args []string) (*PRRun, error) {
	const prog = "process-run.py"
	var o prOptions
	if err := o.parse(args); err != nil {
		return nil, err
	}
	o.switchOnIO = o.switchMode == "SWITCH_ON_IO"
	o.immediate = o.ioDone == "IO_RUN_IMMEDIATE"
	if !o.switchOnIO && o.switchMode != "SWITCH_ON_END" || !o.immediate && o.ioDone != "IO_RUN_LATER" {
		return nil, inputError(prog, "-S is SWITCH_ON_IO or SWITCH_ON_END; -I is IO_RUN_LATER or IO_RUN_IMMEDIATE")
	}
	if o.ioLength < 0 || o.ioLength > MaxSteps {
		return nil, inputError(prog, "option -L: I/O length %d is outside 0..%d", o.ioLength, MaxSteps)
	}
	procs, err := prLoad(prog, &o)
	if err != nil {
		return nil, err
	}
	run := &PRRun{IOLength: o.ioLength, SwitchOnIO: o.switchOnIO, Immediate: o.immediate}
	for _, p := range procs {
		prog := make([]string, len(p.code))
		for i, k := range p.code {
			prog[i] = instNames[k]
		}
		run.Programs = append(run.Programs, prog)
	}
	// A printer without a writer formats nothing: only the ticks are kept.
	err = prSimulate(&printer{}, procs, &o, func(t PRTick) { run.Ticks = append(run.Ticks, t) })
	if err != nil {
		return nil, err
	}
	return run, nil
}
