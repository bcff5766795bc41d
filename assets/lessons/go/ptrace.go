//go:build ignore

// The Go twin of the lesson "ptrace": a debugger attaches to a busy shell
// loop with PTRACE_SEIZE and PTRACE_INTERRUPT, and after each step
// reads the tracee's state letter from /proc: t while a tracer holds
// it, T once it is detached in a job-control stop, R when it runs.
//
// Two Go rules for a tracer. Every ptrace request must come from the
// OS thread that attached, so the tracer locks its goroutine to that
// OS thread (runtime.LockOSThread). And the tracee here is a shell busy
// loop, not a Go program: ptrace attaches to one thread, and a signal
// sent to a multi-threaded Go program may be taken by another, untraced
// one. The syscall package has no PTRACE_SEIZE or PTRACE_INTERRUPT
// wrapper (golang.org/x/sys/unix has), so they are raw calls.
//
// With PTRACE_SEIZE, a SIGCONT sent to the stopped tracee is first
// reported as an event stop (PTRACE_EVENT_STOP), then the tracee stops
// again on its way to receive it: the lesson's "it stops again".
package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"
)

const (
	ptraceSeize     = 0x4206 // PTRACE_SEIZE
	ptraceInterrupt = 0x4207 // PTRACE_INTERRUPT
)

func ptrace(req, pid int, data uintptr) error {
	_, _, errno := syscall.Syscall6(syscall.SYS_PTRACE, uintptr(req), uintptr(pid), 0, data, 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
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

// waitStop waits for the tracee's next stop and says what it was.
func waitStop(pid int) string {
	var ws syscall.WaitStatus
	if _, err := syscall.Wait4(pid, &ws, syscall.WALL, nil); err != nil {
		return "wait4: " + err.Error()
	}
	if !ws.Stopped() {
		return fmt.Sprintf("not a stop: %v", ws)
	}
	if uint32(ws)>>16 != 0 { // PTRACE_EVENT_STOP: a ptrace-stop or a group-stop
		return fmt.Sprintf("an event stop (signal %d)", int(ws.StopSignal()))
	}
	return fmt.Sprintf("a signal-delivery-stop for signal %d", int(ws.StopSignal()))
}

func main() {
	runtime.LockOSThread() // all ptrace requests from this one thread
	tracee := exec.Command("sh", "-c", "while :; do :; done")
	if err := tracee.Start(); err != nil {
		fmt.Println("start:", err)
		os.Exit(1)
	}
	pid := tracee.Process.Pid
	defer func() { _ = tracee.Process.Kill(); _ = tracee.Wait() }()
	show := func(what string) {
		time.Sleep(30 * time.Millisecond)
		fmt.Printf("%-46s tracee in %s\n", what, state(pid))
	}
	if err := ptrace(ptraceSeize, pid, 0); err != nil {
		fmt.Println("PTRACE_SEIZE:", err) // e.g. forbidden in a container
		return
	}
	_ = ptrace(ptraceInterrupt, pid, 0)
	fmt.Println("wait:", waitStop(pid))
	show("PTRACE_SEIZE + PTRACE_INTERRUPT:")

	_ = syscall.Kill(pid, syscall.SIGCONT)
	show("SIGCONT (waits for the tracer):")
	// A seized tracee first reports that SIGCONT came (an event stop,
	// PTRACE_EVENT_STOP), then stops again on its way to receive it.
	_ = syscall.PtraceCont(pid, 0)
	fmt.Println("wait:", waitStop(pid))
	_ = syscall.PtraceCont(pid, 0)
	fmt.Println("wait:", waitStop(pid))
	show("cont: it stops again, to receive SIGCONT:")
	_ = syscall.PtraceCont(pid, int(syscall.SIGCONT))
	show("cont with SIGCONT:")

	_ = syscall.Kill(pid, syscall.SIGSTOP)
	fmt.Println("wait:", waitStop(pid))
	show("SIGSTOP: a signal-delivery-stop:")
	_ = syscall.PtraceCont(pid, int(syscall.SIGSTOP))
	fmt.Println("wait:", waitStop(pid))
	show("cont with SIGSTOP: a job-control stop, still t:")
	_ = syscall.PtraceDetach(pid)
	show("detach while stopped:")
	_ = syscall.Kill(pid, syscall.SIGCONT)
	show("SIGCONT:")
}
