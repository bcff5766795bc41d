//go:build linux

package live

import (
	"os"
	"strings"
	"testing"
	"time"

	"proclab/sim"
)

// reportsFrom collects reports until ok has seen enough.
func reportsFrom(t *testing.T, sub *Subscription, within time.Duration, ok func(Report) bool) {
	t.Helper()
	collect(t, sub, within, func(u Update) bool {
		for _, r := range u.Reports {
			if ok(r) {
				return true
			}
		}
		return false
	})
}

func TestRaceDemo(t *testing.T) {
	m := newTestManager(t, Config{})
	for mode, name := range []string{"plain", "atomic", "lock"} {
		t.Run(name, func(t *testing.T) {
			sub := m.Subscribe(4096)
			defer sub.Close()
			defer m.KillAll(teacher)
			spawn(t, m, "race", args("procs", 2, "iters", envInt("LIVE_RACE_ITERS", 1000000), "mode", mode, "start_ms", 0))
			var done Report
			reportsFrom(t, sub, 60*time.Second, func(r Report) bool {
				if r.Kind == "race" && r.Phase == "done" {
					done = r
					return true
				}
				return false
			})
			if done.Expected != 2*int64(envInt("LIVE_RACE_ITERS", 1000000)) || done.Actual+done.Lost != done.Expected || done.Mode != name {
				t.Fatalf("report %+v", done)
			}
			if mode > 0 && done.Lost != 0 {
				t.Errorf("%s lost %d updates; want 0", name, done.Lost)
			}
			t.Logf("%s: %d of %d, lost %d, %.1f ms", name, done.Actual, done.Expected, done.Lost, done.ElapsedMS)
		})
	}
}

func TestRaceLockWaitersSleep(t *testing.T) {
	m := newTestManager(t, Config{})
	pid := spawn(t, m, "race", args("procs", 3, "iters", 50, "mode", 2, "hold_us", 20000, "start_ms", 0))
	// With a 20 ms critical section, two of three incrementers always wait
	// on the futex: S.
	waitProc(t, m, pid, "a waiter in S", func(Process) bool {
		n := 0
		for _, c := range children(m, pid) {
			if c.Name == "pl-inc" && c.Letter == "S" && strings.Contains(c.Wchan, "futex") {
				n++
			}
		}
		return n > 0
	})
}

func TestSocketBoundaries(t *testing.T) {
	m := newTestManager(t, Config{})
	tests := []struct {
		typ  int
		name string
		want []string
	}{
		{0, "STREAM", []string{"onetwo!three"}},
		{1, "DGRAM", []string{"one", "two!", "three"}},
		{2, "SEQPACKET", []string{"one", "two!", "three"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := m.Subscribe(1024)
			defer sub.Close()
			defer m.KillAll(teacher)
			spawn(t, m, "socket", args("type", tt.typ, "delay_ms", 100))
			var got Report
			reportsFrom(t, sub, 10*time.Second, func(r Report) bool {
				if r.Kind == "socket" && r.Side == "receiver" {
					got = r
					return true
				}
				return false
			})
			if got.Type != tt.name || strings.Join(got.Messages, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("receiver read %q as %s; want %q", got.Messages, got.Type, tt.want)
			}
		})
	}
}

func TestPipeWriterBlocksOnFullPipe(t *testing.T) {
	m := newTestManager(t, Config{})
	pid := spawn(t, m, "pipe", args("write_kbps", 0, "read_kbps", 4))
	p := waitProc(t, m, pid, "blocked writer", func(p Process) bool { return p.Letter == "S" && strings.Contains(p.Wchan, "pipe") })
	t.Logf("writer: %s in %s", p.Letter, p.Wchan)
}

func TestCopyOnWrite(t *testing.T) {
	m := newTestManager(t, Config{})
	pid := spawn(t, m, "cow", args("mb", 16, "steps", 2, "step_ms", 300))
	var child int
	waitProc(t, m, pid, "the forked child", func(Process) bool {
		for _, c := range children(m, pid) {
			child = c.PID
		}
		return child != 0
	})
	// After both steps the child has its own copy of the whole buffer.
	c := waitProc(t, m, child, "private copy", func(p Process) bool { return p.PrivateDirty >= 15<<20 })
	t.Logf("child after writing: Pss %d KiB, shared dirty %d KiB, private dirty %d KiB", c.Pss>>10, c.SharedDirty>>10, c.PrivateDirty>>10)
}

func TestSignalHandlers(t *testing.T) {
	m := newTestManager(t, Config{})
	sub := m.Subscribe(1024)
	defer sub.Close()
	pid := spawn(t, m, "signals", nil)
	// The worker names itself once its handlers are installed.
	waitProc(t, m, pid, "its name", func(p Process) bool { return p.Name == "pl-signals" })
	if err := m.Signal(tester, pid, "USR1"); err != nil {
		t.Fatal(err)
	}
	reportsFrom(t, sub, 5*time.Second, func(r Report) bool { return r.Signal == "SIGUSR1" && r.Action == "handled" })
	if err := m.Signal(tester, pid, "TERM"); err != nil {
		t.Fatal(err)
	}
	p := waitLetter(t, m, pid, "Z")
	if got, want := p.Status, (WaitStatus{Known: true}); got != want {
		t.Errorf("after a handled SIGTERM: got %v; want %v", got, want)
	}
	// Without a handler SIGUSR1 kills (the default action is restored).
	pid2 := spawn(t, m, "sleep", nil)
	waitProc(t, m, pid2, "its name", func(p Process) bool { return p.Name == "pl-sleep" })
	_ = m.Signal(tester, pid2, "USR1")
	if got, want := waitLetter(t, m, pid2, "Z").Status, (WaitStatus{Known: true, Signal: 10}); got != want {
		t.Errorf("after SIGUSR1: got %v; want %v", got, want)
	}
}

func TestOrphansAreAdopted(t *testing.T) {
	m := newTestManager(t, Config{})
	sub := m.Subscribe(4096)
	defer sub.Close()
	pid := spawn(t, m, "orphans", args("children", 1, "parent_ms", 100, "child_ms", 400))
	var orphan int
	sawReparent, sawReap := false, false
	collect(t, sub, 10*time.Second, func(u Update) bool {
		for _, e := range u.Events {
			if e.Kind == sim.EvCreated && e.Other == pid {
				orphan = e.PID
			}
			if e.Kind == sim.EvReparented && e.PID == orphan && e.Other == m.labPID {
				sawReparent = true
			}
			if e.Kind == sim.EvReaped && e.PID == orphan && e.Other == m.labPID {
				sawReap = true
			}
		}
		return sawReap
	})
	if !sawReparent {
		t.Error("no reparented event to the lab server")
	}
}

func TestReapGrandchildThroughParent(t *testing.T) {
	m := newTestManager(t, Config{})
	pid := spawn(t, m, "forker", args("children", 2, "exit_ms", 0))
	var kids []Process
	waitProc(t, m, pid, "two zombies", func(Process) bool {
		kids = children(m, pid)
		return len(kids) == 2 && kids[0].Letter == "Z" && kids[1].Letter == "Z"
	})
	if err := m.Reap(tester, kids[0].PID); err != nil {
		t.Fatal(err)
	}
	waitGone(t, m, kids[0].PID)
	if got, want := waitLetter(t, m, kids[1].PID, "Z").Status, (WaitStatus{Known: true, Code: 1}); got != want {
		t.Errorf("second child: got %v; want %v", got, want)
	}
}

func TestTraceResume(t *testing.T) {
	m := newTestManager(t, Config{})
	pid := spawn(t, m, "cpu", nil)
	waitLetter(t, m, pid, "R")
	if err := m.Trace(tester, pid); err != nil {
		t.Fatal(err)
	}
	waitLetter(t, m, pid, "t")
	if err := m.Resume(tester, pid); err != nil {
		t.Fatal(err)
	}
	waitLetter(t, m, pid, "R")
	if err := m.Signal(tester, pid, "STOP"); err != nil {
		t.Fatal(err)
	}
	waitLetter(t, m, pid, "T")
	_ = m.Signal(tester, pid, "CONT")
	waitLetter(t, m, pid, "R")
}

// TestDiskReadIsUninterruptible: the diskread worker waits in D in a direct
// read (wait "disk"); a SIGKILL ends it only with the read (signal 9, no
// exit code), and its blkio cgroup is removed once it is reaped.
func TestDiskReadIsUninterruptible(t *testing.T) {
	if err := blkioUsable(); err != nil {
		t.Skipf("SKIPPED: %v", err)
	}
	m := newTestManager(t, Config{})
	pid := spawn(t, m, "diskread", args("ms", 2000, "gap_ms", 0))
	p := waitProc(t, m, pid, "D in a direct read", func(p Process) bool { return p.Letter == "D" && p.Wait == WaitDisk })
	if p.Wchan != "__iomap_dio_rw" {
		t.Errorf("wchan %q; want __iomap_dio_rw", p.Wchan)
	}
	if _, err := os.Stat(blkioGroup(pid)); err != nil {
		t.Errorf("its blkio cgroup: %v", err)
	}
	if err := m.Signal(tester, pid, "KILL"); err != nil {
		t.Fatal(err)
	}
	if got, want := waitLetter(t, m, pid, "Z").Status, (WaitStatus{Known: true, Signal: 9}); got != want {
		t.Errorf("after SIGKILL: got %v; want %v", got, want)
	}
	if err := m.Reap(tester, pid); err != nil {
		t.Fatal(err)
	}
	waitGone(t, m, pid)
	if _, err := os.Stat(blkioGroup(pid)); !os.IsNotExist(err) {
		t.Errorf("its blkio cgroup after the reap: %v; want it removed", err)
	}
}
