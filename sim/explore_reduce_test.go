package sim

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// reduceCase is a scenario the reductions must not change the findings of.
type reduceCase struct {
	name, text string
}

// classicCases are the lessons and textbook cases explore is for: lost
// update, check-then-act, atomics, mutex, deadlock, producer-consumer,
// Peterson, spin versus block, the store-buffering and message-passing
// litmus tests, and identical threads on every kind of lock.
func classicCases(t *testing.T) []reduceCase {
	t.Helper()
	cases := []reduceCase{
		{"lost update", lessonText(t, "14-lost-update.txt")},
		{"check then act", lessonText(t, "15-check-then-act.txt")},
		{"atomic", lessonText(t, "16-atomic.txt")},
		{"mutex", lessonText(t, "17-mutex.txt")},
		{"deadlock", lessonText(t, "18-deadlock.txt")},
		{"producer consumer", lessonText(t, "19-producer-consumer.txt")},
		{"peterson", lessonText(t, "20-peterson.txt")},
		{"spin vs block", lessonText(t, "21-spin-vs-block.txt")},
		{"litmus store buffering", "var x = 0\nvar y = 0\nvar r1 = 0\nvar r2 = 0\nthread a\n  x = 1\n  r1 = y\nthread b\n  y = 1\n  r2 = x\n"},
		{"litmus message passing", "var data = 0\nvar flag = 0\nvar r1 = 0\nvar r2 = 0\nthread a\n  data = 1\n  flag = 1\nthread b\n  r1 = flag\n  r2 = data\n"},
		{"litmus load buffering", "var x = 0\nvar y = 0\nvar r1 = 0\nvar r2 = 0\nthread a\n  r1 = y\n  x = 1\nthread b\n  r2 = x\n  y = 1\n"},
		{"3 threads x 2 increments", threadsIncrementing(3, 2)},
		{"2 threads x 3 increments", threadsIncrementing(2, 3)},
	}
	body := map[string]string{
		"mutex":      "mutex m\n|  lock m\n  c = c + 1\n  unlock m\n  d = d + 1\n",
		"spinlock":   "spinlock m\n|  lock m\n  c = c + 1\n  unlock m\n",
		"ticketlock": "ticketlock m\n|  lock m\n  c = c + 1\n  unlock m\n",
		"semaphore":  "semaphore s = 1\n|  sem_wait s\n  c = c + 1\n  sem_post s\n",
		"deadlock3":  "mutex m\nmutex n\n|  lock m\n  lock n\n  c = c + 1\n  unlock n\n  unlock m\n",
		"cond":       "mutex m\ncond q\n|  lock m\n  while c == 0\n    cond_wait q m\n  end\n  c = c - 1\n  unlock m\n",
		"critical":   "|  if c == 0\n    critical\n      c = c + 1\n    end\n  end\n",
		"cas":        "|  r = 0\n  while r == 0\n    r = cas c 0 1\n  end\n  c = 0\n",
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range body {
			if !yield(k) {
				return
			}
		}
	}) {
		decl, code, _ := strings.Cut(body[name], "|")
		var b strings.Builder
		b.WriteString("var c = 0\nvar d = 0\n" + decl)
		for th := range 3 {
			fmt.Fprintf(&b, "thread t%d\n%s", th, code)
		}
		if name == "cond" {
			b.WriteString("thread p\n  lock m\n  c = c + 3\n  cond_broadcast q\n  unlock m\n")
		}
		cases = append(cases, reduceCase{"3 identical threads, " + name, b.String()})
	}
	return cases
}

// lessonText returns the text of lesson file name (assets/lessons).
func lessonText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "assets", "lessons", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// generatedSymmetric returns n generated scenarios of two to four
// identical threads, and sometimes one other thread, mixing locked and
// unlocked reads, writes, increments and atomics of two variables.
func generatedSymmetric(n int) []reduceCase {
	stmts := []string{"x = x + 1", "y = x", "x = 1", "r = y", "y = y + 1", "atomic_add x 1", "lock m\n  x = x + 1\n  unlock m",
		"lock m\n  unlock m", "lock m\n  r = x\n  unlock m", "lock m\n  y = 2\n  unlock m", "if x == 0\n    y = 1\n  end"}
	rng := uint64(11)
	next := func(n int) int {
		rng = rng*6364136223846793005 + 1442695040888963407
		return int(rng>>33) % n
	}
	var out []reduceCase
	for k := range n {
		var b strings.Builder
		b.WriteString("var x = 0\nvar y = 0\nmutex m\n")
		var body strings.Builder
		for range 1 + next(2) {
			fmt.Fprintf(&body, "  %s\n", stmts[next(len(stmts))])
		}
		twins := 2 + next(2)
		for th := range twins {
			fmt.Fprintf(&b, "thread t%d\n%s", th, body.String())
		}
		if next(2) == 0 {
			fmt.Fprintf(&b, "thread u\n  %s\n", stmts[next(len(stmts))])
		}
		if next(3) == 0 {
			b.WriteString("expect x == 2\n")
		}
		out = append(out, reduceCase{fmt.Sprintf("generated %d", k), b.String()})
	}
	return out
}

// findings writes what an exploration found that no reduction may change:
// whether it completed and looped, and each outcome (sorted) with its race
// facts and, if counts, its schedule count.
func findings(sc *Scenario, r ExploreResult, counts bool) string {
	var lines []string
	for _, o := range r.Outcomes {
		l := fmt.Sprintf("%s: races %v, lost %v", o.String(sc), o.Races, o.LostUpdates)
		if counts {
			l += fmt.Sprintf(", %d schedules", o.Schedules)
		}
		lines = append(lines, l)
	}
	slices.Sort(lines)
	return fmt.Sprintf("complete %v, cycles %v\n%s", r.Complete, r.Cycles, strings.Join(lines, "\n"))
}

// checkWitnesses replays every outcome's witness and checks that it ends
// with the outcome's variables.
func checkWitnesses(t *testing.T, sc *Scenario, r ExploreResult) {
	t.Helper()
	for _, o := range r.Outcomes {
		e := New(sc, Options{Interleave: true, Choices: o.Witness, MaxSteps: 10000})
		for !e.Done() {
			e.Step()
		}
		if got, want := fmt.Sprint(e.mem), fmt.Sprint(o.Vars); got != want {
			t.Errorf("witness %v ends with %v; want the outcome's %v", o.Witness, got, want)
		}
	}
}

// TestExploreSymmetrySame checks that symmetry reduction finds the same
// outcomes, race facts, schedule counts (without cycles) and completeness as the unreduced
// exploration, on the classic cases and on generated scenarios of
// identical threads, with witnesses that replay; and that it does reduce
// where threads are identical.
func TestExploreSymmetrySame(t *testing.T) {
	cases := append(classicCases(t), generatedSymmetric(60)...)
	reduced := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := mustParse(t, c.text)
			full := Explore(sc, ExploreOptions{})
			sym := Explore(sc, ExploreOptions{Symmetry: true})
			// With cycles the counts cover the schedules that repeat no
			// state, and symmetry cuts a loop where a symmetric state repeats.
			if got, want := findings(sc, sym, !full.Cycles), findings(sc, full, !full.Cycles); got != want {
				t.Errorf("symmetry: got\n%s\nwant (unreduced)\n%s\nscenario:\n%s", got, want, c.text)
			}
			if sym.States > full.States {
				t.Errorf("symmetry: got %d states; want at most the unreduced %d", sym.States, full.States)
			}
			if sym.States < full.States {
				reduced++
			}
			checkWitnesses(t, sc, sym)
		})
	}
	if reduced < len(cases)/2 {
		t.Errorf("symmetry reduced %d of %d cases; want at least half", reduced, len(cases))
	}
}

// TestExplorePartialOrderSame checks that partial-order reduction, alone
// and with symmetry, finds the same outcomes, race facts and completeness
// as the unreduced exploration (the schedule counts are of the reduced
// schedules), with witnesses that replay, on the classic and generated
// cases; and that it does reduce.
func TestExplorePartialOrderSame(t *testing.T) {
	cases := append(classicCases(t), generatedSymmetric(60)...)
	reduced := 0
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := mustParse(t, c.text)
			full := Explore(sc, ExploreOptions{})
			want := findings(sc, full, false)
			for _, opt := range []ExploreOptions{{PartialOrder: true}, {PartialOrder: true, Symmetry: true}} {
				r := Explore(sc, opt)
				if got := findings(sc, r, false); got != want {
					t.Errorf("%+v: got\n%s\nwant (unreduced)\n%s\nscenario:\n%s", opt, got, want, c.text)
				}
				if r.States > full.States {
					t.Errorf("%+v: got %d states; want at most the unreduced %d", opt, r.States, full.States)
				}
				if opt.Symmetry && r.States < full.States {
					reduced++
				}
				checkWitnesses(t, sc, r)
			}
		})
	}
	if reduced < len(cases)/2 {
		t.Errorf("the reductions reduced %d of %d cases; want at least half", reduced, len(cases))
	}
}

// TestExploreProgress checks that Progress is told the states expanded,
// every ProgressEvery of them, with a frontier no larger than the states,
// and that it does not change what the exploration finds.
func TestExploreProgress(t *testing.T) {
	sc := mustParse(t, threadsIncrementing(3, 2))
	var got []ExploreProgress
	r := Explore(sc, ExploreOptions{Progress: func(p ExploreProgress) { got = append(got, p) }})
	want := r.States / ProgressEvery
	if len(got) != want {
		t.Fatalf("got %d progress reports for %d states; want %d", len(got), r.States, want)
	}
	for k, p := range got {
		if p.States != (k+1)*ProgressEvery || p.Frontier < 1 || p.Frontier > p.States || p.Bytes <= 0 {
			t.Errorf("report %d: got %+v; want %d states, a frontier in 1..states and some bytes", k, p, (k+1)*ProgressEvery)
		}
	}
	if g, w := findings(sc, r, true), findings(sc, Explore(sc, ExploreOptions{}), true); g != w {
		t.Errorf("with progress: got\n%s\nwant\n%s", g, w)
	}
}

// TestExploreOutcomesOnlySame checks that exploring without counting
// schedules, alone and with both reductions, finds the same outcomes, race
// facts, completeness and loops as the counting exploration, with
// witnesses that replay and no schedule count, on the classic and
// generated cases and on the race-fact cases the oracle checks.
func TestExploreOutcomesOnlySame(t *testing.T) {
	cases := append(classicCases(t), generatedSymmetric(60)...)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := mustParse(t, c.text)
			full := Explore(sc, ExploreOptions{})
			want := findings(sc, full, false)
			for _, opt := range []ExploreOptions{{OutcomesOnly: true}, {OutcomesOnly: true, Symmetry: true, PartialOrder: true}} {
				r := Explore(sc, opt)
				if got := findings(sc, r, false); got != want {
					t.Errorf("%+v: got\n%s\nwant (counting)\n%s\nscenario:\n%s", opt, got, want, c.text)
				}
				if !opt.Symmetry && r.States != full.States {
					t.Errorf("%+v: got %d states; want the counting exploration's %d", opt, r.States, full.States)
				}
				for _, o := range r.Outcomes {
					if o.Schedules != 0 {
						t.Errorf("%+v: outcome %s has %d schedules; want 0 (not counted)", opt, o.String(sc), o.Schedules)
					}
				}
				checkWitnesses(t, sc, r)
			}
		})
	}
}
