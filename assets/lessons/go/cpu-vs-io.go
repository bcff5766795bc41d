//go:build ignore

// The Go twin of the lesson "cpu-vs-io": two CPU-bound processes (crunch,
// render) and an editor that computes a little, waits for input, and
// saves a file, all on CPU 0. When each has exited, the parent prints its
// voluntary and involuntary context switches from the rusage that wait4
// returns (ProcessState.SysUsage).
//
// Compare the involuntary column: the CPU-bound ones are preempted when
// their slice ends (Linux's CFS), the editor rarely, since it blocks
// itself first. A run here printed 47 and 46 involuntary switches for
// crunch and render and 12 for the editor. The voluntary column is high
// for all three (about 90): it counts every thread of the process, and
// the Go runtime's own threads (sysmon, the garbage collector's workers)
// sleep and wake on their own, so a Go process shows voluntary switches
// even when its only goroutine is a busy loop.
// Go's scheduler adds nothing here: each of these programs has one busy
// goroutine, and Linux decides which thread runs.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
	"unsafe"
)

// pinToCPU0 sets the calling thread's CPU affinity to CPU 0.
func pinToCPU0() {
	var mask [16]uint64
	mask[0] = 1
	_, _, _ = syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, 0, unsafe.Sizeof(mask), uintptr(unsafe.Pointer(&mask)))
}

// compute keeps the CPU busy for d of wall-clock time.
func compute(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
	}
}

func editor() {
	f, err := os.CreateTemp("", "editor")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	for range 3 {
		compute(5 * time.Millisecond)
		time.Sleep(40 * time.Millisecond) // wait for a key press (S)
		compute(5 * time.Millisecond)
		_, _ = f.WriteString("text\n") // save the file
		_ = f.Sync()                   // fsync: wait for the disk
	}
}

func main() {
	if len(os.Args) > 1 {
		pinToCPU0() // the main thread; Go's other threads may run elsewhere
		if os.Args[1] == "editor" {
			editor()
		} else {
			compute(150 * time.Millisecond)
		}
		return
	}
	var cmds []*exec.Cmd
	for _, name := range []string{"crunch", "render", "editor"} {
		cmd := exec.Command(os.Args[0], name)
		if err := cmd.Start(); err != nil {
			fmt.Println("start:", err)
			os.Exit(1)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		_ = cmd.Wait()
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		fmt.Printf("%-6s voluntary %3d  involuntary %3d\n", cmd.Args[1], ru.Nvcsw, ru.Nivcsw)
	}
}
