package sim

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// answersFile pins every answer explore gives on the text lessons, the
// classic cases and the N × K lost-update cases under eight option sets:
// one line per case and options, with the states, whether it completed,
// looped and fingerprinted, the outcome count and a digest of everything
// else (each outcome's variables, violations, schedule count, witness,
// races, lost updates and output, in order). A change that makes explore
// faster must leave it byte for byte as it is; one meant to change answers
// rewrites it with go test ./sim -run TestExploreAnswers -update and says
// why in its commit.
const answersFile = "testdata/explore_answers.txt"

// answerOptions are the option sets every case is explored under: plain,
// each reduction, outcomes only with and without them, fingerprints from
// the first state, and a bound of 3,000 states with and without counts.
var answerOptions = []struct {
	name string
	opt  ExploreOptions
}{
	{"plain", ExploreOptions{}},
	{"symmetry", ExploreOptions{Symmetry: true}},
	{"reduced", ExploreOptions{Symmetry: true, PartialOrder: true}},
	{"outcomes", ExploreOptions{OutcomesOnly: true}},
	{"outcomes-reduced", ExploreOptions{OutcomesOnly: true, Symmetry: true, PartialOrder: true}},
	{"fingerprints", ExploreOptions{ExactStates: -1, Symmetry: true}},
	{"bound", ExploreOptions{MaxStates: 3000, Symmetry: true}},
	{"bound-outcomes", ExploreOptions{MaxStates: 3000, OutcomesOnly: true}},
}

// answerBound is the state bound of the option sets that set none: large
// enough for every lesson, so only the largest N × K cases stop at it.
const answerBound = 60_000

// answerCases returns the text lessons, the classic cases (two of them
// N × K cases) and five more N × K lost-update cases, by name.
func answerCases(t *testing.T) []reduceCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "assets", "lessons", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []reduceCase
	for _, f := range files {
		cases = append(cases, reduceCase{"lesson " + filepath.Base(f), lessonText(t, filepath.Base(f))})
	}
	cases = append(cases, classicCases(t)...)
	for _, nk := range [][2]int{{2, 2}, {3, 3}, {2, 5}, {3, 4}, {4, 3}} {
		cases = append(cases, reduceCase{fmt.Sprintf("%d threads x %d increments", nk[0], nk[1]), threadsIncrementing(nk[0], nk[1])})
	}
	return cases
}

// answerLine explores sc with opt and returns its line of answersFile.
func answerLine(name, optName string, sc *Scenario, opt ExploreOptions) string {
	if opt.MaxStates == 0 {
		opt.MaxStates = answerBound
	}
	r := Explore(sc, opt)
	d := sha256.New()
	for _, o := range r.Outcomes {
		fmt.Fprintf(d, "%v|%q|%d|%v|%v|%v|%q\n", o.Vars, o.Violations, o.Schedules, o.Witness, o.Races, o.LostUpdates, o.Output)
	}
	return fmt.Sprintf("%s | %s | states %d complete %t cycles %t fingerprinted %t outcomes %d | %x",
		name, optName, r.States, r.Complete, r.Cycles, r.Fingerprinted, len(r.Outcomes), d.Sum(nil)[:12])
}

// TestExploreAnswers explores every case of answerCases under every option
// set of answerOptions and compares the answers with answersFile, line by
// line: speed-ups of explore must change none of them.
func TestExploreAnswers(t *testing.T) {
	if testing.Short() || raceEnabled {
		// One goroutine throughout: the race detector would only make it
		// ten times slower.
		t.Skip("explores 59 cases 8 ways")
	}
	var got []string
	for _, c := range answerCases(t) {
		sc := mustParse(t, c.text)
		for _, o := range answerOptions {
			got = append(got, answerLine(c.name, o.name, sc, o.opt))
		}
	}
	if *update {
		if err := os.WriteFile(answersFile, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(answersFile)
	if err != nil {
		t.Fatalf("%v; run go test ./sim -run TestExploreAnswers -update on a tree whose answers are right", err)
	}
	want := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i := range max(len(got), len(want)) {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("line %d:\ngot  %s\nwant %s", i+1, g, w)
		}
	}
	if slices.Equal(got, want) && len(got) == 0 {
		t.Error("no answers were compared")
	}
}

// TestExploreAnswersFull writes, when PROCLAB_ANSWERS_DUMP names a file,
// every answer of TestExploreAnswers in full (one line per outcome, each
// field apart), and when PROCLAB_ANSWERS_BEFORE names such a file written
// by another tree, compares them field by field: what a change meant to
// alter answers (the complete symmetry key: States and witnesses) did
// change, and that nothing else did. Skipped unless one is set.
func TestExploreAnswersFull(t *testing.T) {
	dump, before := os.Getenv("PROCLAB_ANSWERS_DUMP"), os.Getenv("PROCLAB_ANSWERS_BEFORE")
	if dump == "" && before == "" {
		t.Skip("set PROCLAB_ANSWERS_DUMP or PROCLAB_ANSWERS_BEFORE")
	}
	var lines []string
	for _, c := range answerCases(t) {
		sc := mustParse(t, c.text)
		for _, o := range answerOptions {
			opt := o.opt
			if opt.MaxStates == 0 {
				opt.MaxStates = answerBound
			}
			r := Explore(sc, opt)
			head := c.name + " | " + o.name
			lines = append(lines, fmt.Sprintf("%s | run | states=%d | complete=%t | cycles=%t | fingerprinted=%t | outcomes=%d",
				head, r.States, r.Complete, r.Cycles, r.Fingerprinted, len(r.Outcomes)))
			for k, oc := range r.Outcomes {
				lines = append(lines, fmt.Sprintf("%s | outcome %d | vars=%v | violations=%q | schedules=%d | witness=%v | races=%v | lost=%v | output=%q",
					head, k, oc.Vars, oc.Violations, oc.Schedules, oc.Witness, oc.Races, oc.LostUpdates, oc.Output))
			}
		}
	}
	if dump != "" {
		if err := os.WriteFile(dump, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if before == "" {
		return
	}
	data, err := os.ReadFile(before)
	if err != nil {
		t.Fatal(err)
	}
	old := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(old) != len(lines) {
		t.Fatalf("got %d lines; want %d (an outcome appeared or went)", len(lines), len(old))
	}
	changed := map[string]int{} // field name -> lines where it changed
	loose := false              // the run has loops or stopped at its bound
	for i := range lines {
		g, w := strings.Split(lines[i], " | "), strings.Split(old[i], " | ")
		if len(g) != len(w) {
			t.Fatalf("line %d: got %q; want %q", i+1, lines[i], old[i])
		}
		if g[2] == "run" {
			loose = strings.Contains(lines[i], "cycles=true") || strings.Contains(lines[i], "complete=false")
		}
		for f := range g {
			if g[f] == w[f] {
				continue
			}
			name, _, _ := strings.Cut(w[f], "=")
			changed[name]++
			switch {
			case name == "states" || name == "witness":
				t.Logf("%s | %s: %s -> %s", g[0]+" | "+g[1], g[2], w[f], g[f])
			case name == "schedules" && loose:
				// Counts cover the schedules that repeat no state (up to
				// renaming), or those explored before the bound.
				t.Logf("%s | %s: %s -> %s (the run loops or is bounded)", g[0]+" | "+g[1], g[2], w[f], g[f])
			default:
				t.Errorf("%s | %s: %s -> %s (only states and witnesses may change, and the counts of runs that loop or stop at a bound)", g[0]+" | "+g[1], g[2], w[f], g[f])
			}
		}
	}
	t.Logf("fields changed, by lines: %v", changed)
}
