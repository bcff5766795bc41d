//go:build linux

package live

import (
	"sync"
	"testing"
	"time"
)

// TestWaitLearntAfterTheWindow checks that a process first sampled in the
// window where the kernel already shows S but /proc/PID/wchan still says
// "0" (the task is not yet off its run queue) gets its wait once it
// sleeps: the sampler reads the wchan again while the wait is unknown,
// though the stat line of a sleeping task no longer changes. Here every
// wchan read of the first 1.5 s of a process answers "0", as a busy
// machine's window would; the sleep workload then sleeps for 20 s in one
// nanosleep, so its stat line stops changing long before the window
// closes.
func TestWaitLearntAfterTheWindow(t *testing.T) {
	var mu sync.Mutex
	first := map[int]time.Time{}
	wchanOf = func(pid int) string {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := first[pid]; !ok {
			first[pid] = time.Now()
		}
		if time.Since(first[pid]) < 1500*time.Millisecond {
			return ""
		}
		return readWchan(pid)
	}
	t.Cleanup(func() { wchanOf = readWchan }) // after the manager's Close (cleanups run last first)
	m := newTestManager(t, Config{})
	defer m.KillAll(teacher)
	pid := spawn(t, m, "sleep", args("ms", 20000))
	p := waitProc(t, m, pid, "the sleep wait", func(p Process) bool { return p.Wait == WaitSleep })
	if p.Letter != "S" || p.Wchan != "hrtimer_nanosleep" {
		t.Errorf("sleeping: %s in %q; want S in hrtimer_nanosleep", p.Letter, p.Wchan)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(first) == 0 {
		t.Fatal("the sampler never read a wchan: the test did not open the window")
	}
}
