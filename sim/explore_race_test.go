package sim

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// oracleFacts walks every schedule of sc one by one, with no merging of
// states, and returns for each outcome (as Outcome.String writes it) the
// variables with a data race and those with a lost update on some schedule
// that reaches it, e.g. "races=counter lost=counter".
func oracleFacts(t *testing.T, sc *Scenario) map[string]string {
	t.Helper()
	races, lost := map[string]uint32{}, map[string]uint32{}
	assertBits := map[int64]uint{}
	schedules := 0
	var walk func(e *Engine, viol uint64, f raceFacts)
	walk = func(e *Engine, viol uint64, f raceFacts) {
		for !e.done {
			if e.step > 500 {
				t.Fatal("the oracle only walks scenarios that end")
			}
			cands := e.candidates(nil)
			if len(cands) >= 2 {
				for _, pid := range cands {
					c := e.Clone()
					v, g := c.stepViolations(pid, assertBits)
					walk(c, viol|v, f.or(g))
				}
				return
			}
			v, g := e.stepViolations(-1, assertBits)
			viol, f = viol|v, f.or(g)
		}
		schedules++
		if schedules > 200_000 {
			t.Fatal("too many schedules for the oracle")
		}
		x := &explorer{outKeys: map[string]int{}, assertBits: assertBits}
		key := x.res.Outcomes[x.newOutcome(e, viol)].String(sc)
		races[key] |= f.races
		lost[key] |= f.lost
	}
	walk(New(Interleaved(sc), Options{}), 0, raceFacts{})
	out := map[string]string{}
	for k := range races {
		out[k] = factsText(sc, varList(races[k]), varList(lost[k]))
	}
	return out
}

func factsText(sc *Scenario, races, lost []int) string {
	name := func(l []int) string {
		var s []string
		for _, v := range l {
			s = append(s, sc.Vars[v].Name)
		}
		return strings.Join(s, ",")
	}
	return fmt.Sprintf("races=%s lost=%s", name(races), name(lost))
}

// TestExploreRaceFacts checks that every outcome lists exactly the races
// and lost updates of the schedules that reach it, against a walk of every
// schedule without merging.
func TestExploreRaceFacts(t *testing.T) {
	tests := []struct {
		name, text string
		want       map[string]string // outcome -> facts; nil: compare with the oracle only
	}{
		{"two increments", twoIncrements, map[string]string{
			"counter=1 [expect_failed:counter == 2]": "races=counter lost=counter",
			"counter=2":                              "races=counter lost=",
		}},
		{"mutex increments", "var c = 0\nmutex m\nthread a\n  lock m\n  c = c + 1\n  unlock m\nthread b\n  lock m\n  c = c + 1\n  unlock m\nexpect c == 2\n",
			map[string]string{"c=2": "races= lost="}},
		{"atomic increments", "var c = 0\nthread a\n  atomic_add c 1\nthread b\n  atomic_add c 1\n",
			map[string]string{"c=2": "races= lost="}},
		{"a race on one schedule only", `var x = 0
var y = 0
mutex m
thread a
  lock m
  x = 1
  unlock m
  y = 1
thread b
  lock m
  t = x
  unlock m
  if t == 1
    y = 2
  end
`, map[string]string{"x=1 y=1": "races=y lost=", "x=1 y=2": "races=y lost="}},
		{"merged states, different pasts", `var c = 0
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
`, nil},
		{"the same state after a race-free and a racy past", `var x = 0
var z = 0
var w = 0
var y = 0
mutex m
thread a
  x = 1
  lock m
  unlock m
  z = 1
thread b
  lock m
  unlock m
  w = z
  y = x
thread c
  t = 1
  t = 2
`, map[string]string{ // w=1 y=1: race-free if a unlocks before b locks, racy on x if not
			"x=1 z=1 w=0 y=0": "races=x,z lost=", "x=1 z=1 w=0 y=1": "races=x,z lost=", "x=1 z=1 w=1 y=1": "races=x,z lost=",
		}},
		{"a racy read before the lock", `var c = 0
mutex m
thread a
  t = c
  lock m
  c = c + 1
  unlock m
thread b
  lock m
  c = c + 2
  unlock m
`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := mustParse(t, tt.text)
			r := Explore(sc, ExploreOptions{})
			if !r.Complete || r.Cycles {
				t.Fatalf("complete %v, cycles %v; want a complete run without cycles", r.Complete, r.Cycles)
			}
			got := map[string]string{}
			for _, o := range r.Outcomes {
				if o.Races == nil || o.LostUpdates == nil {
					t.Errorf("%s: nil race lists; want empty lists", o.String(sc))
				}
				got[o.String(sc)] = factsText(sc, o.Races, o.LostUpdates)
			}
			want := oracleFacts(t, sc)
			if tt.want != nil && fmt.Sprint(sortedMap(want)) != fmt.Sprint(sortedMap(tt.want)) {
				t.Errorf("the oracle says %v; the test expects %v", sortedMap(want), sortedMap(tt.want))
			}
			if g, w := sortedMap(got), sortedMap(want); fmt.Sprint(g) != fmt.Sprint(w) {
				t.Errorf("got %v; want %v", g, w)
			}
		})
	}
}

func sortedMap(m map[string]string) []string {
	var s []string
	for k, v := range m {
		s = append(s, k+": "+v)
	}
	sort.Strings(s)
	return s
}

// TestExploreRaceFactsGenerated compares Explore's race facts with the
// oracle's on small generated programs: two or three threads mixing locked
// and unlocked reads, writes and increments of two variables, where many
// schedules reach the same state with different happens-before histories.
func TestExploreRaceFactsGenerated(t *testing.T) {
	stmts := []string{"x = x + 1", "y = x", "x = 1", "t = y", "y = y + 1", "atomic_add x 1", "lock m\n  x = x + 1\n  unlock m",
		"lock m\n  unlock m", "lock m\n  t = x\n  unlock m", "lock m\n  y = 2\n  unlock m"}
	rng := uint64(7)
	next := func(n int) int {
		rng = rng*6364136223846793005 + 1442695040888963407
		return int(rng>>33) % n
	}
	for k := range 60 {
		var b strings.Builder
		b.WriteString("var x = 0\nvar y = 0\nmutex m\n")
		threads := 2 + k%2
		for th := range threads {
			fmt.Fprintf(&b, "thread t%d\n", th)
			for range 1 + next(4-threads)*next(2) {
				fmt.Fprintf(&b, "  %s\n", stmts[next(len(stmts))])
			}
		}
		text := b.String()
		sc := mustParse(t, text)
		r := Explore(sc, ExploreOptions{})
		if !r.Complete || r.Cycles {
			t.Fatalf("program %d: complete %v, cycles %v\n%s", k, r.Complete, r.Cycles, text)
		}
		want := sortedMap(oracleFacts(t, sc))
		for _, opt := range []ExploreOptions{{}, {OutcomesOnly: true}, {OutcomesOnly: true, Symmetry: true, PartialOrder: true}} {
			r := Explore(sc, opt)
			got := map[string]string{}
			for _, o := range r.Outcomes {
				got[o.String(sc)] = factsText(sc, o.Races, o.LostUpdates)
			}
			if g := sortedMap(got); fmt.Sprint(g) != fmt.Sprint(want) {
				t.Errorf("program %d, %+v:\n%s\ngot  %v\nwant %v", k, opt, text, g, want)
			}
		}
	}
}
