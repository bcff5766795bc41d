//go:build linux

package live

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCgroupDirRefused checks that a CgroupDir that cannot hold memory
// cgroups is refused before anything is written, and that the lab then
// runs without them.
func TestCgroupDirRefused(t *testing.T) {
	tests := []struct {
		name, dir, want string
	}{
		{"not a cgroup", t.TempDir(), "not in a cgroup v2 hierarchy"},
		{"missing", filepath.Join(t.TempDir(), "none"), "no such file"},
	}
	// A cgroup v2 mount without the memory controller (this machine's
	// /sys/fs/cgroup/unified: the memory controller is on cgroup v1).
	for _, dir := range []string{"/sys/fs/cgroup/unified", "/sys/fs/cgroup"} {
		ctl, err := os.ReadFile(filepath.Join(dir, "cgroup.controllers"))
		if err == nil && !hasWord(ctl, "memory") {
			tests = append(tests, struct{ name, dir, want string }{"no memory controller", dir, "memory controller is not available"})
			break
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadDir(tt.dir)
			_, err := openCgroups(tt.dir, "1.2", 1<<30)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("openCgroups(%s) = %v; want an error saying %q", tt.dir, err, tt.want)
			}
			if after, _ := os.ReadDir(tt.dir); len(after) != len(before) {
				t.Fatalf("openCgroups(%s) changed the directory: %d entries, then %d", tt.dir, len(before), len(after))
			}
		})
	}
	m := newTestManager(t, Config{CgroupDir: t.TempDir()})
	if m.Limits().MemCgroup {
		t.Fatal("Limits().MemCgroup with an unusable CgroupDir")
	}
	pid := spawn(t, m, "sleep", nil)
	waitLetter(t, m, pid, "S")
}

// TestCgroupMemoryMax runs a spawn in a memory cgroup. It needs a cgroup v2
// directory delegated to the lab (memory available, no processes in it),
// named by PROCLAB_TEST_CGROUP_DIR; it skips without one.
func TestCgroupMemoryMax(t *testing.T) {
	dir := os.Getenv("PROCLAB_TEST_CGROUP_DIR")
	if dir == "" {
		t.Skip("SKIPPED: set PROCLAB_TEST_CGROUP_DIR to a delegated cgroup v2 directory with the memory controller to run this test")
	}
	m := newTestManager(t, Config{CgroupDir: dir})
	if !m.Limits().MemCgroup {
		t.Fatalf("CgroupDir %s was not used (see the log)", dir)
	}
	root := filepath.Join(dir, cgroupPrefix+m.marker)
	pid := spawn(t, m, "cow", args("mb", 8, "step_ms", 60000))
	waitLetter(t, m, pid, "S")
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cgroup")
	if err != nil {
		t.Fatal(err)
	}
	w, _ := LookupWorkload("cow")
	vals, _ := w.Check(args("mb", 8, "step_ms", 60000))
	for _, tt := range []struct{ dir, want string }{
		{root, strconv.FormatInt(m.Limits().MemTotalBytes, 10)},
		{filepath.Join(root, "g1"), strconv.FormatInt(w.Bytes(vals), 10)},
	} {
		got, err := os.ReadFile(filepath.Join(tt.dir, "memory.max"))
		if err != nil || strings.TrimSpace(string(got)) != tt.want {
			t.Errorf("%s/memory.max = %q, %v; want %s", tt.dir, got, err, tt.want)
		}
	}
	if !strings.Contains(string(b), "/"+cgroupPrefix+m.marker+"/g1\n") {
		t.Errorf("the worker's /proc/PID/cgroup %q; want it in %s/g1", b, root)
	}
	m.Close()
	if _, err := os.Stat(root); !os.IsNotExist(err) {
		t.Errorf("the lab's cgroup %s is left after Close (%v)", root, err)
	}
}
