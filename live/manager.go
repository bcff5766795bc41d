package live

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Config says how a Manager runs. The zero value of every field means its
// default.
type Config struct {
	Exe          string        // the binary to re-execute; default /proc/self/exe
	Interval     time.Duration // sampling period for every process; default 100 ms (10 Hz)
	FastInterval time.Duration // for processes just acted on or watched; default 20 ms (50 Hz)
	Lifetime     time.Duration // a spawned process group is killed after this; default 10 min
	PerOwner     int           // processes one client may have at once; default 32
	Total        int           // processes the lab may have at once; default 128
	// MemPerOwner and MemTotal cap, in bytes, the memory that one client's
	// spawns and all spawns may keep resident, as Workload.Bytes counts it.
	// MemTotal defaults to MemFraction of the machine's MemTotal
	// (/proc/meminfo); MemPerOwner to a quarter of MemTotal. Neither may
	// exceed MemFraction of the machine.
	MemPerOwner int64
	MemTotal    int64
	CPUSeconds  int   // RLIMIT_CPU of each worker (soft = hard); default 300
	DataBytes   int64 // RLIMIT_DATA of each worker in bytes; default 256 MiB (not set under -race)
	// StateDir holds the state file in which the lab records every process
	// it tracks, so that the next start can kill what a crashed lab left,
	// and only that. Default: /run/proclab when it can be used, else
	// $TMPDIR/proclab-UID.
	StateDir string
	// CgroupDir, if set, is a cgroup v2 directory delegated to the lab
	// (the memory controller available, no processes in it): each spawn
	// then runs in a cgroup of its own with memory.max = its bytes, below
	// a cgroup of the lab's with memory.max = MemTotal (cgroup_linux.go).
	// Where it cannot be used, New logs why and the lab runs without.
	CgroupDir string
	Logger    *slog.Logger
}

// MemFraction is the largest share of the machine's memory (MemTotal in
// /proc/meminfo) that the live lab as a whole may count on using.
const MemFraction = 0.25

func (c *Config) defaults() {
	if c.Exe == "" {
		c.Exe = "/proc/self/exe"
	}
	if c.Interval <= 0 {
		c.Interval = 100 * time.Millisecond
	}
	if c.FastInterval <= 0 {
		c.FastInterval = 20 * time.Millisecond
	}
	if c.Lifetime <= 0 {
		c.Lifetime = 10 * time.Minute
	}
	if c.PerOwner <= 0 {
		c.PerOwner = 32
	}
	if c.Total <= 0 {
		c.Total = 128
	}
	machine := int64(float64(machineMemory()) * MemFraction)
	if c.MemTotal <= 0 || c.MemTotal > machine {
		c.MemTotal = machine
	}
	if c.MemPerOwner <= 0 {
		c.MemPerOwner = c.MemTotal / 4
	}
	c.MemPerOwner = min(c.MemPerOwner, c.MemTotal)
	if c.CPUSeconds <= 0 {
		c.CPUSeconds = 300
	}
	if c.DataBytes <= 0 {
		c.DataBytes = 256 << 20
	}
	if c.StateDir == "" {
		c.StateDir = defaultStateDir()
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// machineMemory returns MemTotal from /proc/meminfo in bytes, or 1 GiB
// when it cannot be read (a small machine: the caps err on the safe side).
func machineMemory() int64 {
	const fallback = 1 << 30
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return fallback
	}
	return parseMemTotal(b, fallback)
}

// parseMemTotal finds "MemTotal: N kB" in a /proc/meminfo text and returns
// it in bytes, or fallback.
func parseMemTotal(b []byte, fallback int64) int64 {
	for line := range bytes.Lines(b) {
		rest, ok := bytes.CutPrefix(line, []byte("MemTotal:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 2 || string(f[1]) != "kB" {
			return fallback
		}
		kb, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil || kb <= 0 {
			return fallback
		}
		return kb << 10
	}
	return fallback
}

// defaultStateDir is /run/proclab for root, else a per-user directory
// under $TMPDIR.
func defaultStateDir() string {
	if os.Geteuid() == 0 {
		return "/run/proclab"
	}
	return filepath.Join(os.TempDir(), "proclab-"+strconv.Itoa(os.Geteuid()))
}

// Limits are the caps a client sees (in the hello message). Memory is in
// bytes.
type Limits struct {
	PerOwner         int   `json:"per_client"`
	Total            int   `json:"total"`
	MemPerOwnerBytes int64 `json:"mem_per_client_bytes"`
	MemTotalBytes    int64 `json:"mem_total_bytes"`
	LifetimeSec      int64 `json:"lifetime_s"`
	CPUSeconds       int   `json:"cpu_s"`
	DataBytes        int64 `json:"data_bytes"`
	MemCgroup        bool  `json:"mem_cgroup"` // memory.max holds each spawn and the lab (Config.CgroupDir)
	IntervalMS       int64 `json:"interval_ms"`
	FastMS           int64 `json:"fast_interval_ms"`
}

// Actor is who asks for an action on a process: a client, and whether it
// holds the teacher key. A client may act only on the processes it started
// (their process groups); a teacher may act on every lab process.
type Actor struct {
	Client  string // the identity its spawns are recorded under (Spawn's client)
	Teacher bool
}

// Signals are the signals a client may send, by name.
// TSTP (what Ctrl-Z sends) stops a process that does not catch it, as
// STOP does, but a process may catch it (the gosignals workload does).
var Signals = []string{"STOP", "CONT", "TERM", "KILL", "INT", "USR1", "HUP", "TSTP"}
