//go:build linux

package live

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Memory cgroups (optional: Config.CgroupDir). Given a cgroup v2 directory
// delegated to it, the lab makes its own child "lab-<marker>" with
// memory.max = Config.MemTotal, and runs every spawn in a child of that,
// "g<n>", with memory.max = Workload.Bytes and memory.swap.max = 0: the
// kernel then holds each spawn, and the lab as a whole, to the bytes the
// caps count. A worker is born in its cgroup (clone3 with
// CLONE_INTO_CGROUP), so it never runs outside it. Without CgroupDir, or
// where it cannot be used, the caps rest on the workloads' bounded
// allocations and RLIMIT_DATA.
//
// Only the owner goroutine uses a cgroups value (New sets it up).

// cgroups is the lab's own cgroup and its spawns' cgroups.
type cgroups struct {
	root string // the lab's cgroup: CgroupDir/lab-<marker>
	next int    // the next spawn's number
}

const cgroupPrefix = "lab-"

// openCgroups checks dir (a cgroup v2 directory with the memory controller
// available), kills and removes what lab servers that died left in it, and
// creates the lab's cgroup with memory.max = total bytes. Nothing is
// written before the checks pass.
func openCgroups(dir, marker string, total int64) (*cgroups, error) {
	var fs unix.Statfs_t
	if err := unix.Statfs(dir, &fs); err != nil {
		return nil, err
	}
	if fs.Type != unix.CGROUP2_SUPER_MAGIC {
		return nil, fmt.Errorf("%s is not in a cgroup v2 hierarchy", dir)
	}
	ctl, err := os.ReadFile(filepath.Join(dir, "cgroup.controllers"))
	if err != nil {
		return nil, err
	}
	if !hasWord(ctl, "memory") {
		return nil, fmt.Errorf("the memory controller is not available in %s (cgroup.controllers: %q)", dir, strings.TrimSpace(string(ctl)))
	}
	if err := writeCgroup(dir, "cgroup.subtree_control", "+memory"); err != nil {
		return nil, fmt.Errorf("enabling the memory controller below %s (it must hold no processes): %v", dir, err)
	}
	cleanCgroups(dir, marker)
	root := filepath.Join(dir, cgroupPrefix+marker)
	if err := os.Mkdir(root, 0o755); err != nil {
		return nil, err
	}
	c := &cgroups{root: root}
	if err := writeCgroup(root, "memory.max", strconv.FormatInt(total, 10)); err != nil {
		c.remove()
		return nil, err
	}
	if err := writeCgroup(root, "cgroup.subtree_control", "+memory"); err != nil {
		c.remove()
		return nil, err
	}
	return c, nil
}

func hasWord(b []byte, w string) bool {
	for _, f := range bytes.Fields(b) {
		if string(f) == w {
			return true
		}
	}
	return false
}

func writeCgroup(dir, file, val string) error {
	return os.WriteFile(filepath.Join(dir, file), []byte(val), 0)
}

// group makes the cgroup of one spawn with memory.max = bytes, and returns
// its path and an open directory fd for clone3 (the caller closes it).
func (c *cgroups) group(bytes int64) (string, int, error) {
	c.next++
	path := filepath.Join(c.root, "g"+strconv.Itoa(c.next))
	if err := os.Mkdir(path, 0o755); err != nil {
		return "", -1, err
	}
	if err := writeCgroup(path, "memory.max", strconv.FormatInt(bytes, 10)); err != nil {
		os.Remove(path)
		return "", -1, err
	}
	_ = writeCgroup(path, "memory.swap.max", "0") // absent without swap accounting
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		os.Remove(path)
		return "", -1, err
	}
	return path, fd, nil
}

// remove removes the lab's cgroup (at Close, once every process is gone).
func (c *cgroups) remove() {
	if c == nil {
		return
	}
	ents, _ := os.ReadDir(c.root)
	for _, e := range ents {
		if e.IsDir() {
			os.Remove(filepath.Join(c.root, e.Name()))
		}
	}
	os.Remove(c.root)
}

// cleanCgroups kills every process in the cgroups that lab servers that no
// longer run created in dir, and removes those cgroups. A cgroup named
// lab-<marker> is one only a lab server makes.
func cleanCgroups(dir, self string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		marker, ok := strings.CutPrefix(e.Name(), cgroupPrefix)
		if !ok || !e.IsDir() || marker == self || labAlive(marker) {
			continue
		}
		root := filepath.Join(dir, e.Name())
		groups, _ := os.ReadDir(root)
		for _, g := range groups {
			if g.IsDir() {
				killCgroup(filepath.Join(root, g.Name()))
			}
		}
		killCgroup(root)
	}
}

// killCgroup kills every process in a cgroup (cgroup.kill, Linux 5.14, or
// one by one through pidfds) and removes it once it is empty.
func killCgroup(path string) {
	if writeCgroup(path, "cgroup.kill", "1") != nil {
		b, _ := os.ReadFile(filepath.Join(path, "cgroup.procs"))
		for _, pid := range parsePIDs(b) {
			if fd, err := unix.PidfdOpen(pid, 0); err == nil {
				_ = unix.PidfdSendSignal(fd, unix.SIGKILL, nil, 0)
				unix.Close(fd)
			}
		}
	}
	// The killed processes leave the cgroup as they exit; try for a while.
	for i := 0; i < 100; i++ {
		if err := os.Remove(path); err == nil || os.IsNotExist(err) || !isBusy(err) {
			return
		}
		sleepMS(10)
	}
}

func isBusy(err error) bool {
	pe, ok := err.(*os.PathError)
	return ok && pe.Err == syscall.EBUSY
}
