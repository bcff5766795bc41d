//go:build linux

package live

import (
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"proclab/sim"
)

// TestProcConnector sees the fork, the exec and the exit of a process it
// starts.
func TestProcConnector(t *testing.T) {
	c, err := openProcConnector()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the proc connector is unavailable in CI: %v", err)
		}
		t.Skipf("SKIPPED: no netlink proc connector here (%v)", err)
	}
	defer c.close()
	cmd := exec.Command("/bin/true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run /bin/true: %v", err)
	}
	pid := cmd.Process.Pid
	var seen []uint32
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline) && len(seen) < 3; time.Sleep(5 * time.Millisecond) {
		c.drain(func(ev procEvent) {
			switch {
			case ev.what == procEventFork && ev.childTgid == pid && ev.childPid == pid,
				ev.what == procEventExec && ev.tgid == pid,
				ev.what == procEventExit && ev.tgid == pid:
				seen = append(seen, ev.what)
			}
		})
	}
	if want := []uint32{procEventFork, procEventExec, procEventExit}; !slices.Equal(seen, want) {
		t.Errorf("events for PID %d: got %#x; want fork, exec, exit %#x", pid, seen, want)
	}
}

// TestExecEvent: a worker's child that calls execve keeps its PID, and the
// lab says so with an exec event naming the new image.
func TestExecEvent(t *testing.T) {
	m := newTestManager(t, Config{})
	sub := m.Subscribe(4096)
	defer sub.Close()
	pid := spawn(t, m, "socket", args("type", 1, "delay_ms", 300))
	var child int
	var got Event
	collect(t, sub, 10*time.Second, func(u Update) bool {
		for _, e := range u.Events {
			switch {
			case e.Kind == sim.EvCreated && e.Other == pid:
				child = e.PID
			case e.Kind == sim.EvExec && child != 0 && e.PID == child:
				got = e
				return true
			}
		}
		return false
	})
	if got.Image != "sock-recv" {
		t.Errorf("exec of %d: image %q; want sock-recv", child, got.Image)
	}
	p := waitProc(t, m, child, "its new name", func(p Process) bool { return p.Name == "pl-sock-recv" })
	if p.PID != child || p.PPID != pid {
		t.Errorf("after execve: PID %d, PPID %d; want PID %d (unchanged), PPID %d", p.PID, p.PPID, child, pid)
	}
}

func TestImageFromCmdline(t *testing.T) {
	tests := []struct {
		cmdline string
		want    string
	}{
		{"proclab\x00worker\x00sock-recv\x001\x00300\x00", "sock-recv"},
		{"/usr/bin/true\x00", "true"},
		{"sleep\x0010\x00", "sleep"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := imageFromCmdline([]byte(tt.cmdline)); got != tt.want {
			t.Errorf("imageFromCmdline(%q) = %q; want %q", tt.cmdline, got, tt.want)
		}
	}
}
