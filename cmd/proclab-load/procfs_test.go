package main

import (
	"os"
	"strings"
	"testing"
)

func TestParseStat(t *testing.T) {
	// Field 2 may hold spaces and parentheses: the fields are counted from the last ')'.
	line := func(comm string) string {
		return "4242 (" + comm + ") S 1 4242 4242 0 -1 4194560 1000 0 0 0 123 45 0 0 20 0 9 0 5000 1000000 2000 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
	}
	tests := []struct {
		name    string
		text    string
		want    procStat
		wantErr string
	}{
		{"plain", line("proclab"), procStat{State: 'S', PPID: 1, UTime: 123, STime: 45, Threads: 9}, ""},
		{"spaces and parens in comm", line("a) b (c"), procStat{State: 'S', PPID: 1, UTime: 123, STime: 45, Threads: 9}, ""},
		{"no closing paren", "4242 (proclab S 1", procStat{}, "no ')'"},
		{"too short", "4242 (x) S 1 2 3", procStat{}, "fields"},
		{"bad ppid", strings.Replace(line("x"), ") S 1 ", ") S one ", 1), procStat{}, "ppid"},
		{"two-letter state", strings.Replace(line("x"), ") S ", ") SS ", 1), procStat{}, "state"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStat(tt.text)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseStat error = %v; want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("parseStat = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestParseStatus(t *testing.T) {
	full := "Name:\tproclab\nState:\tS (sleeping)\nVmHWM:\t   11228 kB\nVmRSS:\t   10240 kB\nThreads:\t8\n"
	tests := []struct {
		name    string
		text    string
		want    procStatus
		wantErr bool
	}{
		{"full", full, procStatus{RSS: 10240 << 10, HWM: 11228 << 10, Threads: 8}, false},
		{"zombie has no Vm lines", "Name:\tx\nState:\tZ (zombie)\nThreads:\t1\n", procStatus{}, true},
		{"not kB", strings.Replace(full, "10240 kB", "10240 MB", 1), procStatus{}, true},
		{"not a number", strings.Replace(full, "Threads:\t8", "Threads:\tmany", 1), procStatus{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStatus(tt.text)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseStatus error = %v; want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && got != tt.want {
				t.Errorf("parseStatus = %+v; want %+v", got, tt.want)
			}
		})
	}
}

func TestParseLimitsNofile(t *testing.T) {
	const head = "Limit                     Soft Limit           Hard Limit           Units     \n"
	tests := []struct {
		name       string
		text       string
		soft, hard int64
		wantErr    bool
	}{
		{"numbers", head + "Max cpu time              unlimited            unlimited            seconds   \nMax open files            1024                 20000                files     \n", 1024, 20000, false},
		{"unlimited", head + "Max open files            unlimited            unlimited            files     \n", -1, -1, false},
		{"missing", head + "Max processes             100                  100                  processes \n", 0, 0, true},
		{"garbage", head + "Max open files            lots                 20000                files     \n", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			soft, hard, err := parseLimitsNofile(tt.text)
			if (err != nil) != tt.wantErr || (!tt.wantErr && (soft != tt.soft || hard != tt.hard)) {
				t.Errorf("parseLimitsNofile = %d, %d, %v; want %d, %d, error %v", soft, hard, err, tt.soft, tt.hard, tt.wantErr)
			}
		})
	}
}

func TestCountDescendants(t *testing.T) {
	// 1 -> 10 -> {11, 12 -> 13}; 1 -> 20.
	tree := map[int]int{10: 1, 11: 10, 12: 10, 13: 12, 20: 1}
	tests := []struct {
		root, want int
	}{
		{10, 3}, {12, 1}, {13, 0}, {1, 5}, {99, 0},
	}
	for _, tt := range tests {
		if got := countDescendants(tree, tt.root); got != tt.want {
			t.Errorf("countDescendants(tree, %d) = %d; want %d", tt.root, got, tt.want)
		}
	}
}

func TestDiffCounts(t *testing.T) {
	tests := []struct {
		name      string
		base, now map[string]int
		want      string
	}{
		{"nothing new", map[string]int{"socket": 3}, map[string]int{"socket": 2}, ""},
		{"grown and new, sorted", map[string]int{"socket": 1}, map[string]int{"socket": 3, "anon_inode:[pidfd]": 1}, "anon_inode:[pidfd] +1, socket +2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := diffCounts(tt.base, tt.now); got != tt.want {
				t.Errorf("diffCounts = %q; want %q", got, tt.want)
			}
		})
	}
}

// TestReadSelf reads this test process's own /proc files, which must parse.
func TestReadSelf(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	pid := os.Getpid()
	s, err := readSample(pid)
	if err != nil {
		t.Fatalf("readSample(self): %v", err)
	}
	if s.RSS <= 0 || s.HWM < s.RSS || s.FDs < 3 || s.Threads < 1 {
		t.Errorf("readSample(self) = %+v; want RSS > 0, HWM >= RSS, at least 3 fds and 1 thread", s)
	}
	if soft, _, err := readNofile(pid); err != nil || soft == 0 {
		t.Errorf("readNofile(self) = %d, %v; want a limit", soft, err)
	}
}

func TestParseGauge(t *testing.T) {
	text := "# HELP go_goroutines Number of goroutines.\n# TYPE go_goroutines gauge\ngo_goroutines_extra 3\ngo_goroutines{x=\"y\"} 5\ngo_goroutines 42\n"
	tests := []struct {
		name   string
		text   string
		metric string
		want   float64
		ok     bool
	}{
		{"found past prefixes and labels", text, "go_goroutines", 42, true},
		{"absent", "go_threads 9\n", "go_goroutines", 0, false},
		{"not a number", "go_goroutines many\n", "go_goroutines", 0, false},
		{"404 page", "404 page not found\n", "go_goroutines", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseGauge(tt.text, tt.metric)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseGauge = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseMachineCPU(t *testing.T) {
	tests := []struct {
		name              string
		text              string
		wantBusy, wantAll uint64
		wantErr           bool
	}{
		{"all eight counters, guest fields ignored", "cpu  100 2 30 500 7 1 4 6 99 0\ncpu0 50 1 15 250 3 0 2 3 0 0\n", 143, 650, false},
		{"idle machine", "cpu  0 0 0 1000 0 0 0 0\n", 0, 1000, false},
		{"per-core line first", "cpu0 1 2 3 4 5 6 7 8\n", 0, 0, true},
		{"too few counters", "cpu  1 2 3\n", 0, 0, true},
		{"not a number", "cpu  1 2 x 4 5 6 7 8\n", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			busy, all, err := parseMachineCPU(tt.text)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseMachineCPU error = %v; want error %v", err, tt.wantErr)
			}
			if busy != tt.wantBusy || all != tt.wantAll {
				t.Errorf("got busy %d of %d; want %d of %d", busy, all, tt.wantBusy, tt.wantAll)
			}
		})
	}
}
