//go:build linux

package live

import (
	"strconv"
	"strings"

	"github.com/prometheus/procfs"
	"golang.org/x/sys/unix"
)

// cleanLeftovers kills every process whose environment says a lab server
// started it, when that server is no longer running (it crashed, or was
// killed with SIGKILL before Pdeathsig could reach a re-parented orphan).
// Processes of lab servers that are still running are left alone.
func cleanLeftovers(self int) int {
	fs, err := procfs.NewFS("/proc")
	if err != nil {
		return 0
	}
	all, err := fs.AllProcs()
	if err != nil {
		return 0
	}
	killed := 0
	for _, p := range all {
		if p.PID == self {
			continue
		}
		env, err := p.Environ()
		if err != nil {
			continue
		}
		for _, kv := range env {
			val, ok := strings.CutPrefix(kv, envLab+"=")
			if !ok {
				continue
			}
			if labAlive(val) {
				break
			}
			if fd, err := unix.PidfdOpen(p.PID, 0); err == nil {
				if unix.PidfdSendSignal(fd, unix.SIGKILL, nil, 0) == nil {
					killed++
				}
				unix.Close(fd)
			}
			break
		}
	}
	return killed
}

// labAlive reports whether the lab server named by a marker
// "<pid>.<starttime>" still runs.
func labAlive(marker string) bool {
	pidS, startS, ok := strings.Cut(marker, ".")
	pid, err1 := strconv.Atoi(pidS)
	start, err2 := strconv.ParseUint(startS, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return false
	}
	st, err := readStat(pid)
	return err == nil && st.starttime == start && st.state != 'Z'
}
