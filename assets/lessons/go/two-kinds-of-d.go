//go:build ignore

// The Go twin of the lesson "two-kinds-of-d". A program cannot ask to
// wait in D: the kernel picks the kind of sleep inside each system call.
// An O_DIRECT read, straight from the disk, waits in
// TASK_UNINTERRUPTIBLE (no signal acts until it ends); an ordinary read of
// a file page not yet in memory, an NFS read, or the parent of a vfork
// child until the child calls execve, waits in TASK_KILLABLE (D in ps too,
// but SIGKILL ends it at once). Go's own
// exec.Command is such a vfork parent: clone(CLONE_VM|CLONE_VFORK) puts
// the calling thread in a killable D for the short time before the child
// execs.
//
// What a Go program can do is look and kill: this one starts a reader
// that blocks in read() on a pipe nobody writes (S, interruptible),
// prints its state letter and wait channel from /proc, and kills it with
// SIGKILL; Wait reports "signal: killed" at once. For a process in the
// first kind of D, the same Kill would succeed too, but the process would
// die only when its read ends: "kill -9 cannot kill a D process" is true
// only of that kind, and even then the SIGKILL is not lost.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

func reader() {
	buf := make([]byte, 1)
	_, _ = os.Stdin.Read(buf) // the pipe's write end stays open: waits forever
}

// proc returns the state letter and the wait channel of process pid.
func proc(pid int) (string, string) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "gone", ""
	}
	s := string(b)
	w, _ := os.ReadFile(fmt.Sprintf("/proc/%d/wchan", pid))
	return strings.Fields(s[strings.LastIndexByte(s, ')')+1:])[0], string(w)
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "reader" {
		reader()
		return
	}
	cmd := exec.Command(os.Args[0], "reader")
	stdin, err := cmd.StdinPipe() // keep the write end, write nothing
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	defer stdin.Close()
	if err := cmd.Start(); err != nil {
		fmt.Println("start:", err)
		os.Exit(1)
	}
	time.Sleep(200 * time.Millisecond)
	st, wchan := proc(cmd.Process.Pid)
	fmt.Printf("reader is in %s, waiting in %q\n", st, wchan)
	_ = syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
	fmt.Println("Wait:", cmd.Wait())
}
