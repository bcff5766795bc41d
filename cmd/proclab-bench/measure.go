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
	CPU    time.Duration // user + system time of the process (wait4's rusage)
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
		ps := cmd.ProcessState
		s = sample{Wall: wall, CPU: ps.UserTime() + ps.SystemTime(), MaxRSS: maxRSSBytes(ps)}
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
	CPU     time.Duration // median user + system time
	MaxRSS  int64         // the largest peak RSS of the timed runs, in bytes
	Bytes   int64         // the size of the output
	Err     error         // the first failed run, if any (then the figures are partial)
	walls   []time.Duration
	cpus    []time.Duration
}

// add records one timed run.
func (m *measured) add(s sample) {
	m.walls = append(m.walls, s.Wall)
	m.cpus = append(m.cpus, s.CPU)
	m.MaxRSS = max(m.MaxRSS, s.MaxRSS)
}

// summarise computes the medians from the recorded runs.
func (m *measured) summarise() {
	m.Runs = len(m.walls)
	if m.Runs == 0 {
		return
	}
	slices.Sort(m.walls)
	slices.Sort(m.cpus)
	m.Wall, m.MinWall, m.CPU = median(m.walls), m.walls[0], median(m.cpus)
}

// side is one side of a comparison: how to run it, how many timed runs,
// its figures, and the file holding the output of its first run.
type side struct {
	cmd  command
	runs int
	m    measured
	out  string
}

// measureSides runs each side once with its output in a file under dir
// (named name and the side's index), then the timed runs with stdout on
// /dev/null, alternating between the sides (the i-th run of each, in
// turn) so that a change in the machine's load touches both alike.
func measureSides(ctx context.Context, sides []*side, timeout time.Duration, dir, name string) {
	for i, s := range sides {
		s.out = fmt.Sprintf("%s%c%s.%d", dir, os.PathSeparator, name, i)
		f, err := os.Create(s.out)
		if err == nil {
			_, err = runOnce(ctx, s.cmd, f, timeout)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			s.m.Err = err
			continue
		}
		if fi, err := os.Stat(s.out); err == nil {
			s.m.Bytes = fi.Size()
		}
	}
	most := 0
	for _, s := range sides {
		most = max(most, s.runs)
	}
	for i := range most {
		for _, s := range sides {
			if i >= s.runs || s.m.Err != nil || ctx.Err() != nil {
				continue
			}
			r, err := runOnce(ctx, s.cmd, nil, timeout)
			if err != nil {
				s.m.Err = err
				continue
			}
			s.m.add(r)
		}
	}
	for _, s := range sides {
		s.m.summarise()
	}
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
		// Each slice stays valid until its own reader's next read.
		la, ea := ra.ReadSlice('\n')
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
