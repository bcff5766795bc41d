package sim

// Signal is a POSIX signal number as Linux numbers them on x86-64.
type Signal uint8

// The signals the simulator models.
const (
	SIGHUP  Signal = 1
	SIGINT  Signal = 2
	SIGKILL Signal = 9
	SIGUSR1 Signal = 10
	SIGPIPE Signal = 13 // a write to a pipe or FIFO with no reader (pipe.go)
	SIGTERM Signal = 15
	SIGCHLD Signal = 17
	SIGCONT Signal = 18
	SIGSTOP Signal = 19
)

var signalNames = map[Signal]string{
	SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
	SIGTERM: "SIGTERM", SIGCHLD: "SIGCHLD", SIGCONT: "SIGCONT", SIGSTOP: "SIGSTOP",
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

// terminates reports whether the signal's default action ends the process.
func (s Signal) terminates() bool {
	switch s {
	case SIGHUP, SIGINT, SIGKILL, SIGUSR1, SIGTERM, SIGPIPE:
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
