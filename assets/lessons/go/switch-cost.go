//go:build ignore

// The Go twin of the lesson "switch-cost": the same ping-pong of one
// byte, three ways, with the time per switch and this process's
// voluntary context switches (getrusage's ru_nvcsw) for each:
//
//   - two goroutines on a channel, with GOMAXPROCS 1: Go's scheduler
//     switches between them in user mode, saving a few registers in the
//     goroutine's g struct; the kernel sees no switch at all;
//   - two OS threads of this process on a pair of pipes (each goroutine
//     locked to its thread): each round trip is two kernel switches
//     between threads of one process, which keep the page tables;
//   - this process and a child process on a pair of pipes: each switch
//     also loads the other process's page tables (CR3).
//
// One round trip is two switches, so a switch costs about half of it. The
// pipes are used with plain blocking read(2) and write(2) (syscall.Pipe),
// not Go's poller. The times include the read and write calls themselves,
// and on several CPUs the two sides may run on different CPUs (a wake-up
// instead of a switch on one CPU): `taskset -c 0` pins the program to one
// CPU. The numbers vary from run to run and machine to machine. What does
// not vary: goroutines are several times cheaper than kernel switches,
// and they cost the process almost no voluntary switches. Between threads and
// processes this loop shows little difference, because it touches almost
// no memory: there is little in the TLB and the caches to refill, and with
// PCID loading CR3 does not even flush the TLB. The refill grows with the
// memory a process uses, which is what the lesson's "mm=2" stands for.
// docs/scheduling.md has the measurements of a pinned run.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

const rounds = 20000

// voluntary returns this process's voluntary context switches so far.
func voluntary() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return int64(ru.Nvcsw)
}

// pipe returns a pipe whose ends stay blocking: File.Fd puts them back in
// blocking mode, so read(2) and write(2) on the numbers block in the
// kernel. os.Pipe marks them close-on-exec: a child gets only the ends
// it is given.
func pipe() (r, w *os.File) {
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	return r, w
}

// echo sends back every byte it reads, until the pipe is closed.
func echo(r, w int) {
	b := make([]byte, 1)
	for {
		if n, err := syscall.Read(r, b); err != nil || n == 0 {
			return
		}
		if _, err := syscall.Write(w, b); err != nil {
			return
		}
	}
}

// pingpong sends one byte on w and waits for it on r, rounds times.
func pingpong(w, r int) time.Duration {
	b := []byte{1}
	start := time.Now()
	for range rounds {
		if _, err := syscall.Write(w, b); err != nil {
			panic(err)
		}
		if _, err := syscall.Read(r, b); err != nil {
			panic(err)
		}
	}
	return time.Since(start)
}

func report(what string, d time.Duration, vol int64) {
	fmt.Printf("%-28s %6.2f µs per switch, %6d voluntary switches of this process\n",
		what, float64(d.Nanoseconds())/rounds/2/1000, vol)
}

func goroutines() {
	old := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(old)
	ping, pong := make(chan byte), make(chan byte)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	v0 := voluntary()
	start := time.Now()
	for range rounds {
		ping <- 1
		<-pong
	}
	d := time.Since(start)
	report("two goroutines, a channel", d, voluntary()-v0)
	close(ping)
}

func threads() {
	r1, w1 := pipe()
	r2, w2 := pipe()
	fr1, fw1, fr2, fw2 := int(r1.Fd()), int(w1.Fd()), int(r2.Fd()), int(w2.Fd())
	done := make(chan bool)
	go func() {
		runtime.LockOSThread() // this goroutine keeps its own thread
		echo(fr1, fw2)
		done <- true
	}()
	runtime.LockOSThread()
	v0 := voluntary()
	d := pingpong(fw1, fr2)
	vol := voluntary() - v0
	runtime.UnlockOSThread()
	w1.Close() // the echoing thread reads end of file
	<-done
	r1.Close()
	r2.Close()
	w2.Close()
	report("two threads, pipes", d, vol)
}

func processes() {
	r1, w1 := pipe()
	r2, w2 := pipe()
	self, err := os.Executable()
	if err != nil {
		panic(err)
	}
	child := exec.Command(self, "echo")
	child.ExtraFiles = []*os.File{r1, w2} // fds 3 and 4 in the child
	if err := child.Start(); err != nil {
		panic(err)
	}
	r1.Close() // the child has its copies
	w2.Close()
	v0 := voluntary()
	d := pingpong(int(w1.Fd()), int(r2.Fd()))
	vol := voluntary() - v0
	w1.Close() // the child reads end of file and exits
	if err := child.Wait(); err != nil {
		panic(err)
	}
	r2.Close()
	report("two processes, pipes", d, vol)
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "echo" {
		echo(3, 4) // the child of processes()
		return
	}
	fmt.Printf("%d round trips of one byte each way (a round trip is two switches)\n", rounds)
	goroutines()
	threads()
	processes()
}
