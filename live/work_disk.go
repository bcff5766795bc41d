//go:build linux

package live

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"
)

// The diskread workload shows the other kind of D: TASK_UNINTERRUPTIBLE,
// in which not even SIGKILL acts until the wait ends. It reads a file with
// O_DIRECT (no page cache: every read goes to the disk) while a cgroup v1
// blkio rule slows the disk down for it alone, so each read keeps it in D
// (wchan __iomap_dio_rw) for about ms milliseconds. A SIGKILL sent
// meanwhile stays pending until the read completes (docs/live-truth.md §4).
// It needs root and the cgroup v1 blkio controller, and a temporary
// directory on a block device.

// blkioRoot is the cgroup v1 blkio hierarchy.
const blkioRoot = "/sys/fs/cgroup/blkio"

// diskReadBytes is the size of the file a diskread worker reads.
const diskReadBytes = 64 << 10

// blkioGroup is the blkio cgroup of the diskread worker pid: the worker
// makes it, the Manager removes it when the worker's group has ended.
func blkioGroup(pid int) string {
	return filepath.Join(blkioRoot, "proclab-diskread-"+strconv.Itoa(pid))
}

// blkioUsable says why the diskread workload cannot run here, or nil.
func blkioUsable() error {
	if os.Geteuid() != 0 {
		return errors.New("the diskread workload needs the lab server to run as root (it throttles the disk with a blkio cgroup)")
	}
	if _, err := os.Stat(filepath.Join(blkioRoot, "blkio.throttle.read_bps_device")); err != nil {
		return errors.New("the diskread workload needs the cgroup v1 blkio controller, which this machine does not have")
	}
	return nil
}

// runDiskRead reads a 64 KiB file with O_DIRECT at 64 KiB per ms
// milliseconds (D), sleeps gap_ms (S), and repeats.
func runDiskRead(a []int64) error {
	ms, gap := a[0], a[1]
	if err := blkioUsable(); err != nil {
		return err
	}
	f, err := os.CreateTemp("", "proclab-diskread-*")
	if err != nil {
		return err
	}
	name := f.Name()
	_, err = f.Write(make([]byte, diskReadBytes))
	if err == nil {
		err = f.Sync()
	}
	f.Close()
	if err != nil {
		os.Remove(name)
		return err
	}
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_DIRECT|unix.O_CLOEXEC, 0)
	var st unix.Stat_t
	if err == nil {
		err = unix.Fstat(fd, &st)
	}
	os.Remove(name) // the open descriptor keeps the file until the worker ends
	if err != nil {
		return fmt.Errorf("diskread: opening a file for direct reads in %s: %v", os.TempDir(), err)
	}
	cg := blkioGroup(os.Getpid())
	if err := os.Mkdir(cg, 0o755); err != nil && !os.IsExist(err) {
		return fmt.Errorf("diskread: %v", err)
	}
	rule := fmt.Sprintf("%d:%d %d", unix.Major(st.Dev), unix.Minor(st.Dev), diskReadBytes*1000/ms)
	if err := os.WriteFile(filepath.Join(cg, "blkio.throttle.read_bps_device"), []byte(rule), 0); err != nil {
		return fmt.Errorf("diskread: %s is not on a block device the blkio controller can throttle (%v)", os.TempDir(), err)
	}
	// Every page of the program first: inside the cgroup, a page fault on
	// the binary would be a throttled read too, and a D somewhere else.
	if err := unix.Mlockall(unix.MCL_CURRENT); err != nil {
		return fmt.Errorf("diskread: mlockall: %v", err)
	}
	if err := os.WriteFile(filepath.Join(cg, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0); err != nil {
		return fmt.Errorf("diskread: joining %s: %v", cg, err)
	}
	buf, err := unix.Mmap(-1, 0, diskReadBytes, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS) // page-aligned, as O_DIRECT wants
	if err != nil {
		return err
	}
	for {
		if _, err := unix.Pread(fd, buf, 0); err != nil && err != unix.EINTR {
			return fmt.Errorf("diskread: %v", err)
		}
		if gap > 0 {
			sleepMS(gap)
		}
	}
}
