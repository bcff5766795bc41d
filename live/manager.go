package live

import (
	"log/slog"
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
	CPUSeconds   int           // RLIMIT_CPU of each worker (soft = hard); default 300
	DataMB       int           // RLIMIT_DATA of each worker in MiB; default 1024 (not set under -race)
	Logger       *slog.Logger
}

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
	if c.CPUSeconds <= 0 {
		c.CPUSeconds = 300
	}
	if c.DataMB <= 0 {
		c.DataMB = 1024
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Limits are the caps a client sees (in the hello message).
type Limits struct {
	PerOwner    int   `json:"per_client"`
	Total       int   `json:"total"`
	LifetimeSec int64 `json:"lifetime_s"`
	CPUSeconds  int   `json:"cpu_s"`
	DataMB      int   `json:"data_mb"`
	IntervalMS  int64 `json:"interval_ms"`
	FastMS      int64 `json:"fast_interval_ms"`
}

// Signals are the signals a client may send, by name.
var Signals = []string{"STOP", "CONT", "TERM", "KILL", "INT", "USR1", "HUP"}
