package live

// SysReport holds the numbers of the live-sys demos (issue 11, part 5): the
// system-call and compute loops, the PID counter, and the pipe ping-pong.
// It is embedded in Report by pointer, so a report of another kind carries
// none of these fields on the wire.
type SysReport struct {
	// loop (Side "syscall" or "compute") and pingpong: what it calls,
	// how many iterations or round trips so far, and how many per second.
	// Call is the system call a loop makes ("getppid", "write"), or
	// "clock_gettime (vDSO)" for the call that is not one, or "" for the
	// compute loop.
	Call   string  `json:"call,omitempty"`
	Count  int64   `json:"count,omitempty"`
	PerSec float64 `json:"per_s,omitempty"`

	// pid: the child's place in the run (1-based; the run's length is
	// Report.Of); /proc/sys/kernel/pid_max; /proc/sys/kernel/ns_last_pid
	// read just before the fork (the last PID the kernel gave out in this
	// PID namespace, to anyone); the previous child's PID (0 for the
	// first).
	Seq     int `json:"seq,omitempty"`
	PIDMax  int `json:"pid_max,omitempty"`
	LastPID int `json:"last_pid,omitempty"`
	Prev    int `json:"prev,omitempty"`

	// pingpong: round-trip times in microseconds (the mean over the run
	// so far; the median and the 99th percentile over the last
	// pingSamples rounds, in the final report only), context switches per
	// second of both processes' main threads together (voluntary plus
	// nonvoluntary, from /proc/PID/status), their voluntary and
	// nonvoluntary switches during the run, and the CPUs the two main
	// threads were pinned to ("" when free: Mode "free").
	MeanUS       float64 `json:"mean_us,omitempty"`
	MedianUS     float64 `json:"median_us,omitempty"`
	P99US        float64 `json:"p99_us,omitempty"`
	SwitchesPerS float64 `json:"switches_per_s,omitempty"`
	VCSW         int64   `json:"vcsw,omitempty"`
	NVCSW        int64   `json:"nvcsw,omitempty"`
	CPUs         string  `json:"cpus,omitempty"`
}

// saneSys bounds the strings of a SysReport read from a pipe.
func (s *SysReport) saneSys() bool {
	return s == nil || (len(s.Call) <= 32 && len(s.CPUs) <= 32)
}
