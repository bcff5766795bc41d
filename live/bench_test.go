//go:build linux

package live

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// BenchmarkSampler{20,100,500} measure the lab's own CPU use while it
// watches n sleeping workers at 10 Hz: getrusage(RUSAGE_SELF) over a 3 s
// window (the workers are other processes and are not counted). Reported
// as percent of one core, and per process per sample.
func BenchmarkSampler20(b *testing.B)  { benchSampler(b, 20) }
func BenchmarkSampler100(b *testing.B) { benchSampler(b, 100) }
func BenchmarkSampler500(b *testing.B) { benchSampler(b, 500) }

func benchSampler(b *testing.B, n int) {
	m := New(Config{PerOwner: n, Total: n})
	if err := m.Available(); err != nil {
		b.Skip(err)
	}
	defer m.Close()
	for i := 0; i < n; i++ {
		if _, err := m.Spawn("bench", "sleep", args("ms", 600000)); err != nil {
			b.Fatal(err)
		}
	}
	// Wait until every worker has named itself and nothing is hot.
	for deadline := time.Now().Add(60 * time.Second); ; {
		named := 0
		for _, p := range m.Processes() {
			if p.Name == "pl-sleep" && p.Letter == "S" {
				named++
			}
		}
		if named == n {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d workers ready", named, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	const window = 3 * time.Second
	b.ResetTimer()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		before := selfCPU()
		time.Sleep(window)
		cpu += selfCPU() - before
	}
	b.StopTimer()
	wall := time.Duration(b.N) * window
	pct := 100 * cpu.Seconds() / wall.Seconds()
	b.ReportMetric(pct, "cpu-%")
	b.ReportMetric(float64(cpu.Microseconds())/(wall.Seconds()*10*float64(n)), "µs/proc/sample")
	b.Logf("%d processes at 10 Hz: %.2f%% of one core", n, pct)
}

func selfCPU() time.Duration {
	var ru unix.Rusage
	_ = unix.Getrusage(unix.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
