//go:build ignore

// The Go twin of the lesson "process-program": one program run as several
// processes, and one process running several programs in turn.
//
// This program starts itself twice with the argument "editor": one
// program file, two processes. Each prints its own PID and the address of
// a package-level variable it then changes: the address is the same in
// both (the same program, the same layout of its memory: a Go binary is
// not position-independent by default, so its globals have fixed virtual
// addresses), yet neither sees the other's change, because each process
// has its own memory: the same virtual address maps to a different frame
// in each.
//
// Then it runs /bin/sh, which prints its PID and calls exec to replace
// itself with a second /bin/sh: the second program prints the same PID.
// One process, two programs in turn; exec keeps the PID and the parent.
// (Go itself has no plain fork or exec-in-place for the running program:
// os/exec starts a new process that execs at once, and syscall.Exec
// replaces the calling Go program's image.)
package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

var counter int

func editor(n string) {
	counter += 10
	fmt.Printf("editor %s: PID %d, parent %d, counter at %p is %d\n", n, os.Getpid(), os.Getppid(), &counter, counter)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "editor" {
		editor(os.Args[2])
		return
	}
	fmt.Printf("shell: PID %d\n", os.Getpid())
	for _, n := range []string{"1", "2"} {
		out, err := exec.Command(os.Args[0], "editor", n).Output()
		if err != nil {
			fmt.Println("editor:", err)
			os.Exit(1)
		}
		fmt.Print(string(out))
	}
	fmt.Printf("shell: my counter is still %d\n", counter)

	// One process, two programs: $$ is the shell's PID, before and after exec.
	out, err := exec.Command("/bin/sh", "-c", `echo "build: PID $$"; exec /bin/sh -c 'echo "after exec, linker: PID $$"'`).Output()
	if err != nil {
		fmt.Println("sh:", err)
		os.Exit(1)
	}
	lines := strings.Fields(string(out))
	fmt.Print(string(out))
	if len(lines) > 2 && lines[2] == lines[len(lines)-1] {
		fmt.Println("same PID before and after exec")
	}
}
