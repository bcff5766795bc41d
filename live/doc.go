// Package live is ProcLab's live lab: real Linux processes, started only from
// a fixed whitelist of ProcLab's own workloads, watched through /proc, and
// reported with the simulator's state and event vocabulary (package sim).
//
// # Contract
//
//   - Nothing a caller passes becomes a command line. Spawn takes a workload
//     name from the table in workload.go and integer arguments by name, each
//     range-checked (decoding them is the caller's business); the child is
//     always /proc/self/exe (or Config.Exe in tests) run as "proclab worker
//     NAME INT...", with a clean environment.
//   - Every process a workload creates (the worker and its descendants) is
//     tracked and belongs to the client that spawned it. Actions (signal,
//     reap, trace, resume, KillAll) take an Actor: they are refused with
//     ErrForeign for any PID the lab did not start and with ErrNotOwner for
//     another client's process unless the actor is a teacher. Signals are
//     sent through pidfds, so a recycled PID can never be hit.
//   - Each worker runs in its own process group with Pdeathsig=SIGKILL set
//     from a thread that never exits, with RLIMIT_CPU (and RLIMIT_DATA where
//     the build allows it), under per-owner and total caps on processes and
//     on bytes (Workload.Bytes; the total at most MemFraction of MemTotal),
//     and a lifetime cap. Manager.KillOwner ends everything one client
//     started and releases its traces of others' processes; Manager.Close
//     ends everything; New kills what a crashed lab server recorded in its
//     state file, and nothing else (cleanup_linux.go).
//   - A FIFO or POSIX message queue that a workload makes (fifo, mqueue) is
//     named for the lab and the spawn's process group, so the lab removes it
//     when the group ends, however it ended, and at the next start for a
//     lab server that died (ipc_names_linux.go). Sockets are bound to
//     127.0.0.1 only.
//   - States are the leader thread's letter in /proc/PID/stat (workers lock
//     their main goroutine to the leader thread). R is reported as
//     sim.StateRunning: /proc does not tell running from runnable. X is never
//     sampled: it is synthesised from the reap and marked Synthesised.
//     A sleeping process's kernel wait channel is named by exact match
//     (Wait, wchan.go); how a process ended is a WaitStatus: an exit code
//     or the signal that killed it, never 128+n.
//
// # Concurrency
//
// One goroutine, locked to its OS thread for its whole life (the owner),
// starts every worker, sends every signal, does every wait and every ptrace
// call, and samples /proc. Public methods send it a request and wait for
// the answer, so a Manager is safe for concurrent use. Events go to
// subscribers through bounded channels; a subscriber that falls behind is
// dropped (its channel is closed), never waited for.
//
// # Events
//
// Exits come from pidfds (the owner polls them). Forks and execs come from
// the kernel's netlink process-events connector, filtered to the lab's own
// processes (threads left out), so a worker's child is tracked the moment
// it is born, and its execve is logged with its new image; where the connector is unavailable, workers report their own
// forks, and a scan of the server's children list catches orphans.
//
// # Sampling
//
// Every tracked process is sampled at 10 Hz (Config.Interval); processes
// that were just acted on, or that a client watches, at 50 Hz. A sample is
// one pread of a held-open /proc/PID/stat; /proc/PID/status (context
// switches) is read only when the stat line changed or once a second;
// smaps_rollup (Pss, shared and private dirty) only for the copy-on-write
// demo, twice a second.
//
// # Source
//
// WorkloadSource returns a workload's real Go code for the page to show:
// the files of this package that implement it, embedded with go:embed
// (source.go), so the text is the one compiled into the binary, with the
// lines of its run function and of the helpers it uses.
package live
