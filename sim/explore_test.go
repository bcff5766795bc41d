package sim

import (
	"fmt"
	"strings"
	"testing"
)

func mustParse(t testing.TB, text string) *Scenario {
	t.Helper()
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

const twoIncrements = `var counter = 0
thread t1
  counter = counter + 1
thread t2
  counter = counter + 1
expect counter == 2
`

func outcomeSet(sc *Scenario, r ExploreResult) string {
	var s []string
	for _, o := range r.Outcomes {
		s = append(s, o.String(sc))
	}
	return strings.Join(sortedCopy(s), " | ")
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := range c {
		for j := i + 1; j < len(c); j++ {
			if c[j] < c[i] {
				c[i], c[j] = c[j], c[i]
			}
		}
	}
	return c
}

func TestExploreKnownPrograms(t *testing.T) {
	tests := []struct {
		name, text, want string
		schedules        uint64 // total schedules, 0: do not check
	}{
		{"two increments", twoIncrements, "counter=1 [expect_failed:counter == 2] | counter=2", 20},
		{"atomic increments", "var c = 0\nthread a\n  atomic_add c 1\nthread b\n  atomic_add c 1\nexpect c == 2\n", "c=2", 0},
		{"mutex increments", "var c = 0\nmutex m\nthread a\n  lock m\n  c = c + 1\n  unlock m\nthread b\n  lock m\n  c = c + 1\n  unlock m\nexpect c == 2\n", "c=2", 0},
		{"deadlock or not", "mutex a\nmutex b\nthread t1\n  lock a\n  lock b\n  unlock b\n  unlock a\nthread t2\n  lock b\n  lock a\n  unlock a\n  unlock b\n", " | [deadlock]", 14},
		{"check then act", "var seat = 0\nthread a\n  if seat == 0\n    critical\n      seat = seat + 1\n    end\n  end\nthread b\n  if seat == 0\n    critical\n      seat = seat + 1\n    end\n  end\nexpect seat == 1\n",
			"seat=1 | seat=1 [cs_violation] | seat=2 [cs_violation, expect_failed:seat == 1] | seat=2 [expect_failed:seat == 1]", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := mustParse(t, tt.text)
			r := Explore(sc, ExploreOptions{})
			if !r.Complete {
				t.Error("exploration incomplete")
			}
			if got := outcomeSet(sc, r); got != tt.want {
				t.Errorf("outcomes %s; want %s", got, tt.want)
			}
			var total uint64
			for _, o := range r.Outcomes {
				total += o.Schedules
			}
			if tt.schedules != 0 && total != tt.schedules {
				t.Errorf("%d schedules; want %d", total, tt.schedules)
			}
			// Every witness reproduces its outcome in the stepper.
			for _, o := range r.Outcomes {
				e := New(sc, Options{Interleave: true, Choices: o.Witness, MaxSteps: 10000})
				viol := map[string]bool{}
				for !e.Done() {
					for _, ev := range e.Step() {
						switch ev.Kind {
						case EvCSViolation:
							viol["cs_violation"] = true
						case EvDeadlock:
							viol["deadlock"] = true
						}
					}
				}
				if fmt.Sprint(e.mem) != fmt.Sprint(o.Vars) {
					t.Errorf("witness %v ends with %v; the outcome says %v", o.Witness, e.mem, o.Vars)
				}
				for _, v := range o.Violations {
					if (v == "cs_violation" || v == "deadlock") && !viol[v] {
						t.Errorf("witness %v does not show %s", o.Witness, v)
					}
				}
			}
		})
	}
}

func TestExploreBound(t *testing.T) {
	sc := mustParse(t, twoIncrements)
	r := Explore(sc, ExploreOptions{MaxStates: 3})
	if r.Complete {
		t.Error("a bounded exploration says it is complete")
	}
}

// BenchmarkExplore measures states per second (target: 1,000,000) and the
// time to explore three threads each doing two increments.
func BenchmarkExplore(b *testing.B) {
	sc := mustParse(b, `var c = 0
thread a
  c = c + 1
  c = c + 1
thread b
  c = c + 1
  c = c + 1
thread d
  c = c + 1
  c = c + 1
`)
	var states int
	for range b.N {
		r := Explore(sc, ExploreOptions{})
		states = r.States
	}
	b.ReportMetric(float64(states), "states")
	b.ReportMetric(float64(states)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
}

func TestExploreStop(t *testing.T) {
	sc := mustParse(t, "var c = 0\nthread a\n  c = c + 1\n  c = c + 1\n  c = c + 1\nthread b\n  c = c + 1\n  c = c + 1\n  c = c + 1\nthread d\n  c = c + 1\n  c = c + 1\n  c = c + 1\n")
	asked := 0
	r := Explore(sc, ExploreOptions{Stop: func() bool { asked++; return true }})
	if r.Complete || asked != 1 || r.States > 4096 {
		t.Errorf("stopped exploration: complete %v, asked %d times, %d states", r.Complete, asked, r.States)
	}
	if full := Explore(sc, ExploreOptions{Stop: func() bool { return false }}); !full.Complete || full.States <= 4096 {
		t.Errorf("an exploration that is never stopped: complete %v, %d states", full.Complete, full.States)
	}
}

// BenchmarkExploreLocks measures states per second on code where the race
// detector has work to do: three threads, each taking a mutex around one
// increment and then touching a second variable without it.
func BenchmarkExploreLocks(b *testing.B) {
	sc := mustParse(b, `var c = 0
var d = 0
mutex m
thread a
  lock m
  c = c + 1
  unlock m
  d = d + 1
thread b
  lock m
  c = c + 1
  unlock m
  d = d + 1
thread e
  lock m
  c = c + 1
  unlock m
  d = d + 1
`)
	var states int
	for range b.N {
		r := Explore(sc, ExploreOptions{})
		states = r.States
	}
	b.ReportMetric(float64(states), "states")
	b.ReportMetric(float64(states)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
}
