package sim

import (
	"strconv"
	"strings"
)

// This file runs the instructions only Go programs use (golang.go states
// the Go runtime's rules): goroutines, prints, panics, processes (getpid,
// exec.Command, signal.Notify) and the Go part of explore's state hash.
// Channels, select and time.After are in gochan.go, sync's Mutex, RWMutex
// and Once in gosync.go, the output (its budget and fmt's formatting) in
// gooutput.go, the "all goroutines are asleep" report in goasleep.go.
// Everything here is switched on by Scenario.Go != nil only.

// goEngine is an engine's Go state; it is zero for a scenario.
type goEngine struct {
	out      []OutputLine // what Go programs printed, in order (append only: clones clip it)
	outBytes int64        // bytes of text in out (gooutput.go's budget)
	outCut   bool         // the output budget is spent: prints write nothing
	outHash  uint64       // a running hash of out's texts (explore's keys)
	goCheck  bool         // a task blocked or ended in this step: look for all-asleep processes
	goTimers []goTimer    // pending time.After timers, in the order they were started
	notes    []goNote     // signal.Notify registrations (append only: clones clip it)
	selPick  int          // exploring: the ready case the next select with several takes (explore.go's branch)
	selReady int          // ready cases of the select with several that this step ran (0: none)
}

// goTimer is a pending time.After: at the start of step at, channel obj
// gets the value 1 without blocking.
type goTimer struct {
	at   int64
	obj  int16
	pid  PID // the goroutine that started it
	tgid PID // its process
}

// goNote is a signal.Notify: signal sig sent to process tgid is caught and
// its number sent, without blocking, on channel obj.
type goNote struct {
	tgid PID
	sig  Signal
	obj  int16
}

// goState is a task's Go part.
type goState struct {
	goID   int32 // goroutine number (0: the process's main, number 1)
	goNext int32 // a process's leader: goroutines its process has started
}

// goCloneInto gives dst (a copy of e) its own Go state: the append-only
// slices are clipped so that appends on either side copy them.
func (e *Engine) goCloneInto(dst *Engine) {
	dst.out = e.out[:len(e.out):len(e.out)]
	dst.notes = e.notes[:len(e.notes):len(e.notes)]
	dst.goTimers = nil
	if len(e.goTimers) > 0 {
		dst.goTimers = append([]goTimer(nil), e.goTimers...)
	}
}

// goReplaces reports whether a shared-memory micro-step runs with Go's
// rules instead of the scenario language's: channel operations always; a
// division by zero and a WaitGroup going negative, which panic.
func (e *Engine) goReplaces(t *Task, in *Instr) bool {
	switch in.Op {
	case OpSend, OpRecv:
		return true
	case OpArith:
		return (in.Arith == '/' || in.Arith == '%') && t.val(in.Y) == 0
	case OpWgAdd:
		return e.objs[in.Obj].count+t.val(in.X) < 0
	case OpWgDone:
		return e.objs[in.Obj].count-1 < 0
	}
	return false
}

// goMicro runs a Go micro-step of the task at index i and reports whether
// it was progress.
func (e *Engine) goMicro(i int32, in *Instr) bool {
	t := &e.tasks[i]
	switch in.Op {
	case OpArith:
		e.goPanic(i, "runtime error: integer divide by zero", false)
	case OpWgAdd, OpWgDone:
		e.goPanic(i, "sync: negative WaitGroup counter", false)
	case OpSend:
		e.goSend(i, in)
	case OpRecv:
		e.goRecv(i, in)
	case OpGo:
		t.PC++
		e.goStart(i, in)
	case OpPrint:
		t.PC++
		if e.sc.Go != nil && int(in.A) < len(e.sc.Go.Prints) && !e.outputFull() {
			sp := &e.sc.Go.Prints[in.A]
			e.appendOutput(i, e.format(sp, t, in.X.V, MaxOutputBytes-e.outBytes), sp.Stderr, false)
		}
	case OpAtomicLoad:
		v := e.mem[in.Var]
		if in.Dst >= 0 {
			t.Locals[in.Dst], t.from[in.Dst] = v, 0
		}
		e.emit(Event{Kind: EvRead, Task: t.PID, CPU: int16(t.CPU), Obj: int16(in.Var), Value: v})
		e.detAtomicLoad(i, in.Var)
		t.PC++
	case OpClose:
		e.goClose(i, in)
	case OpSelect:
		e.goSelect(i, in)
	case OpRLock:
		return e.rwRLock(i, in.Obj)
	case OpRUnlock:
		e.rwRUnlock(i, in.Obj)
	case OpOnce:
		e.onceDo(i, in)
	case OpOnceDone:
		e.onceDone(i, in.Obj)
	case OpPanic:
		msg := ""
		if e.sc.Go != nil && int(in.A) < len(e.sc.Go.Prints) {
			msg = strings.TrimSuffix(e.format(&e.sc.Go.Prints[in.A], t, in.X.V, MaxOutputBytes), "\n")
		}
		e.goPanic(i, msg, false)
	case OpTimer:
		e.rearmTimer(in.Obj)
		e.goTimers = append(e.goTimers, goTimer{at: e.step + in.A + 1, obj: int16(in.Obj), pid: t.PID, tgid: t.TGID})
		t.PC++
	default: // OpSelectCase never runs alone
		t.PC++
	}
	return true
}

// goStatement carries out a Go program's system calls: getpid/getppid,
// exec.Command's Start and signal.Notify.
func (e *Engine) goStatement(i int32, in *Instr) {
	t := &e.tasks[i]
	switch in.Op {
	case OpGetpid:
		v := t.TGID
		if in.A == 1 {
			e.syscall(t, SysGetppid)
			v = t.PPID
		} else {
			e.syscall(t, SysGetpid)
		}
		t.PC++
		if in.Dst >= 0 {
			t.Locals[in.Dst], t.from[in.Dst] = int64(v), 0
		}
	case OpStart:
		e.syscall(t, SysClone) // os/exec: clone with CLONE_VFORK, then the child's execve
		t.PC++
		pid := int64(-1)
		if e.spawn(i, int(in.A), CauseFork) {
			pid = int64(e.tasks[len(e.tasks)-1].PID)
		} else {
			t.forkRet = -1
		}
		if in.Dst >= 0 {
			t.Locals[in.Dst], t.from[in.Dst] = pid, 0
		}
	case OpNotify:
		e.syscall(t, SysSignal)
		t.PC++
		if in.Sig.catchable() {
			e.notes = append(e.notes, goNote{tgid: t.TGID, sig: in.Sig, obj: int16(in.Obj)})
			t.Ignored &^= in.Sig.mask() // Notify undoes Ignore
			t.Pending &^= in.Sig.mask()
			e.goDispositions(i)
		}
	default:
		t.PC++
	}
}

// goDispositions gives every thread of the task at index i's process its
// ignored and caught signals: they belong to the process.
func (e *Engine) goDispositions(i int32) {
	t := &e.tasks[i]
	l := e.leaderOf(i)
	for k := l; k < int32(len(e.tasks)); k++ {
		if u := &e.tasks[k]; k != i && u.TGID == t.TGID && u.State.Alive() {
			u.Ignored, u.Caught = t.Ignored, t.Caught
		}
	}
}

// goNotified is signal.Notify's side of act: when the process of the task
// at index i has asked for sig, the runtime catches it and sends its number
// on each channel registered for it, dropping it where the channel is full
// (as os/signal does), and nothing else happens.
func (e *Engine) goNotified(i int32, sig Signal) bool {
	if e.sc.Go == nil || len(e.notes) == 0 {
		return false
	}
	t := &e.tasks[i]
	caught := false
	for _, n := range e.notes {
		if n.tgid == t.TGID && n.sig == sig {
			if !caught {
				e.delivered(i, sig, CauseHandled)
			}
			caught = true
			e.chanOffer(int(n.obj), int64(sig), t.PID, CauseHandoff)
		}
	}
	return caught
}

// goStart is a go statement of the task at index i: a new thread of its
// process runs program A, its first B locals copied from the creator's
// locals from X.V on. The go statement happens before the goroutine starts
// (its vector clock starts as the creator's).
func (e *Engine) goStart(i int32, in *Instr) {
	l := e.leaderOf(i)
	if !e.roomForTask(i) || !e.spawn(l, int(in.A), CauseGo) {
		return
	}
	k := int32(len(e.tasks) - 1)
	c, leader, t := &e.tasks[k], &e.tasks[l], &e.tasks[i]
	leader.children-- // a thread is nobody's child: its process is
	c.TGID, c.parent, c.PPID = leader.TGID, leader.parent, leader.PPID
	c.Ignored, c.Caught = t.Ignored, t.Caught
	c.Priority, c.Tickets, c.Nice = t.Priority, t.Tickets, t.Nice
	leader.goNext++
	c.goID = leader.goNext + 1
	for j := 0; j < int(in.B) && j < MaxGoLocals && int(in.X.V)+j < MaxGoLocals; j++ {
		c.Locals[j] = t.Locals[int(in.X.V)+j]
	}
	if e.tracked(i) && e.tracked(k) {
		d := e.det
		d.vc[c.slot].join(&d.vc[t.slot])
		d.vc[t.slot][t.slot]++
	}
}

// goNum returns the goroutine number of the task (main is 1; the others
// are numbered from 2 in the order their process created them).
func goNum(t *Task) int {
	if t.goID == 0 {
		return 1
	}
	return int(t.goID)
}

// goFunc names the function a goroutine runs, as a stack trace does.
func (e *Engine) goFunc(t *Task) string {
	name := "main"
	if t.Program >= 0 {
		name = e.sc.Programs[t.Program].Name
	}
	// Go names a function by its package: main.worker, and a func literal
	// in main (the program main.func1) main.main.func1.
	return "main." + name + "()"
}

// goPanic ends the Go process of the task at index i as a panic (or, if
// fatal, a fatal error) with message msg does: Go's message goes to the
// output (stderr), then EvPanic, then the process exits with status 2.
func (e *Engine) goPanic(i int32, msg string, fatal bool) {
	t := &e.tasks[i]
	head, arg := "panic: ", int64(0)
	if fatal {
		head, arg = "fatal error: ", 1
	}
	text := head + msg + "\n\ngoroutine " + strconv.Itoa(goNum(t)) + " [running]:\n" + e.goFunc(t) + "\n"
	n := e.appendOutput(i, text, true, true)
	e.emit(Event{Kind: EvPanic, Task: t.PID, CPU: int16(t.CPU), Value: int64(n), Arg: arg})
	e.exit(i, 2, 0, CausePanic)
}

// goWait is cmd.Wait of a Go program: wait4 for the child whose PID is in
// local X.V only. Its status goes to local Dst (if Dst >= 0) as ArgErr
// encodes it: 0, the exit code, or minus the signal that killed it.
func (e *Engine) goWait(i int32, in *Instr) {
	t := &e.tasks[i]
	pid := PID(t.Locals[in.X.V])
	c := int32(-1)
	for k := len(e.tasks) - 1; k > 0; k-- {
		u := &e.tasks[k]
		if u.PID == pid && u.State != StateDead && u.parent >= 0 && e.tasks[u.parent].TGID == t.TGID && int32(k) != i {
			c = int32(k)
			break
		}
	}
	if c < 0 { // ECHILD: not a child, or already reaped
		e.emit(Event{Kind: EvWaitNoChild, Task: t.PID, CPU: int16(t.CPU)})
		t.PC++
		return
	}
	ch := &e.tasks[c]
	if ch.parent != i {
		// Children belong to the process: any of its threads may wait.
		e.tasks[ch.parent].children--
		ch.parent = i
		t.children++
	}
	if ch.State == StateZombie && e.reapable(c) {
		e.setState(ch, StateDead, CauseReap, -1)
		e.emit(Event{Kind: EvReaped, Task: ch.PID, Other: t.PID, CPU: -1, Value: int64(ch.ExitCode), Arg: int64(ch.Signal)})
		t.children--
		status := int64(ch.ExitCode)
		if ch.Signal != 0 {
			status = -int64(ch.Signal)
		}
		if in.Dst >= 0 {
			t.Locals[in.Dst], t.from[in.Dst] = status, 0
		}
		t.PC++
		return
	}
	e.setState(t, StateSleeping, CauseWaitChild, t.CPU)
	t.blocked = CauseWaitChild
	e.leaveCPU(t, true)
}

// goTaskHash hashes a task's Go state for explore's key: its goroutine
// number and, for a mutex waiter, how long it has waited (up to the
// starvation threshold: only the comparison matters).
func (e *Engine) goTaskHash(t *Task) int64 {
	h := int64(t.goID)<<32 | int64(t.goNext)
	if t.waitObj >= 0 && e.sc.Objects[t.waitObj].Kind == ObjGoMutex {
		h ^= min(e.step-t.waitSince, e.sc.Go.StarveTicks+1) << 8
	}
	return h
}

// goHash hashes the engine's Go state for explore's key: the output so
// far, the random generator (a select draws from it), pending timers,
// signal.Notify registrations and the objects' Go state.
func (e *Engine) goHash() int64 {
	h := e.outHash ^ e.rng*0x9e3779b97f4a7c15
	mix := func(v int64) {
		h ^= uint64(v)
		h *= 0x100000001b3
		h ^= h >> 29
	}
	for _, tm := range e.goTimers {
		mix((tm.at-e.step)<<32 | int64(tm.obj)<<16)
		mix(int64(tm.pid))
	}
	for _, n := range e.notes {
		mix(int64(n.tgid)<<24 | int64(n.sig)<<16 | int64(n.obj))
	}
	for o := range e.objs {
		s := &e.objs[o]
		var b int64
		if s.closed {
			b |= 1
		}
		if s.woken {
			b |= 2
		}
		if s.starving {
			b |= 4
		}
		mix(b | int64(s.pend)<<8)
		mix(s.sendx<<32 ^ s.recvx)
		for _, c := range s.qcase {
			mix(int64(c))
		}
	}
	return int64(h)
}
