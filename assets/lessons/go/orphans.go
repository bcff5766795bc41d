//go:build ignore

// The Go twin of the lesson "orphans": a launcher starts two daemons and
// exits at once, without waiting for them. Each daemon prints its parent
// before and after the launcher has gone: the kernel re-parents an orphan
// to the nearest "child subreaper" among its ancestors, or to PID 1 (init)
// when there is none, and that process reaps it when it exits.
//
// exec.Command has no "detach" option: a child outlives its parent on its
// own. (A real daemon also calls setsid, SysProcAttr{Setsid: true}, to
// leave the terminal's session.) The launcher must not call Wait, and its
// exit does not kill the children.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"time"
)

func daemon() {
	before := os.Getppid()
	time.Sleep(300 * time.Millisecond) // the launcher exits meanwhile
	fmt.Printf("daemon %d: parent %d, then %d\n", os.Getpid(), before, os.Getppid())
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "daemon" {
		daemon()
		return
	}
	fmt.Println("launcher", os.Getpid())
	for range 2 {
		cmd := exec.Command(os.Args[0], "daemon")
		cmd.Stdout = os.Stdout
		if err := cmd.Start(); err != nil {
			fmt.Println("start:", err)
			os.Exit(1)
		}
	}
	time.Sleep(50 * time.Millisecond) // let the daemons read their parent
	os.Exit(0)                        // without Wait: the daemons become orphans
}
