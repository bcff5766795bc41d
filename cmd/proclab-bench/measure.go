package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// command is one side's way of running a workload: the program, its
// arguments and its working directory.
type command struct {
	Path string
	Args []string
	Dir  string
}

func (c command) String() string {
	return strings.Join(append([]string{c.Path}, c.Args...), " ")
}

// sample is one timed run.
type sample struct {
	Wall   time.Duration // from just before the fork to just after wait4
	MaxRSS int64         // peak resident set size in bytes (wait4's ru_maxrss)
}

// runOnce runs c once with stdout to out (nil: /dev/null) and stderr kept
// (at most 4 KiB) for the error message, within timeout. A run that exits
// with a nonzero status or is killed at its deadline is an error.
func runOnce(ctx context.Context, c command, out io.Writer, timeout time.Duration) (sample, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Dir = c.Dir
	cmd.Stdout = out // nil: the null device
	var stderr limitedBuffer
	stderr.max = 4 << 10
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var s sample
	if cmd.ProcessState != nil {
		s = sample{Wall: wall, MaxRSS: maxRSSBytes(cmd.ProcessState)}
	}
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return s, fmt.Errorf("%s: killed after the %v timeout", c, timeout)
	case err != nil:
		msg := strings.TrimSpace(stderr.String())
		if msg != "" {
			msg = ": " + msg
		}
		return s, fmt.Errorf("%s: %v%s", c, err, msg)
	}
	return s, nil
}

// maxRSSBytes is the peak RSS of an ended process, in bytes: ru_maxrss is
// in KiB on Linux and the BSDs, in bytes on macOS.
func maxRSSBytes(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}

// limitedBuffer keeps the first max bytes written to it and drops the
// rest (a simulator's stderr, for the error message).
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

// measured is one side's figures for one workload.
type measured struct {
	Runs    int
	Wall    time.Duration // median of the timed runs
	MinWall time.Duration
	MaxRSS  int64 // the largest peak RSS of the timed runs, in bytes
	Bytes   int64 // the size of the output
	Err     error // the first failed run, if any (then the figures are partial)
}

// measure runs c once into a file under dir (named name, returned for the
// comparison) and then runs times with stdout on /dev/null.
func measure(ctx context.Context, c command, runs int, timeout time.Duration, dir, name string) (measured, string) {
	var m measured
	path := dir + string(os.PathSeparator) + name
	f, err := os.Create(path)
	if err != nil {
		m.Err = err
		return m, ""
	}
	_, err = runOnce(ctx, c, f, timeout)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		m.Err = err
		return m, ""
	}
	if fi, err := os.Stat(path); err == nil {
		m.Bytes = fi.Size()
	}
	var walls []time.Duration
	for range runs {
		s, err := runOnce(ctx, c, nil, timeout)
		if err != nil {
			m.Err = err
			break
		}
		walls = append(walls, s.Wall)
		m.MaxRSS = max(m.MaxRSS, s.MaxRSS)
	}
	m.Runs = len(walls)
	if len(walls) > 0 {
		slices.Sort(walls)
		m.Wall = median(walls)
		m.MinWall = walls[0]
	}
	return m, path
}

// median is the middle of sorted durations (the mean of the middle two for
// an even count).
func median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// difference describes how two outputs differ: empty when they are
// identical, else the first differing line (1-based) and both versions of
// it, each cut to 60 bytes.
func difference(a, b io.Reader) (string, error) {
	ra, rb := bufio.NewReaderSize(a, 64<<10), bufio.NewReaderSize(b, 64<<10)
	for line := 1; ; {
		la, ea := ra.ReadSlice('\n')
		la = slices.Clone(la) // ReadSlice's bytes are overwritten by the next read
		lb, eb := rb.ReadSlice('\n')
		if ea != nil && ea != io.EOF && !errors.Is(ea, bufio.ErrBufferFull) {
			return "", ea
		}
		if eb != nil && eb != io.EOF && !errors.Is(eb, bufio.ErrBufferFull) {
			return "", eb
		}
		if !bytes.Equal(la, lb) {
			return fmt.Sprintf("line %d: ProcLab %s, Python %s", line, quoteLine(la), quoteLine(lb)), nil
		}
		if ea == io.EOF && eb == io.EOF {
			return "", nil
		}
		if ea == nil { // a whole line (a line longer than the buffer comes in pieces)
			line++
		}
	}
}

// quoteLine shows one output line for a difference report: quoted, cut to
// 60 bytes, or "(end of output)" for nothing.
func quoteLine(l []byte) string {
	if len(l) == 0 {
		return "(end of output)"
	}
	if len(l) > 60 {
		return fmt.Sprintf("%q...", l[:60])
	}
	return fmt.Sprintf("%q", l)
}

// differenceOfFiles is difference for two files.
func differenceOfFiles(a, b string) (string, error) {
	fa, err := os.Open(a)
	if err != nil {
		return "", err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return "", err
	}
	defer fb.Close()
	return difference(fa, fb)
}

// selfPeakRSS is this process's peak RSS in bytes (VmHWM of
// /proc/self/status), or 0 where that is not available.
func selfPeakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb); err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
