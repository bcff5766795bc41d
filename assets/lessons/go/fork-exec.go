//go:build ignore

// The Go twin of the lesson "fork-exec": the shell handles SIGUSR1,
// ignores SIGTERM, and starts a server; then it sends the server SIGTERM
// and SIGUSR1 and reads how it ended.
//
// Go has no plain fork(): its runtime is multi-threaded, and a fork()ed
// copy of one thread could not safely run Go code (see the "lifecycle"
// twin). exec.Command does fork and exec in one step (clone with
// CLONE_VM|CLONE_VFORK, then execve), so there is no "if child" branch
// running the parent's code: the child's first instruction of its own is
// the new program's.
//
// What exec keeps and what it resets is the kernel's rule: an ignored
// signal stays ignored, a caught one goes back to its default action. So
// the server (/bin/sleep here, a C program) ignores SIGTERM, and SIGUSR1,
// which the shell catches with signal.Notify, kills it: Wait returns
// "signal: user defined signal 1".
//
// A Go program as the server would not keep SIGTERM ignored: at start,
// the Go runtime installs its own handler for every signal except SIGHUP
// and SIGINT, which it leaves ignored if they were (os/signal's
// documentation says so). The second half shows it: the same SIGTERM
// kills a Go child ("signal: terminated").
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func server() {
	time.Sleep(600 * time.Millisecond)
	fmt.Println("the Go server was never killed")
}

// signalAndWait sends cmd's process SIGTERM, then SIGUSR1, and prints
// how it ended.
func signalAndWait(name string, cmd *exec.Cmd) {
	if err := cmd.Start(); err != nil {
		fmt.Println("start:", err)
		return
	}
	time.Sleep(100 * time.Millisecond) // let it exec and start
	pid := cmd.Process.Pid
	_ = syscall.Kill(pid, syscall.SIGTERM)
	time.Sleep(50 * time.Millisecond)
	_ = syscall.Kill(pid, syscall.SIGUSR1)
	fmt.Println(name+":", cmd.Wait())
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "server" {
		server()
		return
	}
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1) // the shell catches SIGUSR1
	signal.Ignore(syscall.SIGTERM)       // and ignores SIGTERM

	signalAndWait("C server (sleep)", exec.Command("sleep", "0.6"))

	cmd := exec.Command(os.Args[0], "server")
	cmd.Stdout = os.Stdout
	signalAndWait("Go server", cmd)
}
