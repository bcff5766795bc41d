package sim

// Signal is a POSIX signal number as Linux numbers them on x86-64.
type Signal uint8

// The signals the simulator models.
const (
	SIGHUP  Signal = 1
	SIGINT  Signal = 2
	SIGKILL Signal = 9
	SIGUSR1 Signal = 10
	SIGSEGV Signal = 11 // invalid memory access: a write to read-only memory (memory.go) or to memory that is not mapped (shm.go); the kernel sends it
	SIGPIPE Signal = 13 // a write to a pipe or FIFO with no reader (pipe.go)
	SIGTERM Signal = 15
	SIGCHLD Signal = 17
	SIGCONT Signal = 18
	SIGSTOP Signal = 19
	SIGTSTP Signal = 20 // the terminal's stop (Ctrl-Z): stops by default, but may be caught or ignored
)

var signalNames = map[Signal]string{
	SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
	SIGSEGV: "SIGSEGV", SIGTERM: "SIGTERM", SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP", SIGTSTP: "SIGTSTP",
	SIGPIPE: "SIGPIPE",
}

// String returns the signal's name, such as "SIGSTOP".
func (s Signal) String() string {
	if n, ok := signalNames[s]; ok {
		return n
	}
	return "SIG?"
}

// ParseSignal accepts "SIGSTOP", "STOP" or "stop" and returns the signal.
func ParseSignal(name string) (Signal, bool) {
	up := upper(name)
	if len(up) < 3 || up[:3] != "SIG" {
		up = "SIG" + up
	}
	for s, n := range signalNames {
		if n == up {
			return s, true
		}
	}
	return 0, false
}

// mask returns the signal's bit in a signal set.
func (s Signal) mask() uint32 { return 1 << (s - 1) }

// catchable reports whether a program may ignore the signal.
func (s Signal) catchable() bool { return s != SIGKILL && s != SIGSTOP }

// stopMask is the set of the stop signals the simulator models: SIGSTOP,
// which always stops, and SIGTSTP, which stops unless it is caught or
// ignored.
const stopMask = 1<<(SIGSTOP-1) | 1<<(SIGTSTP-1)

// stops reports whether the signal's default action stops the process.
func (s Signal) stops() bool { return s == SIGSTOP || s == SIGTSTP }

// terminates reports whether the signal's default action ends the process.
func (s Signal) terminates() bool {
	switch s {
	case SIGHUP, SIGINT, SIGKILL, SIGUSR1, SIGSEGV, SIGTERM, SIGPIPE:
		return true
	}
	return false
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
