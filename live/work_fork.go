//go:build linux

package live

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// statusOf is how a child ended, from wait4's status.
func statusOf(ws unix.WaitStatus) WaitStatus {
	if ws.Signaled() {
		return WaitStatus{Known: true, Signal: int(ws.Signal()), Core: ws.CoreDump()}
	}
	return WaitStatus{Known: true, Code: ws.ExitStatus()}
}

// runForker forks children that exit after exit_ms (+100 ms each); with
// reap=1 it waits for them, otherwise it leaves them zombies and reaps one
// only when the lab writes "reap PID" on its stdin.
func runForker(a []int64) error {
	n, exitMS, reap := int(a[0]), a[1], a[2]
	kids := map[int]bool{}
	for i := 0; i < n; i++ {
		j := newForkJob(jobExit, "pl-child")
		j.pdeath = true
		j.sleep = unix.NsecToTimespec((exitMS + int64(i)*100) * 1e6)
		j.code = uintptr(i)
		pid := rawFork(uintptr(syscall.SIGCHLD), j)
		runtime.KeepAlive(j)
		if pid < 0 {
			return fmt.Errorf("fork: %v", syscall.Errno(-pid))
		}
		kids[pid] = true
		report(Report{Kind: "fork", Child: pid})
	}
	if reap == 1 {
		reapChildren(kids)
		forever()
	}
	// A parent that never calls wait(): it reads its stdin (S) and reaps
	// only the child the lab names.
	var line []byte
	buf := make([]byte, 64)
	for {
		k, err := unix.Read(0, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil || k == 0 {
			forever() // the lab closed the control pipe
		}
		line = append(line, buf[:k]...)
		for {
			i := bytes.IndexByte(line, '\n')
			if i < 0 {
				break
			}
			cmd := string(line[:i])
			line = line[i+1:]
			var pid int
			if _, err := fmt.Sscanf(cmd, "reap %d", &pid); err != nil || !kids[pid] {
				continue
			}
			var ws unix.WaitStatus
			if got, err := unix.Wait4(pid, &ws, unix.WNOHANG, nil); err == nil && got == pid {
				delete(kids, pid)
				report(reapedReport(pid, statusOf(ws)))
			}
		}
		if len(line) > 256 {
			line = line[:0]
		}
	}
}

// runOrphans forks children and exits after parent_ms, leaving them
// orphans. They are re-parented to the lab server (a subreaper), set their
// Pdeathsig then, and exit after child_ms.
func runOrphans(a []int64) error {
	n, parentMS, childMS := int(a[0]), a[1], a[2]
	me, lab := os.Getpid(), os.Getppid()
	if v := os.Getenv(envLab); v != "" { // the lab's PID, not a parent worker's
		if i := bytes.IndexByte([]byte(v), '.'); i > 0 {
			if p, err := strconv.Atoi(v[:i]); err == nil {
				lab = p
			}
		}
	}
	for i := 0; i < n; i++ {
		j := newForkJob(jobOrphan, "pl-orphan")
		j.parent, j.lab = uintptr(me), uintptr(lab)
		j.ticks = int(childMS / 10)
		pid := rawFork(uintptr(syscall.SIGCHLD), j)
		runtime.KeepAlive(j)
		if pid < 0 {
			return fmt.Errorf("fork: %v", syscall.Errno(-pid))
		}
		report(Report{Kind: "fork", Child: pid})
	}
	sleepMS(parentMS)
	os.Exit(0)
	return nil
}

// runVfork waits ms for a vfork-style child (the parent is D in
// wait_for_vfork_done), sleeps gap_ms (S), and repeats.
func runVfork(a []int64) error {
	for {
		j := newForkJob(jobExit, "pl-vfork-child")
		j.pdeath = true
		j.sleep = unix.NsecToTimespec(a[0] * 1e6)
		pid := rawFork(uintptr(syscall.SIGCHLD|unix.CLONE_VFORK), j)
		runtime.KeepAlive(j)
		if pid < 0 {
			return fmt.Errorf("vfork: %v", syscall.Errno(-pid))
		}
		var ws unix.WaitStatus
		for {
			if _, err := unix.Wait4(pid, &ws, 0, nil); err != unix.EINTR {
				break
			}
		}
		if a[1] > 0 {
			sleepMS(a[1])
		}
	}
}

// runCOW dirties an mb MiB buffer, forks, and makes the child write one
// more part of it every step_ms, so that its pages are copied part by part.
func runCOW(a []int64) error {
	size := int(a[0]) << 20
	steps := int(a[1])
	buf, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return fmt.Errorf("mmap: %v", err)
	}
	_ = unix.Madvise(buf, unix.MADV_NOHUGEPAGE)
	for i := 0; i < size; i += 4096 {
		buf[i] = 1
	}
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		return err
	}
	part := (size / steps) &^ 4095
	j := newForkJob(jobCOW, "pl-cow-child")
	j.pdeath = true
	j.buf = unsafe.Pointer(&buf[0])
	j.part = uintptr(part)
	j.parts = steps
	j.ctl = uintptr(p[0])
	pid := rawFork(uintptr(syscall.SIGCHLD), j)
	runtime.KeepAlive(j)
	if pid < 0 {
		return fmt.Errorf("fork: %v", syscall.Errno(-pid))
	}
	unix.Close(p[0])
	report(Report{Kind: "fork", Child: pid})
	report(Report{Kind: "cow", Step: 0, Of: steps, MiB: int(a[0])})
	for s := 1; s <= steps; s++ {
		sleepMS(a[2])
		if _, err := unix.Write(p[1], []byte{1}); err != nil {
			break
		}
		report(Report{Kind: "cow", Step: s, Of: steps, MiB: int(a[0])})
	}
	runtime.KeepAlive(buf)
	forever()
	return nil
}

// reapChildren waits for every child in kids (a set of PIDs), reports each
// one it collects with its wait status, and removes it from the set. It
// stops early only when wait4 fails with anything but EINTR (no children
// left that it may wait for).
func reapChildren(kids map[int]bool) {
	for len(kids) > 0 {
		var ws unix.WaitStatus
		pid, err := unix.Wait4(-1, &ws, 0, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return
		}
		delete(kids, pid)
		report(reapedReport(pid, statusOf(ws)))
	}
}
