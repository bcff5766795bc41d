//go:build linux

package live

import (
	"bytes"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The live-sys workloads (issue 11, part 5): Go signal handlers that catch
// a signal and carry on, a system-call loop beside a compute loop, the PID
// counter, and two processes that pass one byte back and forth over two
// pipes. Their children are internal workers, registered here (as a
// variable's initializer, which runs after the internal table's own).

var _ = registerSysWorkers()

func registerSysWorkers() bool {
	internal["syscall-loop"] = &Workload{Name: "syscall-loop", Comm: "pl-syscall", run: runSyscallLoop,
		Args: []Arg{{Name: "call", Min: 0, Max: 2}, {Name: "seconds", Min: 1, Max: 120}}}
	internal["pong"] = &Workload{Name: "pong", Comm: "pl-pong", run: runPong,
		Args: []Arg{{Name: "cpu", Min: -1, Max: 1023}}}
	return true
}

// goSignals are the signals the gosignals workload catches, in the order
// its documentation names them.
var goSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGUSR1, syscall.SIGTSTP, syscall.SIGCONT}

// runGoSignals asks the Go runtime (signal.Notify) for SIGINT, SIGTERM,
// SIGUSR1, SIGTSTP and SIGCONT, reports each one it receives, and carries
// on: none of them ends it or stops it. SIGSTOP and SIGKILL cannot be
// caught: SIGSTOP still stops it (T), SIGKILL still kills it, and the
// SIGCONT that ends a stop continues it in the kernel before the runtime
// passes it on as well. With busy=1 it computes between signals (R),
// looking at the channel every millisecond; with busy=0 it waits on the
// channel (S, futex). It names itself once its handlers are in place.
func runGoSignals(a []int64) error {
	ch := make(chan os.Signal, 8) // room for 8, as in the signals workload
	signal.Notify(ch, goSignals...)
	setName(workloads["gosignals"].Comm)
	caught := int64(0)
	handle := func(s os.Signal) {
		caught++
		report(Report{Kind: "signal", Signal: SignalName(int(s.(syscall.Signal))), Action: "handled", SysReport: &SysReport{Count: caught}})
	}
	if a[0] == 0 {
		for s := range ch {
			handle(s)
		}
		return nil
	}
	x := 0
	for {
		select {
		case s := <-ch:
			handle(s)
		default:
		}
		for start := time.Now(); time.Since(start) < time.Millisecond; {
			for i := 0; i < 1000; i++ {
				x++
			}
		}
		_ = x
	}
}

// sysCalls names the calls of the syscall workload's loop, by its call
// argument. getppid is a real system call on x86-64 (Go's RawSyscall makes
// it directly: the time goes to stime); clock_gettime is answered by the
// vDSO, code the kernel maps into every process that runs in user mode,
// so its time goes to utime although it asks the kernel's clock.
var sysCalls = [...]string{"getppid", "write", "clock_gettime (vDSO)"}

// loopReporter reports a loop's iterations every 500 ms.
type loopReporter struct {
	side, call string
	start      time.Time
	last       time.Time
	lastN      int64
}

func (r *loopReporter) maybe(n int64, now time.Time, done bool) {
	if !done && now.Sub(r.last) < 500*time.Millisecond {
		return
	}
	rate := float64(n-r.lastN) / max(now.Sub(r.last).Seconds(), 1e-9)
	if done {
		rate = float64(n) / max(now.Sub(r.start).Seconds(), 1e-9)
	}
	rep := Report{Kind: "loop", Side: r.side, SysReport: &SysReport{Call: r.call, Count: n, PerSec: rate}}
	if done {
		rep.Phase = "done"
		rep.ElapsedMS = float64(now.Sub(r.start).Microseconds()) / 1000
	}
	report(rep)
	r.last, r.lastN = now, n
}

// runSyscalls starts a child that makes one system call after another for
// seconds seconds (pl-syscall: its CPU time is mostly stime) and itself
// computes for as long (pl-compute: its CPU time is utime). Both report
// their loops' counts, then sleep (S) until they are killed, so that their
// final utime and stime stay on the page.
func runSyscalls(a []int64) error {
	call, secs := a[0], a[1]
	pid, err := startWorker("syscall-loop", -1, call, secs)
	if err != nil {
		return err
	}
	report(Report{Kind: "fork", Child: pid})
	now := time.Now()
	rep := loopReporter{side: "compute", start: now, last: now}
	end := now.Add(time.Duration(secs) * time.Second)
	x, n := 0, int64(0)
	for {
		for i := 0; i < 100000; i++ {
			x++
		}
		n += 100000
		now = time.Now()
		if now.After(end) {
			rep.maybe(n, now, true)
			break
		}
		rep.maybe(n, now, false)
	}
	_ = x
	forever()
	return nil
}

// runSyscallLoop is the syscall workload's child: it makes its call
// (sysCalls) in a loop for seconds seconds, then sleeps.
func runSyscallLoop(a []int64) error {
	call, secs := a[0], a[1]
	fd := -1
	if call == 1 {
		var err error
		if fd, err = unix.Open("/dev/null", unix.O_WRONLY|unix.O_CLOEXEC, 0); err != nil {
			return err
		}
	}
	b := [1]byte{'x'}
	now := time.Now()
	rep := loopReporter{side: "syscall", call: sysCalls[call], start: now, last: now}
	end := now.Add(time.Duration(secs) * time.Second)
	n := int64(0)
	for {
		const batch = 4096
		switch call {
		case 0:
			for i := 0; i < batch; i++ {
				syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0)
			}
		case 1:
			for i := 0; i < batch; i++ {
				syscall.RawSyscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), 1)
			}
		case 2:
			for i := 0; i < batch; i++ {
				_ = time.Now()
			}
		}
		n += batch
		now = time.Now()
		if now.After(end) {
			rep.maybe(n, now, true)
			break
		}
		rep.maybe(n, now, false)
	}
	forever()
	return nil
}

// readSysInt reads one integer from a /proc/sys file (0 if it cannot).
func readSysInt(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(string(bytes.TrimSpace(b)))
	return n
}

// runPids forks count children, one every interval_ms, each of which
// lives child_ms and exits; it waits for each one before the next. For
// each child it reports the PID the kernel gave it, ns_last_pid just
// before the fork (the last PID given out to anyone in this PID
// namespace) and pid_max. It only reads these files: it never writes them.
func runPids(a []int64) error {
	count, interval, childMS := int(a[0]), a[1], a[2]
	pidMax := readSysInt("/proc/sys/kernel/pid_max")
	prev := 0
	for i := 1; i <= count; i++ {
		last := readSysInt("/proc/sys/kernel/ns_last_pid")
		j := newForkJob(jobExit, "pl-pid-child")
		j.pdeath = true
		j.sleep = unix.NsecToTimespec(childMS * 1e6)
		pid := rawFork(uintptr(syscall.SIGCHLD), j)
		if pid < 0 {
			return syscall.Errno(-pid)
		}
		report(Report{Kind: "fork", Child: pid})
		report(Report{Kind: "pid", Child: pid, Of: count, SysReport: &SysReport{Seq: i, PIDMax: pidMax, LastPID: last, Prev: prev}})
		var ws unix.WaitStatus
		for {
			if _, err := unix.Wait4(pid, &ws, 0, nil); err != unix.EINTR {
				break
			}
		}
		report(reapedReport(pid, statusOf(ws)))
		prev = pid
		if i < count {
			sleepMS(interval)
		}
	}
	forever()
	return nil
}

// pingSamples is how many of the last round trips the ping-pong keeps for
// its median and 99th percentile (4 bytes each).
const pingSamples = 1 << 16

// pingModes names the ping-pong's cpus argument.
var pingModes = [...]string{"free", "one", "two"}

// allowedCPUs lists the CPUs this thread may run on, in order.
func allowedCPUs() []int {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil
	}
	var out []int
	for c := 0; c < len(set)*64 && len(out) < set.Count(); c++ {
		if set.IsSet(c) {
			out = append(out, c)
		}
	}
	return out
}

// pinTo binds the calling thread (the main thread: workers lock their main
// goroutine to it) to one CPU.
func pinTo(cpu int) error {
	var set unix.CPUSet
	set.Set(cpu)
	return unix.SchedSetaffinity(0, &set)
}

// switchesOf reads a process's voluntary and nonvoluntary context switches
// from /proc/PID/status (the sampler's numbers).
func switchesOf(pid int) (v, nv int64) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	f := parseStatus(b)
	return int64(f.vcsw), int64(f.nvcsw)
}

// rawRead and rawWrite move one byte with a raw system call: nothing of
// the Go runtime runs between the two processes' turns.
func rawRead(fd int, b *[1]byte) bool {
	for {
		n, _, e := syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), 1)
		if e == syscall.EINTR {
			continue
		}
		return e == 0 && n == 1
	}
}

func rawWrite(fd int, b *[1]byte) bool {
	for {
		n, _, e := syscall.RawSyscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), 1)
		if e == syscall.EINTR {
			continue
		}
		return e == 0 && n == 1
	}
}

// runPingPong passes one byte to a child (pl-pong) over one pipe and waits
// for it to come back over another, rounds times or for max_ms, whichever
// ends first: each round trip is two wake-ups, and each process sleeps
// (S, anon_pipe_read) while the other has the byte. cpus: 0 leaves both
// free, 1 pins both main threads to one CPU (each round trip is then two
// context switches on that CPU), 2 pins them to two different CPUs (a
// wake-up crosses CPUs). It reports the round trips per second and their
// mean every 500 ms, then the median, the 99th percentile and the
// switches per second at the end; then it closes its pipe, so that the
// child exits, reaps it, and sleeps (S).
func runPingPong(a []int64) error {
	rounds, maxMS, mode := a[0], a[1], a[2]
	pCPU, cCPU := -1, -1
	cpus := allowedCPUs()
	switch {
	case mode == 0 || len(cpus) == 0:
	case mode == 1 || len(cpus) == 1:
		pCPU, cCPU = cpus[0], cpus[0]
	default:
		pCPU, cCPU = cpus[0], cpus[1]
	}
	var p2c, c2p [2]int
	if err := unix.Pipe2(p2c[:], unix.O_CLOEXEC); err != nil {
		return err
	}
	if err := unix.Pipe2(c2p[:], unix.O_CLOEXEC); err != nil {
		return err
	}
	child, err := startWorkerFDs("pong", []int{p2c[0], c2p[1]}, int64(cCPU))
	if err != nil {
		return err
	}
	report(Report{Kind: "fork", Child: child})
	unix.Close(p2c[0])
	unix.Close(c2p[1])
	if pCPU >= 0 {
		if err := pinTo(pCPU); err != nil {
			return err
		}
	}
	where := ""
	if pCPU >= 0 {
		where = strconv.Itoa(pCPU)
		if cCPU != pCPU {
			where += "," + strconv.Itoa(cCPU)
		}
	}
	var b [1]byte
	if !rawRead(c2p[0], &b) { // the child is ready (and pinned)
		return syscall.EPIPE
	}
	samples := make([]int32, pingSamples)
	pv0, pn0 := switchesOf(os.Getpid())
	cv0, cn0 := switchesOf(child)
	start := time.Now()
	last, lastN := start, int64(0)
	deadline := start.Add(time.Duration(maxMS) * time.Millisecond)
	var total time.Duration
	n := int64(0)
	for n < rounds {
		t0 := time.Now()
		if !rawWrite(p2c[1], &b) || !rawRead(c2p[0], &b) {
			break
		}
		t1 := time.Now()
		d := t1.Sub(t0)
		total += d
		samples[n%pingSamples] = int32(min(d, time.Duration(1<<31-1)))
		n++
		if t1.Sub(last) >= 500*time.Millisecond {
			report(Report{Kind: "pingpong", Mode: pingModes[mode], SysReport: &SysReport{Count: n, CPUs: where,
				PerSec: float64(n-lastN) / t1.Sub(last).Seconds(), MeanUS: float64(total.Nanoseconds()) / float64(n) / 1000}})
			last, lastN = t1, n
		}
		if t1.After(deadline) {
			break
		}
	}
	el := time.Since(start)
	pv1, pn1 := switchesOf(os.Getpid())
	cv1, cn1 := switchesOf(child)
	kept := samples[:min(n, pingSamples)]
	slices.Sort(kept)
	s := &SysReport{Count: n, CPUs: where, PerSec: float64(n) / el.Seconds(),
		VCSW: pv1 - pv0 + cv1 - cv0, NVCSW: pn1 - pn0 + cn1 - cn0}
	s.SwitchesPerS = float64(s.VCSW+s.NVCSW) / el.Seconds()
	if n > 0 {
		s.MeanUS = float64(total.Nanoseconds()) / float64(n) / 1000
		s.MedianUS = float64(kept[len(kept)/2]) / 1000
		s.P99US = float64(kept[min(len(kept)-1, len(kept)*99/100)]) / 1000
	}
	report(Report{Kind: "pingpong", Phase: "done", Mode: pingModes[mode], ElapsedMS: float64(el.Microseconds()) / 1000, SysReport: s})
	unix.Close(p2c[1])
	var ws unix.WaitStatus
	for {
		if _, err := unix.Wait4(child, &ws, 0, nil); err != unix.EINTR {
			break
		}
	}
	report(reapedReport(child, statusOf(ws)))
	forever()
	return nil
}

// runPong is the ping-pong's child: it pins its main thread to cpu (when
// not -1), says it is ready with one byte on fd 4, then sends back every
// byte it reads on fd 3, until fd 3 ends.
func runPong(a []int64) error {
	if a[0] >= 0 {
		if err := pinTo(int(a[0])); err != nil {
			return err
		}
	}
	var b [1]byte
	if !rawWrite(4, &b) {
		return nil
	}
	for rawRead(3, &b) {
		if !rawWrite(4, &b) {
			break
		}
	}
	return nil
}
