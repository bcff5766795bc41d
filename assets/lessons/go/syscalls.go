//go:build ignore

// The Go twin of the lesson "syscalls": system calls that trap and one
// that does not, the wait channel of a blocked read, and what a signal
// handler does to a blocking call.
//
// syscall.Getpid traps into the kernel every time; time.Now reads the
// clock through the vDSO, in user mode. The program makes a million of
// each and prints the user and system time each loop cost (getrusage):
// the getpid loop spends much of its time in the kernel (on Linux 6.18
// with Go 1.26, 29 to 57 ms of system time out of about 80 ms in five
// runs; the user part is the loop and the user-mode side of each call:
// syscall.Getpid is a raw call, without the runtime's entersyscall
// bookkeeping), the
// time.Now loop none or almost none. The kernel splits CPU time into user
// and system by sampling at its timer ticks, so a few milliseconds can
// land on the wrong side in a run this short.
//
// A goroutine that blocks in a raw read on an empty pipe keeps its thread
// in the kernel, and /proc/self/task/TID/wchan names the function it
// sleeps in (anon_pipe_read on Linux 6.18; the lesson's terminal read
// sleeps in wait_woken).
//
// The Go runtime installs every signal handler with SA_RESTART, so in Go
// the lesson's "catch SIGUSR1 restart" is what signal.Notify gives: a raw
// read interrupted by SIGUSR1 is restarted and returns its bytes, while a
// raw nanosleep is never restarted and fails with EINTR. (os.File.Read
// retries on EINTR for you, and time.Sleep makes no nanosleep call at
// all: it parks the goroutine on a runtime timer.) The
// signal is sent with tgkill to the one thread that is blocked, which
// runtime.LockOSThread keeps the goroutine on.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// cpuTimes returns the process's user and system CPU time so far.
func cpuTimes() (user, sys time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

// measure runs f n times and prints the user and system time it took.
func measure(name string, n int, f func()) {
	u0, s0 := cpuTimes()
	for i := 0; i < n; i++ {
		f()
	}
	u1, s1 := cpuTimes()
	fmt.Printf("%-26s user %-8v system %v\n", name, (u1 - u0).Round(time.Millisecond), (s1 - s0).Round(time.Millisecond))
}

// wchan returns the wait channel of thread tid of this process.
func wchan(tid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/self/task/%d/wchan", tid))
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(b))
}

func main() {
	const n = 1_000_000
	measure("syscall.Getpid (traps)", n, func() { _ = syscall.Getpid() })
	measure("time.Now (vDSO, no trap)", n, func() { _ = time.Now() })
	os.Stdout.Write([]byte("this line is one write system call to standard output\n"))

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGUSR1) // the runtime's handler has SA_RESTART
	pid := os.Getpid()

	// A raw read on an empty pipe: the thread sleeps in the kernel until the
	// writer writes; SIGUSR1 in between is handled and the read restarts.
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Println("pipe:", err)
		os.Exit(1)
	}
	tids := make(chan int)
	done := make(chan string)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- syscall.Gettid()
		buf := make([]byte, 16)
		n, err := syscall.Read(int(r.Fd()), buf)
		done <- fmt.Sprintf("read returned %d bytes %q, error %v", n, buf[:max(n, 0)], err)
	}()
	tid := <-tids
	time.Sleep(100 * time.Millisecond)
	fmt.Println("the reader sleeps in", wchan(tid))
	_ = syscall.Tgkill(pid, tid, syscall.SIGUSR1)
	fmt.Println("handled:", <-sigs)
	time.Sleep(50 * time.Millisecond)
	w.Write([]byte("hello"))
	fmt.Println(<-done, "(restarted after the handler)")

	// A raw nanosleep of 2 s, interrupted after 100 ms: EINTR, with the time
	// that was left.
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- syscall.Gettid()
		ts, rem := syscall.Timespec{Sec: 2}, syscall.Timespec{}
		err := syscall.Nanosleep(&ts, &rem)
		done <- fmt.Sprintf("nanosleep returned %v (EINTR: %t), about %d s left", err, err == syscall.EINTR, rem.Sec+(rem.Nsec+500_000_000)/1_000_000_000)
	}()
	tid = <-tids
	time.Sleep(100 * time.Millisecond)
	fmt.Println("the sleeper sleeps in", wchan(tid))
	_ = syscall.Tgkill(pid, tid, syscall.SIGUSR1)
	fmt.Println("handled:", <-sigs)
	fmt.Println(<-done, "(never restarted, even with SA_RESTART)")
}
