//go:build linux

package live

import (
	"bytes"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/prometheus/procfs"
	"golang.org/x/sys/unix"

	"proclab/sim"
)

// sampleAll samples every process (full) or only the hot ones.
func (o *owner) sampleAll(now time.Time, full bool) {
	for _, p := range o.procs {
		if full || o.isHot(p, now) {
			o.sample(p, now, full)
		}
	}
	o.m.sampleRounds.Add(1)
	o.m.sampleNanos.Add(int64(time.Since(now)))
}

// sample reads p's stat (one pread on a held descriptor), and its status
// only when the stat changed or a second has passed, and queues what
// changed.
func (o *owner) sample(p *proc, now time.Time, full bool) {
	n, err := unix.Pread(p.statFD, o.buf, 0)
	if err != nil { // reaped by its parent
		if !p.Exited && p.goneAt.IsZero() {
			p.goneAt = now // a "reaped" report with the exit code may be on its way
			return
		}
		if p.Exited || now.Sub(p.goneAt) > 300*time.Millisecond {
			o.gone(p, p.PPID)
		}
		return
	}
	b := o.buf[:n]
	changed := false
	if !bytes.Equal(b, p.lastStat) {
		f, err := parseStat(b, true)
		if err != nil {
			return
		}
		p.lastStat = append(p.lastStat[:0], b...)
		changed = true
		if f.comm != p.Name {
			p.Name = f.comm
		}
		if f.ppid != p.PPID {
			o.emit(Event{Kind: sim.EvReparented, PID: p.PID, Other: f.ppid})
			p.PPID = f.ppid
			if f.ppid == o.m.labPID {
				p.adopted = true
			}
		}
		p.PGID, p.Threads, p.UTicks, p.STicks = f.pgrp, f.threads, f.utime, f.stime
		if !p.Exited {
			p.RSS = f.rssPages * int64(os.Getpagesize())
		}
		switch {
		case p.Exited || f.state == 'X':
		case f.state == 'Z':
			o.exited(p)
		case f.state != p.Letter[0]:
			to := stateOf(f.state)
			wchan := ""
			if waits(f.state) {
				wchan = wchanOf(p.PID)
			}
			wait := WaitOf(wchan)
			if wait == WaitFutex && p.State == sim.StateRunning && !p.parked {
				// A running worker's leader thread seen in the futex once is
				// believed only if the next sample finds it asleep too. The
				// Go runtime preempts a goroutine that has run 10 ms, and
				// a goroutine locked to its thread (every worker's main,
				// worker.go) is handed back through a futex wait of a few
				// microseconds: about 2 % of 2 ms samples of a busy loop
				// read S there, and the log said the loop slept. The stat
				// is read again next time (lastStat forgotten).
				p.parked = true
				p.lastStat = p.lastStat[:0]
				break
			}
			p.parked = false
			o.emit(Event{Kind: sim.EvState, PID: p.PID, From: p.State, To: to, Letter: string(f.state),
				Cause: o.cause(p, to, wait, now), Wchan: wchan, Wait: wait})
			p.State, p.Letter, p.Wchan, p.Wait = to, string(f.state), wchan, wait
		case waits(f.state):
			p.parked = false
			// Same state, but it ran since the last sample (the stat line
			// changed): it may wait somewhere else now. Only a wait the lab
			// knows replaces the one shown: a channel read while the task
			// is on its way in or out of a sleep can be a passing function
			// (do_syscall_64 was seen once for a process in nanosleep).
			o.learnWait(p)
		default:
			p.parked = false
		}
	} else if full && !p.Exited && waits(p.Letter[0]) && p.Wait == WaitUnknown && o.learnWait(p) {
		changed = true
	}
	if p.Exited && p.PPID == o.m.labPID && (p.adopted || p.killReap || !p.Direct) {
		o.reapChild(p)
		return
	}
	if changed || now.Sub(p.lastStatus) >= time.Second {
		if o.readStatus(p, now) {
			changed = true
		}
	}
	if changed {
		o.changed(p)
	}
	if full && p.forks && !p.Exited {
		o.scanChildren(p)
	}
}

// learnWait reads where p sleeps and keeps it if it is a wait the lab
// knows (wchan.go); it reports whether it did. The sampler calls it when a
// sleeper first shows up, when it ran since the last sample, and on each
// full round while its wait is unknown. The last is needed because a
// sample can read S in /proc/PID/stat and "0" in /proc/PID/wchan: the
// kernel shows the letter as soon as a task sets it but names the wait
// channel only once the task is off its run queue, and the two files are
// not read at one instant (docs/live-truth.md §1: 0.4 % of the S samples
// of a shell looping on sleep). The stat line of a task asleep no longer
// changes, so the wait would otherwise stay unknown for as long as it
// sleeps (TestFIFO, in CI, once waited 10 s in vain for a FIFO's first end
// to show its wait in open()). On full rounds only: a task that sleeps
// where the lab knows no name costs one read of its wchan per Interval.
func (o *owner) learnWait(p *proc) bool {
	wchan := wchanOf(p.PID)
	if WaitOf(wchan) == WaitUnknown {
		return false
	}
	p.Wchan, p.Wait = wchan, WaitOf(wchan)
	return true
}

// wchanOf is readWchan; a test replaces it to open the window learnWait
// closes.
var wchanOf = readWchan

// readStatus reads the context-switch counters and whether pages are
// locked (ps's L); it reports whether they changed.
func (o *owner) readStatus(p *proc, now time.Time) bool {
	p.lastStatus = now
	if p.statusFD < 0 {
		return false
	}
	n, err := unix.Pread(p.statusFD, o.buf, 0)
	if err != nil {
		return false
	}
	f := parseStatus(o.buf[:n])
	locked := f.lockedKiB > 0
	if f.vcsw == p.VCSW && f.nvcsw == p.NVCSW && locked == p.Locked {
		return false
	}
	p.VCSW, p.NVCSW, p.Locked = f.vcsw, f.nvcsw, locked
	return true
}

// cause says why p moved to state to: from the lab's last signal, or from
// the kernel function it now waits in (matched exactly: wchan.go).
func (o *owner) cause(p *proc, to sim.State, wait Wait, now time.Time) sim.Cause {
	recent := now.Sub(p.lastSigAt) < 2*time.Second
	switch {
	case to == sim.StateStopped && recent && p.lastSig == syscall.SIGSTOP:
		return sim.CauseSigStop
	case p.State == sim.StateStopped && recent && p.lastSig == syscall.SIGCONT:
		return sim.CauseSigCont
	case to == sim.StateSleeping || to == sim.StateDisk:
		return wait.cause()
	}
	return sim.CauseNone
}

// waits reports whether a process in this state sleeps somewhere that
// /proc/PID/wchan names: S, D, T and t (R runs, Z and X are gone).
func waits(letter byte) bool {
	return letter == 'S' || letter == 'D' || letter == 'T' || letter == 't'
}

func readWchan(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/wchan")
	if err != nil || len(b) > 64 {
		return ""
	}
	if s := string(b); s != "0" {
		return s
	}
	return ""
}

// scanChildren tracks p's new children (the workers fork from their
// leader thread, so the leader's children list has them all).
func (o *owner) scanChildren(p *proc) {
	id := strconv.Itoa(p.PID)
	fd, err := unix.Open("/proc/"+id+"/task/"+id+"/children", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	n, _ := unix.Read(fd, o.buf)
	unix.Close(fd)
	if n <= 0 {
		return
	}
	for _, c := range parsePIDs(o.buf[:n]) {
		if _, ok := o.procs[c]; !ok {
			_, _ = o.track(c, -1, p.g, p.PID)
		}
	}
}

// sampleSmaps reads smaps_rollup for the copy-on-write demo (at most 2 Hz:
// it costs about 10 times a stat read).
func (o *owner) sampleSmaps() {
	var fs procfs.FS
	ok := false
	for _, p := range o.procs {
		if !p.HasSmaps || p.Exited {
			continue
		}
		if !ok {
			var err error
			if fs, err = procfs.NewFS("/proc"); err != nil {
				return
			}
			ok = true
		}
		pr, err := fs.Proc(p.PID)
		if err != nil {
			continue
		}
		r, err := pr.ProcSMapsRollup()
		if err != nil {
			continue
		}
		pss, sd, pd := int64(r.Pss), int64(r.SharedDirty), int64(r.PrivateDirty)
		if pss != p.Pss || sd != p.SharedDirty || pd != p.PrivateDirty {
			p.Pss, p.SharedDirty, p.PrivateDirty = pss, sd, pd
			o.changed(p)
		}
	}
}
