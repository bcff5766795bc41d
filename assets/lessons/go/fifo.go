//go:build ignore

// The Go twin of the lesson "fifo": syscall.Mkfifo makes a named pipe in a
// private temporary directory, and two processes that are not parent and
// child of each other (this program starts both) meet on it by its name.
//
// os.OpenFile of a FIFO is open(2), which blocks until the other end is
// open too (the task sleeps in S, wait channel wait_for_partner): the
// server's open returns only after the client opens for writing. Then the
// FIFO is a pipe: the server's reads return what is there, and io.EOF once
// the client has closed its end.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

func server(path string) {
	start := time.Now()
	f, err := os.OpenFile(path, os.O_RDONLY, 0) // blocks until a writer opens
	if err != nil {
		fmt.Println("server: open:", err)
		os.Exit(1)
	}
	waited := time.Since(start) >= 80*time.Millisecond
	buf := make([]byte, 4096)
	total := 0
	for {
		n, err := f.Read(buf)
		total += n
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println("server: read:", err)
			os.Exit(1)
		}
	}
	f.Close()
	fmt.Printf("server: open waited for the client: %v; read %d bytes, then EOF\n", waited, total)
}

func client(path string) {
	time.Sleep(100 * time.Millisecond) // the server is already waiting in open
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		fmt.Println("client: open:", err)
		os.Exit(1)
	}
	_, _ = f.Write(make([]byte, 300))
	_, _ = f.Write(make([]byte, 200))
	f.Close() // the last writer: the server's next read returns EOF
}

func main() {
	if len(os.Args) == 3 {
		map[string]func(string){"server": server, "client": client}[os.Args[1]](os.Args[2])
		return
	}
	dir, err := os.MkdirTemp("", "fifo")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "chat")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		fmt.Println("mkfifo:", err)
		return
	}
	self, _ := os.Executable()
	var cmds []*exec.Cmd
	for _, role := range []string{"server", "client"} {
		cmd := exec.Command(self, role, path)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Start(); err != nil {
			fmt.Println("start:", err)
			return
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			fmt.Println(cmd.Args[1]+":", err)
		}
	}
}
