package live

import (
	"fmt"
	"sort"
	"strconv"
)

// workerBytes is what the caps count for one process of any workload: the
// most resident memory one idle ProcLab worker needs (an idle worker
// measured 8.8 MiB RSS on Linux 6.18, Go 1.26), with room to spare. A
// workload that allocates more adds its own bytes (Workload.Bytes).
const workerBytes = 16 << 20

// Arg is one integer argument of a workload. Values outside [Min, Max] are
// refused; a missing argument takes Default.
type Arg struct {
	Name    string `json:"name"`
	Min     int64  `json:"min"`
	Max     int64  `json:"max"`
	Default int64  `json:"default"`
	Doc     string `json:"doc"`
}

// Workload is one entry of the whitelist.
type Workload struct {
	Name string `json:"name"`
	Comm string `json:"comm"` // the process name the worker gives itself
	Doc  string `json:"doc"`
	Args []Arg  `json:"args"`
	// MaxProcs is the most processes one spawn of it can create (the worker
	// and its descendants); the caps count this, not 1. When it depends on
	// an argument, Procs computes it.
	MaxProcs int                      `json:"max_procs"`
	procs    func(args []int64) int   // nil: MaxProcs
	extra    func(args []int64) int64 // bytes it allocates beyond workerBytes per process (nil: none)
	run      func(args []int64) error // the worker side (worker.go)
	forks    bool                     // whether the sampler must look for its children
	cow      bool                     // whether to read smaps_rollup
	control  bool                     // whether it reads commands on stdin
	named    bool                     // it sets its own name (once its signal handlers are in place)
	blkio    bool                     // it throttles itself in a blkio cgroup (root, cgroup v1): blkioGroup
	_        struct{}                 // keep literal construction keyed
}

// Procs returns how many processes a spawn with these (validated)
// arguments may create.
func (w *Workload) Procs(args []int64) int {
	if w.procs != nil {
		return w.procs(args)
	}
	return w.MaxProcs
}

// Bytes returns the most memory, in bytes, that a spawn with these
// (validated) arguments may keep resident over all its processes: what the
// lab's memory caps count.
func (w *Workload) Bytes(args []int64) int64 {
	n := int64(w.Procs(args)) * workerBytes
	if w.extra != nil {
		n += w.extra(args)
	}
	return n
}

var workloads map[string]*Workload

func init() {
	list := []*Workload{
		{Name: "cpu", Comm: "pl-cpu", MaxProcs: 1, run: runCPU,
			Doc:  "A CPU-bound loop (R). With duty below 100 it sleeps part of every 100 ms (R and S).",
			Args: []Arg{{Name: "duty", Min: 1, Max: 100, Default: 100, Doc: "percent of each 100 ms spent computing"}}},
		{Name: "sleep", Comm: "pl-sleep", MaxProcs: 1, run: runSleep,
			Doc:  "Sleeps in nanosleep (S), waking every ms milliseconds.",
			Args: []Arg{{Name: "ms", Min: 1, Max: 600000, Default: 1000, Doc: "length of one sleep"}}},
		{Name: "exit", Comm: "pl-exit", MaxProcs: 1, run: runExit,
			Doc: "Sleeps ms milliseconds, then exits with code: the lab is its parent, so it stays a zombie (Z) until reaped.",
			Args: []Arg{{Name: "ms", Min: 0, Max: 600000, Default: 500, Doc: "time before exit"},
				{Name: "code", Min: 0, Max: 255, Default: 0, Doc: "exit code"}}},
		{Name: "pipe", Comm: "pl-pipe-w", MaxProcs: 2, run: runPipeWriter, forks: true,
			Doc: "A writer and a reader child joined by a pipe (64 KiB). A slow reader makes the writer block on the full pipe (S, anon_pipe_write); a slow writer makes the reader block on the empty pipe (S, anon_pipe_read).",
			Args: []Arg{{Name: "write_kbps", Min: 0, Max: 1000000, Default: 0, Doc: "writer rate in KiB/s, 0 = as fast as it can"},
				{Name: "read_kbps", Min: 0, Max: 1000000, Default: 16, Doc: "reader rate in KiB/s, 0 = as fast as it can"}}},
		{Name: "forker", Comm: "pl-forker", run: runForker, forks: true, control: true,
			procs: func(a []int64) int { return 1 + int(a[0]) }, MaxProcs: 17,
			Doc: "Forks children (a true fork) that exit after exit_ms. With reap=1 it waits for them (Z, then gone); with reap=0 it never does, so they stay zombies (Z) until you reap them.",
			Args: []Arg{{Name: "children", Min: 1, Max: 16, Default: 3, Doc: "children to fork"},
				{Name: "exit_ms", Min: 0, Max: 600000, Default: 500, Doc: "each child's lifetime (child i lives i*100 ms longer)"},
				{Name: "reap", Min: 0, Max: 1, Default: 0, Doc: "1: wait() for the children"}}},
		{Name: "orphans", Comm: "pl-orphaner", run: runOrphans, forks: true,
			procs: func(a []int64) int { return 1 + int(a[0]) }, MaxProcs: 9,
			Doc: "Forks children, then exits after parent_ms: the children are orphans, re-parented to the lab server (a subreaper, standing in for PID 1), which reaps them when they exit.",
			Args: []Arg{{Name: "children", Min: 1, Max: 8, Default: 2, Doc: "children to fork"},
				{Name: "parent_ms", Min: 0, Max: 60000, Default: 1000, Doc: "parent lifetime"},
				{Name: "child_ms", Min: 100, Max: 600000, Default: 5000, Doc: "children lifetime"}}},
		{Name: "vfork", Comm: "pl-vfork", MaxProcs: 2, run: runVfork, forks: true,
			Doc: "Waits for a vfork-style child for ms milliseconds (D, in kernel_clone), sleeps gap_ms (S), and repeats. ps shows D, but this D is the killable kind (TASK_KILLABLE): a fatal signal ends it at once.",
			Args: []Arg{{Name: "ms", Min: 10, Max: 60000, Default: 2000, Doc: "time in D per round"},
				{Name: "gap_ms", Min: 0, Max: 60000, Default: 500, Doc: "time in S between rounds"}}},
		{Name: "diskread", Comm: "pl-diskread", MaxProcs: 1, run: runDiskRead, blkio: true,
			Doc: "Reads a 64 KiB file with O_DIRECT while a blkio cgroup slows the disk down for it, so that each read keeps it in D (__iomap_dio_rw) for about ms milliseconds, then sleeps gap_ms (S), and repeats. This D is TASK_UNINTERRUPTIBLE: a SIGKILL waits, pending, until the read completes. Needs root and the cgroup v1 blkio controller.",
			Args: []Arg{{Name: "ms", Min: 1000, Max: 30000, Default: 8000, Doc: "time in D per read"},
				{Name: "gap_ms", Min: 0, Max: 60000, Default: 2000, Doc: "time in S between reads"}}},
		{Name: "race", Comm: "pl-race", run: runRace, forks: true,
			procs: func(a []int64) int { return 1 + int(a[0]) }, MaxProcs: 9,
			Doc: "procs children increment one counter in shared memory iters times each: mode 0 plain (load, add, store as separate steps: loses updates, on two CPUs and by preemption on one), 1 atomic, 2 futex lock (hold_us inside the lock makes waiters visible in S). Reports expected, actual, lost and the time.",
			Args: []Arg{{Name: "procs", Min: 1, Max: 8, Default: 4, Doc: "incrementing processes"},
				{Name: "iters", Min: 1, Max: 100000000, Default: 20000000, Doc: "increments per process"},
				{Name: "mode", Min: 0, Max: 2, Default: 0, Doc: "0 plain, 1 atomic, 2 lock"},
				{Name: "hold_us", Min: 0, Max: 100000, Default: 0, Doc: "lock mode: microseconds to hold the lock each time"},
				{Name: "start_ms", Min: 0, Max: 10000, Default: 300, Doc: "delay before the children start together"}}},
		// The buffer is resident twice at the end (the child has copied it
		// all), so mb is kept small: at mb=64 the two processes peaked at
		// 139 MiB RSS together (VmHWM, Linux 6.18); at the old maximum of
		// 256 they used 523 MiB.
		{Name: "cow", Comm: "pl-cow", MaxProcs: 2, run: runCOW, forks: true, cow: true,
			extra: func(a []int64) int64 { return 2 * a[0] << 20 },
			Doc:   "Dirties an mb MiB buffer, forks (a true fork), and lets the child write one more steps-th of it every step_ms: Pss and shared/private dirty show copy-on-write (RSS does not move).",
			Args: []Arg{{Name: "mb", Min: 1, Max: 64, Default: 32, Doc: "buffer size in MiB"},
				{Name: "steps", Min: 1, Max: 16, Default: 4, Doc: "parts the child writes one by one"},
				{Name: "step_ms", Min: 100, Max: 60000, Default: 2000, Doc: "time between parts"}}},
		{Name: "socket", Comm: "pl-sock-send", MaxProcs: 2, run: runSocket, forks: true,
			Doc: "Sends \"one\", \"two!\", \"three\" over a socketpair of type 0 STREAM, 1 DGRAM or 2 SEQPACKET to a child that reads after delay_ms with recv(100): STREAM merges the messages, DGRAM and SEQPACKET keep their boundaries.",
			Args: []Arg{{Name: "type", Min: 0, Max: 2, Default: 0, Doc: "0 STREAM, 1 DGRAM, 2 SEQPACKET"},
				{Name: "delay_ms", Min: 0, Max: 10000, Default: 200, Doc: "receiver's delay before reading"}}},
		{Name: "signals", Comm: "pl-signals", MaxProcs: 1, run: runSignals, named: true,
			Doc:  "Installs handlers for SIGUSR1, SIGHUP, SIGINT and SIGTERM and reports each one it handles; INT and TERM make it exit cleanly (code 0) after handling.",
			Args: []Arg{{Name: "handle_ms", Min: 0, Max: 5000, Default: 0, Doc: "time the handler takes"}}},
		// -- live-ipc: fifo, mqueue, shm+semaphore vs pipe, tcp/udp
		{Name: "fifo", Comm: "pl-fifo", MaxProcs: 3, run: runFIFO, forks: true,
			Doc: "Makes a FIFO (mkfifo) in a private directory (mode 0700, removed at the end) and starts a writer and a reader that share nothing but its path: neither is the other's parent. The first one's open() blocks (S, wait_for_partner) until the second opens the other end gap_ms later; then kib KiB flow through it as through a pipe.",
			Args: []Arg{{Name: "first", Min: 0, Max: 1, Default: 0, Doc: "who opens first: 0 the writer, 1 the reader"},
				{Name: "gap_ms", Min: 0, Max: 60000, Default: 3000, Doc: "time before the second end starts"},
				{Name: "kib", Min: 1, Max: 65536, Default: 1024, Doc: "KiB the writer sends"},
				{Name: "read_kbps", Min: 0, Max: 1000000, Default: 256, Doc: "reader rate in KiB/s, 0 = as fast as it can"}}},
		{Name: "mqueue", Comm: "pl-mq-send", MaxProcs: 2, run: runMqueue, forks: true,
			Doc: "Creates a POSIX message queue with room for cap messages and sends count messages with priorities 1 to 9 to a receiver that starts reading after delay_ms, one message every read_ms. A full queue blocks the sender (S, wq_sleep); each receive returns the highest priority in the queue first. The queue is removed (mq_unlink) at the end.",
			Args: []Arg{{Name: "count", Min: 1, Max: 1000, Default: 12, Doc: "messages to send"},
				{Name: "cap", Min: 1, Max: 10, Default: 4, Doc: "messages the queue holds (mq_maxmsg; the system's msg_max is 10 by default)"},
				{Name: "delay_ms", Min: 0, Max: 60000, Default: 3000, Doc: "receiver's delay before its first receive"},
				{Name: "read_ms", Min: 0, Max: 60000, Default: 700, Doc: "receiver's time between receives"}}},
		{Name: "shmsem", Comm: "pl-shm", MaxProcs: 2, run: runShmSem, forks: true,
			extra: func(a []int64) int64 { return 2*(a[2]*a[1]<<10+4096) + 2*a[1]<<10 },
			Doc:   "Moves mb MiB to a child twice, in chunks of chunk_kib KiB: through shared memory (a ring of slots chunks, with two process-shared semaphores built on futexes: empty and full), then through a pipe. Reports the time and MB/s of each, whether every byte arrived, and how often each process slept.",
			Args: []Arg{{Name: "mb", Min: 1, Max: 1024, Default: 256, Doc: "MiB to move each time"},
				{Name: "chunk_kib", Min: 4, Max: 1024, Default: 64, Doc: "chunk size in KiB"},
				{Name: "slots", Min: 1, Max: 16, Default: 4, Doc: "chunks the shared ring holds"}}},
		{Name: "tcp", Comm: "pl-tcp-send", MaxProcs: 2, run: runTCP, forks: true,
			Doc:  "Listens on 127.0.0.1 (port 0: the kernel picks one; nothing outside this machine can connect), connects from a second socket and sends \"one\", \"two!\", \"three\" to a child that accepts and reads after delay_ms with recv(100): TCP is a byte stream and merges them.",
			Args: []Arg{{Name: "delay_ms", Min: 0, Max: 10000, Default: 300, Doc: "receiver's delay before reading"}}},
		{Name: "udp", Comm: "pl-udp-send", MaxProcs: 2, run: runUDP, forks: true,
			Doc: "Two UDP sockets on 127.0.0.1. echo=0: sends count numbered datagrams as fast as it can to a child whose receive buffer is rcvbuf bytes and who reads only after delay_ms: what does not fit is dropped, and the gaps in the numbers show it. echo=1: the child sends every datagram back from the socket it read it on: one socket both sends and receives.",
			Args: []Arg{{Name: "count", Min: 1, Max: 20000, Default: 2000, Doc: "datagrams to send"},
				{Name: "size", Min: 16, Max: 1400, Default: 64, Doc: "bytes per datagram"},
				{Name: "rcvbuf", Min: 256, Max: 262144, Default: 2048, Doc: "receiver's SO_RCVBUF in bytes (the kernel doubles it)"},
				{Name: "delay_ms", Min: 0, Max: 10000, Default: 500, Doc: "echo=0: receiver's delay before reading"},
				{Name: "echo", Min: 0, Max: 1, Default: 0, Doc: "1: the receiver echoes every datagram"}}},
		// -- live-sys: Go signal handlers, syscall-heavy vs compute, pid counter, pipe ping-pong
		{Name: "gosignals", Comm: "pl-gosignals", MaxProcs: 1, run: runGoSignals, named: true,
			Doc:  "A Go program that asks for SIGINT, SIGTERM, SIGUSR1, SIGTSTP and SIGCONT with signal.Notify, reports each one it catches, and carries on: none of them ends or stops it. SIGSTOP still stops it (T) and SIGCONT continues it (and is caught too); SIGKILL still kills it.",
			Args: []Arg{{Name: "busy", Min: 0, Max: 1, Default: 1, Doc: "1: compute between signals (R); 0: wait for them (S)"}}},
		{Name: "syscalls", Comm: "pl-compute", MaxProcs: 2, run: runSyscalls, forks: true,
			Doc: "Two loops side by side for seconds seconds: a child (pl-syscall) that makes one system call after another, and the worker (pl-compute) that only computes. A large share of the syscall loop's CPU time goes to stime (kernel mode; on the VM it was measured on, about half for getppid and 58 % for write), the compute loop's almost all to utime. call: 0 getppid, 1 write 1 byte to /dev/null, 2 clock_gettime, which the vDSO answers in user mode (utime). Then both sleep (S).",
			Args: []Arg{{Name: "call", Min: 0, Max: 2, Default: 0, Doc: "0 getppid, 1 write to /dev/null, 2 clock_gettime (vDSO: not a system call)"},
				{Name: "seconds", Min: 1, Max: 60, Default: 15, Doc: "how long both loops run"}}},
		{Name: "pids", Comm: "pl-pids", MaxProcs: 2, run: runPids, forks: true,
			Doc: "Forks count children, one every interval_ms, each living child_ms; waits for each. Reports each child's PID, /proc/sys/kernel/ns_last_pid before the fork and pid_max: the counter goes up by one per fork, and by more when other processes (and threads) on the machine took PIDs in between; past pid_max it wraps around. pid_max is only read.",
			Args: []Arg{{Name: "count", Min: 1, Max: 100, Default: 20, Doc: "children to fork"},
				{Name: "interval_ms", Min: 10, Max: 10000, Default: 300, Doc: "time between forks"},
				{Name: "child_ms", Min: 0, Max: 1000, Default: 50, Doc: "each child's lifetime"}}},
		{Name: "pingpong", Comm: "pl-ping", MaxProcs: 2, run: runPingPong, forks: true,
			Doc: "Two processes (pl-ping, pl-pong) pass one byte back and forth over two pipes, rounds times or for max_ms: each sleeps (S) while the other has the byte. Reports round trips per second, the mean, median and 99th percentile round trip in µs, and the context switches per second. cpus: 0 free, 1 both main threads pinned to one CPU, 2 pinned to two different CPUs.",
			Args: []Arg{{Name: "rounds", Min: 1000, Max: 5000000, Default: 300000, Doc: "round trips at most"},
				{Name: "max_ms", Min: 100, Max: 30000, Default: 5000, Doc: "time at most"},
				{Name: "cpus", Min: 0, Max: 2, Default: 0, Doc: "0 free, 1 both on one CPU, 2 on two CPUs"}}},
	}
	workloads = make(map[string]*Workload, len(list))
	for _, w := range list {
		workloads[w.Name] = w
	}
}

// Workloads returns the whitelist, sorted by name.
func Workloads() []Workload {
	out := make([]Workload, 0, len(workloads))
	for _, w := range workloads {
		out = append(out, *w)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LookupWorkload returns the whitelisted workload with that name.
func LookupWorkload(name string) (*Workload, bool) {
	w, ok := workloads[name]
	return w, ok
}

// Check checks arguments given by name against the workload's table and
// returns them in table order, defaults filled in. Unknown names and values
// out of range are errors (ErrBadArgs). Decoding them (from JSON, say) is
// the caller's business.
func (w *Workload) Check(given map[string]int64) ([]int64, error) {
	out := make([]int64, len(w.Args))
	seen := 0
	for i, a := range w.Args {
		v, ok := given[a.Name]
		if !ok {
			out[i] = a.Default
			continue
		}
		seen++
		if v < a.Min || v > a.Max {
			return nil, fmt.Errorf("%w: %s.%s must be between %d and %d, got %d", ErrBadArgs, w.Name, a.Name, a.Min, a.Max, v)
		}
		out[i] = v
	}
	if seen != len(given) {
		for name := range given {
			if !w.hasArg(name) {
				return nil, fmt.Errorf("%w: workload %s has no argument %q", ErrBadArgs, w.Name, truncate(name, 40))
			}
		}
	}
	return out, nil
}

// checkInts validates positional arguments (the worker side: argv).
func (w *Workload) checkInts(args []string) ([]int64, error) {
	if len(args) != len(w.Args) {
		return nil, fmt.Errorf("worker %s takes %d arguments, got %d", w.Name, len(w.Args), len(args))
	}
	out := make([]int64, len(args))
	for i, s := range args {
		v, err := strconv.ParseInt(s, 10, 64)
		a := w.Args[i]
		if err != nil || v < a.Min || v > a.Max {
			return nil, fmt.Errorf("worker %s: %s must be an integer in [%d, %d], got %q", w.Name, a.Name, a.Min, a.Max, s)
		}
		out[i] = v
	}
	return out, nil
}

func (w *Workload) hasArg(name string) bool {
	for _, a := range w.Args {
		if a.Name == name {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
