//go:build ignore

// The Go twin of the lesson "pipes": os.Pipe is pipe2(2), and an
// *os.File's Write and Read are write(2) and read(2) on its ends.
//
//   - The capacity is the kernel's: fcntl(F_GETPIPE_SZ) says 65536 bytes.
//   - Two writer processes share one pipe (each inherits its write end as
//     file descriptor 3): "big" makes one write(2) of 200000 bytes, "small"
//     fifty of 100 bytes. (They are processes, not goroutines on one
//     *os.File: Go's os.File lets one Write finish before the next starts.) Each 100-byte write is at most
//     PIPE_BUF (4096) bytes, so it arrives whole; the big write is larger
//     than the pipe, so the kernel takes it in pieces, and small's bytes
//     can come between them.
//   - A Read returns what the pipe holds (a partial read); once every write
//     end is closed, Read returns io.EOF (read(2) returned 0).
//   - A write with no reader fails with EPIPE. The kernel also sends
//     SIGPIPE; Go's runtime lets it kill the process only for a write to
//     standard output or standard error (file descriptors 1 and 2), and
//     turns it into the error "broken pipe" for any other descriptor. The
//     child below writes to its standard output, a pipe whose reader is
//     gone, and dies of SIGPIPE as a C program would.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

const fGetPipeSz = 1032 // F_GETPIPE_SZ

func main() {
	if len(os.Args) > 1 && os.Args[1] == "big" {
		_, _ = syscall.Write(3, bytes.Repeat([]byte("A"), 200000))
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "small" {
		time.Sleep(5 * time.Millisecond) // big has filled the pipe and waits
		for range 50 {
			_, _ = syscall.Write(3, bytes.Repeat([]byte("B"), 100))
			time.Sleep(time.Millisecond)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == "late" {
		time.Sleep(50 * time.Millisecond)
		for range 10 {
			fmt.Println("late writes to a pipe nobody reads") // dies of SIGPIPE on the first write
		}
		return
	}

	r, w, err := os.Pipe()
	if err != nil {
		fmt.Println("pipe:", err)
		return
	}
	size, _, _ := syscall.Syscall(syscall.SYS_FCNTL, w.Fd(), fGetPipeSz, 0)
	fmt.Println("pipe capacity:", size, "bytes")

	self, _ := os.Executable()
	var writers []*exec.Cmd
	for _, role := range []string{"big", "small"} {
		cmd := exec.Command(self, role)
		cmd.ExtraFiles = []*os.File{w} // its file descriptor 3
		if err := cmd.Start(); err != nil {
			fmt.Println("start:", err)
			return
		}
		writers = append(writers, cmd)
	}
	w.Close() // the parent's write end: once both writers exit, the reader gets EOF

	var all []byte
	buf := make([]byte, 4096)
	reads, partial := 0, 0
	for {
		time.Sleep(time.Millisecond) // a slow reader
		n, err := r.Read(buf)
		if errors.Is(err, io.EOF) {
			break
		}
		reads++
		if n < len(buf) {
			partial++
		}
		all = append(all, buf[:n]...)
	}
	r.Close()
	for _, cmd := range writers {
		_ = cmd.Wait()
	}
	// Runs of one writer's bytes, in the order the reader got them.
	var aRuns, bRuns int
	whole := true
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j] == all[i] {
			j++
		}
		if all[i] == 'A' {
			aRuns++
		} else {
			bRuns++
			whole = whole && (j-i)%100 == 0
		}
		i = j
	}
	fmt.Printf("read %d bytes in %d reads (%d returned less than asked); then EOF\n", len(all), reads, partial)
	fmt.Println("every 100-byte write arrived whole (at most PIPE_BUF):", whole)
	fmt.Printf("this run: the 200000-byte write came out in %d piece(s), with small's bytes in %d run(s) between or around them\n", aRuns, bRuns)

	// No reader: EPIPE as an error (Go does not let SIGPIPE kill it here).
	r2, w2, _ := os.Pipe()
	r2.Close()
	_, err = w2.Write([]byte("x"))
	fmt.Println("write with no reader:", errors.Is(err, syscall.EPIPE), err)
	w2.Close()

	// A child writing to its standard output, a pipe nobody reads: SIGPIPE kills it.
	r3, w3, _ := os.Pipe()
	cmd := exec.Command(self, "late")
	cmd.Stdout = w3
	if err := cmd.Start(); err != nil {
		fmt.Println("start:", err)
		return
	}
	w3.Close()
	r3.Close() // the only reader is gone
	fmt.Println("late:", cmd.Wait())
}
