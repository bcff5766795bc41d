package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"proclab/assets"
	"proclab/lab"
)

// benchScenarios are the runs the step-message benchmark plays: 64 tasks
// on 4 CPUs (the page's target of issue 14), and a process that forks to
// the 4,096-task limit, played from step 4,200, where every step carries
// 4,096 tasks.
func benchScenarios() []struct {
	name string
	src  string
	from int64
} {
	var b strings.Builder
	b.WriteString("title en: 64 tasks\ntitle zh: 64 个任务\nmax_tasks 64\ncpus 4\npolicy rr 2\n")
	for i := range 63 {
		fmt.Fprintf(&b, "process p%d\n  repeat 1000\n    compute 3\n    sleep 2\n  end\n", i)
	}
	fork := "title en: fork to the limit\ntitle zh: fork 到上限\nmax_tasks 4096\npid_max 8192\ncpus 16\n" +
		"process spawner\n  repeat 5000\n    fork child\n  end\n  sleep 100000000\nprogram child\n  sleep 100000000\n"
	return []struct {
		name string
		src  string
		from int64
	}{{"64tasks", b.String(), 0}, {"4096tasks", fork, 3000}}
}

// BenchmarkStepMessage measures what one played step costs the server to
// encode and the bytes it sends, as whole task tables (the protocol before
// issue 14) and as deltas: `go test ./server -run '^$' -bench StepMessage
// -benchmem`. The bytes per step are reported as B/step.
func BenchmarkStepMessage(b *testing.B) {
	ls, err := lab.LoadLessons(assets.Files)
	if err != nil {
		b.Fatal(err)
	}
	for _, sc := range benchScenarios() {
		for _, delta := range []bool{false, true} {
			name := sc.name + "/whole"
			if delta {
				name = sc.name + "/delta"
			}
			b.Run(name, func(b *testing.B) {
				sess := lab.NewSession(ls)
				src := sc.src
				snap, err := sess.Load(lab.LoadRequest{Scenario: &src, Step: sc.from}, nil)
				if err != nil {
					b.Fatal(err)
				}
				var d taskDelta
				d.hold(toWireSnapshot(snap).Tasks)
				bytes := 0
				b.ResetTimer()
				for b.Loop() {
					f, ok := sess.Forward()
					if !ok {
						b.StopTimer()
						d.hold(toWireSnapshot(sess.At(sc.from)).Tasks)
						b.StartTimer()
						continue
					}
					w := toWireFrame(f)
					if delta {
						if changed, gone, ok := d.encode(w.Tasks); ok {
							w.Tasks, w.Gone, w.Delta = changed, gone, true
						}
					}
					data, err := json.Marshal(w)
					if err != nil {
						b.Fatal(err)
					}
					bytes += len(data)
				}
				b.ReportMetric(float64(bytes)/float64(b.N), "B/step")
			})
		}
	}
}
