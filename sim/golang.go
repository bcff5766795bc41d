package sim

// This file holds what a Go program (compiled by the gofront package; see
// docs/go.md) adds to a scenario: the runtime's rules, the print formats
// and the output a run produces.
//
// A Go program is one process. Its goroutines are tasks of that process
// (threads of one thread group, Program.Thread set): "main" arrives at time
// 0 as the group leader and OpGo starts the others. When main's code ends
// (an OpExit 0 the compiler puts there) the whole process exits, however
// many goroutines still run, as Go's runtime does (exit_group). The Go
// runtime's rules, on when GoRuntime is set:
//   - Time: one tick is TickNanos nanoseconds of Go time (time.Sleep,
//     time.After and the mutex's starvation threshold are converted).
//   - sync.Mutex (ObjGoMutex) has Go's two modes: normal mode, in which a
//     woken waiter competes with arriving goroutines and, losing, goes back
//     to the front of the queue; starvation mode, entered when a waiter has
//     waited more than StarveTicks, in which Unlock hands the mutex straight
//     to the first waiter and arrivals queue at the back; it ends when the
//     waiter that gets the mutex is the last one or waited less than
//     StarveTicks (sync/mutex.go).
//   - A panic or a fatal error (OpPanic, or the runtime's own: negative
//     WaitGroup counter, close of a closed channel, send on a closed
//     channel, unlock of an unlocked mutex, integer divide by zero) prints
//     Go's message to the output (stderr) and the process exits with
//     status 2 (EvPanic, then the exit).
//   - When every goroutine of the process is blocked on a channel, a select,
//     or a sync object, and none sleeps on a timer (time.Sleep, or a
//     time.After whose channel a goroutine is receiving from) or waits in a
//     system call (wait4 for a child), and the process has no
//     signal.Notify registered, the runtime prints "fatal error: all
//     goroutines are asleep - deadlock!", a blank line and a
//     "goroutine N [REASON]:" paragraph per goroutine, and the process exits
//     with status 2 (EvAllAsleep).
//   - A select with several ready cases picks one with the engine's seeded
//     random generator, as Go picks uniformly at random.
//
// What the real runtime does, checked with go1.26.8 linux/amd64 (programs
// run on this machine; the engine follows it):
//   - A goroutine in time.Sleep keeps the report away; it comes as soon as
//     the sleeper has woken and ended. main waiting in cmd.Wait (wait4)
//     keeps it away; it comes once Wait returns. signal.Notify turns it off
//     for good (the program hangs); signal.Ignore does not.
//   - A time.After nobody receives from does not keep it away (reported at
//     once with the timer pending); a select waiting on time.After's
//     channel does, until the timer fires.
//   - The wait reasons: "chan receive", "chan send", "select", "select (no
//     cases)", "sync.Mutex.Lock", "sync.RWMutex.RLock", "sync.RWMutex.Lock"
//     (a writer waiting for readers to leave; a writer waiting behind another
//     writer shows "sync.Mutex.Lock", the RWMutex's inner mutex),
//     "sync.WaitGroup.Wait", "sync.Cond.Wait". A goroutine in once.Do while
//     another runs f shows "sync.Mutex.Lock" (the Once's mutex).
//   - Go numbers goroutines with gaps (main is 1, the next ones were 6, 18,
//     19, 20 in one run): the engine numbers main 1 and the others 2, 3, ...
//     in the order their process created them.
//   - Messages: "panic: sync: negative WaitGroup counter", "panic: close of
//     closed channel", "panic: send on closed channel", "panic: runtime
//     error: integer divide by zero" (for % too), "fatal error: sync: unlock
//     of unlocked mutex", "fatal error: sync: RUnlock of unlocked RWMutex",
//     "fatal error: sync: Unlock of unlocked RWMutex"; panic(v) prints
//     "panic: " and v (a string as is, an error's Error()); each is followed
//     by a blank line and "goroutine N [running]:" and the exit status is
//     2. ("exit status 2" after it is go run's line, not the program's.)
//   - Wait on a WaitGroup whose counter is 0 returns at once; Do on a done
//     Once returns at once.
//   - fmt: %d of a bool prints "%!d(bool=true)", %s of an int "%!s(int=5)",
//     %q of an int the quoted rune ('\x05'); an os.Signal prints as
//     "interrupt", "terminated", "killed", "hangup", "user defined signal
//     1"; an exec.ExitError as "exit status 3" or "signal: terminated".
//
// Limits of the engine's model (docs/go.md should say so):
//   - Explore tries every ready case of a select that finds several ready
//     (each is a move of its own), besides every interleaving; an outcome's
//     Witness then holds -(k+1) after the PID where the select took its
//     k-th ready case, and Options.Choices replays it (a run without such
//     an entry draws from the seeded generator).
//   - The race detector tracks the first MaxThreads threads (goroutines) of
//     a run, and does not report races on a channel itself (close racing a
//     send) nor a plain write racing an earlier atomic load.
//   - sync.Mutex does not spin; an RWMutex's writers queue FIFO.
//   - Package-level variables are the scenario's shared variables: a
//     process started with OpStart shares them unless the compiler gives it
//     its own (it should: processes do not share memory).
//   - A Go program may use MaxGoLocals local slots per goroutine, and
//     Program.Locals must name every slot a program uses (explore hashes
//     only those).

// GoRuntime configures the Go runtime's rules for a Go program.
type GoRuntime struct {
	TickNanos   int64 // nanoseconds of Go time per tick
	StarveTicks int64 // sync.Mutex starvation threshold (Go's 1 ms), in ticks
	// Strings interns the program's string constants: a string value is
	// an index into it.
	Strings []string
	// Prints are the formats of OpPrint and OpPanic, indexed by Instr.A.
	Prints []PrintSpec
}

// Default Go runtime settings: one tick is 100 µs, so Go's 1 ms mutex
// starvation threshold is 10 ticks.
const (
	DefaultGoTickNanos   = 100_000
	DefaultGoStarveTicks = 1_000_000 / DefaultGoTickNanos
)

// ArgKind says how a print argument (a local's int64) is shown.
type ArgKind uint8

// The argument kinds.
const (
	ArgInt    ArgKind = iota + 1 // a signed integer, %d
	ArgBool                      // 0 false, anything else true
	ArgString                    // an index into GoRuntime.Strings
	ArgErr                       // an exec.Cmd's Wait result: 0 "<nil>", n > 0 "exit status n", -s "signal: NAME" (Go's ExitError text)
	ArgSignal                    // a signal number, printed as Go prints an os.Signal ("interrupt", "terminated")
)

// PrintSpec is a compiled print: Parts[0] arg0 Parts[1] arg1 ... Parts[n],
// so len(Parts) == len(Args)+1; Verbs[k] is arg k's fmt verb ('v', 'd',
// 's', 't', 'q'). Newline ends Println's line (Parts already hold it).
type PrintSpec struct {
	Parts  []string
	Args   []ArgKind
	Verbs  []byte
	Stderr bool // the runtime's messages (panics) go to stderr
}

// OutputLine is one write to the program's output, in the order they
// happened. Text may hold several lines or none (fmt.Print without a
// newline); the output pane joins them.
type OutputLine struct {
	Step   int64
	Task   PID
	Text   string
	Stderr bool
}
