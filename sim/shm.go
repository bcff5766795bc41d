package sim

// This file models shared memory between processes (docs/scenario.md,
// "Shared memory and sockets"): a segment (shm NAME) holds shared variables
// and process-shared semaphores; a process maps it with shmat and unmaps it
// with shmdt, and while it is mapped the process's micro-steps use the
// segment's variables and semaphores as threads use theirs. Touching a
// segment that is not mapped is a segmentation fault (SIGSEGV).

// Limits of the part of a scenario this file and socket.go add.
const (
	MaxSegments = 4  // shm segments per scenario
	MaxSockets  = 16 // sockets per scenario, those accept makes included
)

// ShmDecl is a shared memory segment: the shared variables and the
// process-shared semaphores that live in it (indexes into Scenario.Vars and
// Scenario.Objects).
type ShmDecl struct {
	Name string
	Line int
	Vars []int
	Objs []int
}

// ipcScenario is the part of a Scenario that holds shared memory segments
// and sockets (socket.go). It is immutable once parsed.
type ipcScenario struct {
	Segments []ShmDecl
	Sockets  []SocketDecl
}

// SegmentOfVar returns the segment that holds shared variable v, or -1.
func (sc *Scenario) SegmentOfVar(v int) int {
	for s, d := range sc.Segments {
		for _, x := range d.Vars {
			if x == v {
				return s
			}
		}
	}
	return -1
}

// SegmentOfObj returns the segment that holds sync object o, or -1.
func (sc *Scenario) SegmentOfObj(o int) int {
	for s, d := range sc.Segments {
		for _, x := range d.Objs {
			if x == o {
				return s
			}
		}
	}
	return -1
}

func (sc *Scenario) segmentIndex(name string) int {
	for s := range sc.Segments {
		if sc.Segments[s].Name == name {
			return s
		}
	}
	return -1
}

// ipcTask is the part of a task this file and socket.go add. It holds no
// slices, so that copying a Task copies it.
type ipcTask struct {
	shm      uint8  // bit s set: segment s is mapped into its address space
	sockWait int16  // 1 + the socket it sleeps on (accept, connect, send, recv); 0: none
	socks    uint16 // bit k set: the process holds a descriptor of socket k (kept on its thread group's leader; see sockExit)
}

// ipcEngine is the part of an Engine this file and socket.go add: the
// sockets' run-time state. Clone deep-copies it (ipcCloneInto).
type ipcEngine struct {
	socks []sockState
}

// ipcCloneInto makes dst's sockets an independent copy of e's.
func (e *Engine) ipcCloneInto(dst *Engine) {
	if e.socks == nil {
		dst.socks = nil
		return
	}
	dst.socks = make([]sockState, len(e.socks))
	for k := range e.socks {
		dst.socks[k] = e.socks[k].clone()
	}
}

// shmDeclaration reads "shm NAME", and the suffix "in SEGMENT" of a var
// declaration ("var x = 0 in seg") or of a process-shared semaphore
// ("semaphore s = 1 shared in seg"), and "socket ..." (socket.go). It
// reports whether the line was one of these.
func (p *parser) ipcDeclaration(f []field) (bool, error) {
	switch f[0].text {
	case "shm":
		if len(f) != 2 {
			return true, p.fail(f[0].col, "shm_syntax", `write "shm NAME"`)
		}
		name := f[1].text
		if !validName(name) || keywords[name] {
			return true, p.fail(f[1].col, "bad_decl_name", "%q is not a name for a %s", name, "shm")
		}
		if p.ipcNameTaken(name) {
			return true, p.fail(f[1].col, "declared_twice", "%q is declared twice", name)
		}
		if len(p.sc.Segments) >= MaxSegments {
			return true, p.fail(f[0].col, "too_many_segments", "too many shared memory segments: the limit is %d", MaxSegments)
		}
		p.sc.Segments = append(p.sc.Segments, ShmDecl{Name: name, Line: p.line})
		return true, nil
	case "socket":
		return true, p.socketDeclaration(f)
	}
	n := len(f)
	if n < 4 || f[n-2].text != "in" {
		if f[0].text == "semaphore" && n >= 3 && f[n-1].text == "shared" {
			return true, p.fail(f[n-1].col, "shm_sem_segment", "a process-shared semaphore lives in a shared memory segment: write %q", "semaphore NAME = N shared in SEGMENT")
		}
		return false, nil
	}
	seg := p.sc.segmentIndex(f[n-1].text)
	if seg < 0 {
		return true, p.fail(f[n-1].col, "shm_undeclared", "%q is not a shared memory segment declared above (declare it with shm)", f[n-1].text)
	}
	rest := f[:n-2]
	switch f[0].text {
	case "var":
		if err := p.declaration(rest); err != nil {
			return true, err
		}
		p.sc.Segments[seg].Vars = append(p.sc.Segments[seg].Vars, len(p.sc.Vars)-1)
		return true, nil
	case "semaphore":
		if rest[len(rest)-1].text != "shared" {
			// sem_init(&s, 0, n) on memory two processes share is undefined
			// behaviour: glibc then waits on a private futex, which another
			// process's post never wakes.
			return true, p.fail(f[n-2].col, "shm_sem_pshared", "a semaphore in a shared memory segment must be process-shared: write %q (sem_init with pshared = 1)", "semaphore NAME = N shared in SEGMENT")
		}
		if err := p.declaration(rest[:len(rest)-1]); err != nil {
			return true, err
		}
		p.sc.Segments[seg].Objs = append(p.sc.Segments[seg].Objs, len(p.sc.Objects)-1)
		return true, nil
	}
	return true, p.fail(f[n-2].col, "shm_member", "only var and semaphore ... shared can live in a shared memory segment")
}

// ipcNameTaken reports whether a segment or a socket has this name, or a
// variable or a sync object does.
func (p *parser) ipcNameTaken(name string) bool {
	return p.sc.segmentIndex(name) >= 0 || p.sc.SocketIndex(name) >= 0 || p.sc.VarIndex(name) >= 0 || p.sc.ObjIndex(name) >= 0
}

// shmStatementOK reports whether a process (not a thread) may run this
// shared-memory statement: the scenario has a segment and every shared
// variable and sync object the statement names lives in one.
func (p *parser) shmStatementOK(f []field) bool {
	if len(p.sc.Segments) == 0 {
		return false
	}
	for _, a := range f {
		if v := p.sc.VarIndex(a.text); v >= 0 && p.sc.SegmentOfVar(v) < 0 {
			return false
		}
		if o := p.sc.ObjIndex(a.text); o >= 0 && p.sc.SegmentOfObj(o) < 0 {
			return false
		}
	}
	return true
}

// shmStatement parses "shmat SEGMENT" and "shmdt SEGMENT".
func (p *parser) shmStatement(f []field, in *Instr) error {
	if len(f) != 2 {
		return p.fail(f[0].col, "usage", "usage: %s", f[0].text+" SEGMENT")
	}
	seg := p.sc.segmentIndex(f[1].text)
	if seg < 0 {
		return p.fail(f[1].col, "shm_undeclared", "%q is not a shared memory segment declared above (declare it with shm)", f[1].text)
	}
	in.Op, in.Obj = OpShmAt, seg
	if f[0].text == "shmdt" {
		in.Op = OpShmDt
	}
	return nil
}

// shmRun carries out shmat and shmdt for the task at index i.
func (e *Engine) shmRun(i int32, in *Instr) {
	t := &e.tasks[i]
	t.PC++
	bit := uint8(1) << in.Obj
	if in.Op == OpShmAt {
		e.syscall(t, SysShmat)
		t.shm |= bit
		e.emit(Event{Kind: EvShmAttach, Task: t.PID, CPU: int16(t.CPU), Obj: int16(in.Obj), Value: 1})
		return
	}
	e.syscall(t, SysShmdt)
	if t.shm&bit == 0 {
		e.emit(Event{Kind: EvIPCFailed, Task: t.PID, CPU: int16(t.CPU), Obj: int16(in.Obj), Value: int64(SysShmdt), Arg: errEINVAL})
		return
	}
	t.shm &^= bit
	e.emit(Event{Kind: EvShmAttach, Task: t.PID, CPU: int16(t.CPU), Obj: int16(in.Obj), Value: 0})
}

// shmProcess reports whether task t is a process (not a thread) of a
// scenario with shared memory segments: the race detector follows it.
func (e *Engine) shmProcess(t *Task) bool {
	return len(e.sc.Segments) > 0 && t.Program >= 0 && !e.sc.Programs[t.Program].Thread && e.sc.Go == nil
}

// shmCheck runs before a micro-step of the task at index i. A process that
// touches a segment it has not mapped gets SIGSEGV and dies of it (the
// kernel's page fault finds no mapping: force_sig_fault), and it reports
// true; the micro-step does not run. A process-shared semaphore's sem_wait
// that must sleep, and a sem_post that has a sleeper to wake, enter the
// kernel through futex(2) (glibc's sem_wait and sem_post stay in user space
// otherwise); the event says so.
func (e *Engine) shmCheck(i int32, in *Instr) bool {
	if len(e.sc.Segments) == 0 {
		return false
	}
	t := &e.tasks[i]
	seg, what := -1, int64(0)
	switch in.Op {
	case OpLoad, OpStore, OpXchg, OpFetchAdd, OpCAS, OpAtomicLoad:
		seg, what = e.sc.SegmentOfVar(in.Var), int64(in.Var)
	case OpSemWait, OpSemPost:
		seg, what = e.sc.SegmentOfObj(in.Obj), -1-int64(in.Obj)
	}
	if seg < 0 {
		return false
	}
	if !e.sc.Programs[t.Program].Thread && t.shm&(1<<seg) == 0 {
		e.emit(Event{Kind: EvShmFault, Task: t.PID, CPU: int16(t.CPU), Obj: int16(seg), Value: what})
		e.emit(Event{Kind: EvSignalDelivered, Task: t.PID, CPU: int16(t.CPU), Value: int64(SIGSEGV), Cause: CauseSegv})
		e.exit(i, 0, SIGSEGV, CauseSegv)
		return true
	}
	switch {
	case in.Op == OpSemWait && e.objs[in.Obj].count == 0:
		e.syscall(t, SysFutexShared)
	case in.Op == OpSemPost && len(e.objs[in.Obj].queue) > 0:
		e.syscall(t, SysFutexShared)
	}
	return false
}

// ShmView is a shared memory segment as a viewer sees it after a step.
type ShmView struct {
	Name     string
	Vars     []int // shared variables in it (indexes into Scenario.Vars)
	Objs     []int // process-shared semaphores in it (indexes into Scenario.Objects)
	Attached []PID // live tasks that have it mapped, in creation order
}

// Segments returns every shared memory segment with the tasks that have it
// mapped. The semaphores' counts and waiters are in Object.
func (e *Engine) Segments() []ShmView {
	if len(e.sc.Segments) == 0 {
		return nil
	}
	out := make([]ShmView, len(e.sc.Segments))
	for s, d := range e.sc.Segments {
		out[s] = ShmView{Name: d.Name, Vars: d.Vars, Objs: d.Objs}
		for k := range e.tasks {
			t := &e.tasks[k]
			if t.shm&(1<<s) != 0 && t.State.Alive() {
				out[s].Attached = append(out[s].Attached, t.PID)
			}
		}
	}
	return out
}

// shmForked is what a fork child inherits: the parent's mappings (a
// MAP_SHARED mapping stays shared after fork) and its socket descriptors
// (spawn takes those from the leader, when a thread forks).
func (t *Task) shmForked() ipcTask { return ipcTask{shm: t.shm, socks: t.socks} }
