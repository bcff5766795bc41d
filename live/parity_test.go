//go:build linux

package live

// Real-process parity probes (issue 9): each probe puts real processes in
// one situation the simulator also models, and returns what the kernel did
// as a small comparable ProbeOutcome, so that a test can run the same
// situation in the simulator and compare. docs/live-truth.md records each
// measured outcome and the command that reproduces it:
//
//	sudo go test ./live -run TestParity -v
//
// The probes need root (they signal, stop and re-parent processes, and the
// uninterruptible-D probe writes to a cgroup v1 blkio directory); as any
// other user they skip and say so. They assert outcomes only (a state, a
// wait status, a pending-signal bit), never how long something took: where
// a probe shows that something happens "at once", the wait it cuts short
// lasts a minute and the probe's deadline is ten seconds.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// ProbeOutcome is what a probe saw the kernel do.
type ProbeOutcome struct {
	// States are the /proc letters of the process at the probe's
	// checkpoints (each probe's comment lists them), space-separated.
	States string
	// Status is what the parent's wait() reported at the end.
	Status WaitStatus
	// Pending names the signal seen pending at the probe's pending
	// checkpoint ("" when none was).
	Pending string
	// Fact is a probe-specific outcome: the errno of a kill(), whether a
	// PID survived an exec.
	Fact string
}

// The environment variable that makes the test binary a probe helper
// (TestMain runs probeHelper instead of the tests).
const envProbe = "PROCLAB_PROBE"

func init() {
	// As in a worker (worker.go): what the helper's main goroutine does
	// must be what its leader thread, whose state /proc shows, does.
	if os.Getenv(envProbe) != "" {
		runtime.LockOSThread()
	}
}

func requireRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("SKIPPED: the parity probes signal, stop and re-parent real processes and use cgroups: run them as root (sudo go test ./live -run TestParity)")
	}
}

// startProbe starts argv as a child of this process (Pdeathsig SIGKILL) with
// extra environment entries, stdin from in and stdout to out when given.
func startProbe(t *testing.T, argv []string, env []string, sys *syscall.SysProcAttr, in, out *os.File) int {
	t.Helper()
	if sys == nil {
		sys = &syscall.SysProcAttr{}
	}
	sys.Pdeathsig = syscall.SIGKILL
	files := []uintptr{0, 1, 2}
	if in != nil {
		files[0] = in.Fd()
	}
	if out != nil {
		files[1] = out.Fd()
	}
	pid, err := syscall.ForkExec(argv[0], argv, &syscall.ProcAttr{Env: append(os.Environ(), env...), Files: files, Sys: sys})
	if err != nil {
		t.Fatalf("starting %v: %v", argv, err)
	}
	group := sys.Setpgid || sys.Setsid
	t.Cleanup(func() {
		// Kill it (and its process group), collect it, and collect its
		// children too: this process may be a subreaper (the probes and
		// the Manager make it one), so they come here when it dies.
		if group {
			_ = unix.Kill(-pid, unix.SIGKILL)
		}
		_ = unix.Kill(pid, unix.SIGKILL)
		waitAll(pid)
		if group {
			waitAll(-pid)
		}
	})
	return pid
}

// waitAll collects the child pid (or, for -pgid, every child in that
// process group) until there is none left; it blocks while one runs.
func waitAll(pid int) {
	for {
		var ws unix.WaitStatus
		if _, err := unix.Wait4(pid, &ws, unix.WALL, nil); err != nil && err != unix.EINTR {
			return // ECHILD: none (left)
		}
	}
}

// letter is pid's state letter now ("" when it is gone).
func letter(pid int) string {
	st, err := readStat(pid)
	if err != nil {
		return ""
	}
	return string(st.state)
}

// waitLetterOf polls /proc until pid is in one of the states, and returns it.
func waitLetterOf(t *testing.T, pid int, states string) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if l := letter(pid); l != "" && strings.Contains(states, l) {
			return l
		}
	}
	t.Fatalf("PID %d: not in any of %q within 10 s (now %q)", pid, states, letter(pid))
	return ""
}

// waitD polls until pid is in D waiting in wchan (a process can be in D
// for a moment elsewhere, a page fault say) and returns "D".
func waitD(t *testing.T, pid int, wchan string) string {
	t.Helper()
	seen := map[string]bool{}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		l, w := letter(pid), readWchan(pid)
		if l == "D" && w == wchan {
			return "D"
		}
		seen[l+" "+w] = true
	}
	t.Fatalf("PID %d: not in D in %s within 10 s (now %q in %q; seen %v)", pid, wchan, letter(pid), readWchan(pid), seen)
	return ""
}

// reap waits (up to 10 s) for the child pid to end and collects it.
func reap(t *testing.T, pid int) WaitStatus {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		var ws unix.WaitStatus
		got, err := unix.Wait4(pid, &ws, unix.WNOHANG|unix.WALL, nil)
		if err == unix.EINTR || err == unix.ECHILD { // ECHILD: not (yet) re-parented to us
			continue
		}
		if err != nil {
			t.Fatalf("wait4(%d): %v", pid, err)
		}
		if got == pid {
			return statusOf(ws)
		}
	}
	t.Fatalf("PID %d did not end within 10 s (state %q)", pid, letter(pid))
	return WaitStatus{}
}

// zombie waits (up to 10 s) until the child pid has ended, without
// reaping it (waitid WNOWAIT), and returns its state letter, which must
// then be Z.
func zombie(t *testing.T, pid int) string {
	t.Helper()
	var si unix.Siginfo
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		err := unix.Waitid(unix.P_PID, pid, &si, unix.WEXITED|unix.WNOWAIT|unix.WNOHANG, nil)
		if err == unix.EINTR || err == unix.ECHILD { // ECHILD: not (yet) re-parented to us
			continue
		}
		if err != nil {
			t.Fatalf("waitid(%d, WNOWAIT): %v", pid, err)
		}
		if p, _ := siginfoChild(&si); p == pid {
			return letter(pid)
		}
	}
	t.Fatalf("PID %d did not end within 10 s (state %q)", pid, letter(pid))
	return ""
}

// pendingSignals is the union of pid's thread-private and shared pending
// signal masks (SigPnd, ShdPnd in /proc/PID/status), as signal names.
func pendingSignals(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return ""
	}
	var mask uint64
	for line := range bytes.Lines(b) {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok || (string(k) != "SigPnd" && string(k) != "ShdPnd") {
			continue
		}
		n, _ := strconv.ParseUint(string(bytes.TrimSpace(v)), 16, 64)
		mask |= n
	}
	// SIGURG is the Go runtime's own preemption signal (the probe helpers
	// are Go programs): it says nothing about the situation under test.
	mask &^= 1 << (unix.SIGURG - 1)
	var names []string
	for sig := 1; sig <= 31; sig++ {
		if mask&(1<<(sig-1)) != 0 {
			names = append(names, SignalName(sig))
		}
	}
	return strings.Join(names, " ")
}

// vforkWorker starts the test binary as the lab's vfork worker: D for
// dMS (a killable wait in wait_for_vfork_done), then S for gapMS, repeated.
func vforkWorker(t *testing.T, dMS, gapMS int) int {
	t.Helper()
	return startProbe(t, []string{"/proc/self/exe", "worker", "vfork", strconv.Itoa(dMS), strconv.Itoa(gapMS)},
		[]string{envLab + "=probe." + strconv.Itoa(os.Getpid())}, &syscall.SysProcAttr{Setpgid: true}, nil, nil)
}

func kill(t *testing.T, pid int, sig syscall.Signal) {
	t.Helper()
	if err := unix.Kill(pid, sig); err != nil {
		t.Fatalf("kill(%d, %v): %v", pid, sig, err)
	}
}

// ProbeSigterm: SIGTERM to a sleeping process (sleep 600, a C program with
// the default action). Checkpoints: before the signal, after it (Z, not
// yet reaped). Kernel: killed by signal 15, no exit code.
func ProbeSigterm(t *testing.T) ProbeOutcome {
	pid := startProbe(t, []string{"/bin/sleep", "600"}, nil, nil, nil, nil)
	s1 := waitLetterOf(t, pid, "S")
	kill(t, pid, unix.SIGTERM)
	s2 := zombie(t, pid)
	return ProbeOutcome{States: s1 + " " + s2, Status: reap(t, pid)}
}

// ProbeFatalVsStop: a default-fatal signal and a stop. how is one of:
//
//	"term-stopped":   SIGSTOP (T), then SIGTERM, then SIGCONT
//	"kill-stopped":   SIGSTOP (T), then SIGKILL
//	"term-then-stop": SIGTERM and SIGSTOP sent back to back to a sleeping process
//	"stop-pending-d": a process in a killable D (vfork, a minute) gets
//	                  SIGSTOP (it stays D, the stop pending), then SIGTERM
//
// Checkpoints: before the signals; after the first; for term-stopped the
// state right after the SIGTERM; and the end. Pending is what was pending
// right after the SIGTERM (term-stopped) or before it (stop-pending-d).
//
// Measured on Linux 6.18: a SIGTERM to a stopped process does not kill it
// at once. kernel/signal.c, complete_signal, takes a group down at once
// only through a thread that wants_signal(), and a stopped thread wants
// only SIGKILL: the SIGTERM stays pending (T) until SIGCONT, then kills.
func ProbeFatalVsStop(t *testing.T, how string) ProbeOutcome {
	var pid int
	states := []string{}
	pend := ""
	switch how {
	case "term-stopped", "kill-stopped":
		pid = startProbe(t, []string{"/bin/sleep", "600"}, nil, nil, nil, nil)
		states = append(states, waitLetterOf(t, pid, "S"))
		kill(t, pid, unix.SIGSTOP)
		states = append(states, waitLetterOf(t, pid, "T"))
		if how == "kill-stopped" {
			kill(t, pid, unix.SIGKILL)
			break
		}
		kill(t, pid, unix.SIGTERM)
		pend = pendingSignals(pid)
		states = append(states, letter(pid))
		kill(t, pid, unix.SIGCONT)
	case "term-then-stop":
		pid = startProbe(t, []string{"/bin/sleep", "600"}, nil, nil, nil, nil)
		states = append(states, waitLetterOf(t, pid, "S"))
		kill(t, pid, unix.SIGTERM)
		_ = unix.Kill(pid, unix.SIGSTOP) // finds it dying, or a zombie already
		states = append(states, waitLetterOf(t, pid, "TZ"))
	case "stop-pending-d":
		pid = vforkWorker(t, 60000, 0)
		states = append(states, waitD(t, pid, "kernel_clone"))
		kill(t, pid, unix.SIGSTOP)
		states = append(states, letter(pid))
		pend = pendingSignals(pid)
		kill(t, pid, unix.SIGTERM)
	default:
		t.Fatalf("ProbeFatalVsStop: unknown case %q", how)
	}
	states = append(states, zombie(t, pid))
	return ProbeOutcome{States: strings.Join(states, " "), Status: reap(t, pid), Pending: pend}
}

// ProbeOrphanedStoppedGroup: a session leader S runs a job P in its own
// process group; P starts C (sleep 600, in P's group), stops it, and exits.
// C's group is then orphaned (its only member's new parent, this process,
// a subreaper, is in another session) and has a stopped member, so the
// kernel sends the group SIGHUP, then SIGCONT (kernel/exit.c,
// kill_orphaned_pgrp). Checkpoints: C before P exits, C at the end.
func ProbeOrphanedStoppedGroup(t *testing.T) ProbeOutcome {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		t.Fatalf("PR_SET_CHILD_SUBREAPER: %v", err)
	}
	pr, pw, err := os.Pipe() // P writes C's PID here
	if err != nil {
		t.Fatal(err)
	}
	gr, gw, err := os.Pipe() // the test lets P exit by closing this
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	defer gw.Close()
	s := startProbe(t, []string{"/proc/self/exe"}, []string{envProbe + "=session"}, &syscall.SysProcAttr{Setsid: true}, gr, pw)
	pw.Close()
	gr.Close()
	var c int
	if _, err := fmt.Fscan(pr, &c); err != nil || c <= 0 {
		t.Fatalf("reading the stopped child's PID from the job: %v", err)
	}
	t.Cleanup(func() { _ = unix.Kill(c, unix.SIGKILL); _, _ = unix.Wait4(c, nil, unix.WNOHANG, nil) })
	s1 := waitLetterOf(t, c, "T")
	gw.Close() // P exits now
	s2 := zombie(t, c)
	if letter(s) == "" {
		t.Fatalf("the session leader %d is gone: the probe needs it alive", s)
	}
	return ProbeOutcome{States: s1 + " " + s2, Status: reap(t, c)}
}

// ProbeKillableD: SIGKILL to a process in a killable D (TASK_KILLABLE: the
// vfork parent in wait_for_vfork_done; the wait lasts a minute).
// Checkpoints: before, at the end.
func ProbeKillableD(t *testing.T) ProbeOutcome {
	pid := vforkWorker(t, 60000, 0)
	s1 := waitD(t, pid, "kernel_clone")
	w := readWchan(pid)
	kill(t, pid, unix.SIGKILL)
	s2 := zombie(t, pid)
	return ProbeOutcome{States: s1 + " " + s2, Status: reap(t, pid), Fact: "wchan " + w}
}

// ProbeUninterruptibleD: SIGKILL to a process in TASK_UNINTERRUPTIBLE: an
// O_DIRECT read of 64 KiB from a block device throttled to 8 KiB/s by a
// cgroup v1 blkio rule (about 8 s of D). Checkpoints: in D before SIGKILL,
// in D after it (SIGKILL pending), at the end. It skips where there is no
// cgroup v1 blkio controller or the temporary directory is not on a block
// device.
func ProbeUninterruptibleD(t *testing.T) ProbeOutcome {
	blkio := "/sys/fs/cgroup/blkio"
	if _, err := os.Stat(filepath.Join(blkio, "blkio.throttle.read_bps_device")); err != nil {
		t.Skip("SKIPPED: no cgroup v1 blkio controller here, so no throttled read to wait on")
	}
	file := filepath.Join(t.TempDir(), "d-probe")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Write(make([]byte, 64<<10))
	if err == nil {
		err = f.Sync() // on the disk, so that the direct read must go there
	}
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var fst unix.Stat_t
	if err := unix.Stat(file, &fst); err != nil {
		t.Fatal(err)
	}
	dev := fmt.Sprintf("%d:%d", unix.Major(fst.Dev), unix.Minor(fst.Dev))
	cg := filepath.Join(blkio, "proclab-probe-"+strconv.Itoa(os.Getpid()))
	if err := os.Mkdir(cg, 0o755); err != nil && !os.IsExist(err) {
		t.Skipf("SKIPPED: cannot make a blkio cgroup: %v", err)
	}
	t.Cleanup(func() { _ = os.Remove(cg) })
	if err := os.WriteFile(filepath.Join(cg, "blkio.throttle.read_bps_device"), []byte(dev+" 8192"), 0); err != nil {
		t.Skipf("SKIPPED: cannot throttle device %s (the temporary directory may not be on a block device): %v", dev, err)
	}
	gr, gw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close()
	pid := startProbe(t, []string{"/proc/self/exe", file}, []string{envProbe + "=dio"}, nil, gr, nil)
	gr.Close()
	if err := os.WriteFile(filepath.Join(cg, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0); err != nil {
		t.Fatalf("moving %d into %s: %v", pid, cg, err)
	}
	gw.Close() // read now
	s1 := waitD(t, pid, "__iomap_dio_rw")
	w := readWchan(pid)
	kill(t, pid, unix.SIGKILL)
	s2 := letter(pid) // still D: the read has seconds to go
	pend := pendingSignals(pid)
	s3 := zombie(t, pid)
	return ProbeOutcome{States: s1 + " " + s2 + " " + s3, Status: reap(t, pid), Pending: pend, Fact: "wchan " + w}
}

// ProbeContCancelsStop: a process in a killable D (vfork, 1.5 s) gets
// SIGSTOP, which stays pending while it is in D. With cont, SIGCONT
// follows while the stop is still pending: it discards the pending stop
// at once (kernel/signal.c, prepare_signal), so when the D ends the
// process sleeps (S) instead of stopping. Checkpoints: in D, in D with the
// stop pending, after the D ended; Pending is "SIGSTOP" when the stop was
// still pending after the last signal.
func ProbeContCancelsStop(t *testing.T, cont bool) ProbeOutcome {
	pid := vforkWorker(t, 1500, 60000)
	s1 := waitD(t, pid, "kernel_clone")
	kill(t, pid, unix.SIGSTOP)
	s2 := waitLetterOf(t, pid, "DT")
	if cont {
		kill(t, pid, unix.SIGCONT)
	}
	// Whether the SIGSTOP is still pending (SIGCONT itself may be pending
	// or already taken by one of the worker's other threads: not compared).
	pend := ""
	if strings.Contains(pendingSignals(pid), "SIGSTOP") {
		pend = "SIGSTOP"
	}
	s3 := waitLetterOf(t, pid, "ST") // the D ends after 1.5 s
	kill(t, pid, unix.SIGKILL)
	return ProbeOutcome{States: s1 + " " + s2 + " " + s3, Status: reap(t, pid), Pending: pend}
}

// ProbeExecKeepsPID: sh reads a line (S), then execs sleep 600. The PID
// and the parent stay; the program changes. Checkpoints: before the exec,
// after it; Fact compares the PIDs and names the programs.
func ProbeExecKeepsPID(t *testing.T) ProbeOutcome {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	pid := startProbe(t, []string{"/bin/sh", "-c", "read x; exec /bin/sleep 600"}, nil, nil, r, nil)
	r.Close()
	s1 := waitLetterOf(t, pid, "S")
	before, _ := readStat(pid)
	if _, err := w.WriteString("go\n"); err != nil {
		t.Fatal(err)
	}
	var after statFields
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if after, err = readStat(pid); err == nil && after.comm == "sleep" {
			break
		}
	}
	s2 := waitLetterOf(t, pid, "S")
	// The same PID with the same start time is the same process, not a
	// new one that was given a recycled PID.
	fact := fmt.Sprintf("%s -> %s, same process %v, same parent %v", before.comm, after.comm, before.starttime == after.starttime, before.ppid == after.ppid)
	kill(t, pid, unix.SIGTERM)
	return ProbeOutcome{States: s1 + " " + s2, Status: reap(t, pid), Fact: fact}
}

// ProbeKillZombie: kill() on a zombie succeeds (returns 0) and does nothing:
// its wait status stays what it was. Once reaped, the PID is gone (ESRCH).
// Checkpoints: the zombie before and after the kill.
func ProbeKillZombie(t *testing.T) ProbeOutcome {
	pid := startProbe(t, []string{"/bin/sh", "-c", "exit 3"}, nil, nil, nil, nil)
	s1 := zombie(t, pid)
	errTerm := unix.Kill(pid, unix.SIGTERM)
	errKill := unix.Kill(pid, unix.SIGKILL)
	s2 := letter(pid)
	ws := reap(t, pid)
	errGone := unix.Kill(pid, unix.SIGTERM)
	return ProbeOutcome{States: s1 + " " + s2, Status: ws, Fact: fmt.Sprintf("kill TERM: %s, kill KILL: %s, after the reap: %s", errName(errTerm), errName(errKill), errName(errGone))}
}

func errName(err error) string {
	if err == nil {
		return "0"
	}
	if e, ok := err.(syscall.Errno); ok {
		return unix.ErrnoName(e)
	}
	return err.Error()
}

// probeHelper runs the helper roles of the probes in a re-executed test
// binary: "session" (a session leader running one job), "job" (the job:
// it stops a child and exits when told), "dio" (an O_DIRECT read).
func probeHelper(role string) error {
	switch role {
	case "session":
		// Start the job in its own process group, in this session; wait
		// for it (it exits when the test closes stdin); stay alive.
		cmd := exec.Command("/proc/self/exe")
		cmd.Env = append(os.Environ(), envProbe+"=job")
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Run(); err != nil {
			return err
		}
		for {
			time.Sleep(time.Hour)
		}
	case "job":
		pid, err := syscall.ForkExec("/bin/sleep", []string{"sleep", "600"}, &syscall.ProcAttr{Files: []uintptr{2, 2, 2}})
		if err != nil {
			return err
		}
		if err := unix.Kill(pid, unix.SIGSTOP); err != nil {
			return err
		}
		for letter(pid) != "T" {
			time.Sleep(time.Millisecond)
		}
		fmt.Println(pid)
		_, _ = os.Stdin.Read(make([]byte, 1)) // until the test closes it
		return nil
	case "dio":
		// Fault in and lock every page first: once in the cgroup, a page
		// fault on the binary would be a throttled read too.
		if err := unix.Mlockall(unix.MCL_CURRENT); err != nil {
			return err
		}
		_, _ = os.Stdin.Read(make([]byte, 1)) // until the test has moved us into the cgroup
		fd, err := unix.Open(os.Args[1], unix.O_RDONLY|unix.O_DIRECT, 0)
		if err != nil {
			return err
		}
		buf, err := unix.Mmap(-1, 0, 64<<10, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
		if err != nil {
			return err
		}
		_, err = unix.Read(fd, buf)
		return err
	}
	return fmt.Errorf("unknown probe role %q", role)
}

func sig(n int) WaitStatus { return WaitStatus{Known: true, Signal: n} }

// parityCase is one situation run on real processes (probe) and in the
// simulator (the scenario of the same name in simParity, simparity_test.go):
// both must give want.
type parityCase struct {
	name  string
	probe func(*testing.T) ProbeOutcome
	want  ProbeOutcome
}

// parityCases are the situations of issue 9 that the live lab can show.
var parityCases = []parityCase{
	{"sigterm", ProbeSigterm, ProbeOutcome{States: "S Z", Status: sig(15)}},
	// Not at once: the SIGTERM waits, pending, for the SIGCONT.
	{"term to a stopped process", func(t *testing.T) ProbeOutcome { return ProbeFatalVsStop(t, "term-stopped") },
		ProbeOutcome{States: "S T T Z", Status: sig(15), Pending: "SIGTERM"}},
	{"kill to a stopped process", func(t *testing.T) ProbeOutcome { return ProbeFatalVsStop(t, "kill-stopped") },
		ProbeOutcome{States: "S T Z", Status: sig(9)}},
	{"term then stop", func(t *testing.T) ProbeOutcome { return ProbeFatalVsStop(t, "term-then-stop") },
		ProbeOutcome{States: "S Z Z", Status: sig(15)}},
	// At once (the D lasts a minute), the pending SIGSTOP notwithstanding.
	{"term with a stop pending in D", func(t *testing.T) ProbeOutcome { return ProbeFatalVsStop(t, "stop-pending-d") },
		ProbeOutcome{States: "D D Z", Status: sig(15), Pending: "SIGSTOP"}},
	{"orphaned stopped group", ProbeOrphanedStoppedGroup, ProbeOutcome{States: "T Z", Status: sig(1)}},
	{"killable D", ProbeKillableD, ProbeOutcome{States: "D Z", Status: sig(9), Fact: "wchan kernel_clone"}},
	{"uninterruptible D", ProbeUninterruptibleD,
		ProbeOutcome{States: "D D Z", Status: sig(9), Pending: "SIGKILL", Fact: "wchan __iomap_dio_rw"}},
	{"stop pending, no SIGCONT", func(t *testing.T) ProbeOutcome { return ProbeContCancelsStop(t, false) },
		ProbeOutcome{States: "D D T", Status: sig(9), Pending: "SIGSTOP"}},
	// The SIGSTOP is gone from the pending set the moment SIGCONT is sent.
	{"SIGCONT cancels a pending stop", func(t *testing.T) ProbeOutcome { return ProbeContCancelsStop(t, true) },
		ProbeOutcome{States: "D D S", Status: sig(9)}},
	{"exec keeps the PID", ProbeExecKeepsPID,
		ProbeOutcome{States: "S S", Status: sig(15), Fact: "sh -> sleep, same process true, same parent true"}},
	{"kill on a zombie", ProbeKillZombie,
		ProbeOutcome{States: "Z Z", Status: WaitStatus{Known: true, Code: 3}, Fact: "kill TERM: 0, kill KILL: 0, after the reap: ESRCH"}},
}

// TestParity runs every parity case on real processes (root only).
func TestParity(t *testing.T) {
	requireRoot(t)
	tests := parityCases
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.probe(t)
			t.Logf("%s: %+v (%v)", tt.name, got, got.Status)
			if got != tt.want {
				t.Errorf("got %+v; want %+v", got, tt.want)
			}
		})
	}
}
