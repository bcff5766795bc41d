//go:build linux

package live

import (
	"os"
	"os/signal"
	"syscall"
	"time"
)

// runCPU computes for duty% of every 100 ms (R) and sleeps the rest (S).
func runCPU(a []int64) error {
	duty := time.Duration(a[0]) * time.Millisecond
	x := 0
	for {
		start := time.Now()
		for time.Since(start) < duty {
			for i := 0; i < 1000; i++ {
				x++
			}
		}
		if a[0] < 100 {
			sleepMS(100 - a[0])
		}
		_ = x
	}
}

// runSleep sleeps in nanosleep forever, waking every ms milliseconds.
func runSleep(a []int64) error {
	for {
		sleepMS(a[0])
	}
}

// runExit sleeps ms milliseconds and exits with code.
func runExit(a []int64) error {
	sleepMS(a[0])
	os.Exit(int(a[1]))
	return nil
}

var signalNames = map[syscall.Signal]string{
	syscall.SIGHUP: "SIGHUP", syscall.SIGINT: "SIGINT", syscall.SIGKILL: "SIGKILL",
	syscall.SIGUSR1: "SIGUSR1", syscall.SIGTERM: "SIGTERM", syscall.SIGCONT: "SIGCONT",
	syscall.SIGSTOP: "SIGSTOP",
}

// runSignals handles SIGUSR1, SIGHUP, SIGINT and SIGTERM, reporting each;
// after INT or TERM it exits with code 0. It names itself only once its
// handlers are installed: before signal.Notify, the Go runtime would
// swallow a SIGUSR1 (and the lab, seeing the name, may send one at once).
func runSignals(a []int64) error {
	ch := make(chan os.Signal, 8)
	signal.Notify(ch, syscall.SIGUSR1, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM)
	setName(workloads["signals"].Comm)
	for s := range ch {
		sig := s.(syscall.Signal)
		if a[0] > 0 {
			sleepMS(a[0])
		}
		if sig == syscall.SIGINT || sig == syscall.SIGTERM {
			report(Report{Kind: "signal", Signal: signalNames[sig], Action: "exiting"})
			os.Exit(0)
		}
		report(Report{Kind: "signal", Signal: signalNames[sig], Action: "handled"})
	}
	return nil
}
