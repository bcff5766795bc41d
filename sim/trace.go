package sim

import (
	"fmt"
	"io"
	"strings"
)

// Describe returns one line of plain English for an event, as the trace
// files and the command line print it. The browser has its own bilingual
// sentences; this one is for tests, golden files and terminals.
func (sc *Scenario) Describe(ev Event) string {
	p := func(pid PID) string {
		if pid == 0 {
			return "idle"
		}
		return fmt.Sprintf("P%d", pid)
	}
	cpu := ""
	if ev.CPU >= 0 {
		cpu = fmt.Sprintf(" cpu%d", ev.CPU)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%6d %-16s", ev.Step, ev.Kind)
	switch ev.Kind {
	case EvCreated:
		by := "by"
		if ev.Cause == CauseClone {
			by = "in" // a thread made in process Other
		}
		fmt.Fprintf(&b, " %s %s %s (%s)", p(ev.Task), by, p(ev.Other), ev.Cause)
	case EvExec:
		fmt.Fprintf(&b, " %s runs %s%s", p(ev.Task), sc.programName(ev.Value), cpu)
	case EvState:
		fmt.Fprintf(&b, " %s %s -> %s (%s)%s", p(ev.Task), ev.From, ev.To, ev.Cause, cpu)
	case EvSwitch:
		how := ""
		if ev.Other != 0 {
			how = " (involuntary)"
			if ev.Voluntary {
				how = " (voluntary)"
			}
		}
		fmt.Fprintf(&b, "%s %s -> %s%s", cpu, p(ev.Other), p(ev.Task), how)
		if ev.Value > 0 {
			fmt.Fprintf(&b, " after %d switching tick(s)", ev.Value)
		}
		if ev.Arg > 0 {
			fmt.Fprintf(&b, ", %d of them to load another address space", ev.Arg)
		}
	case EvMode:
		m := "user"
		if ev.Value == 1 {
			m = "kernel"
		}
		fmt.Fprintf(&b, " %s %s%s", p(ev.Task), m, cpu)
	case EvSyscall:
		fmt.Fprintf(&b, " %s %s()%s", p(ev.Task), Syscall(ev.Value), cpu)
	case EvSignalSent:
		if ev.Other == 0 {
			fmt.Fprintf(&b, " kernel -> %s %s", p(ev.Task), Signal(ev.Value))
			if ev.Arg != 0 {
				fmt.Fprintf(&b, " (about %s)", p(PID(ev.Arg)))
			}
		} else {
			fmt.Fprintf(&b, " %s -> %s %s", p(ev.Other), p(ev.Task), Signal(ev.Value))
		}
	case EvSignalDelivered:
		fmt.Fprintf(&b, " %s %s (%s)", p(ev.Task), Signal(ev.Value), ev.Cause)
	case EvSignalDeferred:
		if ev.Cause == CausePtrace {
			fmt.Fprintf(&b, " %s %s waits until its tracer lets it go", p(ev.Task), Signal(ev.Value))
			break
		}
		fmt.Fprintf(&b, " %s %s waits until it leaves D", p(ev.Task), Signal(ev.Value))
	case EvExit:
		fmt.Fprintf(&b, " %s %s%s", p(ev.Task), WaitStatus(ev.Value, ev.Arg), cpu)
	case EvReaped:
		fmt.Fprintf(&b, " %s by %s %s", p(ev.Task), p(ev.Other), WaitStatus(ev.Value, ev.Arg))
	case EvWaitReport:
		what := fmt.Sprintf("stopped by %s", Signal(ev.Value))
		switch {
		case ev.Cause == CauseSigCont:
			what = "continued"
		case ev.Cause == CausePtrace && ev.Value == 0:
			what = "stopped by its tracer"
		case ev.Cause == CausePtrace:
			what = fmt.Sprintf("stopped by its tracer on its way to receive %s", Signal(ev.Value))
		}
		fmt.Fprintf(&b, " %s's wait: %s %s", p(ev.Other), p(ev.Task), what)
	case EvGroup:
		fmt.Fprintf(&b, " %s process group %d session %d", p(ev.Task), ev.Value, ev.Arg)
	case EvCallFailed:
		fmt.Fprintf(&b, " %s %s() failed: %s", p(ev.Task), Syscall(ev.Value), errnoName(ev.Arg))
		if ev.Cause == CauseNoRestart {
			b.WriteString(" (never restarted, even with SA_RESTART)")
		}
	case EvTrace:
		if ev.Value == 1 {
			fmt.Fprintf(&b, " %s traces %s", p(ev.Other), p(ev.Task))
		} else {
			fmt.Fprintf(&b, " %s detached from %s", p(ev.Other), p(ev.Task))
		}
	case EvReparented:
		fmt.Fprintf(&b, " %s new parent %s", p(ev.Task), p(ev.Other))
	case EvForkFailed:
		fmt.Fprintf(&b, " %s (%s, limit %d)", p(ev.Task), ev.Cause, ev.Value)
	case EvLimit:
		fmt.Fprintf(&b, " step limit %d reached", ev.Value)
	case EvWaitNoChild:
		fmt.Fprintf(&b, " %s has no children (ECHILD)", p(ev.Task))
	case EvLevel:
		fmt.Fprintf(&b, " %s level %d (%s)", p(ev.Task), ev.Value, ev.Cause)
	case EvChoiceIgnored:
		fmt.Fprintf(&b, "%s choice %d names %s, which is not ready", cpu, ev.Value, p(ev.Other))
	case EvRead:
		fmt.Fprintf(&b, " %s %s = %d%s", p(ev.Task), sc.varName(ev.Obj), ev.Value, cpu)
	case EvWrite:
		fmt.Fprintf(&b, " %s %s = %d (was %d)%s", p(ev.Task), sc.varName(ev.Obj), ev.Value, ev.Arg, cpu)
	case EvLockAcquire:
		fmt.Fprintf(&b, " %s %s after %d tick(s)", p(ev.Task), sc.objName(ev.Obj), ev.Value)
	case EvLockContend, EvSpin:
		fmt.Fprintf(&b, " %s %s held by %s", p(ev.Task), sc.objName(ev.Obj), p(ev.Other))
	case EvLockRelease:
		fmt.Fprintf(&b, " %s %s", p(ev.Task), sc.objName(ev.Obj))
		if ev.Other != 0 {
			fmt.Fprintf(&b, " handed to %s", p(ev.Other))
		}
	case EvSemWait:
		fmt.Fprintf(&b, " %s %s passed=%d count=%d", p(ev.Task), sc.objName(ev.Obj), ev.Value, ev.Arg)
	case EvSemPost:
		fmt.Fprintf(&b, " %s %s woke %s count=%d", p(ev.Task), sc.objName(ev.Obj), p(ev.Other), ev.Arg)
	case EvCondWait:
		fmt.Fprintf(&b, " %s %s releasing %s", p(ev.Task), sc.objName(ev.Obj), sc.objName(int16(ev.Arg)))
	case EvCondSignal:
		fmt.Fprintf(&b, " %s %s woke %s broadcast=%d", p(ev.Task), sc.objName(ev.Obj), p(ev.Other), ev.Value)
	case EvChanSend, EvChanRecv:
		fmt.Fprintf(&b, " %s %s value %d with %s", p(ev.Task), sc.objName(ev.Obj), ev.Value, p(ev.Other))
	case EvWaitGroup:
		fmt.Fprintf(&b, " %s %s %+d -> %d", p(ev.Task), sc.objName(ev.Obj), ev.Arg, ev.Value)
	case EvCSEnter, EvCSExit:
		fmt.Fprintf(&b, " %s%s", p(ev.Task), cpu)
	case EvCSViolation:
		fmt.Fprintf(&b, " %s entered while %s is inside", p(ev.Task), p(ev.Other))
	case EvRace:
		kind := func(w bool) string {
			if w {
				return "write"
			}
			return "read"
		}
		fmt.Fprintf(&b, " on %s: %s %s now and %s %s at step %d, concurrent", sc.varName(ev.Obj), p(ev.Task), kind(ev.Arg&1 != 0), p(ev.Other), kind(ev.Arg&2 != 0), ev.Value)
	case EvLostUpdate:
		fmt.Fprintf(&b, " on %s: %s's store overwrote %s's store of step %d (%s read it at step %d)", sc.varName(ev.Obj), p(ev.Task), p(ev.Other), ev.Value, p(ev.Task), ev.Arg)
	case EvDeadlock:
		if ev.Arg > 0 {
			fmt.Fprintf(&b, " %s waits for %s held by %s (a cycle of %d)", p(ev.Task), sc.objName(ev.Obj), p(ev.Other), ev.Arg)
		} else {
			fmt.Fprintf(&b, " %s blocked forever on %s (nothing can wake it)", p(ev.Task), sc.objName(ev.Obj))
		}
	case EvAssertFailed:
		fmt.Fprintf(&b, " %s on line %d", p(ev.Task), ev.Value)
	case EvExpectFailed:
		fmt.Fprintf(&b, " expect %s: %s is %d", sc.Expects[ev.Arg].Text, sc.varName(ev.Obj), ev.Value)
	case EvStarvation:
		fmt.Fprintf(&b, " %s runnable for %d decisions without progress", p(ev.Task), ev.Value)
	case EvKillFailed:
		fmt.Fprintf(&b, " %s %s: no such process (ESRCH)", p(ev.Task), Signal(ev.Value))
	case EvOutput:
		fmt.Fprintf(&b, " %s printed output line %d%s", p(ev.Task), ev.Value, cpu)
	case EvPanic:
		what := "panic"
		if ev.Arg == 1 {
			what = "fatal error"
		}
		fmt.Fprintf(&b, " %s %s (output line %d): its process exits with status 2", p(ev.Task), what, ev.Value)
	case EvAllAsleep:
		fmt.Fprintf(&b, " process %s: all goroutines are asleep - deadlock!", p(ev.Task))
	case EvChanClose:
		fmt.Fprintf(&b, " %s closed %s%s", p(ev.Task), sc.objName(ev.Obj), cpu)
	case EvSelect:
		switch {
		case ev.Arg == 1:
			fmt.Fprintf(&b, " %s blocks: no case is ready", p(ev.Task))
		case ev.Value < 0:
			fmt.Fprintf(&b, " %s runs its default: no case is ready", p(ev.Task))
		default:
			fmt.Fprintf(&b, " %s runs case %d (%s)", p(ev.Task), ev.Value, sc.objName(ev.Obj))
		}
		// -- part 1, memory (memory*.go)
	case EvMemFork, EvMemExec, EvMemFree, EvMemRead, EvMemWrite, EvPageFault, EvPageCopy, EvPageReuse, EvPagePrivate:
		b.WriteString(" " + describeMemory(ev, p(ev.Task), p(ev.Other)) + cpu)
		// -- part 2, system calls and modes (syscall*.go)
	case EvVDSO:
		fmt.Fprintf(&b, " %s %s() in user mode through the vDSO, no trap%s", p(ev.Task), Syscall(ev.Value), cpu)
	case EvRestart:
		fmt.Fprintf(&b, " %s %s() restarts after its %s handler (SA_RESTART)", p(ev.Task), Syscall(ev.Value), Signal(ev.Arg))
		// -- part 3, context-switch cost (switchcost*.go)
		// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	case EvPipeWrite, EvPipeRead, EvPipeEOF, EvPipeBroken, EvIPCOpen, EvIPCClose, EvMQSend, EvMQRecv, EvPipeFail:
		sc.describePipe(&b, ev, p(ev.Task), p(ev.Other)) // pipe_trace.go
		// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	case EvShmAttach, EvShmFault, EvSockCreate, EvSockBind, EvSockListen, EvSockConnect, EvSockAccept,
		EvSockSend, EvSockRecv, EvSockDrop, EvSockClose, EvIPCFailed:
		sc.describeIPC(&b, ev, p, cpu) // socket.go
	}
	return b.String()
}

// WaitStatus says what a parent's wait() learns about a child that ended
// with exit code code (sig 0) or was killed by signal sig: "exit code 7" or
// "killed by SIGTERM". A killed process has no exit code (WIFSIGNALED,
// WTERMSIG); the shell's $? shows 128+n for it, by its own convention.
func WaitStatus(code, sig int64) string {
	if sig != 0 {
		return "killed by " + Signal(sig).String()
	}
	return fmt.Sprintf("exit code %d", code)
}

func errnoName(n int64) string {
	switch n {
	case 1:
		return "EPERM"
	case 3:
		return "ESRCH"
	case errnoEINTR:
		return "EINTR"
	case 10:
		return "ECHILD"
	}
	return fmt.Sprintf("errno %d", n)
}

func (sc *Scenario) varName(v int16) string {
	if int(v) < len(sc.Vars) && v >= 0 {
		return sc.Vars[v].Name
	}
	return "?"
}

func (sc *Scenario) objName(o int16) string {
	if int(o) < len(sc.Objects) && o >= 0 {
		return sc.Objects[o].Name
	}
	return "?"
}

func (sc *Scenario) programName(i int64) string {
	if i >= 0 && int(i) < len(sc.Programs) {
		return sc.Programs[i].Name
	}
	return "?"
}

// WriteTrace runs a fresh engine for the scenario to the end (or maxSteps)
// and writes one line per event, then a summary line per task.
func WriteTrace(w io.Writer, sc *Scenario, opt Options) error {
	e := New(sc, opt)
	for !e.Done() {
		for _, ev := range e.Step() {
			if _, err := fmt.Fprintln(w, sc.Describe(ev)); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(w, "end at step %d\n", e.StepNum())
	for v, d := range sc.Vars {
		fmt.Fprintf(w, "var %s = %d\n", d.Name, e.Var(v))
	}
	for k, t := range e.Tasks() {
		group := "" // a thread's process: its TGID
		if e.isThread(int32(k)) {
			group = fmt.Sprintf(" tgid=%d", t.TGID)
		}
		status := ""
		if t.State == StateZombie || t.State == StateDead {
			status = " " + strings.ReplaceAll(WaitStatus(int64(t.ExitCode), int64(t.Signal)), " ", "_")
		}
		_, err := fmt.Fprintf(w, "P%d %-8s%s ppid=%d pgid=%d sid=%d state=%s%s user=%d kernel=%d vcsw=%d nvcsw=%d\n",
			t.PID, t.Name, group, t.PPID, t.PGID, t.SID, t.State.Letter(), status, t.UserTicks, t.KernelTicks, t.Voluntary, t.Involuntary)
		if err != nil {
			return err
		}
	}
	return writeMemory(w, e) // memory.go: nothing unless the scenario uses memory
}
