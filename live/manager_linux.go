//go:build linux

package live

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Manager starts, watches and ends the lab's processes. All its state is
// owned by one goroutine (see doc.go); it is safe for concurrent use.
type Manager struct {
	cfg     Config
	unavail error
	start   time.Time
	labPID  int
	marker  string     // PROCLAB_LAB value: "<pid>.<starttime>"
	state   *stateFile // nil: no state file (New logged why); owned by the owner goroutine
	cg      *cgroups   // nil: no memory cgroups; owned by the owner goroutine
	wakeFD  int        // eventfd that wakes the owner's poll
	reqs    chan request
	reports chan Report
	hub     hub
	closing atomic.Bool
	// sampleRounds and sampleNanos count the sampler's rounds and the
	// time they took (for SamplerStats).
	sampleRounds, sampleNanos atomic.Int64
	done                      chan struct{}
	once                      sync.Once
}

type request struct {
	fn   func(o *owner)
	done chan struct{}
}

// New starts a Manager: it checks that the live lab can run here, kills
// what lab servers that died recorded in their state files (see
// cleanup_linux.go), opens its own, and starts the owner goroutine.
// It never fails: if the lab cannot run, Available says why and every
// action returns ErrUnavailable.
func New(cfg Config) *Manager {
	cfg.defaults()
	m := &Manager{cfg: cfg, start: time.Now(), labPID: os.Getpid(), done: make(chan struct{}),
		reqs: make(chan request, 64), reports: make(chan Report, 1024), wakeFD: -1}
	if err := m.check(); err != nil {
		m.unavail = fmt.Errorf("%w: %v", ErrUnavailable, err)
		close(m.done)
		return m
	}
	st, err := readStat(m.labPID)
	if err != nil {
		m.unavail = fmt.Errorf("%w: reading /proc/self/stat: %v", ErrUnavailable, err)
		close(m.done)
		return m
	}
	m.marker = strconv.Itoa(m.labPID) + "." + strconv.FormatUint(st.starttime, 10)
	if n := cleanLeftovers(cfg.StateDir, m.marker); n > 0 {
		cfg.Logger.Warn("live lab: killed processes left by a lab server that died", "count", n)
	}
	if m.state, err = openStateFile(cfg.StateDir, m.marker); err != nil {
		cfg.Logger.Warn("live lab: no state file, so a crash of this server may leave processes that the next start cannot prove are its own", "err", err)
	}
	if cfg.CgroupDir != "" {
		if m.cg, err = openCgroups(cfg.CgroupDir, m.marker, cfg.MemTotal); err != nil {
			cfg.Logger.Warn("live lab: memory cgroups cannot be used; the caps rest on the workloads' bounded allocations and RLIMIT_DATA", "err", err)
		}
	}
	ready := make(chan struct{})
	go m.own(ready)
	<-ready
	return m
}

// check reports why the live lab cannot run here, or nil.
func (m *Manager) check() error {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		return errors.New("/proc is not mounted")
	}
	if _, err := os.Stat(m.cfg.Exe); err != nil {
		return fmt.Errorf("cannot find the binary to run workers: %v", err)
	}
	fd, err := unix.PidfdOpen(os.Getpid(), 0)
	if err != nil {
		return fmt.Errorf("pidfd_open is not available (Linux 5.3 or later is needed): %v", err)
	}
	unix.Close(fd)
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return fmt.Errorf("eventfd: %v", err)
	}
	m.wakeFD = efd
	return nil
}

// Available returns nil if the live lab can run here, or an error (wrapping
// ErrUnavailable) that says why not.
func (m *Manager) Available() error { return m.unavail }

// Limits returns the caps in force.
func (m *Manager) Limits() Limits {
	return Limits{PerOwner: m.cfg.PerOwner, Total: m.cfg.Total, MemPerOwnerBytes: m.cfg.MemPerOwner, MemTotalBytes: m.cfg.MemTotal,
		LifetimeSec: int64(m.cfg.Lifetime / time.Second), CPUSeconds: m.cfg.CPUSeconds, DataBytes: m.cfg.DataBytes,
		IntervalMS: m.cfg.Interval.Milliseconds(), FastMS: m.cfg.FastInterval.Milliseconds(), MemCgroup: m.cg != nil}
}

// SinceStartMS returns the lab clock: milliseconds since the Manager started.
// SamplerStats returns how many sampling rounds the lab made and the
// time they took in all: the cost of watching the processes through /proc.
// Safe for concurrent use.
func (m *Manager) SamplerStats() (rounds int64, busy time.Duration) {
	return m.sampleRounds.Load(), time.Duration(m.sampleNanos.Load())
}

func (m *Manager) SinceStartMS() int64 { return time.Since(m.start).Milliseconds() }

// do runs fn on the owner goroutine and waits for it.
func (m *Manager) do(fn func(o *owner)) error {
	if m.unavail != nil {
		return m.unavail
	}
	r := request{fn: fn, done: make(chan struct{})}
	select {
	case m.reqs <- r:
	case <-m.done:
		return ErrClosed
	}
	m.wake()
	select {
	case <-r.done:
		return nil
	case <-m.done:
		return ErrClosed
	}
}

func (m *Manager) wake() {
	var one = [8]byte{1}
	_, _ = unix.Write(m.wakeFD, one[:])
}

// Spawn starts a whitelisted workload for client (the identity its
// processes belong to) with integer arguments by name, and returns the PID
// of its first process. Unknown workloads, bad arguments and full caps
// (processes or bytes) are errors; nothing is started then.
func (m *Manager) Spawn(client, workload string, args map[string]int64) (int, error) {
	if m.unavail != nil {
		return 0, m.unavail
	}
	w, ok := workloads[workload]
	if !ok {
		return 0, fmt.Errorf("%w %q (known: %s)", ErrUnknownWorkload, truncate(workload, 40), strings.Join(workloadNames(), ", "))
	}
	vals, err := w.Check(args)
	if err != nil {
		return 0, err
	}
	if w.blkio {
		if err := blkioUsable(); err != nil {
			return 0, fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
	}
	var pid int
	if err2 := m.do(func(o *owner) { pid, err = o.spawn(client, w, vals) }); err2 != nil {
		return 0, err2
	}
	return pid, err
}

// SignalNumber returns the signal a client may send by that name ("STOP",
// "SIGSTOP", "stop"), or ErrBadSignal.
func SignalNumber(name string) (syscall.Signal, error) {
	up := strings.TrimPrefix(strings.ToUpper(name), "SIG")
	switch up {
	case "STOP":
		return syscall.SIGSTOP, nil
	case "CONT":
		return syscall.SIGCONT, nil
	case "TERM":
		return syscall.SIGTERM, nil
	case "KILL":
		return syscall.SIGKILL, nil
	case "INT":
		return syscall.SIGINT, nil
	case "USR1":
		return syscall.SIGUSR1, nil
	case "HUP":
		return syscall.SIGHUP, nil
	case "TSTP":
		return syscall.SIGTSTP, nil
	}
	return 0, fmt.Errorf("%w: %q (allowed: %s)", ErrBadSignal, truncate(name, 20), strings.Join(Signals, ", "))
}

// Signal sends a signal (one of Signals) to a lab process that a may act
// on (ErrNotOwner otherwise).
func (m *Manager) Signal(a Actor, pid int, name string) error {
	sig, err := SignalNumber(name)
	if err != nil {
		return err
	}
	if err2 := m.do(func(o *owner) { err = o.signal(a, pid, sig) }); err2 != nil {
		return err2
	}
	return err
}

// Reap collects a zombie that a may act on: the lab's own child directly,
// a grandchild by asking its parent (a forker) to wait for it.
func (m *Manager) Reap(a Actor, pid int) error {
	var err error
	if err2 := m.do(func(o *owner) { err = o.reap(a, pid) }); err2 != nil {
		return err2
	}
	return err
}

// Trace ptrace-seizes a lab process that a may act on and stops it (t).
func (m *Manager) Trace(a Actor, pid int) error {
	var err error
	if err2 := m.do(func(o *owner) { err = o.trace(a, pid) }); err2 != nil {
		return err2
	}
	return err
}

// Resume detaches from a traced process that a may act on; it runs on.
func (m *Manager) Resume(a Actor, pid int) error {
	var err error
	if err2 := m.do(func(o *owner) { err = o.resume(a, pid) }); err2 != nil {
		return err2
	}
	return err
}

// KillAll kills every process group a may act on (a teacher: every one)
// and returns how many it killed. They are reaped as they die.
func (m *Manager) KillAll(a Actor) int {
	n := 0
	_ = m.do(func(o *owner) { n = o.killWhere(func(g *group) bool { return a.Teacher || g.owner == a.Client }) })
	return n
}

// KillOwner is called when a client goes: it kills everything the client
// started, and detaches from the processes of other clients that it traced
// (they run on: they are not its to end). It returns how many process
// groups it killed.
func (m *Manager) KillOwner(client string) int {
	n := 0
	_ = m.do(func(o *owner) {
		n = o.killWhere(func(g *group) bool { return g.owner == client })
		o.releaseTraces(client)
		delete(o.watched, client)
	})
	return n
}

// Processes returns every lab process, sorted by PID.
func (m *Manager) Processes() []Process {
	out := []Process{}
	_ = m.do(func(o *owner) { out = o.snapshot() })
	return out
}

// Watch asks for fast sampling of up to 32 processes on owner's screen
// (replacing owner's earlier list).
func (m *Manager) Watch(client string, pids []int) error {
	if len(pids) > 32 {
		return fmt.Errorf("%w: watch at most 32 processes", ErrBadArgs)
	}
	var err error
	if err2 := m.do(func(o *owner) {
		set := map[int]bool{}
		for _, pid := range pids {
			if _, ok := o.procs[pid]; !ok {
				err = fmt.Errorf("%w: %d", ErrForeign, pid)
				return
			}
			set[pid] = true
		}
		o.watched[client] = set
	}); err2 != nil {
		return err2
	}
	return err
}

// Subscribe returns a subscription to every Update, with buf Updates of
// slack. Close it when done.
func (m *Manager) Subscribe(buf int) *Subscription { return m.hub.add(buf) }

// Close kills every lab process, reaps them, and stops the owner. It waits
// at most a few seconds.
func (m *Manager) Close() {
	m.once.Do(func() {
		if m.unavail != nil {
			m.hub.closeAll()
			return
		}
		m.closing.Store(true)
		m.wake()
		<-m.done
		m.hub.closeAll()
		unix.Close(m.wakeFD)
	})
}

// own is the owner goroutine. It never unlocks its thread: Pdeathsig
// belongs to the thread that started a child (live-notes §0.6), so that
// thread must live as long as the children.
func (m *Manager) own(ready chan<- struct{}) {
	runtime.LockOSThread()
	o := newOwner(m)
	close(ready)
	defer close(m.done)
	o.loop()
}

// readReports forwards one worker's report lines to the owner until EOF.
func (m *Manager) readReports(f *os.File) {
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 4096), 4096)
	for sc.Scan() {
		var r Report
		if json.Unmarshal(sc.Bytes(), &r) != nil || !r.sane() {
			continue
		}
		select {
		case m.reports <- r:
			m.wake()
		default: // the owner is far behind: drop it
		}
	}
}

func workloadNames() []string {
	var out []string
	for _, w := range Workloads() {
		out = append(out, w.Name)
	}
	return out
}

// readStat reads and parses /proc/PID/stat once.
func readStat(pid int) (statFields, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return statFields{}, err
	}
	return parseStat(b, true)
}
