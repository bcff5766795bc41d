//go:build linux

package live

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"proclab/sim"
)

// owner is the state only the owner goroutine touches.
type owner struct {
	m       *Manager
	procs   map[int]*proc
	groups  map[int]*group // live process groups, by PGID
	pgids   map[int]*group // every group the lab made, kept an hour after it ended (to adopt strays)
	watched map[string]map[int]bool
	pending Update
	buf     []byte
	pfds    []unix.PollFd
	pollOf  []*proc

	lastFull, lastFast, lastSmaps, lastSlow time.Time
	urgent                                  time.Time // sample the hot processes at this time
	strayUntil                              time.Time // look for strays at every full sample until then
	lastStrays                              time.Time
	subreaper                               bool
	conn                                    *procConnector // fork/exit events (nil: workers' reports only)
	cgLeft                                  []string       // cgroups of ended groups still to remove
}

// group is one spawn: a process group whose leader the lab started.
type group struct {
	pgid     int
	owner    string
	workload *Workload
	weight   int   // processes counted against the caps while the group lives
	bytes    int64 // memory counted against the caps while the group lives (Workload.Bytes)
	started  time.Time
	members  int
	leader   *proc
	killed   bool
	ended    time.Time
	cgroup   string // its memory cgroup ("" without Config.CgroupDir)
}

// proc is one tracked process.
type proc struct {
	Process
	g          *group
	pidfd      int
	statFD     int
	statusFD   int
	ctl        *os.File // write end of a direct worker's stdin
	adopted    bool     // its parent is now the lab server (an orphan): reap it like init would
	killReap   bool     // the lab killed it: reap it as soon as it exits
	exitSeen   bool     // the exit event went out
	goneAt     time.Time
	hotUntil   time.Time
	tracer     string // the client that traced it ("" when not traced)
	lastSig    syscall.Signal
	lastSigAt  time.Time
	lastStatus time.Time
	lastStat   []byte
	pubVCSW    uint64
	pubNVCSW   uint64
	starttime  uint64
	forks      bool
	// parked: the last sample read R -> S in the futex, not yet believed
	// (sampler_linux.go, sample: a Go worker's leader parks there for
	// microseconds whenever its locked goroutine is preempted).
	parked bool
}

func newOwner(m *Manager) *owner {
	now := time.Now()
	return &owner{m: m, procs: map[int]*proc{}, groups: map[int]*group{}, pgids: map[int]*group{},
		watched: map[string]map[int]bool{}, buf: make([]byte, 4096),
		lastFull: now, lastFast: now, lastSmaps: now, lastSlow: now}
}

func (o *owner) now() int64 { return time.Since(o.m.start).Milliseconds() }

func (o *owner) emit(ev Event) {
	ev.TimeMS = o.now()
	if ev.To != sim.StateNone && ev.Letter == "" {
		ev.Letter = ev.To.Letter()
	}
	o.pending.Events = append(o.pending.Events, ev)
}

func (o *owner) publish() {
	if o.pending.empty() {
		return
	}
	o.pending.TimeMS = o.now()
	o.m.hub.publish(o.pending)
	o.pending = Update{}
}

// loop polls the wake eventfd and every live pidfd, serves requests, and
// samples on time, until Close.
func (o *owner) loop() {
	var closeDeadline time.Time
	for {
		if o.m.closing.Load() {
			if closeDeadline.IsZero() {
				closeDeadline = time.Now().Add(3 * time.Second)
				o.killWhere(func(*group) bool { return true })
			}
			o.adoptStrays()
			if len(o.procs) == 0 || time.Now().After(closeDeadline) {
				o.shutdown()
				return
			}
		}
		o.pollOnce()
		o.drain()
		now := time.Now()
		switch {
		case now.Sub(o.lastFull) >= o.m.cfg.Interval:
			o.lastFull, o.lastFast = now, now
			o.sampleAll(now, true)
			if o.subreaper && now.Before(o.strayUntil) {
				o.adoptStrays() // killed workers' children, re-parented to the lab
			}
		case o.anyHot(now) && (now.Sub(o.lastFast) >= o.m.cfg.FastInterval || (!o.urgent.IsZero() && !now.Before(o.urgent))):
			o.lastFast = now
			o.sampleAll(now, false)
		}
		if !o.urgent.IsZero() && !now.Before(o.urgent) {
			o.urgent = time.Time{}
		}
		if now.Sub(o.lastSmaps) >= 500*time.Millisecond {
			o.lastSmaps = now
			o.sampleSmaps()
		}
		if now.Sub(o.lastSlow) >= time.Second {
			o.lastSlow = now
			o.slowChores(now)
		}
		o.publish()
	}
}

// pollOnce waits for a request, a report, an exit, or the next sample.
func (o *owner) pollOnce() {
	now := time.Now()
	next := o.lastFull.Add(o.m.cfg.Interval)
	if o.anyHot(now) {
		if f := o.lastFast.Add(o.m.cfg.FastInterval); f.Before(next) {
			next = f
		}
	}
	if !o.urgent.IsZero() && o.urgent.Before(next) {
		next = o.urgent
	}
	timeout := int((time.Until(next) + time.Millisecond - 1) / time.Millisecond) // round up: never spin
	if o.m.closing.Load() {
		timeout = min(timeout, 10)
	}
	timeout = max(0, timeout)
	o.pfds = append(o.pfds[:0], unix.PollFd{Fd: int32(o.m.wakeFD), Events: unix.POLLIN})
	if o.conn != nil {
		o.pfds = append(o.pfds, unix.PollFd{Fd: int32(o.conn.fd), Events: unix.POLLIN})
	}
	first := len(o.pfds) // the pidfds start here
	o.pollOf = o.pollOf[:0]
	for _, p := range o.procs {
		if !p.Exited && p.pidfd >= 0 {
			o.pfds = append(o.pfds, unix.PollFd{Fd: int32(p.pidfd), Events: unix.POLLIN})
			o.pollOf = append(o.pollOf, p)
		}
	}
	n, err := unix.Poll(o.pfds, timeout)
	if err != nil || n == 0 { // EINTR (SIGCHLD, SIGURG) or time: the caller decides
		return
	}
	if o.pfds[0].Revents != 0 {
		var b [8]byte
		_, _ = unix.Read(o.m.wakeFD, b[:])
	}
	if o.conn != nil && o.pfds[1].Revents != 0 {
		o.connectorEvents()
	}
	for i, p := range o.pollOf {
		if o.pfds[first+i].Revents != 0 {
			o.exited(p)
		}
	}
}

// connectorEvents tracks a lab process's child the moment the kernel
// reports its fork (threads are left out), says when one calls execve,
// and samples a lab process the moment it exits (a grandchild has no pidfd
// to wake the owner).
func (o *owner) connectorEvents() {
	full := o.conn.drain(func(ev procEvent) {
		switch ev.what {
		case procEventFork:
			parent, ok := o.procs[ev.parentTgid]
			if !ok || ev.childPid != ev.childTgid {
				return
			}
			if _, known := o.procs[ev.childTgid]; !known {
				_, _ = o.track(ev.childTgid, -1, parent.g, parent.PID)
			}
		case procEventExec:
			if p, ok := o.procs[ev.tgid]; ok && !p.Direct && !p.Exited {
				// The lab's own spawns are said as "a fork and an exec";
				// a worker's child says its exec here.
				o.emit(Event{Kind: sim.EvExec, PID: p.PID, Image: imageOf(p.PID)})
				o.heat(p)
			}
		case procEventExit:
			if p, ok := o.procs[ev.tgid]; ok && p.pidfd < 0 {
				o.urgent = time.Now()
			}
		}
	})
	if !full {
		o.adoptStrays() // events were lost: look for children the slow way
	}
}

// drain serves queued requests and reports.
func (o *owner) drain() {
	for {
		select {
		case r := <-o.m.reqs:
			r.fn(o)
			close(r.done)
		case rep := <-o.m.reports:
			o.report(rep)
		default:
			return
		}
	}
}

func (o *owner) anyHot(now time.Time) bool {
	for _, set := range o.watched {
		if len(set) > 0 {
			return true
		}
	}
	for _, p := range o.procs {
		if now.Before(p.hotUntil) {
			return true
		}
	}
	return false
}

func (o *owner) isHot(p *proc, now time.Time) bool {
	if now.Before(p.hotUntil) {
		return true
	}
	for _, set := range o.watched {
		if set[p.PID] {
			return true
		}
	}
	return false
}

// heat makes p sampled at the fast rate for a second, and soon.
func (o *owner) heat(p *proc) {
	now := time.Now()
	p.hotUntil = now.Add(time.Second)
	if u := now.Add(2 * time.Millisecond); o.urgent.IsZero() || u.Before(o.urgent) {
		o.urgent = u
	}
}

// usage returns the processes and bytes counted against the caps: one
// client's and the whole lab's.
func (o *owner) usage(client string) (mine, all int, mineBytes, allBytes int64) {
	for _, g := range o.groups {
		all += g.weight
		allBytes += g.bytes
		if g.owner == client {
			mine += g.weight
			mineBytes += g.bytes
		}
	}
	return
}

// spawn starts one worker: /proc/self/exe worker NAME INT..., clean
// environment, own process group, Pdeathsig from this (never-exiting)
// thread, stdin = a control pipe, stdout+stderr = the report pipe.
func (o *owner) spawn(ownerID string, w *Workload, vals []int64) (int, error) {
	need, needBytes := w.Procs(vals), w.Bytes(vals)
	mine, all, mineBytes, allBytes := o.usage(ownerID)
	const MiB = 1 << 20
	switch {
	case mine+need > o.m.cfg.PerOwner:
		return 0, fmt.Errorf("%w: this client has %d of %d processes; %s needs %d", ErrLimit, mine, o.m.cfg.PerOwner, w.Name, need)
	case all+need > o.m.cfg.Total:
		return 0, fmt.Errorf("%w: the lab has %d of %d processes; %s needs %d", ErrLimit, all, o.m.cfg.Total, w.Name, need)
	case mineBytes+needBytes > o.m.cfg.MemPerOwner:
		return 0, fmt.Errorf("%w: this client's processes may use %d of %d MiB; %s may use %d MiB more", ErrLimit, mineBytes/MiB, o.m.cfg.MemPerOwner/MiB, w.Name, needBytes/MiB)
	case allBytes+needBytes > o.m.cfg.MemTotal:
		return 0, fmt.Errorf("%w: the lab's processes may use %d of %d MiB; %s may use %d MiB more", ErrLimit, allBytes/MiB, o.m.cfg.MemTotal/MiB, w.Name, needBytes/MiB)
	}
	if !o.subreaper {
		// Orphans (of the orphans demo, and the children of a worker the
		// lab killed) are re-parented to the lab server, which reaps them
		// at once and so stands in for PID 1.
		if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
			return 0, fmt.Errorf("%w: cannot become a subreaper: %v", ErrUnavailable, err)
		}
		o.subreaper = true
		if c, err := openProcConnector(); err == nil {
			o.conn = c // fork events as they happen; without it, workers report their forks
		}
	}
	argv := []string{"proclab", "worker", w.Name}
	for _, v := range vals {
		argv = append(argv, strconv.FormatInt(v, 10))
	}
	env := []string{"GOMAXPROCS=1", "GOTRACEBACK=single", envLab + "=" + o.m.marker,
		envCPU + "=" + strconv.Itoa(o.m.cfg.CPUSeconds), envData + "=" + strconv.FormatInt(o.m.cfg.DataBytes, 10)}
	var ctl, rep [2]int
	if err := unix.Pipe2(ctl[:], unix.O_CLOEXEC); err != nil {
		return 0, err
	}
	if err := unix.Pipe2(rep[:], unix.O_CLOEXEC); err != nil {
		unix.Close(ctl[0])
		unix.Close(ctl[1])
		return 0, err
	}
	pidfd := -1
	sys := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL, PidFD: &pidfd}
	cgPath := ""
	if o.m.cg != nil {
		path, fd, err := o.m.cg.group(needBytes)
		if err != nil {
			unix.Close(ctl[0])
			unix.Close(ctl[1])
			unix.Close(rep[0])
			unix.Close(rep[1])
			return 0, fmt.Errorf("making the memory cgroup of %s: %v", w.Name, err)
		}
		defer unix.Close(fd)
		cgPath, sys.UseCgroupFD, sys.CgroupFD = path, true, fd
	}
	pid, err := syscall.ForkExec(o.m.cfg.Exe, argv, &syscall.ProcAttr{
		Dir: "/", Env: env, Files: []uintptr{uintptr(ctl[0]), uintptr(rep[1]), uintptr(rep[1])}, Sys: sys,
	})
	unix.Close(ctl[0])
	unix.Close(rep[1])
	if err != nil {
		unix.Close(ctl[1])
		unix.Close(rep[0])
		if cgPath != "" {
			os.Remove(cgPath)
		}
		return 0, fmt.Errorf("starting worker %s: %v", w.Name, err)
	}
	if pidfd < 0 {
		if pidfd, err = unix.PidfdOpen(pid, 0); err != nil {
			pidfd = -1
		}
	}
	go o.m.readReports(os.NewFile(uintptr(rep[0]), "worker-reports"))
	g := &group{pgid: pid, owner: ownerID, workload: w, weight: need, bytes: needBytes, started: time.Now(), cgroup: cgPath}
	o.groups[pid] = g
	o.pgids[pid] = g
	p, err := o.track(pid, pidfd, g, o.m.labPID)
	if err != nil { // it died at once
		g.leader = nil
		unix.Close(ctl[1])
		return pid, nil
	}
	g.leader = p
	p.Direct = true
	p.forks = w.forks
	p.ctl = os.NewFile(uintptr(ctl[1]), "worker-control")
	o.heat(p)
	return pid, nil
}

// track starts watching pid, a member of g whose parent must be ppid.
// pidfd may be -1 (then it is opened here); it is closed on failure.
func (o *owner) track(pid, pidfd int, g *group, ppid int) (*proc, error) {
	if pidfd < 0 {
		var err error
		if pidfd, err = unix.PidfdOpen(pid, 0); err != nil {
			return nil, err
		}
	}
	dir := "/proc/" + strconv.Itoa(pid)
	statFD, err := unix.Open(dir+"/stat", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		unix.Close(pidfd)
		return nil, err
	}
	n, err := unix.Pread(statFD, o.buf, 0)
	var f statFields
	if err == nil {
		f, err = parseStat(o.buf[:n], true)
	}
	if err != nil || (f.ppid != ppid && f.ppid != o.m.labPID) {
		// Gone already, or the PID now names another process.
		unix.Close(statFD)
		unix.Close(pidfd)
		if err == nil {
			err = ErrForeign
		}
		return nil, err
	}
	statusFD, _ := unix.Open(dir+"/status", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	p := &proc{g: g, pidfd: pidfd, statFD: statFD, statusFD: statusFD, starttime: f.starttime}
	p.PID, p.PPID, p.PGID, p.Name, p.Workload, p.Owner = pid, f.ppid, f.pgrp, f.comm, g.workload.Name, g.owner
	p.StartedMS = o.now()
	p.Letter, p.State = string(f.state), stateOf(f.state)
	if waits(f.state) { // only a wait the lab knows: see sample
		o.learnWait(p)
	}
	p.Threads, p.UTicks, p.STicks, p.RSS = f.threads, f.utime, f.stime, f.rssPages*int64(os.Getpagesize())
	p.HasSmaps = g.workload.cow
	p.killReap = g.killed
	p.adopted = f.ppid == o.m.labPID && pid != g.pgid
	o.procs[pid] = p
	o.m.state.add(pid, f.starttime)
	g.members++
	o.readStatus(p, time.Now())
	o.emit(Event{Kind: sim.EvCreated, PID: pid, Other: f.ppid, Cause: sim.CauseFork})
	o.emit(Event{Kind: sim.EvState, PID: pid, From: sim.StateNone, To: p.State, Letter: p.Letter, Cause: sim.CauseFork})
	o.changed(p)
	if f.state == 'Z' {
		o.exited(p)
	}
	if g.killed {
		_ = unix.PidfdSendSignal(pidfd, unix.SIGKILL, nil, 0)
	}
	return p, nil
}

// lookup returns a live (not yet reaped) lab process that a may act on:
// ErrForeign if the lab does not track it, ErrNotOwner if another client
// started it and a is not a teacher.
func (o *owner) lookup(a Actor, pid int) (*proc, error) {
	p, ok := o.procs[pid]
	if !ok {
		return nil, fmt.Errorf("%w: PID %d", ErrForeign, pid)
	}
	if !a.Teacher && p.g.owner != a.Client {
		return nil, fmt.Errorf("%w: PID %d was started by another page or client; only it (or the teacher) may act on it", ErrNotOwner, pid)
	}
	return p, nil
}

func (o *owner) signal(a Actor, pid int, sig syscall.Signal) error {
	p, err := o.lookup(a, pid)
	if err != nil {
		return err
	}
	if err := unix.PidfdSendSignal(p.pidfd, sig, nil, 0); err != nil {
		return fmt.Errorf("%w: kill(%d, %v): %v", ErrState, pid, sig, err)
	}
	p.lastSig, p.lastSigAt = sig, time.Now()
	o.emit(Event{Kind: sim.EvSignalSent, PID: pid, Other: o.m.labPID, Value: int64(sig), Signal: sigName(sig)})
	o.heat(p)
	return nil
}

func sigName(s syscall.Signal) string { return SignalName(int(s)) }

// statusEvent fills an exit or reaped event with how the process ended:
// Value is the exit code, or, when a signal killed it, the signal's
// number with Signal its name; -1 when the lab could not see it.
func statusEvent(ev Event, ws WaitStatus) Event {
	switch {
	case !ws.Known:
		ev.Value = -1
	case ws.Killed():
		ev.Value, ev.Signal = int64(ws.Signal), SignalName(ws.Signal)
	default:
		ev.Value = int64(ws.Code)
	}
	return ev
}

// reap collects a zombie: the lab's own child with waitid, another's by
// asking its parent (a forker with reap=0) on its control pipe.
func (o *owner) reap(a Actor, pid int) error {
	p, err := o.lookup(a, pid)
	if err != nil {
		return err
	}
	if !p.Exited {
		return fmt.Errorf("%w: PID %d has not exited (state %s); only a zombie can be reaped", ErrState, pid, p.Letter)
	}
	if p.PPID == o.m.labPID {
		o.reapChild(p)
		return nil
	}
	parent, ok := o.procs[p.PPID]
	if !ok || parent.ctl == nil || !parent.g.workload.control {
		return fmt.Errorf("%w: PID %d's parent (%d) reaps its own children; the lab cannot make it", ErrState, pid, p.PPID)
	}
	if _, err := fmt.Fprintf(parent.ctl, "reap %d\n", pid); err != nil {
		return fmt.Errorf("%w: asking %d to reap: %v", ErrState, parent.PID, err)
	}
	o.heat(parent)
	return nil
}

// reapChild waits for a zombie child of the lab server.
func (o *owner) reapChild(p *proc) {
	var si unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PIDFD, p.pidfd, &si, unix.WEXITED|unix.WNOHANG, nil)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return // not (yet) ours or not a zombie: the sampler will see
		}
		break
	}
	if pid, _ := siginfoChild(&si); pid == 0 {
		return
	}
	o.gone(p, o.m.labPID)
}

// siginfoChild returns si_pid and how the child ended from a SIGCHLD
// siginfo (waitid's answer).
func siginfoChild(si *unix.Siginfo) (pid int, ws WaitStatus) {
	b := (*[128]byte)(unsafe.Pointer(si))
	pid = int(int32(binary.LittleEndian.Uint32(b[16:])))
	status := int(int32(binary.LittleEndian.Uint32(b[24:])))
	return pid, waitStatusOfSiginfo(si.Code, status)
}

// exited handles a process that has exited (its pidfd became readable, or
// the sampler saw Z): the exit event and the state Z. The lab's own
// children stay zombies until reaped, unless the lab killed them or
// adopted them as orphans.
func (o *owner) exited(p *proc) {
	if p.Exited {
		return
	}
	var ws WaitStatus
	var si unix.Siginfo
	err := unix.Waitid(unix.P_PIDFD, p.pidfd, &si, unix.WEXITED|unix.WNOHANG|unix.WNOWAIT, nil)
	if err == nil {
		pid, w := siginfoChild(&si)
		if pid == 0 {
			return // spurious
		}
		ws = w
	}
	if !ws.Known {
		n, err := unix.Pread(p.statFD, o.buf, 0)
		if err != nil {
			// Reaped already by its parent: finish with what we know.
			o.finish(p, WaitStatus{})
			o.gone(p, p.PPID)
			return
		}
		f, err := parseStat(o.buf[:n], false)
		if err != nil || f.state != 'Z' && f.state != 'X' {
			return
		}
		ws = waitStatusOf(f.exitCode)
		if p.Traced {
			// The tracer must collect a traced child's exit before its
			// real parent can (ptrace(2)).
			_ = unix.Waitid(unix.P_PIDFD, p.pidfd, &si, unix.WEXITED|unix.WNOHANG, nil)
			p.Traced = false
		}
	}
	o.finish(p, ws)
	if p.PPID == o.m.labPID && (p.killReap || p.adopted || !p.Direct) {
		o.reapChild(p)
	}
}

// finish records the exit: the exit event and the state change to Z.
func (o *owner) finish(p *proc, ws WaitStatus) {
	if p.Exited {
		return
	}
	p.Exited, p.Status = true, ws
	cause := sim.CauseExit
	switch {
	case ws.Signal == int(unix.SIGKILL):
		cause = sim.CauseSigKill
	case ws.Killed():
		cause = sim.CauseSigTerm
	}
	o.emit(statusEvent(Event{Kind: sim.EvExit, PID: p.PID}, ws))
	if p.State != sim.StateZombie {
		o.emit(Event{Kind: sim.EvState, PID: p.PID, From: p.State, To: sim.StateZombie, Cause: cause})
	}
	p.State, p.Letter, p.Wchan, p.Wait = sim.StateZombie, "Z", "", WaitUnknown
	p.RSS = 0
	o.strayUntil = time.Now().Add(2 * time.Second) // its children may come to the lab
	o.changed(p)
	o.heat(p)
}

// gone records that p was reaped by reaper: Z -> X (synthesised: /proc
// never shows X at these rates), the reaped event, and the end of tracking.
func (o *owner) gone(p *proc, reaper int) {
	if _, ok := o.procs[p.PID]; !ok {
		return
	}
	if !p.Exited {
		o.finish(p, WaitStatus{})
	}
	o.emit(Event{Kind: sim.EvState, PID: p.PID, From: sim.StateZombie, To: sim.StateDead, Cause: sim.CauseReap, Synthesised: true})
	o.emit(statusEvent(Event{Kind: sim.EvReaped, PID: p.PID, Other: reaper}, p.Status))
	p.State, p.Letter, p.Gone = sim.StateDead, "X", true
	o.changed(p)
	o.untrack(p)
}

func (o *owner) untrack(p *proc) {
	delete(o.procs, p.PID)
	for _, fd := range []int{p.pidfd, p.statFD, p.statusFD} {
		if fd >= 0 {
			unix.Close(fd)
		}
	}
	p.pidfd, p.statFD, p.statusFD = -1, -1, -1
	if p.ctl != nil {
		p.ctl.Close()
		p.ctl = nil
	}
	g := p.g
	g.members--
	if g.leader == p {
		g.leader = nil
	}
	if g.members <= 0 {
		delete(o.groups, g.pgid)
		g.ended = time.Now()
		if g.cgroup != "" && os.Remove(g.cgroup) != nil {
			o.cgLeft = append(o.cgLeft, g.cgroup) // a stray is still in it: later
		}
		if g.workload.blkio {
			if cg := blkioGroup(g.pgid); os.Remove(cg) != nil && dirExists(cg) {
				o.cgLeft = append(o.cgLeft, cg) // the worker is still in it: later
			}
		}
		o.removeGroupIPC(g) // its FIFO or message queue (ipc_names_linux.go)
	}
	for _, set := range o.watched {
		delete(set, p.PID)
	}
}

// changed queues p's current sample for the next Update.
func (o *owner) changed(p *proc) {
	for i := range o.pending.Processes {
		if o.pending.Processes[i].PID == p.PID {
			o.pending.Processes[i] = o.public(p)
			return
		}
	}
	o.pending.Processes = append(o.pending.Processes, o.public(p))
}

func (o *owner) public(p *proc) Process {
	pub := p.Process
	pub.VCSWDelta, pub.NVCSWDelta = p.VCSW-p.pubVCSW, p.NVCSW-p.pubNVCSW
	p.pubVCSW, p.pubNVCSW = p.VCSW, p.NVCSW
	return pub
}

func (o *owner) snapshot() []Process {
	out := make([]Process, 0, len(o.procs))
	for _, p := range o.procs {
		out = append(out, p.Process)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out
}

// trace seizes p with ptrace and interrupts it (t). Only the leader thread
// stops: a Go worker's other threads run on (live-notes §2).
func (o *owner) trace(a Actor, pid int) error {
	p, err := o.lookup(a, pid)
	if err != nil {
		return err
	}
	if p.Exited || p.Traced {
		return fmt.Errorf("%w: PID %d is %s", ErrState, pid, map[bool]string{true: "already traced", false: "a zombie"}[p.Traced])
	}
	if err := unix.PtraceSeize(pid); err != nil {
		return fmt.Errorf("%w: ptrace(SEIZE, %d): %v", ErrState, pid, err)
	}
	if err := unix.PtraceInterrupt(pid); err != nil {
		_ = unix.PtraceDetach(pid)
		return fmt.Errorf("%w: ptrace(INTERRUPT, %d): %v", ErrState, pid, err)
	}
	p.Traced, p.tracer = true, a.Client
	o.heat(p)
	return nil
}

// resume detaches from a traced process; it runs on.
func (o *owner) resume(a Actor, pid int) error {
	p, err := o.lookup(a, pid)
	if err != nil {
		return err
	}
	if !p.Traced {
		return fmt.Errorf("%w: PID %d is not traced by the lab", ErrState, pid)
	}
	return o.detach(p)
}

// releaseTraces detaches from every live process that client traced but
// another client owns (a teacher's trace of a student's process): when the
// tracing client goes, the process runs on for its owner. Its own processes
// are killed by KillOwner, traced or not (SIGKILL ends a tracee too).
func (o *owner) releaseTraces(client string) {
	for _, p := range o.procs {
		if p.Traced && p.tracer == client && p.g.owner != client && !p.Exited {
			if err := o.detach(p); err != nil {
				o.m.cfg.Logger.Warn("live lab: cannot release a traced process", "pid", p.PID, "err", err)
			}
		}
	}
}

// detach ends the lab's trace of p, which runs on.
func (o *owner) detach(p *proc) error {
	pid := p.PID
	if err := unix.PtraceDetach(pid); err != nil {
		// PTRACE_DETACH needs a stopped tracee: stop it, wait, detach.
		_ = unix.PtraceInterrupt(pid)
		var ws unix.WaitStatus
		for i := 0; i < 200; i++ {
			if got, _ := unix.Wait4(pid, &ws, unix.WALL|unix.WNOHANG|unix.WUNTRACED, nil); got == pid {
				break
			}
			time.Sleep(time.Millisecond)
		}
		if err := unix.PtraceDetach(pid); err != nil {
			return fmt.Errorf("%w: ptrace(DETACH, %d): %v", ErrState, pid, err)
		}
	}
	// Collect the stop notifications the trace left behind (never exits).
	var ws unix.WaitStatus
	for i := 0; i < 4; i++ {
		if got, _ := unix.Wait4(pid, &ws, unix.WALL|unix.WNOHANG|unix.WUNTRACED, nil); got != pid || ws.Exited() || ws.Signaled() {
			break
		}
	}
	p.Traced, p.tracer = false, ""
	o.heat(p)
	return nil
}

// killWhere kills every group that match selects, with SIGKILL to the
// process group (the leader is held unreaped, so its PGID cannot have been
// reused) and to each tracked member through its pidfd.
func (o *owner) killWhere(match func(*group) bool) int {
	n := 0
	for _, g := range o.groups {
		if !match(g) {
			continue
		}
		n++
		g.killed = true
		if g.leader != nil && !g.leader.Gone {
			_ = unix.Kill(-g.pgid, unix.SIGKILL)
		}
		for _, p := range o.procs {
			if p.g == g {
				p.killReap = true
				_ = unix.PidfdSendSignal(p.pidfd, unix.SIGKILL, nil, 0)
				if p.Exited && p.PPID == o.m.labPID {
					o.reapChild(p)
				}
			}
		}
	}
	o.urgent = time.Now().Add(2 * time.Millisecond)
	o.strayUntil = time.Now().Add(2 * time.Second)
	for _, p := range o.procs {
		if p.killReap {
			p.hotUntil = time.Now().Add(2 * time.Second)
		}
	}
	return n
}

// report handles a worker's report line: forks are tracked at once,
// reaps finish the child, and everything is passed on to subscribers.
func (o *owner) report(r Report) {
	from, ok := o.procs[r.PID]
	if !ok {
		// A worker that reported just before it exited may be gone from
		// the table by the time its line is read (its exit was seen
		// first). Only the lab's own workers write to the report pipes, so
		// the report is still true: pass it on, without the bookkeeping
		// that needs the sender.
		if r.Kind != "fork" && r.Kind != "reaped" {
			o.pending.Reports = append(o.pending.Reports, r)
		}
		return
	}
	switch r.Kind {
	case "fork":
		if _, known := o.procs[r.Child]; !known && r.Child > 0 {
			_, _ = o.track(r.Child, -1, from.g, from.PID)
		}
	case "reaped":
		if c, known := o.procs[r.Child]; known && c.PPID == from.PID {
			if !c.Exited {
				o.finish(c, r.waitStatus())
			}
			o.gone(c, from.PID)
		}
	}
	o.pending.Reports = append(o.pending.Reports, r)
}

// slowChores run once a second: the lifetime cap, strays, old PGIDs.
func (o *owner) slowChores(now time.Time) {
	o.killWhere(func(g *group) bool { return !g.killed && now.Sub(g.started) > o.m.cfg.Lifetime })
	if o.subreaper && now.Sub(o.lastStrays) >= 10*time.Second {
		o.adoptStrays() // a safety net: strays are looked for after every exit and kill
	}
	o.m.state.compact(o.procs)
	left := o.cgLeft[:0]
	for _, path := range o.cgLeft {
		if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
			left = append(left, path)
		}
	}
	o.cgLeft = left
	for pgid, g := range o.pgids {
		if !g.ended.IsZero() && now.Sub(g.ended) > time.Hour {
			delete(o.pgids, pgid)
		}
	}
}

// adoptStrays finds children of the lab server that it does not track yet
// (orphans re-parented to it before the sampler saw them) in one of the
// lab's process groups, and tracks them so that they are reaped.
//
// The kernel gives an orphan to a live thread of the subreaper, starting
// with the leader, so the leader thread's children list has the strays.
// (Reading a children list costs O(n²) in the kernel: only this one.)
func (o *owner) adoptStrays() {
	o.lastStrays = time.Now()
	for _, t := range []string{strconv.Itoa(o.m.labPID)} {
		b, err := os.ReadFile("/proc/self/task/" + t + "/children")
		if err != nil {
			continue
		}
		for _, pid := range parsePIDs(b) {
			if _, ok := o.procs[pid]; ok {
				continue
			}
			st, err := readStat(pid)
			if err != nil {
				continue
			}
			g, ok := o.pgids[st.pgrp]
			if !ok {
				continue // not the lab's (os/exec children of the server, say)
			}
			if _, ok := o.groups[g.pgid]; !ok { // its group had ended: revive it
				o.groups[g.pgid] = g
				g.killed = true
			}
			_, _ = o.track(pid, -1, g, o.m.labPID)
		}
	}
}

func parsePIDs(b []byte) []int {
	var out []int
	n, in := 0, false
	for _, c := range b {
		if c >= '0' && c <= '9' {
			n, in = n*10+int(c-'0'), true
			continue
		}
		if in {
			out = append(out, n)
		}
		n, in = 0, false
	}
	if in {
		out = append(out, n)
	}
	return out
}

// shutdown ends the owner: whatever did not die in time is killed again
// and forgotten.
func (o *owner) shutdown() {
	if o.conn != nil {
		o.conn.close()
		o.conn = nil
	}
	for _, p := range o.procs {
		_ = unix.PidfdSendSignal(p.pidfd, unix.SIGKILL, nil, 0)
		if p.PPID == o.m.labPID {
			var si unix.Siginfo
			_ = unix.Waitid(unix.P_PIDFD, p.pidfd, &si, unix.WEXITED, nil)
		}
		o.gone(p, o.m.labPID)
	}
	o.publish()
	o.m.state.remove()
	o.m.cg.remove()
}

// imageOf names the program pid runs, from /proc/PID/cmdline: for a lab
// worker ("proclab worker NAME INT...") the workload NAME, else the base
// name of argv[0]; "" when it cannot be read (it is gone).
func imageOf(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return ""
	}
	return imageFromCmdline(b)
}

// imageFromCmdline is imageOf's parser: argv is NUL-separated.
func imageFromCmdline(b []byte) string {
	argv := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
	if len(argv) >= 3 && argv[1] == "worker" {
		return truncate(argv[2], 32)
	}
	if argv[0] == "" {
		return ""
	}
	return truncate(filepath.Base(argv[0]), 32)
}

func dirExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
