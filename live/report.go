package live

// Report is what a worker tells the lab about its own work (one JSON line
// on its stdout): the numbers and bytes of the IPC and race demos, forks,
// reaps and handled signals. Fields that do not apply are omitted.
type Report struct {
	Kind string `json:"kind"` // fork, reaped, race, pipe, socket, cow, signal, loop, pid, pingpong
	PID  int    `json:"pid"`  // the reporting process

	Child int `json:"child,omitempty"` // fork, reaped: the child's PID
	// reaped: how the child ended, as wait() told the reporter: ExitCode
	// when it exited, Signal (the name) and Signum when a signal killed it.
	// A child killed by a signal has no exit code.
	ExitCode *int `json:"exit_code,omitempty"`
	Signum   int  `json:"signum,omitempty"`

	// race
	Phase     string  `json:"phase,omitempty"` // "start" or "done"
	Mode      string  `json:"mode,omitempty"`  // plain, atomic, lock
	Procs     int64   `json:"procs,omitempty"`
	Iters     int64   `json:"iters,omitempty"`
	Expected  int64   `json:"expected,omitempty"`
	Actual    int64   `json:"actual,omitempty"`
	Lost      int64   `json:"lost,omitempty"`
	ElapsedMS float64 `json:"elapsed_ms,omitempty"`

	// pipe
	Side     string  `json:"side,omitempty"` // writer, reader, sender, receiver
	Bytes    int64   `json:"bytes,omitempty"`
	RateKBps float64 `json:"rate_kbps,omitempty"`
	Queued   int64   `json:"queued,omitempty"` // bytes waiting in the pipe

	// socket
	Type     string   `json:"type,omitempty"` // STREAM, DGRAM, SEQPACKET
	Messages []string `json:"messages,omitempty"`
	Sizes    []int    `json:"sizes,omitempty"`

	// cow
	Step int `json:"step,omitempty"`
	Of   int `json:"of,omitempty"`
	MiB  int `json:"mib,omitempty"`

	// signal (and reaped, see above)
	Signal string `json:"signal,omitempty"`
	Action string `json:"action,omitempty"` // handled, exiting

	// fifo, mqueue, shm, udp, and socket over TCP (ipc_report.go)
	IPC *IPCReport `json:"ipc,omitempty"`
	// loop, pid, pingpong (issue 11, part 5: report_sys.go)
	*SysReport
}

// reapedReport is the report of a child that wait() collected.
func reapedReport(child int, ws WaitStatus) Report {
	r := Report{Kind: "reaped", Child: child}
	if ws.Killed() {
		r.Signal, r.Signum = SignalName(ws.Signal), ws.Signal
	} else {
		code := ws.Code
		r.ExitCode = &code
	}
	return r
}

// waitStatus is how a reaped report's child ended.
func (r *Report) waitStatus() WaitStatus {
	switch {
	case r.Signum > 0:
		return WaitStatus{Known: true, Signal: r.Signum}
	case r.ExitCode != nil:
		return WaitStatus{Known: true, Code: *r.ExitCode}
	}
	return WaitStatus{}
}

// sane bounds a report read from a pipe before it is passed on.
func (r *Report) sane() bool {
	if len(r.Kind) > 16 || len(r.Mode) > 16 || len(r.Side) > 16 || len(r.Type) > 16 ||
		len(r.Signal) > 16 || len(r.Action) > 16 || len(r.Phase) > 16 ||
		len(r.Messages) > 16 || len(r.Sizes) > 16 || !r.SysReport.saneSys() {
		return false
	}
	if !r.IPC.sane() {
		return false
	}
	for _, m := range r.Messages {
		if len(m) > 128 {
			return false
		}
	}
	return true
}
