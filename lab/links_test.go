package lab

// This file tests the promise that share links keep (DESIGN §6, "Links are a
// promise"): a corpus of links, each with the state it must show, opened
// through Session.Load exactly as the server opens a link, so that the
// corpus tests the real mapping from a link to sim.Options and the limits
// that shape a run.

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"proclab/assets"
	"proclab/sim"
)

// The -update flag is shared with any other test of the package that
// declares it at package level (package-level variables are initialised
// before init functions run), so it is defined here only if nobody did.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "record missing corpus entries (and other golden data) for the current version")
	}
}

// linksUpdating reports whether the test run was asked to record entries.
func linksUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const (
	linksDir        = "testdata/links"
	linksCorpusPath = linksDir + "/corpus.txt"
	linksScenarios  = linksDir + "/scenarios"
)

// linksEntry is one share link of the corpus: what the link carries, the
// semantics version it was made under, and what it showed then.
type linksEntry struct {
	name       string    // unique within its version, e.g. "lesson/lifecycle/end"
	e          int       // semantics version the entry was recorded under
	lesson     string    // a built-in lesson id, or ""
	scenario   string    // or the name of an inline scenario text in scenarios/NAME.txt
	seed       uint64    // 0: the scenario's own seed
	picker     string    // "policy" or "random"
	manual     bool      // manual mode ("you are the scheduler")
	interleave bool      // run as explore does (witness replays)
	choices    []sim.PID // dispatch choices
	step       int64     // the step the link opens at
	total      int64     // the last step of the run
	hash       uint64    // sim.Recording.StateHash(step)
	line       int       // line in the corpus file (0: not from the file)
}

// describe names the link for a failure message: what a developer needs to
// reproduce it.
func (e linksEntry) describe() string {
	src := "lesson " + e.lesson
	if e.scenario != "" {
		src = "scenario " + linksScenarios + "/" + e.scenario + ".txt"
	}
	return fmt.Sprintf("%q (version %d, line %d): %s, seed %d, choices %v, picker %s, manual %t, interleave %t, step %d",
		e.name, e.e, e.line, src, e.seed, e.choices, e.picker, e.manual, e.interleave, e.step)
}

// format writes the entry as one corpus line.
func (e linksEntry) format() string {
	src := "lesson=" + e.lesson
	if e.scenario != "" {
		src = "scenario=" + e.scenario
	}
	ch := "-"
	if len(e.choices) > 0 {
		parts := make([]string, len(e.choices))
		for i, c := range e.choices {
			parts[i] = strconv.Itoa(int(c))
		}
		ch = strings.Join(parts, ",")
	}
	return fmt.Sprintf("name=%s e=%d %s seed=%d picker=%s manual=%t interleave=%t choices=%s step=%d total=%d hash=%016x",
		e.name, e.e, src, e.seed, e.picker, e.manual, e.interleave, ch, e.step, e.total, e.hash)
}

var linksNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9./-]*$`)

// linksParseLine reads one "key=value ..." corpus line.
func linksParseLine(text string, line int) (linksEntry, error) {
	e := linksEntry{line: line, e: -1, step: -1, total: -1}
	seen := map[string]bool{}
	for _, f := range strings.Fields(text) {
		k, v, ok := strings.Cut(f, "=")
		if !ok || seen[k] {
			return e, fmt.Errorf("line %d: %q is not key=value, or repeats its key", line, f)
		}
		seen[k] = true
		var err error
		switch k {
		case "name":
			if !linksNameRE.MatchString(v) {
				err = errors.New("bad name")
			}
			e.name = v
		case "e":
			e.e, err = strconv.Atoi(v)
		case "lesson":
			e.lesson = v
		case "scenario":
			if !linksNameRE.MatchString(v) || strings.Contains(v, "/") {
				err = errors.New("bad scenario name")
			}
			e.scenario = v
		case "seed":
			e.seed, err = strconv.ParseUint(v, 10, 64)
		case "picker":
			if v != "policy" && v != "random" {
				err = errors.New(`want "policy" or "random"`)
			}
			e.picker = v
		case "manual":
			e.manual, err = strconv.ParseBool(v)
		case "interleave":
			e.interleave, err = strconv.ParseBool(v)
		case "choices":
			if v != "-" {
				for _, c := range strings.Split(v, ",") {
					n, perr := strconv.ParseInt(c, 10, 32)
					if perr != nil {
						err = perr
						break
					}
					e.choices = append(e.choices, sim.PID(n))
				}
			}
		case "step":
			e.step, err = strconv.ParseInt(v, 10, 64)
		case "total":
			e.total, err = strconv.ParseInt(v, 10, 64)
		case "hash":
			e.hash, err = strconv.ParseUint(v, 16, 64)
		default:
			err = errors.New("unknown key")
		}
		if err != nil {
			return e, fmt.Errorf("line %d: %s: %v", line, f, err)
		}
	}
	for _, k := range []string{"name", "e", "seed", "picker", "manual", "interleave", "choices", "step", "total", "hash"} {
		if !seen[k] {
			return e, fmt.Errorf("line %d: no %s", line, k)
		}
	}
	if (e.lesson == "") == (e.scenario == "") {
		return e, fmt.Errorf("line %d: give exactly one of lesson= and scenario=", line)
	}
	if e.e < 1 || e.step < 0 || e.total < 0 || len(e.choices) > MaxChoices {
		return e, fmt.Errorf("line %d: version, step or total out of range, or too many choices", line)
	}
	return e, nil
}

// linksLoadCorpus reads the corpus: one entry a line; "#" lines and blank
// lines are comments. Names are unique within a version.
func linksLoadCorpus(t *testing.T) []linksEntry {
	t.Helper()
	f, err := os.Open(linksCorpusPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []linksEntry
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		e, err := linksParseLine(text, n)
		if err != nil {
			t.Fatalf("%s: %v", linksCorpusPath, err)
		}
		key := fmt.Sprintf("%s@%d", e.name, e.e)
		if prev, dup := seen[key]; dup {
			t.Fatalf("%s: line %d repeats the entry of line %d (%s)", linksCorpusPath, n, prev, key)
		}
		seen[key] = n
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var linksLessonFile = regexp.MustCompile(`^\d\d-([a-z0-9-]+)\.txt$`)

// linksLessons returns the built-in lessons' ids, in display order, and
// their texts, as the server reads them from assets.Files.
func linksLessons(t *testing.T) ([]string, map[string]string) {
	t.Helper()
	names, err := fs.Glob(assets.Files, "lessons/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no lessons in assets (%v)", err)
	}
	slices.Sort(names)
	var ids []string
	texts := map[string]string{}
	for _, n := range names {
		m := linksLessonFile.FindStringSubmatch(path.Base(n))
		if m == nil {
			t.Fatalf("lesson file %s is not named NN-id.txt", n)
		}
		data, err := fs.ReadFile(assets.Files, n)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m[1])
		texts[m[1]] = string(data)
	}
	return ids, texts
}

// linksScenario returns the scenario a link names.
func linksScenario(e linksEntry, lessons map[string]string) (*sim.Scenario, error) {
	text, ok := lessons[e.lesson]
	if e.scenario != "" {
		data, err := os.ReadFile(filepath.Join(linksScenarios, e.scenario+".txt"))
		if err != nil {
			return nil, err
		}
		text, ok = string(data), true
	}
	if !ok {
		return nil, fmt.Errorf("there is no lesson %q: links to it no longer open", e.lesson)
	}
	return compileText(text)
}

// linksOptions are the options a session records a link with (for the
// helpers that inspect a run beyond what Load returns).
func linksOptions(e linksEntry, sc *sim.Scenario) sim.Options {
	s := NewSession(nil)
	sc2 := sc
	req := linksRequest(e)
	req.Lesson, req.Scenario = "", &sc2.Source
	if _, err := s.Load(req, nil); err != nil {
		panic(err)
	}
	return s.opt
}

// linksRequest is the load request a page sends for a link.
func linksRequest(e linksEntry) LoadRequest {
	r := LoadRequest{Lesson: e.lesson, Seed: e.seed, Choices: e.choices, Step: e.step, Manual: e.manual,
		Interleave: e.interleave, Picker: Picker(e.picker), Semantics: e.e}
	if r.Picker == "" {
		r.Picker = PickPolicy
	}
	return r
}

// linksOpened is what opening a link shows.
type linksOpened struct {
	step, total int64
	hash        uint64
	notice      bool // the page says the simulator has changed since the link was made
}

// linksOpen opens a link as the server does (Session.Load) and hashes what
// the viewer sees at the step it opens at. A link of a version the engine
// does not replay exactly opens with a notice.
func linksOpen(e linksEntry, lessons map[string]string) (linksOpened, error) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		return linksOpened{}, err
	}
	req := linksRequest(e)
	if e.scenario != "" {
		data, err := os.ReadFile(filepath.Join(linksScenarios, e.scenario+".txt"))
		if err != nil {
			return linksOpened{}, err
		}
		text := string(data)
		req.Lesson, req.Scenario = "", &text
	} else if _, ok := lessons[e.lesson]; !ok {
		return linksOpened{}, fmt.Errorf("there is no lesson %q: links to it no longer open", e.lesson)
	}
	s := NewSession(ls)
	snap, err := s.Load(req, nil)
	if err != nil {
		return linksOpened{}, err
	}
	rec := s.src.(*engineSource).rec
	h := rec.StateHash(snap.Step)
	if s.sc.Go != nil {
		h = linksOutputHash(h, rec.Goto(snap.Step, snap.Step, nil).Output())
	}
	return linksOpened{step: snap.Step, total: s.Total(), hash: h, notice: s.Run().Notice != nil}, nil
}

// linksOutputHash folds what a Go program printed up to the link's step
// into its hash h (StateHash covers the output events, not their text), so
// that a Go link promises the same output too. Scenarios print nothing and
// keep their hash. FNV-1a over each line's text, stderr flag and length.
func linksOutputHash(h uint64, out []sim.OutputLine) uint64 {
	const prime = 1099511628211
	mix := func(b byte) { h = (h ^ uint64(b)) * prime }
	for _, l := range out {
		for k := 0; k < len(l.Text); k++ {
			mix(l.Text[k])
		}
		if l.Stderr {
			mix(1)
		}
		for n, k := uint64(len(l.Text)), 0; k < 8; k, n = k+1, n>>8 {
			mix(byte(n))
		}
	}
	return h
}

// linksVerdict judges what opening a link showed: "" when the promise is
// kept, else what is wrong and what to do. A link recorded under the
// current version must show exactly what it showed; so must an older link
// that opens without a notice; any other older link opens with a notice.
func linksVerdict(e linksEntry, got linksOpened) string {
	same := got.hash == e.hash && got.total == e.total
	switch {
	case e.e > sim.SemanticsVersion:
		return fmt.Sprintf("link %s was recorded under version %d, newer than sim.SemanticsVersion %d", e.describe(), e.e, sim.SemanticsVersion)
	case e.e == sim.SemanticsVersion && !same:
		return fmt.Sprintf("link %s now shows something else: got total %d, hash %016x; want total %d, hash %016x.\n"+
			"The engine changed what an existing link shows. Bump sim.SemanticsVersion (sim/semantics.go says how) "+
			"and run go test ./lab -run TestLinks -update to record the new version's entries; do not edit the recorded ones.",
			e.describe(), got.total, got.hash, e.total, e.hash)
	case e.e == sim.SemanticsVersion && got.notice:
		return fmt.Sprintf("link %s is of the current version but would open with a notice: sim.Replays(%d) is false", e.describe(), e.e)
	case e.e < sim.SemanticsVersion && !got.notice && !same:
		return fmt.Sprintf("link %s shows something else (got total %d, hash %016x; want total %d, hash %016x), "+
			"yet sim.Replays(%d) is true, so it would open without a notice: make Replays(%d) false",
			e.describe(), got.total, got.hash, e.total, e.hash, e.e, e.e)
	}
	return ""
}

// TestLinks opens every link of the corpus and judges it (linksVerdict).
func TestLinks(t *testing.T) {
	entries := linksLoadCorpus(t)
	_, lessons := linksLessons(t)
	current := 0
	for _, e := range entries {
		t.Run(fmt.Sprintf("%s@%d", e.name, e.e), func(t *testing.T) {
			got, err := linksOpen(e, lessons)
			if err != nil {
				t.Fatalf("link %s does not open: %v", e.describe(), err)
			}
			if msg := linksVerdict(e, got); msg != "" {
				t.Error(msg)
			} else if got.notice {
				t.Logf("link %s opens with a notice (it shows the same state now: %t)", e.describe(), got.hash == e.hash && got.total == e.total)
			}
		})
		if e.e == sim.SemanticsVersion {
			current++
		}
	}
	if current == 0 {
		t.Errorf("the corpus has no entry for sim.SemanticsVersion %d; run go test ./lab -run TestLinks -update", sim.SemanticsVersion)
	}
}

// TestLinksVerdict checks the rule TestLinks applies, for every kind of
// entry and outcome.
func TestLinksVerdict(t *testing.T) {
	v := sim.SemanticsVersion
	entry := func(version int) linksEntry {
		return linksEntry{name: "x", e: version, lesson: "x", picker: "policy", step: 5, total: 10, hash: 0xabc}
	}
	same := linksOpened{step: 5, total: 10, hash: 0xabc}
	other := linksOpened{step: 5, total: 10, hash: 0xdef}
	longer := linksOpened{step: 5, total: 11, hash: 0xabc}
	withNotice := func(o linksOpened) linksOpened { o.notice = true; return o }
	tests := []struct {
		name   string
		e      linksEntry
		got    linksOpened
		wantOK bool
		want   string // a phrase the message must hold
	}{
		{"current, same", entry(v), same, true, ""},
		{"current, other state", entry(v), other, false, "Bump sim.SemanticsVersion"},
		{"current, other total", entry(v), longer, false, "Bump sim.SemanticsVersion"},
		{"current, notice", entry(v), withNotice(same), false, "would open with a notice"},
		{"older, replays, same", entry(v - 1), same, true, ""},
		{"older, replays, other", entry(v - 1), other, false, "make Replays"},
		{"older, notice, other", entry(v - 1), withNotice(other), true, ""},
		{"older, notice, same", entry(v - 1), withNotice(same), true, ""},
		{"newer", entry(v + 1), withNotice(same), false, "newer than"},
	}
	for _, tt := range tests {
		msg := linksVerdict(tt.e, tt.got)
		if got := msg == ""; got != tt.wantOK {
			t.Errorf("%s: verdict %q; want ok = %t", tt.name, msg, tt.wantOK)
		}
		if !strings.Contains(msg, tt.want) {
			t.Errorf("%s: verdict %q; want it to say %q", tt.name, msg, tt.want)
		}
		if !tt.wantOK && !strings.Contains(msg, `"x"`) {
			t.Errorf("%s: verdict %q does not name the link", tt.name, msg)
		}
	}
}

// TestLinksCoverage checks that the corpus covers, under the current
// version, what links can carry: every lesson at its start, middle and
// end, every policy, seeded random runs, manual choices and explore
// witnesses. With -update it records the missing entries (appending them:
// it never rewrites a line).
func TestLinksCoverage(t *testing.T) {
	entries := linksLoadCorpus(t)
	ids, lessons := linksLessons(t)
	have := map[string]bool{}
	for _, e := range entries {
		if e.e == sim.SemanticsVersion {
			have[e.name] = true
		}
	}
	var missing []string
	for _, id := range ids {
		for _, at := range []string{"start", "mid", "end"} {
			missing = linksNeed(missing, have, "lesson/"+id+"/"+at)
		}
	}
	for _, p := range sim.Policies() {
		for _, model := range []string{"process", "jobs"} {
			missing = linksNeed(missing, have, "policy/"+p.String()+"/"+model+"/end")
		}
	}
	for _, prefix := range []string{"random/", "manual/", "choices/", "limit/", "go/"} {
		if !linksHasPrefix(have, prefix) {
			missing = append(missing, prefix+"...")
		}
	}
	for _, id := range ids {
		sc, err := sim.Parse(lessons[id])
		if err != nil {
			t.Fatalf("lesson %s: %v", id, err)
		}
		if len(sc.Vars) > 0 || len(sc.Objects) > 0 {
			if !linksHasPrefix(have, "explore/"+id+"/") {
				missing = append(missing, "explore/"+id+"/...")
			}
		}
	}
	if len(missing) == 0 {
		return
	}
	if !linksUpdating() {
		t.Fatalf("the corpus lacks %d entries for version %d, e.g. %v; run go test ./lab -run TestLinks -update",
			len(missing), sim.SemanticsVersion, missing[:min(len(missing), 5)])
	}
	linksRecord(t, entries, ids, lessons)
}

func linksNeed(missing []string, have map[string]bool, name string) []string {
	if !have[name] {
		missing = append(missing, name)
	}
	return missing
}

func linksHasPrefix(have map[string]bool, prefix string) bool {
	for n := range have {
		if strings.HasPrefix(n, prefix) {
			return true
		}
	}
	return false
}

// linksRecord appends the current version's missing entries to the corpus.
// It refuses when a recorded entry of the current version shows something
// else now (that needs a version bump, not a new recording).
func linksRecord(t *testing.T, entries []linksEntry, ids []string, lessons map[string]string) {
	t.Helper()
	have := map[string]bool{}
	for _, e := range entries {
		if e.e != sim.SemanticsVersion {
			continue
		}
		got, err := linksOpen(e, lessons)
		if err != nil || got.hash != e.hash || got.total != e.total {
			t.Fatalf("not recording: link %s shows something else now (%v); bump sim.SemanticsVersion first", e.describe(), err)
		}
		have[e.name] = true
	}
	var add []linksEntry
	propose := func(e linksEntry, at string) {
		e.e = sim.SemanticsVersion
		if e.picker == "" {
			e.picker = "policy"
		}
		if have[e.name] {
			return
		}
		e.step, e.total = 0, 0
		probe, err := linksOpen(e, lessons)
		if err != nil {
			t.Fatalf("recording %s: %v", e.name, err)
		}
		switch at {
		case "start":
			e.step = 0
		case "mid":
			e.step = probe.total / 2
		case "end":
			e.step = probe.total
		default:
			n, err := strconv.ParseInt(at, 10, 64)
			if err != nil {
				t.Fatalf("recording %s: step %q", e.name, at)
			}
			e.step = n
		}
		got, err := linksOpen(e, lessons)
		if err != nil {
			t.Fatalf("recording %s: %v", e.name, err)
		}
		e.step, e.total, e.hash = got.step, got.total, got.hash
		have[e.name] = true
		add = append(add, e)
	}
	linksSpec(t, ids, lessons, propose)
	if len(add) == 0 {
		return
	}
	f, err := os.OpenFile(linksCorpusPath, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range add {
		b.WriteString(e.format() + "\n")
	}
	if _, err := f.WriteString(b.String()); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("recorded %d entries for version %d", len(add), sim.SemanticsVersion)
}

// linksSpec proposes the links the corpus should hold for the current
// version; propose(entry, at) records one at step "start", "mid", "end" or
// a number. Scenario texts it needs are written to scenarios/ once (they
// are link contents: existing files are never rewritten).
func linksSpec(t *testing.T, ids []string, lessons map[string]string, propose func(linksEntry, string)) {
	t.Helper()
	for _, id := range ids {
		for _, at := range []string{"start", "mid", "end"} {
			propose(linksEntry{name: "lesson/" + id + "/" + at, lesson: id}, at)
		}
	}
	for _, p := range sim.Policies() {
		for _, model := range []string{"process", "jobs"} {
			name := "policy-" + p.String() + "-" + model
			linksWriteScenario(t, name, linksPolicyScenario(p, model == "jobs"))
			for _, at := range []string{"mid", "end"} {
				propose(linksEntry{name: "policy/" + p.String() + "/" + model + "/" + at, scenario: name}, at)
			}
		}
	}
	// Seeded runs: MIN..MAX durations drawn by the policy's run, and the
	// random picker on durations and on threads.
	linksWriteScenario(t, "ranges", linksRangesScenario)
	for _, seed := range []uint64{0, 1, 42} {
		propose(linksEntry{name: fmt.Sprintf("random/ranges/policy/seed-%d/end", seed), scenario: "ranges", seed: seed}, "end")
	}
	for _, seed := range []uint64{1, 2, 3, 42} {
		propose(linksEntry{name: fmt.Sprintf("random/ranges/random/seed-%d/end", seed), scenario: "ranges", seed: seed, picker: "random"}, "end")
	}
	propose(linksEntry{name: "random/ranges/random/seed-42/mid", scenario: "ranges", seed: 42, picker: "random"}, "mid")
	for _, id := range []string{"lost-update", "check-then-act", "mutex", "deadlock", "channel"} {
		if _, ok := lessons[id]; !ok {
			continue
		}
		for _, seed := range []uint64{1, 2, 3} {
			propose(linksEntry{name: fmt.Sprintf("random/%s/seed-%d/end", id, seed), lesson: id, seed: seed, picker: "random"}, "end")
		}
		propose(linksEntry{name: fmt.Sprintf("random/%s/seed-1/mid", id), lesson: id, seed: 1, picker: "random"}, "mid")
	}
	// Manual mode: a run that stops at the first undecided decision, then
	// after each of up to three choices (the last candidate each time).
	for _, src := range []linksEntry{{lesson: "sjf-srtf"}, {lesson: "convoy"}, {scenario: "ranges", seed: 7}, {lesson: "lost-update"}} {
		if src.lesson != "" {
			if _, ok := lessons[src.lesson]; !ok {
				continue
			}
		}
		label := src.lesson + src.scenario
		var choices []sim.PID
		for k := 0; ; k++ {
			propose(linksEntry{name: fmt.Sprintf("manual/%s/%d-choices/end", label, k), lesson: src.lesson, scenario: src.scenario,
				seed: src.seed, manual: true, choices: slices.Clone(choices)}, "end")
			if k == 3 {
				propose(linksEntry{name: fmt.Sprintf("manual/%s/%d-choices/mid", label, k), lesson: src.lesson, scenario: src.scenario,
					seed: src.seed, manual: true, choices: slices.Clone(choices)}, "mid")
				break
			}
			e := src
			e.manual, e.choices = true, choices
			d := linksPending(t, e, lessons)
			if d == nil {
				break
			}
			choices = append(choices, d.Candidates[len(d.Candidates)-1])
		}
	}
	// Choices without manual mode: the policy decides the rest, and a
	// choice naming no ready task is ignored (with an event).
	if _, ok := lessons["convoy"]; ok {
		propose(linksEntry{name: "choices/convoy/valid/end", lesson: "convoy", choices: []sim.PID{4, 3}}, "end")
		propose(linksEntry{name: "choices/convoy/ignored/end", lesson: "convoy", choices: []sim.PID{99, 3}}, "end")
	}
	propose(linksEntry{name: "choices/ranges/random/end", scenario: "ranges", seed: 5, picker: "random", choices: []sim.PID{3, 3}}, "end")
	// A run that reaches the session's step limit, lowered for a scenario
	// that may create many tasks (linksStepsFor): the limit is part of
	// what the link shows.
	linksWriteScenario(t, "endless-many-tasks", linksEndlessScenario)
	propose(linksEntry{name: "limit/endless-many-tasks/end", scenario: "endless-many-tasks"}, "end")
	// A Go program (its link carries the source as a scenario's does):
	// select among ready cases and the random picker draw from the seed,
	// timers fire, goroutines print; manual mode and explore's witnesses
	// (which name select cases) replay it.
	linksWriteScenario(t, "go-select-timers", linksGoScenario)
	for _, seed := range []uint64{1, 2, 42} {
		propose(linksEntry{name: fmt.Sprintf("go/select-timers/seed-%d/end", seed), scenario: "go-select-timers", seed: seed}, "end")
	}
	propose(linksEntry{name: "go/select-timers/seed-1/mid", scenario: "go-select-timers", seed: 1}, "mid")
	propose(linksEntry{name: "go/select-timers/random/seed-3/end", scenario: "go-select-timers", seed: 3, picker: "random"}, "end")
	var goChoices []sim.PID
	for k := 0; k < 3; k++ {
		e := linksEntry{name: fmt.Sprintf("go/select-timers/manual/%d-choices/end", k), scenario: "go-select-timers", manual: true, choices: slices.Clone(goChoices)}
		propose(e, "end")
		e.picker = "policy"
		d := linksPending(t, e, lessons)
		if d == nil {
			break
		}
		goChoices = append(goChoices, d.Candidates[0])
	}
	if sc, err := compileText(linksGoScenario); err == nil {
		r := sim.Explore(sc, sim.ExploreOptions{MaxStates: MaxExploreStates})
		for k, o := range r.Outcomes {
			if k == 3 {
				break
			}
			propose(linksEntry{name: fmt.Sprintf("go/select-timers/explore/outcome-%d/end", k), scenario: "go-select-timers", interleave: true, choices: o.Witness}, "end")
		}
	}
	// Explore witnesses of every race lesson, replayed with interleave.
	for _, id := range ids {
		sc, err := sim.Parse(lessons[id])
		if err != nil {
			t.Fatalf("lesson %s: %v", id, err)
		}
		if len(sc.Vars) == 0 && len(sc.Objects) == 0 {
			continue
		}
		r := sim.Explore(sc, sim.ExploreOptions{MaxStates: MaxExploreStates})
		for k, o := range r.Outcomes {
			if k == 4 {
				break
			}
			propose(linksEntry{name: fmt.Sprintf("explore/%s/outcome-%d/end", id, k), lesson: id, interleave: true, choices: o.Witness}, "end")
			if k == 0 {
				propose(linksEntry{name: fmt.Sprintf("explore/%s/outcome-%d/mid", id, k), lesson: id, interleave: true, choices: o.Witness}, "mid")
			}
		}
		propose(linksEntry{name: "explore/" + id + "/no-choices/end", lesson: id, interleave: true}, "end")
	}
}

// linksPending returns the decision a manual link stops at, or nil.
func linksPending(t *testing.T, e linksEntry, lessons map[string]string) *sim.Decision {
	t.Helper()
	sc, err := linksScenario(e, lessons)
	if err != nil {
		t.Fatal(err)
	}
	return sim.Record(sc, linksOptions(e, sc), 0).Pending()
}

// linksWriteScenario writes an inline scenario text unless it exists.
func linksWriteScenario(t *testing.T, name, text string) {
	t.Helper()
	p := filepath.Join(linksScenarios, name+".txt")
	if _, err := os.Stat(p); err == nil {
		return
	}
	if _, err := compileText(text); err != nil {
		t.Fatalf("scenario %s: %v", name, err)
	}
	if err := os.MkdirAll(linksScenarios, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// linksGoScenario is a Go program whose runs depend on the seed (a select
// with several ready cases), on timers (time.After, time.Sleep) and on
// the schedule (goroutines printing, a mutex).
const linksGoScenario = `// seed 5
package main

import (
	"fmt"
	"sync"
	"time"
)

var mu sync.Mutex
var total int

func main() {
	a := make(chan int, 3)
	b := make(chan int, 3)
	var wg sync.WaitGroup
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a <- i
			b <- i * 10
			mu.Lock()
			total += i
			mu.Unlock()
		}()
	}
	for n := 0; n < 6; n++ {
		select {
		case v := <-a:
			fmt.Println("a", v)
		case v := <-b:
			fmt.Println("b", v)
		case <-time.After(2 * time.Millisecond):
			fmt.Println("timeout")
		}
	}
	wg.Wait()
	time.Sleep(time.Millisecond)
	fmt.Println("total", total)
}
`

// linksEndlessScenario runs longer than any step limit and may create the
// most tasks a scenario may, so a session records it for fewer steps.
const linksEndlessScenario = `max_tasks 4096
process spin
  repeat 1000000
    compute 1
    yield
  end
process idle
  sleep 1000000000
`

// linksRangesScenario draws MIN..MAX durations from the seeded generator
// in two processes and a forked child: the order of draws is part of what
// a seeded link shows.
const linksRangesScenario = `process a
  repeat 3
    compute 1..4
    io 1..3
  end
process b
  compute 2..6
  fork c
  wait
program c
  compute 1..5
  exit 3
`

// linksPolicyScenario is a workload for one policy: arrivals, priorities,
// tickets and nice values, CPU bursts with I/O, disk and a fork (process
// model, two CPUs, switch cost, drawn durations), or plain jobs on one CPU.
func linksPolicyScenario(p sim.Policy, jobs bool) string {
	var b strings.Builder
	if jobs {
		b.WriteString("model jobs\n")
	} else {
		b.WriteString("cpus 2\nswitch_cost 1\nseed 5\n")
	}
	fmt.Fprintf(&b, "policy %s\n", p)
	if p == sim.MLFQ {
		b.WriteString("mlfq quanta=2,4,8 allot=1,1,2 boost=15\n")
	}
	if p == sim.CFS {
		b.WriteString("cfs latency=12 min_granularity=2\n")
	}
	if jobs {
		b.WriteString(`process a at=0 priority=1 tickets=50 nice=5
  compute 7
process b at=1 priority=2 tickets=200 nice=-5
  compute 3
  io 2
  compute 2
process c at=2 priority=3 tickets=100
  compute 5
process d at=4 priority=2 tickets=25 nice=10
  compute 1
process e at=0 priority=3 tickets=100
  compute 9
`)
		return b.String()
	}
	b.WriteString(`process a at=0 priority=1 tickets=50 nice=5
  repeat 2
    compute 3..6
    io 1..2
  end
process b at=1 priority=3 tickets=200 nice=-5
  compute 2..4
  fork c
  disk 2
  wait
process d at=2 priority=2 tickets=100
  compute 6
  yield
  compute 2
program c
  compute 1..3
  exit 4
`)
	return b.String()
}
