//go:build linux

package live

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"proclab/sim"
)

// TestStatesMatchPs puts workers into each state and checks that the
// letter the lab reports is the one `ps -o stat=` prints at that moment,
// and that the whole stat field (PSStat: the letter, L, l) and the wait
// channel, as the page shows them (leading underscores stripped, as procps
// does), are what `ps -o stat=,wchan=` prints.
func TestStatesMatchPs(t *testing.T) {
	if _, err := exec.LookPath("ps"); err != nil {
		t.Skip("ps is not installed")
	}
	m := newTestManager(t, Config{})
	tests := []struct {
		name     string
		workload string
		args     map[string]any
		act      func(t *testing.T, pid int) int // returns the PID to check
		want     string
		stat     string // the whole stat field, when the case is about its flags
		skip     func() error
	}{
		{name: "R cpu-bound", workload: "cpu", want: "R"},
		{name: "S sleeper", workload: "sleep", want: "S"},
		{name: "T stopped", workload: "sleep", want: "T", act: func(t *testing.T, pid int) int {
			if err := m.Signal(tester, pid, "STOP"); err != nil {
				t.Fatal(err)
			}
			return pid
		}},
		{name: "t traced", workload: "sleep", want: "t", act: func(t *testing.T, pid int) int {
			if err := m.Trace(tester, pid); err != nil {
				t.Fatal(err)
			}
			return pid
		}},
		{name: "D vfork wait", workload: "vfork", args: map[string]any{"ms": 20000}, want: "D"},
		// diskread locks its pages (mlockall): L, as ps shows it.
		{name: "D direct read, pages locked", workload: "diskread", args: map[string]any{"ms": 20000, "gap_ms": 0}, want: "D", stat: "DLl", skip: blkioUsable},
		{name: "Z exited child of the lab", workload: "exit", args: map[string]any{"ms": 0}, want: "Z"},
		{name: "Z unreaped child of a forker", workload: "forker", args: map[string]any{"children": 1, "exit_ms": 0}, want: "Z",
			act: func(t *testing.T, pid int) int {
				var kids []Process
				waitProc(t, m, pid, "a child", func(Process) bool { kids = children(m, pid); return len(kids) > 0 })
				return kids[0].PID
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skip != nil {
				if err := tt.skip(); err != nil {
					t.Skipf("SKIPPED: %v", err)
				}
			}
			var kv []any
			for k, v := range tt.args {
				kv = append(kv, k, v)
			}
			pid := spawn(t, m, tt.workload, args(kv...))
			defer m.KillAll(teacher)
			waitProc(t, m, pid, "its name", func(p Process) bool { return p.Name != "exe" && p.Name != "live.test" })
			check := pid
			if tt.act != nil {
				check = tt.act(t, pid)
			}
			waitLetter(t, m, check, tt.want)
			// The state is stable, so ps must agree. ps samples one instant,
			// and a busy Go worker's main thread can sleep for a moment (a
			// garbage collection, more often under -race): it gets a few
			// looks, 20 ms apart.
			got := psState(t, check)
			for try := 0; try < 10 && got != tt.want; try++ {
				time.Sleep(20 * time.Millisecond)
				got = psState(t, check)
			}
			if got != tt.want {
				t.Errorf("ps says %s; the lab says %s", got, tt.want)
			}
			if p := waitLetter(t, m, check, tt.want); p.State.Letter() != tt.want && !(tt.want == "t" && p.State == sim.StateTraced) {
				t.Errorf("State %v has letter %s; want %s", p.State, p.State.Letter(), tt.want)
			}
			// The stat field and the wait channel: a few looks too (the
			// lab reads VmLck at most once a second).
			var lab Process
			var psStat, psWchan string
			for try := 0; try < 100; try++ {
				lab = waitLetter(t, m, check, tt.want)
				psStat, psWchan = psStatWchan(t, check)
				if lab.PSStat() == psStat && wchanAsPs(lab.Wchan) == psWchan {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			if lab.PSStat() != psStat || wchanAsPs(lab.Wchan) != psWchan {
				t.Errorf("the lab says %s %s (wchan %q); ps says %s %s", lab.PSStat(), wchanAsPs(lab.Wchan), lab.Wchan, psStat, psWchan)
			}
			if tt.stat != "" && lab.PSStat() != tt.stat {
				t.Errorf("the lab's stat is %s; want %s", lab.PSStat(), tt.stat)
			}
		})
	}
	_ = time.Second
}

// psStatWchan is `ps -o stat=,wchan= -p PID`: the stat field and the wait
// channel ("-" when there is none).
func psStatWchan(t *testing.T, pid int) (stat, wchan string) {
	t.Helper()
	out, err := exec.Command("ps", "-o", "stat=,wchan:64=", "-p", strconv.Itoa(pid)).Output()
	if err != nil {
		t.Fatalf("ps -p %d: %v", pid, err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		t.Fatalf("ps -o stat=,wchan= -p %d printed %q", pid, out)
	}
	return f[0], f[1]
}

// wchanAsPs is a wait channel as procps prints it (library/wchan.c): the
// kernel's name without its leading dots and underscores, "-" for none.
// web/js/live-log.js psWchan does the same for the page.
func wchanAsPs(wchan string) string {
	if w := strings.TrimLeft(wchan, "._"); w != "" {
		return w
	}
	return "-"
}
