//go:build linux

package live

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// TestProcConnector sees the fork and the exit of a process it starts.
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
	var forked, exited bool
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline) && !(forked && exited); time.Sleep(5 * time.Millisecond) {
		c.drain(func(ev procEvent) {
			switch {
			case ev.what == procEventFork && ev.childTgid == pid && ev.childPid == pid:
				forked = true
			case ev.what == procEventExit && ev.tgid == pid:
				exited = true
			}
		})
	}
	if !forked || !exited {
		t.Errorf("events for PID %d: fork %v, exit %v; want both", pid, forked, exited)
	}
}
