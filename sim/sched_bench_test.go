package sim

import (
	"fmt"
	"testing"
)

// benchWorkload returns n jobs with bursts of 1..20 ticks (mean 10.5) and
// gaps between arrivals of 1..22 ticks (mean 11.5), so one CPU is about 90%
// busy and queues stay realistic; priorities 0..9, tickets 10..100, nice
// -5..4. A linear congruential generator keeps it the same on every run.
func benchWorkload(n int) []JobSpec {
	var x uint64 = 42
	rnd := func(k uint64) int64 {
		x = x*6364136223846793005 + 1442695040888963407
		return int64((x >> 33) % k)
	}
	jobs := make([]JobSpec, n)
	var at int64
	for i := range jobs {
		at += 1 + rnd(22)
		jobs[i] = JobSpec{Name: fmt.Sprintf("j%d", i), Arrival: at, Burst: 1 + rnd(20),
			Priority: int(rnd(10)), Tickets: 10 + rnd(91), Nice: int(rnd(10)) - 5}
	}
	return jobs
}

// BenchmarkSchedule schedules 1,000, 10,000 and 100,000 jobs with each
// policy to the end. The time per job should stay flat as n grows
// (near-linear); see docs/benchmarks.md.
func BenchmarkSchedule(b *testing.B) {
	for _, pol := range Policies() {
		for _, n := range []int{1000, 10000, 100000} {
			jobs := benchWorkload(n)
			b.Run(fmt.Sprintf("%s/%d", pol, n), func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					sc, err := NewJobs(jobs, Scenario{CPUs: 1, Policy: pol, Quantum: 4})
					if err != nil {
						b.Fatal(err)
					}
					e := New(sc, Options{})
					for !e.Done() {
						e.Step()
					}
					if s := e.Stats(); s.Completed != n {
						b.Fatalf("%d of %d jobs completed", s.Completed, n)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/job")
			})
		}
	}
}
