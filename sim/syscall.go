package sim

// This file is the `syscall NAME [TICKS]` statement: a named system call
// that does not block. A call that traps switches the task to kernel mode
// (an EvMode event, then EvSyscall with the call's number) and charges
// kernel ticks; the next statement in user code brings it back to user mode
// (EvMode again). A call the kernel serves through the vDSO (clock_gettime
// and gettimeofday on x86-64) does not trap: it runs one tick in user mode
// and says so with an EvVDSO event. On the machine this was written on
// (Linux 6.18, x86-64, clocksource tsc), strace showed no clock_gettime or
// gettimeofday line for a program that called both, and 20 million
// clock_gettime calls took 0.33 s of user time and no system time, while 20
// million getpid calls (through syscall(2), so glibc could not cache them)
// took 0.46 s user and 0.93 s system time.

// syscallTask is the per-task state of this part, embedded in Task.
type syscallTask struct {
	sysLeft int64  // kernel ticks left in the current syscall statement (0: not started)
	restart uint32 // signals whose handler was installed with SA_RESTART (catch SIG restart); meaningful with Caught
}

// NamedSyscall is one system call the `syscall` statement accepts.
type NamedSyscall struct {
	Name string
	Sys  Syscall
	VDSO bool   // served in user mode by the vDSO: no trap, no kernel ticks
	What string // what it does, in one English sentence
}

// namedSyscalls is the fixed table of the `syscall` statement, in the order
// docs/scenario.md lists it. Blocking calls have statements of their own
// (sleep, io, disk, wait); pipe reads and writes belong to the pipe
// statements: `syscall write` writes to the terminal.
var namedSyscalls = []NamedSyscall{
	{"getpid", SysGetpid, false, "returns the process ID (the thread group ID)"},
	{"getppid", SysGetppid, false, "returns the parent's process ID"},
	{"getuid", SysGetuid, false, "returns the user ID the process runs as"},
	{"uname", SysUname, false, "copies the kernel's name and version into the caller's buffer"},
	{"write", SysWrite, false, "copies bytes from the caller's buffer to the terminal"},
	{"openat", SysOpenat, false, "opens a file and returns a new file descriptor"},
	{"close", SysClose, false, "closes a file descriptor"},
	{"mmap", SysMmap, false, "maps new pages into the address space (the page table changes; memory comes later, on first touch)"},
	{"munmap", SysMunmap, false, "removes a mapping from the address space"},
	{"brk", SysBrk, false, "moves the end of the heap (what malloc uses for small blocks)"},
	{"clock_gettime", SysClockGettime, true, "reads a clock: on x86-64 the vDSO reads it in user mode, with no trap"},
	{"gettimeofday", SysGettimeofday, true, "reads the wall clock: on x86-64 the vDSO reads it in user mode, with no trap"},
}

// NamedSyscalls returns the table of the `syscall` statement. The slice is
// shared: do not modify it.
func NamedSyscalls() []NamedSyscall { return namedSyscalls }

// lookupSyscall returns the table entry with this name.
func lookupSyscall(name string) (NamedSyscall, bool) {
	for _, s := range namedSyscalls {
		if s.Name == name {
			return s, true
		}
	}
	return NamedSyscall{}, false
}

// syscallNames lists the names of the table, for error messages.
func syscallNameList() string {
	out := ""
	for k, s := range namedSyscalls {
		if k > 0 {
			out += ", "
		}
		out += s.Name
	}
	return out
}

// syscallStatement parses `syscall NAME [TICKS]` into in (f is the whole
// statement, args its arguments).
func (p *parser) syscallStatement(in *Instr, f field, args []field) error {
	if len(args) < 1 || len(args) > 2 {
		return p.fail(f.col, "usage", "usage: %s", "syscall NAME [TICKS]")
	}
	s, ok := lookupSyscall(args[0].text)
	if !ok {
		return p.fail(args[0].col, "syscall_unknown", "unknown system call %q: use %s", args[0].text, syscallNameList())
	}
	in.X = Operand{Kind: Imm, V: int64(s.Sys)}
	if s.VDSO {
		if len(args) == 2 {
			return p.fail(args[1].col, "syscall_vdso", "%s runs in user mode through the vDSO and takes one tick: give no TICKS", s.Name)
		}
		in.Op = OpVDSO
		return nil
	}
	in.Op, in.A, in.B = OpSyscall, 1, 1
	if len(args) == 2 {
		var err error
		if in.A, in.B, err = p.duration(args[1]); err != nil {
			return err
		}
	}
	return nil
}

// namedSyscall runs one kernel tick of a `syscall` statement of the task at
// index i: the first tick makes the call (EvSyscall); the last one returns
// and the program goes on. In the jobs model it takes no time.
func (e *Engine) namedSyscall(i int32, in *Instr) {
	t := &e.tasks[i]
	if e.sc.Jobs {
		t.PC++
		return
	}
	if t.sysLeft == 0 {
		t.sysLeft = e.draw(in.A, in.B)
		e.syscall(t, Syscall(in.X.V))
	}
	t.sysLeft--
	if t.sysLeft == 0 {
		t.PC++
	}
}

// vdsoCall runs a vDSO call of the task at index i: one tick in user mode.
func (e *Engine) vdsoCall(i int32, in *Instr) {
	t := &e.tasks[i]
	e.emit(Event{Kind: EvVDSO, Task: t.PID, CPU: int16(t.CPU), Value: in.X.V})
	t.PC++
}
