package ostep

import (
	"io"
	"testing"
)

// BenchmarkMainLarge measures Main on the large runs of docs/benchmarks.md
// (cmd/proclab-bench's workloads), output discarded: the MB/s column is
// output bytes per second. Profile one with, e.g.,
// go test ./ostep -run '^$' -bench 'MainLarge/mlfq' -cpuprofile /tmp/cpu.out.
func BenchmarkMainLarge(b *testing.B) {
	runs := []struct {
		name string
		args []string
	}{
		{"scheduler", []string{"scheduler", "-p", "RR", "-q", "1", "-l", "300000,300000,300000", "-c"}},
		{"mlfq", []string{"mlfq", "-l", "0,400000,7:0,400000,0", "-c"}},
		{"lottery", []string{"lottery", "-l", "400000:100,400000:50", "-c", "-s", "3"}},
		{"process-run", []string{"process-run", "-l", "10000:50,10000:50", "-L", "3", "-c", "-p"}},
	}
	for _, r := range runs {
		b.Run(r.name, func(b *testing.B) {
			var w streamWatcher
			if code := Main(r.args, &w, io.Discard); code != 0 {
				b.Fatalf("exit status %d", code)
			}
			b.SetBytes(w.bytes)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if code := Main(r.args, io.Discard, io.Discard); code != 0 {
					b.Fatalf("exit status %d", code)
				}
			}
		})
	}
}
