package sim

// SemanticsVersion numbers what the engine does with a scenario, seed and
// choices. A share link records the version it was made under, and the
// promise (DESIGN §6, "Links are a promise") is that a link either shows
// exactly what it showed when it was made, or opens with a notice that the
// simulator has changed since.
//
// Bump it in the same commit as any change to the engine that makes an
// existing scenario, seed and choice list show something different at some
// step: a different event (kind, cause, order, values), a task field a viewer
// sees (state, CPU, PC and so the highlighted line, counters, exit code), a
// shared variable, a sync object, the pending manual decision, or the number
// of steps. Examples: a new tie-breaking rule, drawing a MIN..MAX duration at
// another moment (the seeded generator is shared, so every later draw moves),
// a detector that reports an event it did not report before, a fix that
// changes a cause. A change that only makes the engine faster, or that only
// adds syntax no older scenario could contain, keeps the version. The corpus
// in lab/testdata/links holds links with the state each must show; its test
// fails, naming the link, when an engine change alters one of them without a
// bump. Do not rewrite the corpus to make it pass: bump the version, record
// the new corpus entries, and keep the old ones (Replays says how they open).
//
// History:
//   - 1: links without a version ("e" missing). They were made between the
//     share-link feature (commit e9b7292) and the introduction of this
//     constant, while the engine changed what links show several times
//     without a way to tell: 9164384 (preemption at the start of a tick:
//     every lesson's timing), 8443b99 (every decision drew the candidates'
//     MIN..MAX durations early and moved their PC past repeat/end), 92db72f
//     (undid that outside manual mode: seeded MIN..MAX runs and the line
//     shown for ready tasks changed back), b418110 (MLFQ preemption cause,
//     races reported in check-then-act). A version-1 link cannot be told
//     apart by the engine it came from, so it does not replay exactly.
//   - 2: the engine as of the introduction of this constant.
//   - 3: issue 9, "teach the truth": a killed task has a wait status
//     (killed by signal n), not exit code 128+n; fatal signals mark the
//     process dying when sent; SIGCHLD comes from the kernel, also when a
//     child stops or continues; fork and exec are two steps (a spawned
//     child execs on its first tick); process groups, sessions, subreapers,
//     ptrace; real system call names; MLFQ keeps a preempted job at the
//     front of its level; max_tasks counts live tasks; explore reports races
//     per outcome; micro-step registers no longer alias locals named r0/r1.
//     Every lesson's timing after a fork changed, so version-2 links open
//     with the notice.
//   - 4: fixes to version 3 found by fuzzing it and reading it against the
//     kernel, the same day: a fatal signal waits for a tracee's tracer and
//     a SIGSTOP let through keeps it in t; a fatal signal marks every
//     thread of the process; kill -1 means every process but PID 1 and the
//     caller; a caught SIGCHLD does not make a wait with a child to report
//     fail; reaping and re-parenting around threads; the ptrace lesson.
//     Version-3 links open with the notice (of the corpus, only the three
//     ptrace ones show something different; the engine cannot tell which).
//   - 5: issue 11, part 2 (system calls and modes): a caught signal that
//     interrupts nanosleep, a terminal read or wait4 now says the call
//     failed with EINTR (an EvCallFailed event, errno 4); a Go program's
//     signal.Notify(c, syscall.SIGCONT) now gets SIGCONT on c (it used to
//     continue the process only). New syntax that no older link contains:
//     `syscall NAME [TICKS]`, `catch SIG restart` (SA_RESTART: read and
//     wait4 restart after the handler) and SIGTSTP. No lesson and no link
//     of the corpus shows anything different, but an older link that
//     interrupts such a call with a handled signal does, and the engine
//     cannot tell which links do: version-4 links open with the notice.
//     Also in version 5, before it was released: a Go program's
//     exec.Command(...).Start() makes the system call clone (what os/exec
//     does), not fork; and the rest of issue 11 as new syntax only (memory,
//     switch_cost mm=, pipes, FIFOs, queues, pipe2, shared memory, sockets).
//   - 6: the jobs model keeps its promise that system calls take no time.
//     A job dispatched only to block or end (its I/O just done, nothing
//     left to compute) used to hold its CPU idle for the tick while another
//     job was ready, and its end or its I/O counted from the tick's end.
//     Now the CPU runs the next ready job in that tick (a manual decision
//     like any other), and the end or the I/O starts at the tick's start.
//     Of the lessons, only MLFQ changes (the hog ends at 46, not 47, and
//     the gamer completes at 33, not 34: the textbook's arithmetic). Only
//     scenarios of the jobs model can change, so ReplaysScenario lets a
//     version-5 link of the process model open without the notice.
//     Version 6 also changes the go-waitgroup lesson (one CPU, so that its
//     default run prints what real runs print): lab's lessonChanges gives
//     its version-5 links the notice.
const SemanticsVersion = 6

// oldestExact is the oldest semantics version whose links the engine
// replays exactly. When a bump only changes what scenarios an older link
// cannot contain, leave it; otherwise raise it to the new version.
const oldestExact = 6

// jobsOnlyFrom is the oldest version whose links replay exactly under this
// engine when their scenario is not of the jobs model (version 6 changed
// only the jobs model).
const jobsOnlyFrom = 5

// Replays reports whether a share link recorded under semantics version v
// replays exactly under this engine: same events, same states, same end. A
// false answer means the link should open with a notice saying the
// simulator has changed since it was made (it may still open). Versions
// newer than SemanticsVersion (a link from a newer server) do not replay.
func Replays(v int) bool {
	return v >= oldestExact && v <= SemanticsVersion
}

// ReplaysScenario is Replays for a link whose scenario is known: a link of
// the process model made under a version from jobsOnlyFrom on replays
// exactly too, since the changes since then touch the jobs model only.
func ReplaysScenario(v int, sc *Scenario) bool {
	return Replays(v) || v >= jobsOnlyFrom && v <= SemanticsVersion && !sc.Jobs
}

// StateHash returns a 64-bit digest of what a viewer of the engine sees at
// its current step, in the process view and in the scheduling view: the
// step number and whether the run is done; every task ever created, in
// creation order, with its PID, parent, TGID, name, program, PC and current line,
// state, CPU, mode, wait status (exit code, killing signal), process group and session, caught signals, tick and context-switch counters, creation,
// first-run and end steps, pending and ignored signals, priority and MLFQ
// level, the object it waits on, whether it is in a critical section, the
// signals whose handler has SA_RESTART (only when there are some) and a
// thread's locals; each CPU's task and last activity; the ready queue in
// order; the counters behind the metrics (busy ticks, context switches);
// the shared variables; and each sync object's holder, waiters, count and
// statistics. Internal bookkeeping that no view shows (tickets, nice,
// vruntime, stride pass, the decision counter) is left out: it matters
// only through what it makes happen, which the digest sees. The digest is
// deterministic across runs, machines and Go versions (FNV-1a over
// fixed-width little-endian values), so it can be stored; the corpus
// stores it, so changing what it covers needs a version bump too. It does
// not cover events: see HashEvents. Like every Engine method it is not safe
// for concurrent use.
func (e *Engine) StateHash() uint64 {
	d := newDigest()
	d.int(e.step)
	d.bool(e.done)
	d.int(int64(len(e.tasks)))
	for k := range e.tasks {
		t := &e.tasks[k]
		d.int(int64(t.PID))
		d.int(int64(t.PPID))
		d.int(int64(t.TGID))
		d.str(t.Name)
		d.int(int64(t.Program))
		d.int(int64(t.PC))
		d.int(int64(e.Line(t)))
		d.int(int64(t.State))
		d.int(int64(t.CPU))
		d.bool(t.Kernel)
		d.int(int64(t.ExitCode))
		d.int(int64(t.Signal))
		d.int(int64(t.PGID))
		d.int(int64(t.SID))
		d.int(int64(t.Caught))
		d.int(t.UserTicks)
		d.int(t.KernelTicks)
		d.int(t.IOTicks)
		d.int(t.Voluntary)
		d.int(t.Involuntary)
		d.int(t.Created)
		d.int(t.FirstRun)
		d.int(t.Ended)
		d.int(int64(t.Pending))
		d.int(int64(t.Ignored))
		d.int(int64(t.Priority))
		d.int(int64(t.Level))
		d.int(int64(t.WaitingOn()))
		d.bool(t.InCriticalSection())
		if r := t.RestartSet(); r != 0 {
			d.int(int64(r)) // SA_RESTART handlers: only when some are installed, so older digests stand
		}
		if t.Program >= 0 && e.sc.Programs[t.Program].Thread {
			n := len(e.sc.Programs[t.Program].Locals)
			d.int(int64(n))
			for _, v := range t.Locals[:n] {
				d.int(v)
			}
		}
	}
	d.int(int64(len(e.cpus)))
	for c := range e.cpus {
		d.int(int64(e.pidOf(e.cpus[c].cur)))
		act, pid := e.Activity(c)
		d.int(int64(act))
		d.int(int64(pid))
	}
	d.int(int64(len(e.ready)))
	for _, i := range e.ready {
		d.int(int64(e.tasks[i].PID))
	}
	d.int(e.busy)
	d.int(e.switches)
	d.int(int64(len(e.mem)))
	for _, v := range e.mem {
		d.int(v)
	}
	d.int(int64(len(e.objs)))
	for o := range e.objs {
		holder, waiters, count, st := e.Object(o)
		d.int(int64(holder))
		d.int(int64(len(waiters)))
		for _, w := range waiters {
			d.int(int64(w))
		}
		d.int(count)
		d.int(st.HeldSince)
		d.int(st.Acquired)
		d.int(st.Contended)
		d.int(st.TotalWait)
		d.int(st.MaxWait)
	}
	e.memHash(d)      // memory.go: only for a scenario that uses memory
	e.ipcHash(d)      // socket.go: shared memory and sockets (nothing for a scenario without them)
	e.pipeHash(d)     // pipe_view.go: nothing for a scenario without IPC objects
	e.hashSwitches(d) // switchcost.go: nothing for scenarios without an address-space penalty
	return d.sum()
}

// HashEvents folds events into a running digest h and returns the new
// digest: start with h = 0 and pass the events in order, in one call or
// many (the split does not matter). Every field of every event counts, so
// the digest of a run's events changes when what its event log says
// changes. Like StateHash it is stable across runs and machines.
func HashEvents(h uint64, evs []Event) uint64 {
	d := newDigest()
	if h != 0 {
		*d = digest(h) // go on from where the last call stopped
	}
	for i := range evs {
		ev := &evs[i]
		d.int(ev.Step)
		d.int(int64(ev.Kind))
		d.int(int64(ev.Task))
		d.int(int64(ev.Other))
		d.int(int64(ev.CPU))
		d.int(int64(ev.From))
		d.int(int64(ev.To))
		d.int(int64(ev.Cause))
		d.bool(ev.Voluntary)
		d.int(int64(ev.Obj))
		d.int(ev.Value)
		d.int(ev.Arg)
	}
	return d.sum()
}

// StateHash returns a digest of what a viewer of this recording sees at
// step n (clamped to 0..Total): the engine's state there (Engine.StateHash),
// the events of steps 1..n (HashEvents), and, when n is the last step of a
// manual run that stopped at a decision, that decision (step, CPU,
// candidates with their names, the policy's pick and the shortest burst).
// It replays the run from step 0, so it costs O(n) steps.
func (r *Recording) StateHash(n int64) uint64 {
	var events uint64
	e := r.Goto(n, 0, func(evs []Event) { events = HashEvents(events, evs) })
	d := newDigest()
	d.int(int64(e.StateHash()))
	d.int(int64(events))
	p := r.Pending()
	d.bool(p != nil && e.StepNum() == r.Total())
	if p != nil && e.StepNum() == r.Total() {
		d.int(p.Step)
		d.int(int64(p.CPU))
		d.int(int64(len(p.Candidates)))
		for i, c := range p.Candidates {
			d.int(int64(c))
			d.str(p.Names[i])
		}
		d.int(int64(p.PolicyPick))
		d.int(int64(p.Shortest))
	}
	return d.sum()
}

// digest is FNV-1a (64-bit) fed with fixed-width little-endian values.
type digest uint64

func newDigest() *digest {
	d := digest(14695981039346656037) // the FNV-1a offset basis
	return &d
}

func (d *digest) byte(b byte) { *d = (*d ^ digest(b)) * 1099511628211 }

func (d *digest) int(v int64) {
	for k := 0; k < 64; k += 8 {
		d.byte(byte(uint64(v) >> k))
	}
}

func (d *digest) bool(b bool) {
	v := int64(0)
	if b {
		v = 1
	}
	d.int(v)
}

func (d *digest) str(s string) {
	d.int(int64(len(s)))
	for i := 0; i < len(s); i++ {
		d.byte(s[i])
	}
}

func (d *digest) sum() uint64 { return uint64(*d) }
