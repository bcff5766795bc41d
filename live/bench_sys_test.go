//go:build linux

package live

import (
	"testing"
	"time"
)

// BenchmarkPingPong{Free,OneCPU,TwoCPUs} run the pingpong workload (one
// byte back and forth over two pipes, 200,000 round trips or 10 s) in each
// of its CPU modes and report what its worker measured: round trips per
// second, the median, mean and 99th percentile round trip, and the context
// switches per second of the two main threads. One run is one spawn:
//
//	go test ./live -run XXX -bench PingPong -benchtime 1x -count 3
func BenchmarkPingPongFree(b *testing.B)    { benchPingPong(b, 0) }
func BenchmarkPingPongOneCPU(b *testing.B)  { benchPingPong(b, 1) }
func BenchmarkPingPongTwoCPUs(b *testing.B) { benchPingPong(b, 2) }

func benchPingPong(b *testing.B, mode int) {
	m := New(Config{})
	if err := m.Available(); err != nil {
		b.Skip(err)
	}
	defer m.Close()
	var sum SysReport
	for i := 0; i < b.N; i++ {
		sub := m.Subscribe(4096)
		pid, err := m.Spawn("bench", "pingpong", args("rounds", 200000, "max_ms", 10000, "cpus", mode))
		if err != nil {
			b.Fatal(err)
		}
		var done *SysReport
		timeout := time.After(60 * time.Second)
		for done == nil {
			select {
			case u, ok := <-sub.C:
				if !ok {
					b.Fatal("subscription closed")
				}
				for _, r := range u.Reports {
					if r.Kind == "pingpong" && r.Phase == "done" && r.PID == pid {
						done = r.SysReport
					}
				}
			case <-timeout:
				b.Fatal("no final report")
			}
		}
		sub.Close()
		m.KillAll(Actor{Client: "bench"})
		sum.PerSec += done.PerSec
		sum.MedianUS += done.MedianUS
		sum.MeanUS += done.MeanUS
		sum.P99US += done.P99US
		sum.SwitchesPerS += done.SwitchesPerS
		b.Logf("cpus=%d (%q): %.0f round trips/s, median %.1f µs, mean %.1f µs, p99 %.1f µs, %.0f switches/s (v %d, nv %d)",
			mode, done.CPUs, done.PerSec, done.MedianUS, done.MeanUS, done.P99US, done.SwitchesPerS, done.VCSW, done.NVCSW)
	}
	n := float64(b.N)
	b.ReportMetric(sum.PerSec/n, "roundtrips/s")
	b.ReportMetric(sum.MedianUS/n, "median-µs")
	b.ReportMetric(sum.MeanUS/n, "mean-µs")
	b.ReportMetric(sum.P99US/n, "p99-µs")
	b.ReportMetric(sum.SwitchesPerS/n, "switches/s")
}
