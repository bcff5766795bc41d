//go:build linux

package live

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// The lab's state file: one line "PID STARTTIME" for every process the lab
// tracks (STARTTIME is field 22 of /proc/PID/stat, clock ticks since boot,
// so that a recycled PID never matches). It lives in Config.StateDir as
// "lab-<marker>", where the marker "<server pid>.<server start time>"
// names the lab server. Only the owner goroutine writes it.
//
// At start, New reads the state files of lab servers that no longer run
// and kills the processes they recorded that still run with the same start
// time and still carry that server's marker: processes the lab can prove it
// started. A process that merely carries a marker in its environment is
// never touched.

const stateFilePrefix = "lab-"

// maxStateFile bounds what cleanup reads of one state file (bytes).
const maxStateFile = 4 << 20

// stateFile is the open state file of a running lab.
type stateFile struct {
	dir, path string
	f         *os.File
	lines     int // lines written since the last compaction
}

// openStateFile creates this lab's state file in dir. The directory is
// created 0700 if missing and refused if it is a symlink, not the effective
// user's, or writable by others.
func openStateFile(dir, marker string) (*stateFile, error) {
	if err := checkStateDir(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, stateFilePrefix+marker)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return nil, err
	}
	return &stateFile{dir: dir, path: path, f: f}, nil
}

func checkStateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.IsDir():
		return fmt.Errorf("state directory %s is not a directory", dir)
	case !ok || int(st.Uid) != os.Geteuid():
		return fmt.Errorf("state directory %s does not belong to this user", dir)
	case fi.Mode().Perm()&0o022 != 0:
		return fmt.Errorf("state directory %s is writable by other users (mode %v)", dir, fi.Mode().Perm())
	}
	return nil
}

// add records one tracked process.
func (s *stateFile) add(pid int, start uint64) {
	if s == nil || s.f == nil {
		return
	}
	_, _ = s.f.WriteString(strconv.Itoa(pid) + " " + strconv.FormatUint(start, 10) + "\n")
	s.lines++
}

// compact rewrites the file with only the processes still tracked, when it
// has grown well past them. The new file replaces the old one by rename,
// so a crash in between leaves one complete file.
func (s *stateFile) compact(procs map[int]*proc) {
	if s == nil || s.f == nil || s.lines <= 2*len(procs)+64 {
		return
	}
	var b strings.Builder
	for pid, p := range procs {
		b.WriteString(strconv.Itoa(pid) + " " + strconv.FormatUint(p.starttime, 10) + "\n")
	}
	tmp := s.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|syscall.O_NOFOLLOW, 0o600)
	if err != nil {
		return
	}
	if _, err := f.WriteString(b.String()); err != nil {
		f.Close()
		os.Remove(tmp)
		return
	}
	if err := os.Rename(tmp, s.path); err != nil {
		f.Close()
		os.Remove(tmp)
		return
	}
	s.f.Close()
	s.f, s.lines = f, len(procs)
}

// remove deletes the file (at Close: everything recorded has been reaped).
func (s *stateFile) remove() {
	if s == nil || s.f == nil {
		return
	}
	s.f.Close()
	s.f = nil
	os.Remove(s.path)
}

// cleanLeftovers kills the processes recorded in the state files in dir of
// lab servers that no longer run (self is this lab's marker), and deletes
// those files. It returns how many processes it killed.
func cleanLeftovers(dir, self string) int {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	killed := 0
	for _, e := range ents {
		name := e.Name()
		marker, ok := strings.CutPrefix(name, stateFilePrefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		marker = strings.TrimSuffix(marker, ".tmp")
		if marker == self || labAlive(marker) {
			continue
		}
		path := filepath.Join(dir, name)
		if !strings.HasSuffix(name, ".tmp") {
			killed += killRecorded(path, marker)
		}
		os.Remove(path)
	}
	return killed
}

// killRecorded kills each process listed in a dead lab's state file that
// still runs with the recorded start time and the lab's marker.
func killRecorded(path, marker string) int {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return 0
	}
	defer f.Close()
	killed := 0
	sc := bufio.NewScanner(io.LimitReader(f, maxStateFile))
	for sc.Scan() {
		pidS, startS, ok := strings.Cut(sc.Text(), " ")
		pid, err1 := strconv.Atoi(pidS)
		start, err2 := strconv.ParseUint(startS, 10, 64)
		if !ok || err1 != nil || err2 != nil || pid <= 1 {
			continue
		}
		if killIfOurs(pid, start, marker) {
			killed++
		}
		removeIPC(marker, pid) // a FIFO or queue of a spawn whose group this PID led
	}
	return killed
}

// killIfOurs kills pid if it is still the process that was recorded: the
// pidfd is opened first, so the checks and the signal are about one and the
// same process even if the PID is recycled meanwhile.
func killIfOurs(pid int, start uint64, marker string) bool {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	st, err := readStat(pid)
	if err != nil || st.starttime != start || st.state == 'Z' {
		return false
	}
	env, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil || !bytes.Contains(env, []byte("\x00"+envLab+"="+marker+"\x00")) && !bytes.HasPrefix(env, []byte(envLab+"="+marker+"\x00")) {
		return false
	}
	return unix.PidfdSendSignal(fd, unix.SIGKILL, nil, 0) == nil
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
