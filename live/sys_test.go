//go:build linux

package live

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The live-sys workloads (work_sys.go): each test fails if its workload
// stops doing what its lesson says.

func TestSysWorkloadArgs(t *testing.T) {
	tests := []struct {
		workload string
		args     map[string]int64
		ok       bool
	}{
		{"gosignals", args("busy", 0), true},
		{"gosignals", args("busy", 2), false},
		{"syscalls", args("call", 2, "seconds", 60), true},
		{"syscalls", args("call", 3), false},
		{"syscalls", args("seconds", 61), false},
		{"pids", args("count", 100, "interval_ms", 10, "child_ms", 0), true},
		{"pids", args("count", 101), false},
		{"pids", args("interval_ms", 9), false},
		{"pingpong", args("rounds", 5000000, "max_ms", 30000, "cpus", 2), true},
		{"pingpong", args("rounds", 999), false},
		{"pingpong", args("cpus", 3), false},
		{"pingpong", args("max_ms", 30001), false},
		{"pingpong", args("seconds", 1), false},
	}
	for _, tt := range tests {
		w, ok := LookupWorkload(tt.workload)
		if !ok {
			t.Fatalf("%s is not whitelisted", tt.workload)
		}
		_, err := w.Check(tt.args)
		if got := err == nil; got != tt.ok {
			t.Errorf("%s %v: got error %v; want ok=%v", tt.workload, tt.args, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrBadArgs) {
			t.Errorf("%s %v: got %v; want ErrBadArgs", tt.workload, tt.args, err)
		}
	}
}

// TestGoSignalsCatchAndCarryOn: INT, TERM, USR1 and TSTP are caught and
// reported, and the process runs on (TSTP does not stop it); SIGSTOP still
// stops it, SIGCONT continues it and is caught too; SIGKILL kills it.
func TestGoSignalsCatchAndCarryOn(t *testing.T) {
	m := newTestManager(t, Config{})
	sub := m.Subscribe(4096)
	defer sub.Close()
	pid := spawn(t, m, "gosignals", args("busy", 1))
	waitProc(t, m, pid, "its name", func(p Process) bool { return p.Name == "pl-gosignals" })
	waitLetter(t, m, pid, "R")
	caught := func(sig string) {
		t.Helper()
		reportsFrom(t, sub, 5*time.Second, func(r Report) bool {
			return r.Kind == "signal" && r.PID == pid && r.Signal == sig && r.Action == "handled"
		})
	}
	for _, sig := range []string{"INT", "TERM", "USR1", "TSTP"} {
		if err := m.Signal(tester, pid, sig); err != nil {
			t.Fatalf("%s: %v", sig, err)
		}
		caught("SIG" + sig)
		// Still running: the next sample is R again, never T or Z.
		p := waitLetter(t, m, pid, "R")
		if p.Exited {
			t.Fatalf("after SIG%s: exited", sig)
		}
	}
	if err := m.Signal(tester, pid, "STOP"); err != nil {
		t.Fatal(err)
	}
	waitLetter(t, m, pid, "T")
	if err := m.Signal(tester, pid, "CONT"); err != nil {
		t.Fatal(err)
	}
	caught("SIGCONT")
	waitLetter(t, m, pid, "R")
	if err := m.Signal(tester, pid, "KILL"); err != nil {
		t.Fatal(err)
	}
	if got, want := waitLetter(t, m, pid, "Z").Status, (WaitStatus{Known: true, Signal: 9}); got != want {
		t.Errorf("after SIGKILL: got %v; want %v", got, want)
	}
}

// TestGoSignalsWaiting: with busy=0 the worker waits for the channel (S)
// and a caught TSTP leaves it in S, not T.
func TestGoSignalsWaiting(t *testing.T) {
	m := newTestManager(t, Config{})
	sub := m.Subscribe(1024)
	defer sub.Close()
	pid := spawn(t, m, "gosignals", args("busy", 0))
	waitProc(t, m, pid, "its name", func(p Process) bool { return p.Name == "pl-gosignals" })
	waitLetter(t, m, pid, "S")
	if err := m.Signal(tester, pid, "TSTP"); err != nil {
		t.Fatal(err)
	}
	reportsFrom(t, sub, 5*time.Second, func(r Report) bool { return r.Kind == "signal" && r.Signal == "SIGTSTP" })
	if p := waitLetter(t, m, pid, "S"); p.Letter != "S" {
		t.Errorf("after a caught SIGTSTP: %s; want S", p.Letter)
	}
}

// TestTSTPStopsWithoutHandler: the same signal stops a process that does
// not catch it (the lab's whitelist offers it for that contrast).
func TestTSTPStopsWithoutHandler(t *testing.T) {
	m := newTestManager(t, Config{})
	pid := spawn(t, m, "cpu", nil)
	waitLetter(t, m, pid, "R")
	if err := m.Signal(tester, pid, "TSTP"); err != nil {
		t.Fatal(err)
	}
	waitLetter(t, m, pid, "T")
}

// vdsoClock reports whether this machine's clock source lets the vDSO
// answer clock_gettime without a system call.
func vdsoClock() (string, bool) {
	b, _ := os.ReadFile("/sys/devices/system/clocksource/clocksource0/current_clocksource")
	cs := strings.TrimSpace(string(b))
	return cs, cs == "tsc" || cs == "kvm-clock" || cs == "arch_sys_counter" || cs == "hyperv_clocksource_tsc_page"
}

// TestSyscallsUtimeStime: a getppid or write loop puts a large share of
// its CPU time in kernel mode, far more than the compute loop, which spends
// it in user mode (utime > stime); a clock_gettime loop stays in user mode
// (the vDSO). How a trap's time splits depends on the machine: on the
// Firecracker VM the lab was measured on (PTI on), a getppid loop gets
// about half its ticks in stime and a write loop about 58 %, quiet or
// loaded, so the test asks for a share, not stime > utime.
func TestSyscallsUtimeStime(t *testing.T) {
	m := newTestManager(t, Config{})
	tests := []struct {
		call       int
		name       string
		kernelMost bool
	}{
		{0, "getppid", true},
		{1, "write", true},
		{2, "clock_gettime (vDSO)", false},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.call), func(t *testing.T) {
			if cs, ok := vdsoClock(); tt.call == 2 && !ok {
				t.Skipf("clock source %q: clock_gettime may be a real system call here", cs)
			}
			sub := m.Subscribe(4096)
			defer sub.Close()
			defer m.KillAll(teacher)
			pid := spawn(t, m, "syscalls", args("call", tt.call, "seconds", 2))
			done := map[string]Report{}
			reportsFrom(t, sub, 30*time.Second, func(r Report) bool {
				if r.Kind == "loop" && r.Phase == "done" {
					done[r.Side] = r
				}
				return len(done) == 2
			})
			if got := done["syscall"].Call; got != tt.name {
				t.Errorf("syscall loop's call %q; want %q", got, tt.name)
			}
			for side, r := range done {
				if r.Count <= 0 || r.PerSec <= 0 {
					t.Errorf("%s loop: %+v", side, *r.SysReport)
				}
			}
			// Both sleep once done: the sampler's ticks are final then.
			par := waitLetter(t, m, pid, "S")
			var child Process
			waitProc(t, m, pid, "the syscall loop asleep", func(Process) bool {
				for _, c := range children(m, pid) {
					if c.Name == "pl-syscall" && c.Letter == "S" {
						child = c
						return true
					}
				}
				return false
			})
			par = waitProc(t, m, pid, "final ticks", func(p Process) bool { return p.UTicks+p.STicks >= par.UTicks+par.STicks })
			if par.UTicks <= par.STicks {
				t.Errorf("compute loop: utime %d, stime %d ticks; want utime > stime", par.UTicks, par.STicks)
			}
			loopShare, computeShare := kernelShare(child), kernelShare(par)
			if tt.kernelMost && (loopShare < 0.3 || loopShare < computeShare+0.2) {
				t.Errorf("%s loop: utime %d, stime %d ticks (%.0f %% kernel); want at least 30 %% and 20 points above the compute loop's %.0f %%", tt.name, child.UTicks, child.STicks, 100*loopShare, 100*computeShare)
			}
			if !tt.kernelMost && loopShare > 0.15 {
				t.Errorf("%s loop: utime %d, stime %d ticks (%.0f %% kernel); want at most 15 %%: the vDSO answers in user mode", tt.name, child.UTicks, child.STicks, 100*loopShare)
			}
			t.Logf("%s: compute u/s %d/%d, loop u/s %d/%d, %.0f calls/s", tt.name, par.UTicks, par.STicks, child.UTicks, child.STicks, done["syscall"].PerSec)
		})
	}
}

// kernelShare is a process's stime as a share of its utime + stime (0
// with no ticks).
func kernelShare(p Process) float64 {
	if p.UTicks+p.STicks == 0 {
		return 0
	}
	return float64(p.STicks) / float64(p.UTicks+p.STicks)
}

// TestPidsCounter: each child's PID comes after ns_last_pid read before
// its fork (or wraps past pid_max), the reports chain, every child is
// reaped with code 0, and pid_max is unchanged.
func TestPidsCounter(t *testing.T) {
	m := newTestManager(t, Config{})
	sub := m.Subscribe(4096)
	defer sub.Close()
	before := readSysInt("/proc/sys/kernel/pid_max")
	pid := spawn(t, m, "pids", args("count", 5, "interval_ms", 10, "child_ms", 0))
	var reps []Report
	reaped := map[int]bool{}
	collect(t, sub, 20*time.Second, func(u Update) bool {
		for _, r := range u.Reports {
			switch {
			case r.Kind == "pid" && r.PID == pid:
				reps = append(reps, r)
			case r.Kind == "reaped" && r.PID == pid && r.ExitCode != nil && *r.ExitCode == 0:
				reaped[r.Child] = true
			}
		}
		return len(reps) == 5 && len(reaped) == 5
	})
	prev := 0
	for i, r := range reps {
		s := r.SysReport
		if s == nil {
			t.Fatalf("report %d has no numbers: %+v", i, r)
		}
		if s.Seq != i+1 || r.Of != 5 || s.Prev != prev || s.PIDMax != before {
			t.Errorf("report %d: seq %d of %d, prev %d, pid_max %d; want %d of 5, prev %d, pid_max %d", i, s.Seq, r.Of, s.Prev, s.PIDMax, i+1, prev, before)
		}
		// The counter only goes down when it wraps past pid_max, and a
		// wrap needs ns_last_pid near pid_max: few PIDs are taken between
		// the read and the fork.
		if r.Child <= s.LastPID && s.LastPID < before-1000 {
			t.Errorf("child %d is not after ns_last_pid %d (pid_max %d)", r.Child, s.LastPID, before)
		}
		if !reaped[r.Child] {
			t.Errorf("child %d was not reaped with code 0", r.Child)
		}
		prev = r.Child
	}
	if after := readSysInt("/proc/sys/kernel/pid_max"); after != before {
		t.Errorf("pid_max changed: %d -> %d", before, after)
	}
}

// TestPingPong: every mode finishes its rounds, reports a positive median
// and mean, switches that the main threads made, the CPUs it was pinned
// to, and reaps its child with code 0.
func TestPingPong(t *testing.T) {
	m := newTestManager(t, Config{})
	cpus := allowedCPUs()
	two := ""
	if len(cpus) >= 2 {
		two = strconv.Itoa(cpus[0]) + "," + strconv.Itoa(cpus[1])
	} else if len(cpus) == 1 {
		two = strconv.Itoa(cpus[0])
	}
	tests := []struct {
		mode int
		name string
		cpus string
	}{
		{0, "free", ""},
		{1, "one", strconv.Itoa(cpus[0])},
		{2, "two", two},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := m.Subscribe(4096)
			defer sub.Close()
			defer m.KillAll(teacher)
			pid := spawn(t, m, "pingpong", args("rounds", 3000, "max_ms", 30000, "cpus", tt.mode))
			var done Report
			childCode := -1
			collect(t, sub, 60*time.Second, func(u Update) bool {
				for _, r := range u.Reports {
					if r.Kind == "pingpong" && r.Phase == "done" && r.PID == pid {
						done = r
					}
					if r.Kind == "reaped" && r.PID == pid && r.ExitCode != nil {
						childCode = *r.ExitCode
					}
				}
				return done.SysReport != nil && childCode >= 0
			})
			s := done.SysReport
			if done.Mode != tt.name || s.CPUs != tt.cpus {
				t.Errorf("mode %q on CPUs %q; want %q on %q", done.Mode, s.CPUs, tt.name, tt.cpus)
			}
			if s.Count != 3000 || s.PerSec <= 0 || s.MeanUS <= 0 || s.MedianUS <= 0 || s.P99US < s.MedianUS {
				t.Errorf("report %+v", *s)
			}
			if s.VCSW+s.NVCSW <= 0 || s.SwitchesPerS <= 0 {
				t.Errorf("no context switches counted: %+v", *s)
			}
			if childCode != 0 {
				t.Errorf("pl-pong ended with %d; want 0", childCode)
			}
			t.Logf("%s: %.0f round trips/s, median %.1f µs, mean %.1f µs, p99 %.1f µs, %.0f switches/s (v %d, nv %d)",
				tt.name, s.PerSec, s.MedianUS, s.MeanUS, s.P99US, s.SwitchesPerS, s.VCSW, s.NVCSW)
		})
	}
}

// TestSysWorkloadsCleanedUp: each workload, killed in the middle of its
// work by KillOwner (a page that goes), by KillAll or by the lifetime cap,
// leaves no process behind (newTestManager checks at the end).
func TestSysWorkloadsCleanedUp(t *testing.T) {
	spawns := []struct {
		w string
		a map[string]int64
	}{
		{"gosignals", nil},
		{"syscalls", args("seconds", 60)},
		{"pids", args("count", 100, "interval_ms", 10, "child_ms", 1000)},
		{"pingpong", args("rounds", 5000000, "max_ms", 30000)},
	}
	t.Run("KillOwner", func(t *testing.T) {
		m := newTestManager(t, Config{})
		for _, s := range spawns {
			if _, err := m.Spawn("page", s.w, s.a); err != nil {
				t.Fatalf("%s: %v", s.w, err)
			}
		}
		waitChildren(t, m)
		if n := m.KillOwner("page"); n != len(spawns) {
			t.Errorf("KillOwner killed %d groups; want %d", n, len(spawns))
		}
		waitNone(t, m)
	})
	t.Run("lifetime", func(t *testing.T) {
		m := newTestManager(t, Config{Lifetime: 1500 * time.Millisecond})
		for _, s := range spawns {
			spawn(t, m, s.w, s.a)
		}
		waitChildren(t, m)
		waitNone(t, m)
	})
}

// waitChildren waits until the syscalls and pingpong workers have their
// children (the processes a kill must also reach).
func waitChildren(t *testing.T, m *Manager) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		n := 0
		for _, p := range m.Processes() {
			if p.Name == "pl-syscall" || p.Name == "pl-pong" {
				n++
			}
		}
		if n == 2 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the children did not start: %+v", m.Processes())
}

// waitNone waits until the lab tracks no process.
func waitNone(t *testing.T, m *Manager) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if len(m.Processes()) == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("still tracked: %+v", m.Processes())
}
