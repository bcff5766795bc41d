//go:build ignore

// The Go twin of the lesson "signals": a controller stops a busy worker
// with SIGSTOP, continues it with SIGCONT, sends SIGTERM (which the worker
// ignores) and then SIGKILL, reading the worker's state letter from
// /proc after each signal.
//
// SIGCONT, not a second SIGSTOP, resumes a stopped process (the course
// says otherwise). SIGKILL and SIGSTOP can be neither caught nor ignored;
// signal.Ignore(syscall.SIGKILL) does nothing. A process killed by a signal
// has no exit code: Wait returns "signal: killed", ProcessState.ExitCode()
// is -1, and the wait status says Signaled() with Signal() == SIGKILL. The
// 137 a shell shows in $? is only its way of writing 128+9.
//
// The lesson's reader in D has no twin here: a user program cannot
// choose to wait in D; the kernel decides, inside the system call (an
// O_DIRECT read of a file, for example).
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

func worker() {
	signal.Ignore(syscall.SIGTERM)
	x := 0
	for { // compute: a busy loop until someone kills it
		x++
	}
}

// state returns the state letter of process pid from /proc/PID/stat.
func state(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "gone"
	}
	s := string(b)
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0]
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		worker()
		return
	}
	cmd := exec.Command(os.Args[0], "worker")
	if err := cmd.Start(); err != nil {
		fmt.Println("start:", err)
		os.Exit(1)
	}
	pid := cmd.Process.Pid
	time.Sleep(100 * time.Millisecond)
	for _, s := range []struct {
		name string
		sig  syscall.Signal
	}{{"SIGSTOP", syscall.SIGSTOP}, {"SIGCONT", syscall.SIGCONT}, {"SIGTERM", syscall.SIGTERM}} {
		_ = syscall.Kill(pid, s.sig)
		time.Sleep(50 * time.Millisecond)
		fmt.Printf("after %s the worker is in %s\n", s.name, state(pid))
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	err := cmd.Wait()
	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	fmt.Println("Wait:", err)
	fmt.Println("ExitCode():", cmd.ProcessState.ExitCode(), "Signaled():", ws.Signaled(), "Signal():", ws.Signal())
}
