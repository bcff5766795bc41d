//go:build linux

package live

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// newTestManager starts a Manager whose workers are this test binary, and
// checks at the end that none of its processes is left.
func newTestManager(t *testing.T, cfg Config) *Manager {
	t.Helper()
	m := New(cfg)
	if err := m.Available(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("live lab unavailable in CI: %v", err)
		}
		t.Skipf("live lab unavailable here: %v", err)
	}
	t.Cleanup(func() {
		m.Close()
		checkNoLeftovers(t, m)
	})
	return m
}

// checkNoLeftovers fails if any process carries m's marker or if this test
// process has a zombie child.
func checkNoLeftovers(t *testing.T, m *Manager) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		left := labProcesses(m.marker)
		z := zombieChildren()
		if len(left) == 0 && len(z) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("left behind: processes %v, zombie children %v", left, z)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// labProcesses lists the live (not zombie) processes carrying marker.
func labProcesses(marker string) []int {
	var out []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile("/proc/" + e.Name() + "/environ")
		if err != nil || !strings.Contains(string(env), envLab+"="+marker+"\x00") {
			continue
		}
		if st, err := readStat(pid); err == nil && st.state != 'Z' {
			out = append(out, pid)
		}
	}
	return out
}

// zombieChildren lists this process's children that are zombies.
func zombieChildren() []int {
	var out []int
	tasks, _ := os.ReadDir("/proc/self/task")
	for _, tk := range tasks {
		b, _ := os.ReadFile("/proc/self/task/" + tk.Name() + "/children")
		for _, pid := range parsePIDs(b) {
			if st, err := readStat(pid); err == nil && st.state == 'Z' {
				out = append(out, pid)
			}
		}
	}
	return out
}

// tester is the client the tests' spawns belong to; teacher may act on all.
var (
	tester  = Actor{Client: "test"}
	teacher = Actor{Client: "teacher", Teacher: true}
)

// args builds named integer arguments from name, value pairs.
func args(kv ...any) map[string]int64 {
	out := map[string]int64{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = int64(kv[i+1].(int))
	}
	return out
}

func spawn(t *testing.T, m *Manager, workload string, a map[string]int64) int {
	t.Helper()
	pid, err := m.Spawn("test", workload, a)
	if err != nil {
		t.Fatalf("Spawn(%s, %v): %v", workload, a, err)
	}
	return pid
}

// waitProc polls until pid's sample satisfies ok, and returns it.
func waitProc(t *testing.T, m *Manager, pid int, what string, ok func(Process) bool) Process {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var last Process
	for time.Now().Before(deadline) {
		found := false
		for _, p := range m.Processes() {
			if p.PID == pid {
				last, found = p, true
				if ok(p) {
					return p
				}
			}
		}
		if !found && what == "gone" {
			return last
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("PID %d: timed out waiting for %s; last sample %+v", pid, what, last)
	return last
}

func waitLetter(t *testing.T, m *Manager, pid int, letter string) Process {
	t.Helper()
	return waitProc(t, m, pid, "state "+letter, func(p Process) bool { return p.Letter == letter })
}

func waitGone(t *testing.T, m *Manager, pid int) {
	t.Helper()
	waitProc(t, m, pid, "gone", func(Process) bool { return false })
}

// children returns the tracked processes whose parent is pid.
func children(m *Manager, pid int) []Process {
	var out []Process
	for _, p := range m.Processes() {
		if p.PPID == pid {
			out = append(out, p)
		}
	}
	return out
}

// psState is the first letter of `ps -o stat= -p PID`.
func psState(t *testing.T, pid int) string {
	t.Helper()
	out, err := exec.Command("ps", "-o", "stat=", "-p", strconv.Itoa(pid)).Output()
	if err != nil {
		t.Fatalf("ps -p %d: %v", pid, err)
	}
	s := strings.TrimSpace(string(out))
	if s == "" {
		t.Fatalf("ps -p %d printed nothing", pid)
	}
	return s[:1]
}

// collect gathers Updates from a subscription until stop returns true.
func collect(t *testing.T, sub *Subscription, within time.Duration, stop func(Update) bool) {
	t.Helper()
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		select {
		case u, ok := <-sub.C:
			if !ok {
				t.Fatal("subscription closed")
			}
			if stop(u) {
				return
			}
		case <-timer.C:
			t.Fatalf("no matching update within %v", within)
		}
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
