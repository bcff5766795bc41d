//go:build linux

package live

import (
	"fmt"
	"os"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// pacer keeps a loop at rate KiB/s (0 = unlimited) by sleeping.
type pacer struct {
	start time.Time
	rate  int64 // bytes per second
}

func (p *pacer) wait(total int64) {
	if p.rate <= 0 {
		return
	}
	due := p.start.Add(time.Duration(float64(total) / float64(p.rate) * float64(time.Second)))
	if d := time.Until(due); d > 0 {
		sleepMS(max(1, d.Milliseconds()))
	}
}

// pipeReporter reports the bytes moved by one side every 500 ms.
type pipeReporter struct {
	side  string
	last  time.Time
	lastN int64
	fd    int
}

func (r *pipeReporter) maybe(total int64) {
	now := time.Now()
	if now.Sub(r.last) < 500*time.Millisecond {
		return
	}
	rate := float64(total-r.lastN) / 1024 / now.Sub(r.last).Seconds()
	report(Report{Kind: "pipe", Side: r.side, Bytes: total, RateKBps: rate, Queued: r.queued()})
	r.last, r.lastN = now, total
}

// final reports the side's last count, before it closes its end, with the
// bytes still in the pipe: a writer that is done may leave a full pipe for
// its reader, and a reader at end-of-file leaves it empty.
func (r *pipeReporter) final(total int64) {
	report(Report{Kind: "pipe", Side: r.side, Bytes: total, Queued: r.queued()})
}

// queued is the number of bytes in the pipe (FIONREAD, on either end).
func (r *pipeReporter) queued() int64 {
	q, _ := unix.IoctlGetInt(r.fd, unix.TIOCINQ)
	return int64(q)
}

// runPipeWriter starts a reader child on a pipe and writes into it at
// write_kbps; a slower reader leaves it blocked on the full pipe.
func runPipeWriter(a []int64) error {
	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_CLOEXEC); err != nil {
		return err
	}
	rpid, err := startWorker("pipe-reader", p[0], a[1])
	if err != nil {
		return err
	}
	report(Report{Kind: "fork", Child: rpid}) // known before it reports (see runSocket)
	unix.Close(p[0])
	chunk := make([]byte, 4096)
	pc := pacer{start: time.Now(), rate: a[0] * 1024}
	rep := pipeReporter{side: "writer", last: time.Now(), fd: p[1]}
	var total int64
	for {
		n, err := unix.Write(p[1], chunk)
		if err == unix.EINTR {
			continue
		}
		if err != nil { // EPIPE: the reader is gone
			rep.final(total)
			forever()
		}
		total += int64(n)
		rep.maybe(total)
		pc.wait(total)
	}
}

// runPipeReader reads fd 3 at read_kbps.
func runPipeReader(a []int64) error {
	buf := make([]byte, 4096)
	pc := pacer{start: time.Now(), rate: a[0] * 1024}
	rep := pipeReporter{side: "reader", last: time.Now(), fd: 3}
	var total int64
	for {
		n, err := unix.Read(3, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 {
			rep.final(total)
			os.Exit(0)
		}
		total += int64(n)
		rep.maybe(total)
		pc.wait(total)
	}
}

var sockTypes = [...]struct {
	typ  int
	name string
}{{unix.SOCK_STREAM, "STREAM"}, {unix.SOCK_DGRAM, "DGRAM"}, {unix.SOCK_SEQPACKET, "SEQPACKET"}}

// The messages the socket demo sends: fixed, never from a client.
var sockMessages = []string{"one", "two!", "three"}

// runSocket sends three messages over a socketpair to a child that reads
// them late, and reports what was sent; the child reports what it read.
func runSocket(a []int64) error {
	st := sockTypes[a[0]]
	fds, err := unix.Socketpair(unix.AF_UNIX, st.typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	pid, err := startWorker("sock-recv", fds[1], a[0], a[1])
	if err != nil {
		return err
	}
	// Tell the lab about the receiver now: its own report, 100 ms from now,
	// is dropped if the lab does not know its PID yet (the proc connector's
	// fork event can come later than that on a loaded machine).
	report(Report{Kind: "fork", Child: pid})
	unix.Close(fds[1])
	sizes := []int{}
	for _, m := range sockMessages {
		n, err := unix.Write(fds[0], []byte(m))
		if err != nil {
			return fmt.Errorf("send: %v", err)
		}
		sizes = append(sizes, n)
		sleepMS(2)
	}
	report(Report{Kind: "socket", Side: "sender", Type: st.name, Messages: sockMessages, Sizes: sizes})
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

// runSockRecv waits delay_ms, then reads with recv(100) until all the bytes
// sent have arrived, and reports each read.
func runSockRecv(a []int64) error {
	st := sockTypes[a[0]]
	sleepMS(a[1])
	want := 0
	for _, m := range sockMessages {
		want += len(m)
	}
	var got []string
	var sizes []int
	buf := make([]byte, 100)
	for n := 0; n < want && len(got) < 16; {
		k, _, err := unix.Recvfrom(3, buf, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil || (k == 0 && st.typ == unix.SOCK_STREAM) {
			break
		}
		got = append(got, string(buf[:k]))
		sizes = append(sizes, k)
		n += k
	}
	report(Report{Kind: "socket", Side: "receiver", Type: st.name, Messages: got, Sizes: sizes})
	return nil
}

// Shared page layout for the race demo (one memfd page, MAP_SHARED).
const (
	offCounter = 0
	offStart   = 64
	offLock    = 128
	offReady   = 192
	offGo      = 256
)

var raceModes = [...]string{"plain", "atomic", "lock"}

// runRace starts procs incrementers on one shared counter, starts them
// together, waits for them and reports expected, actual and lost updates.
func runRace(a []int64) error {
	procs, iters, mode, holdUS, startMS := a[0], a[1], a[2], a[3], a[4]
	fd, err := unix.MemfdCreate("pl-race", 0)
	if err != nil {
		return err
	}
	if err := unix.Ftruncate(fd, 4096); err != nil {
		return err
	}
	mem, err := unix.Mmap(fd, 0, 4096, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return err
	}
	kids := map[int]bool{}
	for i := int64(0); i < procs; i++ {
		pid, err := startWorker("inc", fd, mode, iters, holdUS)
		if err != nil {
			return err
		}
		kids[pid] = true
		report(Report{Kind: "fork", Child: pid})
	}
	ready := (*uint32)(unsafe.Pointer(&mem[offReady]))
	start := (*uint32)(unsafe.Pointer(&mem[offStart]))
	sleepMS(startMS)
	for deadline := time.Now().Add(10 * time.Second); atomic.LoadUint32(ready) < uint32(procs) && time.Now().Before(deadline); {
		sleepMS(1)
	}
	report(Report{Kind: "race", Phase: "start", Mode: raceModes[mode], Procs: procs, Iters: iters, Expected: procs * iters})
	atomic.StoreUint32(start, 1)
	futex(start, futexWake, 1<<30)
	sleepMS(20) // the children spin on the go flag meanwhile
	t0 := time.Now()
	atomic.StoreUint32((*uint32)(unsafe.Pointer(&mem[offGo])), 1)
	reapChildren(kids)
	el := time.Since(t0)
	actual := atomic.LoadInt64((*int64)(unsafe.Pointer(&mem[offCounter])))
	report(Report{Kind: "race", Phase: "done", Mode: raceModes[mode], Procs: procs, Iters: iters,
		Expected: procs * iters, Actual: actual, Lost: procs*iters - actual, ElapsedMS: float64(el.Microseconds()) / 1000})
	forever()
	return nil
}

// runInc maps the shared page (fd 3), waits for the start signal, and
// increments the counter iters times in the given mode.
func runInc(a []int64) error {
	mode, iters, holdUS := a[0], a[1], a[2]
	mem, err := unix.Mmap(3, 0, 4096, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return err
	}
	counter := (*int64)(unsafe.Pointer(&mem[offCounter]))
	start := (*uint32)(unsafe.Pointer(&mem[offStart]))
	lk := (*uint32)(unsafe.Pointer(&mem[offLock]))
	atomic.AddUint32((*uint32)(unsafe.Pointer(&mem[offReady])), 1)
	for atomic.LoadUint32(start) == 0 {
		futex(start, futexWait, 0)
	}
	// The futex wakes them all on the parent's CPU; spinning for the go
	// flag lets the kernel spread them over the CPUs first, so that the
	// increments really overlap.
	goFlag := (*uint32)(unsafe.Pointer(&mem[offGo]))
	for t0 := time.Now(); atomic.LoadUint32(goFlag) == 0 && time.Since(t0) < 2*time.Second; {
	}
	hold := unix.NsecToTimespec(holdUS * 1000)
	switch mode {
	case 0:
		incPlain(counter, iters)
	case 1:
		for i := int64(0); i < iters; i++ {
			atomic.AddInt64(counter, 1)
		}
	case 2:
		for i := int64(0); i < iters; i++ {
			lock(lk)
			incPlain(counter, 1)
			if holdUS > 0 {
				_ = unix.Nanosleep(&hold, nil)
			}
			unlock(lk)
		}
	}
	return nil
}

// incPlain adds 1 to *p n times, each time as three separate steps: load
// the counter into a register, add 1 to the register, store it back. Two
// processes lose updates when one stores between the other's load and
// store: when they run at the same moment on two CPUs, and also on one CPU,
// when the scheduler preempts one between its load and its store (a
// single INCQ on memory, which the compiler makes of a plain *p++, can be
// split only by a second CPU, never by a preemption: live-notes §6). The
// load and the store are calls that are never inlined, so that the
// compiler cannot fuse them into one instruction; they also make each
// increment last long enough that a run of a few million spans many of the
// scheduler's time slices on a loaded machine (docs/live-truth.md).
//
//go:noinline
//go:norace
func incPlain(p *int64, n int64) {
	for i := int64(0); i < n; i++ {
		v := loadCounter(p)
		storeCounter(p, v+1)
	}
}

//go:noinline
//go:norace
func loadCounter(p *int64) int64 { return *p }

//go:noinline
//go:norace
func storeCounter(p *int64, v int64) { *p = v }

// futex is FUTEX_WAIT or FUTEX_WAKE on a word shared between processes
// (not FUTEX_PRIVATE).
func futex(addr *uint32, op int, val uint32) {
	_, _, _ = syscall.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), uintptr(op), uintptr(val), 0, 0, 0)
}

// lock and unlock are Drepper's futex mutex ("Futexes are tricky", mutex
// 2): 0 free, 1 locked, 2 locked with waiters. Waiters sleep in the kernel
// (S, futex_do_wait).
func lock(p *uint32) {
	c := uint32(0)
	if atomic.CompareAndSwapUint32(p, 0, 1) {
		return
	}
	c = atomic.LoadUint32(p)
	if c != 2 {
		c = atomic.SwapUint32(p, 2)
	}
	for c != 0 {
		futex(p, futexWait, 2)
		c = atomic.SwapUint32(p, 2)
	}
}

func unlock(p *uint32) {
	if atomic.SwapUint32(p, 0) == 2 {
		futex(p, futexWake, 1)
	}
}

// futex operations (x/sys has no names for them).
const (
	futexWait = 0
	futexWake = 1
)
