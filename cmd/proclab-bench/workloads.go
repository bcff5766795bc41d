package main

// workload is one simulator run measured on both sides.
type workload struct {
	Name string // shown in the table, matched by --only
	Sim  string // `proclab ostep` simulator name
	// Script is the Python simulator, relative to the checkout; both
	// sides run in its folder.
	Script string
	Args   []string
	// Program is the x86 program file among Args ("-p" Program), or "".
	Program string
	// Known is the documented reason why the two outputs differ, or "" when
	// they must be identical.
	Known string
}

// x86Program is the program of the x86 workloads, as in docs/benchmarks.md.
const x86Program = "test-and-set.s"

// workloads are the runs of docs/benchmarks.md ("OSTEP mode"), a small and
// a large one per simulator. The small ones are recorded cases of
// shared/ostep (their output is a few hundred bytes: start-up dominates);
// the large ones print tens of megabytes, except process-run's, which is
// ten times smaller than in docs/benchmarks.md because process-run.py is
// quadratic (its 100000:50,100000:50 run would take Python many minutes).
var workloads = []workload{
	{Name: "process-run-small", Sim: "process-run", Script: "cpu-intro/process-run.py", Args: []string{"-s", "0", "-l", "5:100,5:100", "-c", "-p"}},
	{Name: "process-run-large", Sim: "process-run", Script: "cpu-intro/process-run.py", Args: []string{"-l", "10000:50,10000:50", "-L", "3", "-c", "-p"}},
	{Name: "scheduler-small", Sim: "scheduler", Script: "cpu-sched/scheduler.py", Args: []string{"-p", "SJF", "-l", "3,1", "-c"}},
	{Name: "scheduler-large", Sim: "scheduler", Script: "cpu-sched/scheduler.py", Args: []string{"-p", "RR", "-q", "1", "-l", "300000,300000,300000", "-c"}},
	{Name: "mlfq-small", Sim: "mlfq", Script: "cpu-sched-mlfq/mlfq.py", Args: []string{"-s", "0", "-n", "3", "-q", "10", "-l", "0,50,0:0,30,7", "-i", "5", "-c"}},
	{Name: "mlfq-large", Sim: "mlfq", Script: "cpu-sched-mlfq/mlfq.py", Args: []string{"-l", "0,400000,7:0,400000,0", "-c"}},
	{Name: "lottery-small", Sim: "lottery", Script: "cpu-sched-lottery/lottery.py", Args: []string{"-s", "0", "-j", "2", "-c"}},
	{Name: "lottery-large", Sim: "lottery", Script: "cpu-sched-lottery/lottery.py", Args: []string{"-l", "400000:100,400000:50", "-c", "-s", "3"}},
	{Name: "x86-small", Sim: "x86-locks", Script: "threads-locks/x86.py", Program: x86Program,
		Args: []string{"-s", "0", "-p", x86Program, "-t", "2", "-a", "bx=2", "-M", "mutex,count", "-R", "ax,bx", "-i", "4", "-c"}},
	{Name: "x86-large", Sim: "x86-locks", Script: "threads-locks/x86.py", Program: x86Program,
		Args: []string{"-s", "0", "-p", x86Program, "-t", "2", "-a", "bx=20000", "-M", "mutex,count", "-R", "ax,bx", "-i", "4", "-c"}},
}

// ownSpinLock is the program the x86 workloads run when no checkout is
// given: ProcLab's own test-and-set spin lock around count++, looping bx
// times, with the variables the workloads trace (mutex, count).
const ownSpinLock = `# ProcLab's own spin lock (proclab-bench): count++ under a test-and-set lock, %bx times
.var mutex
.var count

.main
.top
.acquire
mov  $1, %ax
xchg %ax, mutex     # atomically swap 1 into the lock
test $0, %ax        # was it free (0)?
jne  .acquire       # no: spin
mov  count, %ax     # the critical section: count++
add  $1, %ax
mov  %ax, count
mov  $0, mutex      # release
sub  $1, %bx        # loop %bx times
test $0, %bx
jgt  .top
halt
`
