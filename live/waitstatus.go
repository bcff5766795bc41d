package live

import "strconv"

// WaitStatus is how a process ended, as its parent's wait() reports it.
// Either it exited (WIFEXITED) with a code from 0 to 255 (WEXITSTATUS),
// or a signal killed it (WIFSIGNALED) and WTERMSIG names the signal: a
// process killed by a signal has no exit code at all.
//
// Two conventions built on top of this are not the kernel's: a shell
// reports a death by signal n in $? as 128+n (so SIGTERM shows as 143),
// and Go's os.ProcessState reports ExitCode() = -1 with Signaled() true
// (and the signal in Sys().(syscall.WaitStatus).Signal()).
type WaitStatus struct {
	Known  bool // false when the process was reaped before the lab saw how it ended
	Code   int  // the exit code; 0 when Signal is set
	Signal int  // the terminating signal's number; 0 when it exited
	Core   bool // the kernel wrote a core dump (WCOREDUMP)
}

// Exited reports whether the process exited by itself (exit(), or main
// returning) with Code.
func (w WaitStatus) Exited() bool { return w.Known && w.Signal == 0 }

// Killed reports whether a signal killed it (Signal says which).
func (w WaitStatus) Killed() bool { return w.Known && w.Signal != 0 }

// String says the status in words: "exit code 3", "killed by signal 15
// (SIGTERM)", or "unknown".
func (w WaitStatus) String() string {
	switch {
	case !w.Known:
		return "unknown"
	case w.Signal != 0:
		s := "killed by signal " + strconv.Itoa(w.Signal) + " (" + SignalName(w.Signal) + ")"
		if w.Core {
			s += ", core dumped"
		}
		return s
	}
	return "exit code " + strconv.Itoa(w.Code)
}

// waitStatusOf decodes a raw wait status, as wait4 stores it and as
// /proc/PID/stat's exit_code field (52) shows it: the low 7 bits are the
// terminating signal (0 when it exited), bit 7 the core dump flag, and
// bits 8 to 15 the exit code.
func waitStatusOf(raw int64) WaitStatus {
	if sig := int(raw & 0x7f); sig != 0 {
		return WaitStatus{Known: true, Signal: sig, Core: raw&0x80 != 0}
	}
	return WaitStatus{Known: true, Code: int(raw>>8) & 0xff}
}

// The si_code values of a SIGCHLD siginfo that mean the child ended
// (linux/signal.h); x/sys has no names for them.
const (
	cldExited = 1
	cldKilled = 2
	cldDumped = 3
)

// waitStatusOfSiginfo decodes waitid's answer: si_code says how the child
// ended and si_status holds the exit code or the signal.
func waitStatusOfSiginfo(code int32, status int) WaitStatus {
	switch code {
	case cldExited:
		return WaitStatus{Known: true, Code: status}
	case cldKilled, cldDumped:
		return WaitStatus{Known: true, Signal: status, Core: code == cldDumped}
	}
	return WaitStatus{}
}

// linuxSignals are the names of Linux's signals 1 to 31 (x86 and arm
// numbering, which the lab runs on).
var linuxSignals = [...]string{"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
	"SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
	"SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ",
	"SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"}

// SignalName is the name of Linux signal n ("SIGTERM"), or "SIG<n>" for a
// real-time or unknown one.
func SignalName(n int) string {
	if n > 0 && n < len(linuxSignals) {
		return linuxSignals[n]
	}
	return "SIG" + strconv.Itoa(n)
}
