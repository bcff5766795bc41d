//go:build ignore

// The Go twin of the lesson "pids": a parent reads pid_max, starts
// children one after another and prints what getpid and getppid say in
// each; a child that has exited keeps its PID as a zombie until the
// parent's Wait reaps it; and an orphan's getppid changes when its parent
// exits, while its getpid never does.
//
// On a real machine the PIDs of successive children increase but are
// rarely consecutive: every other process forks too, and each thread
// (the Go runtime starts several per process) takes a number from the
// same counter, since a thread's TID is drawn like a PID. Past
// pid_max - 1 the kernel wraps around to 300 (RESERVED_PIDS), not to 2.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// state returns the state letter of /proc/PID/stat (Z for a zombie), or
// the error when the PID is free again.
func state(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return "gone (" + err.Error() + ")"
	}
	s := string(b)
	// The name is in parentheses and may hold spaces: the state follows ")".
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0]
}

func run(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Stdout = os.Stdout
	if err := cmd.Start(); err != nil {
		fmt.Println("start:", err)
		os.Exit(1)
	}
	return cmd
}

func main() {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case "child":
			fmt.Printf("child: getpid %d, getppid %d\n", os.Getpid(), os.Getppid())
		case "middle": // starts a daemon and exits without waiting for it
			run("daemon")
			time.Sleep(50 * time.Millisecond)
		case "daemon":
			before := os.Getpid()
			parent := os.Getppid()
			time.Sleep(300 * time.Millisecond) // middle exits meanwhile
			fmt.Printf("daemon: getpid %d then %d, getppid %d then %d\n", before, os.Getpid(), parent, os.Getppid())
		}
		return
	}
	max, err := os.ReadFile("/proc/sys/kernel/pid_max")
	if err != nil {
		fmt.Println("pid_max:", err)
		os.Exit(1)
	}
	fmt.Printf("pid_max %s", max)
	fmt.Printf("parent: getpid %d, getppid %d\n", os.Getpid(), os.Getppid())

	// Handed out in increasing order (with gaps: other tasks fork too).
	for range 3 {
		if err := run("child").Wait(); err != nil {
			fmt.Println("wait:", err)
		}
	}

	// A zombie holds its PID until Wait reaps it.
	cmd := run("child")
	time.Sleep(100 * time.Millisecond) // the child exits; nobody has waited yet
	pid := cmd.Process.Pid
	fmt.Printf("P%d before Wait: %s\n", pid, state(pid))
	if err := cmd.Wait(); err != nil {
		fmt.Println("wait:", err)
	}
	fmt.Printf("P%d after Wait: %s\n", pid, state(pid))

	// getppid changes only when the parent dies (re-parenting).
	if err := run("middle").Wait(); err != nil {
		fmt.Println("wait:", err)
	}
	time.Sleep(400 * time.Millisecond) // let the daemon print
}
