//go:build linux

package live

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The worker side: `proclab worker NAME INT...` runs one whitelisted
// workload in this process. main.go (and the test binaries' TestMain)
// call WorkerMain before anything else.

// Environment variables the Manager sets in a worker's (otherwise empty)
// environment.
const (
	envLab  = "PROCLAB_LAB"        // "<server pid>.<server start time>": who owns this process
	envCPU  = "PROCLAB_CPU_S"      // RLIMIT_CPU in seconds (soft = hard)
	envData = "PROCLAB_DATA_BYTES" // RLIMIT_DATA in bytes
)

func init() {
	// The state /proc shows for a process is its leader thread's, so the
	// main goroutine must stay on the leader thread for "what main does" to
	// be "the state the process shows" (live-notes §0.2). Only workers.
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		runtime.LockOSThread()
	}
}

// internal workers are started by other workers, never by the Manager.
var internal = map[string]*Workload{
	"pipe-reader": {Name: "pipe-reader", Comm: "pl-pipe-r", run: runPipeReader,
		Args: []Arg{{Name: "read_kbps", Min: 0, Max: 1000000}}},
	"sock-recv": {Name: "sock-recv", Comm: "pl-sock-recv", run: runSockRecv,
		Args: []Arg{{Name: "type", Min: 0, Max: 2}, {Name: "delay_ms", Min: 0, Max: 10000}}},
	"inc": {Name: "inc", Comm: "pl-inc", run: runInc,
		Args: []Arg{{Name: "mode", Min: 0, Max: 2}, {Name: "iters", Min: 1, Max: 100000000}, {Name: "hold_us", Min: 0, Max: 100000}}},
}

// WorkerMain runs the workload named by args[0] with the integer arguments
// that follow, and returns only if they are invalid or the workload fails.
// It must be called from the main goroutine of a process started as
// "worker NAME INT...".
func WorkerMain(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: proclab worker NAME INT...")
	}
	w, ok := workloads[args[0]]
	if !ok {
		if w, ok = internal[args[0]]; !ok {
			return fmt.Errorf("worker: %w %q", ErrUnknownWorkload, truncate(args[0], 40))
		}
	}
	vals, err := w.checkInts(args[1:])
	if err != nil {
		return err
	}
	if os.Getenv(envLab) == "" {
		return errors.New("worker: only the live lab starts workers")
	}
	applyLimits()
	// A workload that installs handlers of its own (named) keeps the Go
	// runtime's: signal.Notify does not install them again.
	if !w.named {
		defaultSignals()
	}
	// The name comes last: once /proc shows it, the worker's signal
	// dispositions are in place (a signal sent earlier could be swallowed
	// by the Go runtime). A workload that installs handlers of its own
	// names itself once they are installed.
	if !w.named {
		setName(w.Comm)
	}
	return w.run(vals)
}

// setName sets the comm name (what ps and /proc/PID/stat show).
func setName(name string) {
	var b [16]byte
	copy(b[:15], name)
	_ = unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(&b[0])), 0, 0, 0)
}

// applyLimits sets the resource limits the Manager asked for. RLIMIT_CPU
// has soft = hard because the Go runtime ignores SIGXCPU; RLIMIT_AS cannot
// be used (the runtime reserves about 1 GiB), RLIMIT_DATA can (live-notes §5).
func applyLimits() {
	if s, err := strconv.ParseUint(os.Getenv(envCPU), 10, 64); err == nil && s > 0 {
		_ = unix.Setrlimit(unix.RLIMIT_CPU, &unix.Rlimit{Cur: s, Max: s})
	}
	if n, err := strconv.ParseUint(os.Getenv(envData), 10, 64); err == nil && n > 0 && !raceEnabled {
		_ = unix.Setrlimit(unix.RLIMIT_DATA, &unix.Rlimit{Cur: n, Max: n})
	}
}

// defaultSignals restores the kernel's default action for the signals a Go
// program would otherwise ignore or handle itself, so that SIGUSR1 and
// SIGHUP terminate a worker as they would a C program (live-notes §8).
func defaultSignals() {
	var dfl [4]uint64
	for _, sig := range []syscall.Signal{unix.SIGUSR1, unix.SIGUSR2, unix.SIGHUP, unix.SIGINT, unix.SIGTERM, unix.SIGALRM, unix.SIGPIPE} {
		syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&dfl[0])), 0, 8, 0, 0)
	}
}

// report writes one JSON line to stdout, which the Manager reads. One
// write of less than PIPE_BUF bytes, so lines from several processes
// sharing the pipe never interleave.
func report(r Report) {
	r.PID = os.Getpid()
	b, err := json.Marshal(r)
	if err != nil || len(b) >= 4000 {
		return
	}
	b = append(b, '\n')
	_, _ = unix.Write(1, b)
}

// startWorker starts an internal worker as a child of this one, with
// Pdeathsig (this is the main goroutine, locked to the leader thread, which
// lives as long as the process) and the given extra file as fd 3.
func startWorker(name string, extra int, args ...int64) (int, error) {
	argv := []string{"proclab", "worker", name}
	for _, a := range args {
		argv = append(argv, strconv.FormatInt(a, 10))
	}
	files := []uintptr{0, 1, 2}
	if extra >= 0 {
		files = append(files, uintptr(extra))
	}
	return syscall.ForkExec("/proc/self/exe", argv, &syscall.ProcAttr{
		Dir: "/", Env: os.Environ(), Files: files,
		Sys: &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL},
	})
}

// sleepMS sleeps in nanosleep (state S, wchan hrtimer_nanosleep).
func sleepMS(ms int64) {
	ts := unix.NsecToTimespec(ms * 1e6)
	for {
		var rem unix.Timespec
		if err := unix.Nanosleep(&ts, &rem); err != unix.EINTR {
			return
		}
		ts = rem
	}
}

// forever sleeps until the process is killed.
func forever() {
	for {
		sleepMS(3600_000)
	}
}
