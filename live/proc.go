package live

import (
	"bytes"
	"errors"
	"strconv"

	"proclab/sim"
)

// Process is what the lab knows about one of its processes at the last
// sample. Counters are cumulative; the *Delta fields are the change since
// the previous Update that carried this process. It is not a wire type
// (server/live.go has those), so it has no JSON tags.
type Process struct {
	PID      int
	PPID     int
	PGID     int
	Name     string    // comm, as /proc/PID/stat shows it
	Workload string    // the whitelisted workload of its process group
	Owner    string    // the client that started it (Spawn's client)
	Letter   string    // the /proc letter: R S D T t Z (X is never sampled)
	State    sim.State // the letter as a sim state (R -> running)
	// Wchan is the kernel function it sleeps in (/proc/PID/wchan) while in
	// S, D, T or t, re-read whenever its stat line changes there; Wait is
	// what that channel means ("" when the lab has no name for it).
	Wchan string
	Wait  Wait
	// Threads is its number of threads (num_threads in /proc/PID/stat, the
	// count /proc/PID/status shows as Threads:). A Go worker has 4 or more:
	// the Go runtime starts threads of its own (the garbage collector's,
	// sysmon, idle threads parked on futexes) besides the main one.
	Threads int
	Direct  bool // the lab server is its parent
	Traced  bool // the lab has ptrace-seized it
	// Locked says that it has pages locked in memory (mlock: VmLck in
	// /proc/PID/status is above 0), which ps shows as L. The diskread
	// worker locks all of its pages.
	Locked bool

	VCSW       uint64 // voluntary context switches
	NVCSW      uint64 // non-voluntary context switches
	VCSWDelta  uint64
	NVCSWDelta uint64
	UTicks     uint64 // clock ticks (USER_HZ, 100 per second)
	STicks     uint64
	RSS        int64 // bytes
	// Pss and dirty pages from smaps_rollup, for the copy-on-write demo
	// only (HasSmaps); bytes.
	HasSmaps     bool
	Pss          int64
	SharedDirty  int64
	PrivateDirty int64

	StartedMS int64 // when the lab first saw it, ms since the lab started
	Exited    bool
	Status    WaitStatus // how it ended, once Exited
	Gone      bool       // reaped: this is its last appearance
}

// PSStat is the process state as ps -o stat shows it for a lab process:
// the /proc letter, then "L" when it has pages locked in memory, then "l"
// when it is multi-threaded (as every Go worker is), in procps's order. ps's
// other flags do not apply to lab processes: none is a session leader, has
// a terminal, or runs at another nice level.
func (p *Process) PSStat() string {
	s := p.Letter
	if p.Locked && !p.Exited { // a zombie has no memory left to lock
		s += "L"
	}
	if p.Threads > 1 && !p.Gone {
		s += "l"
	}
	return s
}

// statFields is what the sampler takes from /proc/PID/stat.
type statFields struct {
	state     byte
	ppid      int
	pgrp      int
	utime     uint64
	stime     uint64
	threads   int
	starttime uint64
	rssPages  int64
	exitCode  int64 // a wait status, as waitpid gives it
	comm      string
}

var errStat = errors.New("malformed /proc/PID/stat")

// parseStat parses one /proc/PID/stat line without allocating (except the
// comm string when wanted). The comm may contain spaces and ')', so the
// fields start after the last ')'.
func parseStat(b []byte, withComm bool) (statFields, error) {
	var f statFields
	open := bytes.IndexByte(b, '(')
	close := bytes.LastIndexByte(b, ')')
	if open < 0 || close < open || close+2 >= len(b) {
		return f, errStat
	}
	if withComm {
		f.comm = string(b[open+1 : close])
	}
	rest := b[close+2:]
	idx := 0 // field number minus 3
	for len(rest) > 0 && idx <= 49 {
		sp := bytes.IndexByte(rest, ' ')
		var tok []byte
		if sp < 0 {
			tok, rest = bytes.TrimRight(rest, "\n"), nil
		} else {
			tok, rest = rest[:sp], rest[sp+1:]
		}
		switch idx {
		case 0:
			if len(tok) != 1 {
				return f, errStat
			}
			f.state = tok[0]
		case 1:
			f.ppid = int(atoi(tok))
		case 2:
			f.pgrp = int(atoi(tok))
		case 11:
			f.utime = uint64(atoi(tok))
		case 12:
			f.stime = uint64(atoi(tok))
		case 17:
			f.threads = int(atoi(tok))
		case 19:
			f.starttime = uint64(atoi(tok))
		case 21:
			f.rssPages = atoi(tok)
		case 49:
			f.exitCode = atoi(tok)
		}
		idx++
	}
	if idx < 22 {
		return f, errStat
	}
	return f, nil
}

func atoi(b []byte) int64 {
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg, b = true, b[1:]
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		return -n
	}
	return n
}

// statusFields is what the sampler takes from /proc/PID/status.
type statusFields struct {
	vcsw, nvcsw uint64
	tracer      int
	lockedKiB   int64 // VmLck: absent (0) for a zombie, which has no memory
}

func parseStatus(b []byte) statusFields {
	var f statusFields
	for len(b) > 0 {
		nl := bytes.IndexByte(b, '\n')
		var line []byte
		if nl < 0 {
			line, b = b, nil
		} else {
			line, b = b[:nl], b[nl+1:]
		}
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			continue
		}
		val := bytes.TrimLeft(line[colon+1:], " \t")
		switch string(line[:colon]) { // no allocation: the compiler special-cases this
		case "voluntary_ctxt_switches":
			f.vcsw = uint64(atoi(val))
		case "nonvoluntary_ctxt_switches":
			f.nvcsw = uint64(atoi(val))
		case "TracerPid":
			f.tracer = int(atoi(val))
		case "VmLck":
			f.lockedKiB = atoi(val)
		}
	}
	return f
}

// stateOf maps a /proc state letter to the simulator's states. R is
// "running": /proc does not say whether the task is on a CPU or waiting
// for one. I (an idle kernel thread) and anything unknown count as S.
func stateOf(letter byte) sim.State {
	switch letter {
	case 'R':
		return sim.StateRunning
	case 'D':
		return sim.StateDisk
	case 'T':
		return sim.StateStopped
	case 't':
		return sim.StateTraced
	case 'Z':
		return sim.StateZombie
	case 'X', 'x':
		return sim.StateDead
	}
	return sim.StateSleeping
}

func itoa(n int) string { return strconv.Itoa(n) }
