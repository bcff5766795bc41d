//go:build linux

package live

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

const envTestLabServer = "PROCLAB_TEST_LABSERVER"

// runTestLabServer is a stand-in lab server: it starts one of most
// workloads, prints its marker and every tracked PID as one JSON line once
// the orphans have been adopted, and waits to be killed.
func runTestLabServer() {
	m := New(Config{})
	if err := m.Available(); err != nil {
		fmt.Println(`{"error":"unavailable"}`)
		return
	}
	for _, s := range []struct {
		w string
		a map[string]int64
	}{
		{"cpu", nil}, {"sleep", nil}, {"pipe", nil}, {"vfork", args("ms", 60000)},
		{"forker", args("children", 3, "exit_ms", 0)}, {"forker", args("children", 2, "exit_ms", 60000, "reap", 1)},
		{"orphans", args("children", 2, "parent_ms", 100, "child_ms", 60000)},
		{"cow", args("mb", 4, "steps", 2, "step_ms", 100)}, {"socket", nil}, {"signals", nil},
		{"race", args("procs", 2, "iters", 1000, "mode", 2, "hold_us", 100000)},
	} {
		if _, err := m.Spawn("crash", s.w, s.a); err != nil {
			fmt.Printf("{\"error\":%q}\n", err.Error())
			return
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		adopted := 0
		for _, p := range m.Processes() {
			if p.Name == "pl-orphan" && p.PPID == os.Getpid() {
				adopted++
			}
		}
		if adopted == 2 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // let the sampler find every child
	var pids []int
	for _, p := range m.Processes() {
		pids = append(pids, p.PID)
	}
	b, _ := json.Marshal(map[string]any{"marker": m.marker, "pids": pids})
	fmt.Println(string(b))
	select {}
}

// TestServerKilledLeavesNoChild kills a lab server with SIGKILL and checks
// that none of the processes it started (workers, their children, the
// orphans it adopted) is still running.
func TestServerKilledLeavesNoChild(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envTestLabServer+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the stand-in server: %v", err)
	}
	var got struct {
		Error  string
		Marker string
		Pids   []int
	}
	if err := json.Unmarshal([]byte(line), &got); err != nil || got.Error != "" {
		t.Fatalf("stand-in server said %q (%v)", line, err)
	}
	if len(got.Pids) < 15 {
		t.Fatalf("only %d processes tracked: %v", len(got.Pids), got.Pids)
	}
	t.Logf("the stand-in server tracks %d processes", len(got.Pids))
	if err := cmd.Process.Signal(unix.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var running []string
		for _, pid := range got.Pids {
			if st, err := readStat(pid); err == nil && st.state != 'Z' && st.state != 'X' {
				running = append(running, strconv.Itoa(pid)+"("+st.comm+" "+string(st.state)+")")
			}
		}
		left := labProcesses(got.Marker)
		if len(running) == 0 && len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still running 5 s after the server was killed: %v; with its marker: %v", running, left)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The server's processes and their own children (a socket sender's
	// receiver, a forker's children) that became our zombie children (this
	// process is a subreaper once a Manager has run here): collect them,
	// however late they die on a loaded machine, so that the next test
	// starts clean.
	for end := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		for _, pid := range zombieChildren() {
			var ws unix.WaitStatus
			_, _ = unix.Wait4(pid, &ws, unix.WNOHANG, nil)
		}
		if len(zombieChildren()) == 0 && len(labProcesses(got.Marker)) == 0 || time.Now().After(end) {
			break
		}
	}
}

// TestLeftoversCleanedAtStart starts three workers that claim a dead lab
// server as their owner; the dead lab's state file records the first, and
// the second under another start time (as if its PID had been recycled).
// New must kill the first only: the others merely carry the marker.
func TestLeftoversCleanedAtStart(t *testing.T) {
	const marker = "999999999.1"
	dir := t.TempDir()
	type leftover struct {
		cmd  *exec.Cmd
		done chan error
	}
	start := func() leftover {
		t.Helper()
		cmd := exec.Command(os.Args[0], "worker", "sleep", "1000")
		cmd.Env = []string{envLab + "=" + marker}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		l := leftover{cmd, make(chan error, 1)}
		go func() { l.done <- cmd.Wait() }()
		t.Cleanup(func() { _ = cmd.Process.Kill(); <-l.done })
		// Wait until it runs as a worker (it names itself).
		for deadline := time.Now().Add(5 * time.Second); ; {
			if st, err := readStat(cmd.Process.Pid); err == nil && st.comm == "pl-sleep" {
				return l
			}
			if time.Now().After(deadline) {
				t.Fatal("the fake leftover did not start")
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	recorded, recycled, unrecorded := start(), start(), start()
	startTime := func(l leftover) uint64 {
		st, err := readStat(l.cmd.Process.Pid)
		if err != nil {
			t.Fatal(err)
		}
		return st.starttime
	}
	state := fmt.Sprintf("%d %d\n%d %d\n", recorded.cmd.Process.Pid, startTime(recorded),
		recycled.cmd.Process.Pid, startTime(recycled)+1)
	if err := os.WriteFile(filepath.Join(dir, stateFilePrefix+marker), []byte(state), 0o600); err != nil {
		t.Fatal(err)
	}
	m := newTestManager(t, Config{StateDir: dir})
	select {
	case err := <-recorded.done:
		if ws, ok := recorded.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
			t.Errorf("the recorded leftover ended with %v; want killed by SIGKILL", err)
		}
		recorded.done <- err // for the cleanup
	case <-time.After(5 * time.Second):
		t.Fatal("New did not kill the leftover that the dead lab's state file records")
	}
	for name, l := range map[string]leftover{"recorded under another start time": recycled, "unrecorded": unrecorded} {
		if st, err := readStat(l.cmd.Process.Pid); err != nil || st.state == 'Z' {
			t.Errorf("the %s process carrying the marker was killed (%v); want it left alone", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, stateFilePrefix+marker)); !os.IsNotExist(err) {
		t.Errorf("the dead lab's state file is still there (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, stateFilePrefix+m.marker)); err != nil {
		t.Errorf("the lab's own state file: %v", err)
	}
}
