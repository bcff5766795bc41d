//go:build linux

package live

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
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
		a map[string]json.RawMessage
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
	// Any of them that became our zombie children (if this process is a
	// subreaper): collect them.
	for _, pid := range got.Pids {
		var ws unix.WaitStatus
		_, _ = unix.Wait4(pid, &ws, unix.WNOHANG, nil)
	}
}

// TestLeftoversCleanedAtStart starts a worker that claims a dead lab
// server as its owner and checks that New kills it.
func TestLeftoversCleanedAtStart(t *testing.T) {
	cmd := exec.Command(os.Args[0], "worker", "sleep", "1000")
	cmd.Env = []string{envLab + "=999999999.1"}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	// Wait until it runs as a worker (it names itself).
	deadline := time.Now().Add(5 * time.Second)
	for {
		if st, err := readStat(cmd.Process.Pid); err == nil && st.comm == "pl-sleep" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the fake leftover did not start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	newTestManager(t, Config{})
	select {
	case err := <-waitErr:
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
			t.Errorf("leftover ended with %v; want killed by SIGKILL", err)
		}
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("New did not kill the leftover of a dead lab server")
	}
}
