//go:build linux

package live

import (
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A true fork (clone without CLONE_VM) from Go is only safe if the child
// never returns into the Go runtime: it may run only nosplit code that makes
// raw system calls (live-notes §3). rawFork is that fork; the child does
// one of the jobs below, all prepared by the parent, and exits.

// Job kinds for the raw child.
const (
	jobExit   = iota // sleep, then exit with code
	jobOrphan        // outlive the parent; once re-parented to the lab, die with it
	jobCOW           // on each byte read from ctl, dirty the next part of buf
)

// forkJob is everything the raw child needs, prepared by the parent. The
// child only reads it (its own copy after the fork).
type forkJob struct {
	kind      int
	pdeath    bool     // set PR_SET_PDEATHSIG(SIGKILL) at once
	name      [16]byte // comm, NUL-terminated
	sleep     unix.Timespec
	code      uintptr
	parent    uintptr        // orphan: the forking process
	lab       uintptr        // orphan: its parent, the lab server (a subreaper)
	ticks     int            // orphan: lifetime in 10 ms ticks
	buf       unsafe.Pointer // cow: buffer start (outside the Go heap)
	part      uintptr        // cow: bytes per part
	parts     int            // cow: number of parts
	ctl       uintptr        // cow: read end of the control pipe
	tick      unix.Timespec
	sigaction [4]uint64 // SIG_DFL, no flags, empty mask
}

func newForkJob(kind int, name string) *forkJob {
	j := &forkJob{kind: kind}
	copy(j.name[:15], name)
	j.tick = unix.NsecToTimespec(10e6)
	return j
}

// rawFork forks with the given clone flags (SIGCHLD, optionally
// CLONE_VFORK) and returns the child's PID, or -errno. In the child it runs
// the job and never returns.
//
//go:nosplit
//go:norace
func rawFork(flags uintptr, j *forkJob) int {
	var all, old [1]uint64
	all[0] = ^uint64(0)
	// Block every signal so that no Go handler can run in the child.
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, unix.SIG_SETMASK, uintptr(unsafe.Pointer(&all[0])), uintptr(unsafe.Pointer(&old[0])), 8, 0, 0)
	ppid, _, _ := syscall.RawSyscall(syscall.SYS_GETPID, 0, 0, 0)
	r1, _, e := syscall.RawSyscall6(syscall.SYS_CLONE, flags, 0, 0, 0, 0, 0)
	if r1 != 0 || e != 0 { // the parent
		syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, unix.SIG_SETMASK, uintptr(unsafe.Pointer(&old[0])), 0, 8, 0, 0)
		if e != 0 {
			return -int(e)
		}
		return int(r1)
	}
	rawChild(ppid, j)
	return 0 // not reached
}

//go:nosplit
//go:norace
func rawChild(ppid uintptr, j *forkJob) {
	if j.pdeath {
		syscall.RawSyscall6(syscall.SYS_PRCTL, unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0, 0, 0, 0)
		if p, _, _ := syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0); p != ppid {
			syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 1, 0, 0)
		}
	}
	syscall.RawSyscall6(syscall.SYS_PRCTL, unix.PR_SET_NAME, uintptr(unsafe.Pointer(&j.name[0])), 0, 0, 0, 0)
	// Classic default actions for every signal (the Go handlers were
	// copied but must never run here), then unblock them all.
	for sig := uintptr(1); sig <= 64; sig++ {
		if sig == 9 || sig == 19 || sig == 32 || sig == 33 {
			continue
		}
		syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, sig, uintptr(unsafe.Pointer(&j.sigaction[0])), 0, 8, 0, 0)
	}
	var none [1]uint64
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, unix.SIG_SETMASK, uintptr(unsafe.Pointer(&none[0])), 0, 8, 0, 0)
	switch j.kind {
	case jobExit:
		syscall.RawSyscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&j.sleep)), 0, 0)
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, j.code, 0, 0)
	case jobOrphan:
		adopted := false
		for i := 0; i < j.ticks; i++ {
			syscall.RawSyscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&j.tick)), 0, 0)
			p, _, _ := syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0)
			if p == j.parent || (adopted && p == j.lab) {
				continue
			}
			if p != j.lab { // not adopted by the lab (it is gone, or no subreaper): leave
				syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 1, 0, 0)
			}
			// Adopted by the lab: from now on die with it.
			syscall.RawSyscall6(syscall.SYS_PRCTL, unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0, 0, 0, 0)
			if p, _, _ = syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0); p != j.lab {
				syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 1, 0, 0)
			}
			adopted = true
		}
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 0, 0, 0)
	case jobCOW:
		var b [1]byte
		for part := 0; part < j.parts; part++ {
			n, _, e := syscall.RawSyscall(syscall.SYS_READ, j.ctl, uintptr(unsafe.Pointer(&b[0])), 1)
			if e != 0 && e == syscall.EINTR {
				part--
				continue
			}
			if n != 1 {
				syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 0, 0, 0)
			}
			for off := uintptr(0); off < j.part; off += 4096 {
				*(*byte)(unsafe.Add(j.buf, uintptr(part)*j.part+off)) = byte(part + 1)
			}
		}
		for { // all parts written: wait until the parent is gone (read gives 0)
			n, _, e := syscall.RawSyscall(syscall.SYS_READ, j.ctl, uintptr(unsafe.Pointer(&b[0])), 1)
			if e == 0 && n == 0 {
				break
			}
		}
		syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 0, 0, 0)
	}
	syscall.RawSyscall(syscall.SYS_EXIT_GROUP, 2, 0, 0)
}
