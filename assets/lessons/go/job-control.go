//go:build ignore

// The Go twin of the lesson "job-control": a shell starts two jobs, each
// in its own process group (SysProcAttr.Setpgid, setpgid(0, 0) in the
// child before execve). Each job stops itself with SIGSTOP; the shell's
// wait4 with WUNTRACED reports each stop. Then the shell exits.
//
// Each job's group is then orphaned (no member has a parent in another
// group of the same session) while a member is stopped, so the kernel
// sends the group SIGHUP and then SIGCONT. The first job dies of SIGHUP;
// the second catches it with signal.Notify and runs on, and prints so.
//
// exec.Cmd.Wait cannot report a stop: it waits for the exit. The shell
// calls syscall.Wait4 with WUNTRACED itself, as a shell written in Go
// must.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func job(catchHUP bool) {
	hup := make(chan os.Signal, 1)
	if catchHUP {
		signal.Notify(hup, syscall.SIGHUP)
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGSTOP) // stop myself
	if catchHUP {
		select {
		case <-hup:
			fmt.Println("job 2 caught SIGHUP after its shell exited, and runs on")
		case <-time.After(time.Second):
			fmt.Println("job 2 was continued without SIGHUP")
		}
	}
}

func main() {
	if len(os.Args) > 1 {
		job(os.Args[1] == "2")
		return
	}
	for _, n := range []string{"1", "2"} {
		cmd := exec.Command(os.Args[0], n)
		cmd.Stdout = os.Stdout
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own process group
		if err := cmd.Start(); err != nil {
			fmt.Println("start:", err)
			os.Exit(1)
		}
		var ws syscall.WaitStatus
		if _, err := syscall.Wait4(cmd.Process.Pid, &ws, syscall.WUNTRACED, nil); err != nil {
			fmt.Println("wait4:", err)
			os.Exit(1)
		}
		pgid, _ := syscall.Getpgid(cmd.Process.Pid)
		fmt.Printf("job %s (process group %d): stopped %v, by SIGSTOP %v\n", n, pgid, ws.Stopped(), ws.StopSignal() == syscall.SIGSTOP)
	}
	os.Exit(0) // the shell exits: both groups become orphaned
}
