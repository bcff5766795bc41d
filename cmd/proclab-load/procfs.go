package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// procStat is what proclab-load reads from /proc/PID/stat.
type procStat struct {
	State   byte   // the state letter (R, S, D, T, t, Z, X)
	PPID    int    // the parent's PID
	UTime   uint64 // user CPU time, in clock ticks (USER_HZ, 1/100 s on Linux)
	STime   uint64 // system CPU time, in clock ticks
	Threads int    // num_threads
}

// parseStat parses the text of /proc/PID/stat. The command name (field 2)
// is in parentheses and may itself hold spaces and parentheses, so the
// fields are counted from the last ')'.
func parseStat(text string) (procStat, error) {
	var st procStat
	end := strings.LastIndexByte(text, ')')
	if end < 0 {
		return st, errors.New("stat: no ')' after the command name")
	}
	// Fields from 3 (state) on; rest[0] is field 3.
	rest := strings.Fields(text[end+1:])
	if len(rest) < 18 {
		return st, fmt.Errorf("stat: %d fields after the command name; want at least 18", len(rest))
	}
	if len(rest[0]) != 1 {
		return st, fmt.Errorf("stat: state %q is not one letter", rest[0])
	}
	st.State = rest[0][0]
	var err error
	if st.PPID, err = strconv.Atoi(rest[1]); err != nil {
		return st, fmt.Errorf("stat: ppid: %v", err)
	}
	if st.UTime, err = strconv.ParseUint(rest[11], 10, 64); err != nil { // field 14
		return st, fmt.Errorf("stat: utime: %v", err)
	}
	if st.STime, err = strconv.ParseUint(rest[12], 10, 64); err != nil { // field 15
		return st, fmt.Errorf("stat: stime: %v", err)
	}
	if st.Threads, err = strconv.Atoi(rest[17]); err != nil { // field 20
		return st, fmt.Errorf("stat: num_threads: %v", err)
	}
	return st, nil
}

// procStatus is what proclab-load reads from /proc/PID/status.
type procStatus struct {
	RSS     int64 // VmRSS, in bytes: resident memory now
	HWM     int64 // VmHWM, in bytes: the peak of VmRSS since the process started
	Threads int
}

// parseStatus parses the text of /proc/PID/status. VmRSS, VmHWM and
// Threads must all be present (they are absent for a zombie).
func parseStatus(text string) (procStatus, error) {
	var st procStatus
	seen := 0
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		val = strings.TrimSpace(val)
		switch key {
		case "VmRSS", "VmHWM":
			n, err := parseKB(val)
			if err != nil {
				return st, fmt.Errorf("status: %s: %v", key, err)
			}
			if key == "VmRSS" {
				st.RSS = n
			} else {
				st.HWM = n
			}
			seen++
		case "Threads":
			n, err := strconv.Atoi(val)
			if err != nil {
				return st, fmt.Errorf("status: Threads: %v", err)
			}
			st.Threads = n
			seen++
		}
	}
	if seen != 3 {
		return st, errors.New("status: VmRSS, VmHWM or Threads is missing (is the process a zombie?)")
	}
	return st, nil
}

// parseKB parses "1234 kB" into bytes.
func parseKB(s string) (int64, error) {
	num, unit, _ := strings.Cut(s, " ")
	if strings.TrimSpace(unit) != "kB" {
		return 0, fmt.Errorf("%q is not in kB", s)
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size", s)
	}
	return n * 1024, nil
}

// parseLimitsNofile returns the soft and hard "Max open files" of the text
// of /proc/PID/limits (-1 for "unlimited").
func parseLimitsNofile(text string) (soft, hard int64, err error) {
	for line := range strings.SplitSeq(text, "\n") {
		if !strings.HasPrefix(line, "Max open files") {
			continue
		}
		f := strings.Fields(strings.TrimPrefix(line, "Max open files"))
		if len(f) < 2 {
			break
		}
		if soft, err = parseLimit(f[0]); err == nil {
			hard, err = parseLimit(f[1])
		}
		return soft, hard, err
	}
	return 0, 0, errors.New("limits: no \"Max open files\" line")
}

func parseLimit(s string) (int64, error) {
	if s == "unlimited" {
		return -1, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("limits: %q is not a number", s)
	}
	return n, nil
}

// countDescendants counts the processes below root in the tree given by
// parent (PID -> PPID), root itself excluded.
func countDescendants(parent map[int]int, root int) int {
	children := map[int][]int{}
	for pid, ppid := range parent {
		children[ppid] = append(children[ppid], pid)
	}
	n := 0
	stack := []int{root}
	seen := map[int]bool{root: true}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range children[p] {
			if !seen[c] {
				seen[c] = true
				n++
				stack = append(stack, c)
			}
		}
	}
	return n
}

// readStat reads /proc/PID/stat.
func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	return parseStat(string(b))
}

// readStatus reads /proc/PID/status.
func readStatus(pid int) (procStatus, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procStatus{}, err
	}
	return parseStatus(string(b))
}

// readNofile reads the process's soft and hard limits on open files.
func readNofile(pid int) (soft, hard int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", pid))
	if err != nil {
		return 0, 0, err
	}
	return parseLimitsNofile(string(b))
}

// countFDs counts the entries of /proc/PID/fd.
func countFDs(pid int) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	n := 0
	for {
		names, err := f.Readdirnames(4096)
		n += len(names)
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// fdTargets returns the targets of the process's open file descriptors
// ("socket:[123]", "/dev/null", "anon_inode:[pidfd]"...), each with its
// count, sorted; fds that close while being read are skipped.
func fdTargets(pid int) (map[string]int, error) {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, e := range ents {
		t, err := os.Readlink(dir + "/" + e.Name())
		if err != nil {
			continue
		}
		out[fdKind(t)]++
	}
	return out, nil
}

// fdKind folds an fd's target into its kind: sockets, pipes and
// anonymous inodes lose their inode numbers so that counts can be compared.
func fdKind(target string) string {
	for _, p := range []string{"socket:", "pipe:"} {
		if strings.HasPrefix(target, p) {
			return strings.TrimSuffix(p, ":")
		}
	}
	return target
}

// diffCounts describes what `now` holds beyond `base`, e.g. "socket +3,
// anon_inode:[pidfd] +1", sorted by name; "" when nothing grew.
func diffCounts(base, now map[string]int) string {
	var parts []string
	for k, n := range now {
		if d := n - base[k]; d > 0 {
			parts = append(parts, fmt.Sprintf("%s +%d", k, d))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// processTree reads the PPID of every process in /proc. Processes that end
// while it reads are skipped.
func processTree() (map[int]int, error) {
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	tree := make(map[int]int, len(ents))
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		st, err := parseStat(string(bytes.TrimSpace(b)))
		if err != nil {
			continue
		}
		tree[pid] = st.PPID
	}
	return tree, nil
}

// countChildren counts the descendants of pid (children, their children...).
func countChildren(pid int) (int, error) {
	tree, err := processTree()
	if err != nil {
		return 0, err
	}
	return countDescendants(tree, pid), nil
}

// parseMachineCPU reads the first line of /proc/stat ("cpu  user nice
// system idle iowait irq softirq steal ...", clock ticks summed over every
// core) and returns the ticks spent busy (everything but idle and iowait)
// and in all.
func parseMachineCPU(text string) (busy, total uint64, err error) {
	line, _, _ := strings.Cut(text, "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0, errors.New("stat: no \"cpu\" line with eight counters first")
	}
	for i, s := range f[1:9] {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("stat: cpu counter %d: %v", i+1, err)
		}
		total += n
		if i != 3 && i != 4 { // idle, iowait
			busy += n
		}
	}
	return busy, total, nil
}

// readMachineCPU reads the machine's busy and total CPU ticks.
func readMachineCPU() (busy, total uint64, err error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, err
	}
	return parseMachineCPU(string(b))
}
