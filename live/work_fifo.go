//go:build linux

package live

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// The fifo demo: a writer and a reader that share no file descriptor meet
// on a named pipe (a FIFO) by its path. The coordinator (pl-fifo) makes a
// private directory (mode 0700, named for this spawn: ipc_names_linux.go)
// with the FIFO in it, and starts the two ends one after the other as
// children of its own, each a fresh program (fork and exec), so that
// neither is the other's parent and neither inherits anything of the
// other: the coordinator never opens the FIFO, and every descriptor it
// has is close-on-exec. The first end's open() blocks (S, in
// wait_for_partner) until the second end opens the other side; then the
// bytes flow as in a pipe, and the reader sees end-of-file when the writer
// closes. At the end the coordinator removes the FIFO and its directory.

// fifoPath is the FIFO of the spawn this worker belongs to.
func fifoPath() string {
	return filepath.Join(fifoDir(os.Getenv(envLab), unix.Getpgrp()), fifoName)
}

// runFIFO makes the FIFO, starts the end named by first (0 the writer, 1
// the reader), then after gap_ms the other end, waits for both, and
// removes the FIFO and its directory.
func runFIFO(a []int64) error {
	first, gapMS, kib, readKBps := a[0], a[1], a[2], a[3]
	path := fifoPath()
	dir := filepath.Dir(path)
	if err := unix.Mkdir(dir, 0o700); err != nil {
		return fmt.Errorf("mkdir %s: %v", dir, err)
	}
	if err := unix.Mkfifo(path, 0o600); err != nil {
		unix.Rmdir(dir)
		return fmt.Errorf("mkfifo %s: %v", path, err)
	}
	report(Report{Kind: "fifo", Phase: "made", IPC: &IPCReport{Path: path}})
	ends := []struct {
		name string
		arg  int64
	}{{"fifo-writer", kib}, {"fifo-reader", readKBps}}
	if first == 1 {
		ends[0], ends[1] = ends[1], ends[0]
	}
	kids := map[int]bool{}
	for i, e := range ends {
		if i == 1 {
			sleepMS(gapMS)
		}
		pid, err := startWorker(e.name, -1, e.arg)
		if err != nil {
			removeFifoDir(dir)
			return err
		}
		kids[pid] = true
		report(Report{Kind: "fork", Child: pid})
	}
	reapChildren(kids)
	if removeFifoDir(dir) {
		report(Report{Kind: "fifo", Phase: "removed", IPC: &IPCReport{Path: path}})
	}
	forever()
	return nil
}

// openFIFO opens the FIFO for side ("writer" or "reader") and reports how
// long open() blocked waiting for the other end.
func openFIFO(side string, flags int) (int, error) {
	path := fifoPath()
	report(Report{Kind: "fifo", Phase: "opening", Side: side, IPC: &IPCReport{Path: path}})
	t0 := time.Now()
	for {
		fd, err := unix.Open(path, flags|unix.O_CLOEXEC, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return -1, fmt.Errorf("open %s: %v", path, err)
		}
		report(Report{Kind: "fifo", Phase: "opened", Side: side, IPC: &IPCReport{Path: path, WaitedMS: msSince(t0)}})
		return fd, nil
	}
}

// runFIFOWriter opens the FIFO for writing and writes kib KiB into it as
// fast as the reader takes them, then closes it (the reader's EOF).
func runFIFOWriter(a []int64) error {
	fd, err := openFIFO("writer", unix.O_WRONLY)
	if err != nil {
		return err
	}
	chunk := make([]byte, 4096)
	rep := pipeReporter{side: "writer", last: time.Now(), fd: fd}
	var total int64
	for total < a[0]*1024 {
		n, err := unix.Write(fd, chunk[:min(int64(len(chunk)), a[0]*1024-total)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("write: %v", err)
		}
		total += int64(n)
		rep.maybe(total)
	}
	rep.final(total)
	unix.Close(fd)
	report(Report{Kind: "fifo", Phase: "done", Side: "writer", Bytes: total})
	return nil
}

// runFIFOReader opens the FIFO for reading and reads it at read_kbps until
// end-of-file.
func runFIFOReader(a []int64) error {
	fd, err := openFIFO("reader", unix.O_RDONLY)
	if err != nil {
		return err
	}
	buf := make([]byte, 4096)
	pc := pacer{start: time.Now(), rate: a[0] * 1024}
	rep := pipeReporter{side: "reader", last: time.Now(), fd: fd}
	var total int64
	for {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("read: %v", err)
		}
		if n == 0 {
			break
		}
		total += int64(n)
		rep.maybe(total)
		pc.wait(total)
	}
	rep.final(total)
	report(Report{Kind: "fifo", Phase: "done", Side: "reader", Bytes: total})
	return nil
}

// msSince is the time since t0 in milliseconds, to a microsecond.
func msSince(t0 time.Time) float64 {
	return float64(time.Since(t0).Microseconds()) / 1000
}
