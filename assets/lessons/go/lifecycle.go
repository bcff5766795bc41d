//go:build ignore

// The Go twin of the lesson "lifecycle": a shell starts a worker, keeps
// working, and collects the worker's exit code with Wait.
//
// Go cannot call a plain fork(). The Go runtime runs several threads (the
// scheduler's Ms, sysmon, the garbage collector's workers), and fork()
// copies only the calling thread: the child would hold the runtime's
// locks and data as the other threads left them, half way, with nobody
// to finish. (Tried on this machine: a child made by a raw fork system
// call from a Go program with busy goroutines hung in runtime.GC(), in 5
// runs of 5.) So the syscall package has no Fork, and os/exec and
// os.StartProcess do fork and exec in one: the child is made by clone
// with CLONE_VM|CLONE_VFORK (strace -f showed clone(child_stack=NULL,
// flags=CLONE_VM|CLONE_PIDFD|CLONE_VFORK|...)), runs a few lines of the
// runtime that only set up file descriptors and signals, and calls
// execve at once. A Go program that wants a child running its own code
// runs itself again, as here: os.Args[0] with an argument that says
// which part to run.
//
// Between the worker's exit and Wait, the worker is a zombie: this program
// reads its state from /proc and prints "Z". Wait reaps it (Z to X) and
// reports "exit status 7" as an *exec.ExitError. Common misconception
// (the course): "a child that loads a new program does not become a
// zombie". This worker has loaded a new program (execve) and is a zombie
// all the same; a child skips Z only when its parent ignores SIGCHLD
// (SIG_IGN or SA_NOCLDWAIT).
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

func worker() {
	// os.Getppid, not the course's misprint os.Getppod.
	fmt.Println("worker", os.Getpid(), "parent", os.Getppid())
	time.Sleep(20 * time.Millisecond)
	os.Exit(7)
}

// state returns the state letter of process pid from /proc/PID/stat.
func state(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "gone"
	}
	s := string(b)
	// The command name, in parentheses, may hold spaces: the state is
	// the first field after the last ')'.
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0]
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		worker()
		return
	}
	cmd := exec.Command(os.Args[0], "worker")
	cmd.Stdout = os.Stdout
	if err := cmd.Start(); err != nil { // clone(CLONE_VM|CLONE_VFORK), then execve
		fmt.Println("start:", err)
		os.Exit(1)
	}
	pid := cmd.Process.Pid
	fmt.Println("shell", os.Getpid(), "started worker", pid)
	time.Sleep(200 * time.Millisecond) // the parent keeps working meanwhile
	fmt.Println("worker state before Wait:", state(pid))
	err := cmd.Wait() // wait4: reap the zombie
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		fmt.Println("Wait:", err, "- exit code", exit.ExitCode())
	}
	fmt.Println("worker state after Wait:", state(pid))
}
