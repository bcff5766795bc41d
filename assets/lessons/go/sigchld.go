//go:build ignore

// The Go twin of the lesson "sigchld": a child that exits at once stays a
// zombie until its parent waits for it, unless the parent ignores SIGCHLD:
// then the kernel reaps it at once and keeps no exit code, and Wait finds
// no child (ECHILD).
//
// The shell part starts a child, looks at its state in /proc (Z), then
// calls Wait, which reaps it and returns its exit status 7. The server
// part calls signal.Ignore(syscall.SIGCHLD) first, which sets SIGCHLD to
// SIG_IGN in the kernel: its child is gone from /proc as soon as it exits,
// and Wait fails with "no child processes".
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

// state is the state letter of process pid in /proc, or "gone".
func state(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "gone"
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return s[i+2 : i+3]
}

// start runs this program again as a child that exits with code 7, and
// waits 200 ms, long enough for it to have exited.
func start() *exec.Cmd {
	cmd := exec.Command(os.Args[0], "child")
	if err := cmd.Start(); err != nil {
		fmt.Println("start:", err)
		os.Exit(1)
	}
	time.Sleep(200 * time.Millisecond)
	return cmd
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		os.Exit(7)
	}
	cmd := start()
	fmt.Println("shell: child", cmd.Process.Pid, "is", state(cmd.Process.Pid)) // Z: a zombie
	err := cmd.Wait()
	fmt.Println("shell: Wait:", err, "- then", state(cmd.Process.Pid)) // exit status 7, gone

	signal.Ignore(syscall.SIGCHLD) // SIG_IGN: the kernel reaps the children itself
	cmd = start()
	fmt.Println("server: child", cmd.Process.Pid, "is", state(cmd.Process.Pid)) // gone: no zombie
	err = cmd.Wait()
	fmt.Println("server: Wait:", err) // no child processes (ECHILD)
}
