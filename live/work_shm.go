//go:build linux

package live

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The shmsem demo: the same mb MiB moved from one process to another
// twice, first through shared memory guarded by two process-shared
// semaphores, then through a pipe, each timed. The shared memory is a
// memfd (an anonymous file, freed with its last mapping: nothing to
// clean up) that both processes map MAP_SHARED: one header page, then a
// ring of slots chunks of chunk_kib KiB. The writer (pl-shm) waits on
// "empty" (a free slot), copies a chunk into the slot and posts "full";
// the reader (pl-shm-r, fork and exec) waits on "full", copies the slot
// out and posts "empty". Both sum what they copy, so the reader can tell
// that every byte arrived. Through the pipe each chunk is one write and
// as many reads as it takes: two copies as well (into the kernel's pipe
// buffer and out of it), plus a system call for each.

// Header page layout (byte offsets).
const (
	shmEmpty  = 0   // semaphore: free slots (count, waiters)
	shmFull   = 64  // semaphore: filled slots
	shmPhase  = 128 // 0 wait, 1 shm transfer, 2 pipe transfer, 3 end
	shmDone   = 192 // the phase the reader has finished
	shmSum    = 256 // the reader's checksum of that phase
	shmVCSW   = 320 // the reader's voluntary context switches during it
	shmReady  = 384 // 1 when the reader has mapped the page
	shmHeader = 4096
	shmEnd    = 3 // the phase after the last
)

// psem is a counting semaphore that works between processes: a count and
// the number of sleepers, in shared memory, with FUTEX_WAIT and FUTEX_WAKE
// (not FUTEX_PRIVATE: the futex is keyed by the shared page, not by the
// address space).
type psem struct {
	count   uint32
	waiters uint32
}

// semWait takes one unit, sleeping in the kernel (S, futex) while there is
// none.
func semWait(s *psem) {
	for {
		if v := atomic.LoadUint32(&s.count); v > 0 {
			if atomic.CompareAndSwapUint32(&s.count, v, v-1) {
				return
			}
			continue
		}
		atomic.AddUint32(&s.waiters, 1)
		futex(&s.count, futexWait, 0) // returns at once if count is no longer 0
		atomic.AddUint32(&s.waiters, ^uint32(0))
	}
}

// semPost gives one unit back and wakes a sleeper if there is one.
func semPost(s *psem) {
	atomic.AddUint32(&s.count, 1)
	if atomic.LoadUint32(&s.waiters) > 0 {
		futex(&s.count, futexWake, 1)
	}
}

// shmLayout is the mapped memory of the demo.
type shmLayout struct {
	mem          []byte
	empty, full  *psem
	phase, done  *uint32
	sum, vcsw    *uint64
	ready        *uint32
	slots, chunk int
}

func mapShm(fd, slots, chunk int) (*shmLayout, error) {
	mem, err := unix.Mmap(fd, 0, shmHeader+slots*chunk, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	return &shmLayout{mem: mem, slots: slots, chunk: chunk,
		empty: (*psem)(unsafe.Pointer(&mem[shmEmpty])), full: (*psem)(unsafe.Pointer(&mem[shmFull])),
		phase: (*uint32)(unsafe.Pointer(&mem[shmPhase])), done: (*uint32)(unsafe.Pointer(&mem[shmDone])),
		sum: (*uint64)(unsafe.Pointer(&mem[shmSum])), vcsw: (*uint64)(unsafe.Pointer(&mem[shmVCSW])),
		ready: (*uint32)(unsafe.Pointer(&mem[shmReady]))}, nil
}

func (l *shmLayout) slot(i int) []byte {
	off := shmHeader + (i%l.slots)*l.chunk
	return l.mem[off : off+l.chunk]
}

// waitWord sleeps on a futex until *p == want.
func waitWord(p *uint32, want uint32) {
	for {
		v := atomic.LoadUint32(p)
		if v == want {
			return
		}
		futex(p, futexWait, v)
	}
}

func setWord(p *uint32, v uint32) {
	atomic.StoreUint32(p, v)
	futex(p, futexWake, 1<<30)
}

// checksum adds up b as little-endian 64-bit words (len(b) is a multiple
// of 8), mixing in the position so that reordered chunks do not match.
func checksum(sum uint64, b []byte) uint64 {
	for i := 0; i+8 <= len(b); i += 8 {
		w := uint64(b[i]) | uint64(b[i+1])<<8 | uint64(b[i+2])<<16 | uint64(b[i+3])<<24 |
			uint64(b[i+4])<<32 | uint64(b[i+5])<<40 | uint64(b[i+6])<<48 | uint64(b[i+7])<<56
		sum = sum*31 + w
	}
	return sum
}

// fillChunk writes chunk i's bytes into b: the same pattern with the
// chunk's number in its first 8 bytes.
func fillChunk(b []byte, i int) {
	for j := 8; j < len(b); j++ {
		b[j] = byte(j*7 + 3)
	}
	for j := 0; j < 8; j++ {
		b[j] = byte(i >> (8 * j))
	}
}

// selfVCSW is this process's voluntary context switches so far.
func selfVCSW() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	const key = "voluntary_ctxt_switches:"
	for line := range bytes.Lines(b) {
		if rest, ok := bytes.CutPrefix(line, []byte(key)); ok {
			n, _ := strconv.ParseUint(string(bytes.TrimSpace(rest)), 10, 64)
			return n
		}
	}
	return 0
}

// runShmSem moves mb MiB to a child through shared memory and then through
// a pipe, and reports the time and the throughput of each.
func runShmSem(a []int64) error {
	mb, chunkKiB, slots := a[0], a[1], int(a[2])
	chunk := int(chunkKiB) << 10
	total := int(mb) << 20
	chunks := (total + chunk - 1) / chunk
	fd, err := unix.MemfdCreate("pl-shm", unix.MFD_CLOEXEC)
	if err != nil {
		return err
	}
	if err := unix.Ftruncate(fd, int64(shmHeader+slots*chunk)); err != nil {
		return err
	}
	l, err := mapShm(fd, slots, chunk)
	if err != nil {
		return err
	}
	l.empty.count = uint32(slots)
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return err
	}
	pid, err := startWorkerFDs("shm-reader", []int{fd, p[0]}, mb, chunkKiB, int64(slots))
	if err != nil {
		return err
	}
	report(Report{Kind: "fork", Child: pid})
	unix.Close(p[0])
	waitWord(l.ready, 1)
	src := make([]byte, chunk)

	for phase := uint32(1); phase <= 2; phase++ {
		mode := map[uint32]string{1: "shm", 2: "pipe"}[phase]
		var sum uint64
		v0 := selfVCSW()
		t0 := time.Now()
		setWord(l.phase, phase)
		for i := 0; i < chunks; i++ {
			n := min(chunk, total-i*chunk)
			fillChunk(src[:n], i)
			sum = checksum(sum, src[:n])
			if phase == 1 {
				semWait(l.empty)
				copy(l.slot(i), src[:n])
				semPost(l.full)
				continue
			}
			for off := 0; off < n; {
				k, err := unix.Write(p[1], src[off:n])
				if err == unix.EINTR {
					continue
				}
				if err != nil {
					return fmt.Errorf("pipe write: %v", err)
				}
				off += k
			}
		}
		waitWord(l.done, phase)
		el := time.Since(t0)
		vcsw := int64(selfVCSW() - v0)
		ok := atomic.LoadUint64(l.sum) == sum
		report(Report{Kind: "shm", Mode: mode, Bytes: int64(total), ElapsedMS: float64(el.Microseconds()) / 1000,
			IPC: &IPCReport{MBps: float64(total) / el.Seconds() / 1e6, ChunkKiB: chunkKiB, OK: ok,
				WriterVCSW: vcsw, ReaderVCSW: int64(atomic.LoadUint64(l.vcsw))}})
	}
	setWord(l.phase, shmEnd)
	unix.Close(p[1])
	var ws unix.WaitStatus
	for {
		if _, err := unix.Wait4(pid, &ws, 0, nil); err != unix.EINTR {
			break
		}
	}
	report(reapedReport(pid, statusOf(ws)))
	forever()
	return nil
}

// runShmReader maps the shared memory (fd 3) and, for each phase the
// writer starts, receives the mb MiB (from the slots, or from the pipe on
// fd 4), then publishes its checksum and its context switches.
func runShmReader(a []int64) error {
	mb, chunkKiB, slots := a[0], a[1], int(a[2])
	chunk := int(chunkKiB) << 10
	total := int(mb) << 20
	chunks := (total + chunk - 1) / chunk
	l, err := mapShm(3, slots, chunk)
	if err != nil {
		return err
	}
	setWord(l.ready, 1)
	dst := make([]byte, chunk)
	for phase := uint32(1); phase <= 2; phase++ {
		waitWord(l.phase, phase)
		v0 := selfVCSW()
		var sum uint64
		for i := 0; i < chunks; i++ {
			n := min(chunk, total-i*chunk)
			if phase == 1 {
				semWait(l.full)
				copy(dst[:n], l.slot(i))
				semPost(l.empty)
			} else {
				for off := 0; off < n; {
					k, err := unix.Read(4, dst[off:n])
					if err == unix.EINTR {
						continue
					}
					if err != nil || k == 0 {
						return fmt.Errorf("pipe read: %v (after %d bytes)", err, i*chunk+off)
					}
					off += k
				}
			}
			sum = checksum(sum, dst[:n])
		}
		atomic.StoreUint64(l.vcsw, selfVCSW()-v0)
		atomic.StoreUint64(l.sum, sum)
		setWord(l.done, phase)
	}
	return nil
}

// startWorkerFDs is startWorker with several extra files: fds[i] becomes
// file descriptor 3+i of the child.
func startWorkerFDs(name string, fds []int, args ...int64) (int, error) {
	argv := []string{"proclab", "worker", name}
	for _, a := range args {
		argv = append(argv, strconv.FormatInt(a, 10))
	}
	files := []uintptr{0, 1, 2}
	for _, fd := range fds {
		files = append(files, uintptr(fd))
	}
	return syscall.ForkExec("/proc/self/exe", argv, &syscall.ProcAttr{
		Dir: "/", Env: os.Environ(), Files: files,
		Sys: &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL},
	})
}
