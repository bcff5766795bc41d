package lab

import (
	"errors"
	"strings"
	"testing"

	"proclab/sim"
)

// TestCutText checks that a long output line is cut on a rune boundary
// and marked, and a short one is kept.
func TestCutText(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "hello\n", 16, "hello\n"},
		{"exactly n", "abcd", 4, "abcd"},
		{"ascii cut", "abcdefgh", 6, "abc…"},
		{"never inside a rune", "ab世界", 7, "ab…"}, // 世 is 3 bytes: "ab世" + "…" would be 8
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			got := cutText(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("cutText(%q, %d) = %q; want %q", tt.in, tt.n, got, tt.want)
			}
			if len(got) > max(tt.n, len(tt.in)) {
				t.Errorf("cutText(%q, %d) is %d bytes; want at most %d", tt.in, tt.n, len(got), tt.n)
			}
		})
	}
}

// lines makes n output lines, one per step from step 1, each size bytes.
func lines(n, size int) []sim.OutputLine {
	out := make([]sim.OutputLine, n)
	for i := range out {
		out[i] = sim.OutputLine{Step: int64(i + 1), Task: sim.PID(2 + i%2), Text: strings.Repeat("x", size-1) + "\n", Stderr: i%5 == 4}
	}
	return out
}

// TestSnapshotOutput checks the lines a snapshot carries: every line of
// its window, and before them the latest lines within MaxOutputLines and
// MaxOutputBytes, with the count of the ones left out.
func TestSnapshotOutput(t *testing.T) {
	tests := []struct {
		name                 string
		out                  []sim.OutputLine
		window               int // the first line of the window
		wantFirst, wantCount int
	}{
		{"nothing printed", nil, 0, 0, 0},
		{"all fit", lines(10, 8), 7, 0, 10},
		{"window only", lines(5, 8), 0, 0, 5},
		{"count limit", lines(MaxOutputLines+50, 8), MaxOutputLines + 40, 40, MaxOutputLines + 10},
		{"byte limit", lines(200, 1024), 150, 150 - MaxOutputBytes/1024, 50 + MaxOutputBytes/1024},
		{"the window is never cut", lines(300, 1024), 0, 0, 300},
		{"lines longer than the cut count as cut", lines(100, 4096), 100, 100 - MaxOutputBytes/MaxOutputLineBytes, MaxOutputBytes / MaxOutputLineBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			got, omitted := snapshotOutput(tt.out, tt.window)
			if omitted != tt.wantFirst || len(got) != tt.wantCount {
				t.Fatalf("got %d lines, %d omitted; want %d lines, %d omitted", len(got), omitted, tt.wantCount, tt.wantFirst)
			}
			for k, l := range got {
				src := tt.out[omitted+k]
				if l.Index != omitted+k || l.Step != src.Step || l.PID != src.Task || l.Stderr != src.Stderr || l.Text != cutText(src.Text, MaxOutputLineBytes) {
					t.Fatalf("line %d = %+v; want index %d from %+v", k, l, omitted+k, src)
				}
			}
		})
	}
}

// TestCompileLanguages checks how a text's language is chosen and that a
// mistake is a parse error with its position.
func TestCompileLanguages(t *testing.T) {
	const scenario = "process a\n  compute 1\n"
	tests := []struct {
		name, text, lang string
		wantCode         Code // "" when it compiles
		wantGo           bool
	}{
		{"a scenario, by its text", scenario, "", "", false},
		{"a scenario, named", scenario, "scenario", "", false},
		{"a scenario named as Go is Go's error", scenario, LangGo, CodeParse, false},
		{"an unknown language", scenario, "python", CodeBadField, false},
		{"Go source read as a scenario", "package main\n\nfunc main() {}\n", "scenario", CodeParse, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			sc, err := Compile(tt.text, tt.lang)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Compile: %v; want a scenario", err)
				}
				if got := sc.Go != nil; got != tt.wantGo {
					t.Errorf("Go program: got %v; want %v", got, tt.wantGo)
				}
				return
			}
			le := AsError(err)
			if le == nil || le.Code != tt.wantCode {
				t.Fatalf("Compile: %v; want a %s error", err, tt.wantCode)
			}
			if le.Code == CodeParse && le.Line == 0 {
				t.Errorf("parse error %v has no line", le)
			}
		})
	}
}

// TestSessionLang checks that a scenario's run says it is one, and that a
// refused text changes nothing.
func TestSessionLang(t *testing.T) {
	s := NewSession(testLessons(t))
	text := "process a\n  compute 2\n"
	if _, err := s.Load(LoadRequest{Scenario: &text}, nil); err != nil {
		t.Fatal(err)
	}
	if got := s.Run().Lang; got != LangScenario {
		t.Errorf("Lang = %q; want %q", got, LangScenario)
	}
	snap := s.At(s.Total())
	if snap.Output != nil || snap.OutputOmitted != 0 {
		t.Errorf("a scenario's snapshot has output %v (%d omitted); want none", snap.Output, snap.OutputOmitted)
	}
	bad := "package main\n\nfunc main() {\n"
	_, err := s.Load(LoadRequest{Scenario: &bad}, nil)
	var le *Error
	if !errors.As(err, &le) || le.Code != CodeParse {
		t.Fatalf("a broken Go program: %v; want a parse error", err)
	}
	if s.Run().Scenario != text {
		t.Errorf("the refused load replaced the open run")
	}
}

// goCounter is a Go program with two goroutines that print and a counter
// under a mutex (the page's "New Go program" template without comments).
const goCounter = `package main

import (
	"fmt"
	"sync"
)

var (
	counter int
	mu      sync.Mutex
	wg      sync.WaitGroup
)

func worker(id int) {
	mu.Lock()
	counter++
	mu.Unlock()
	fmt.Println("worker", id, "done")
	wg.Done()
}

func main() {
	for i := 1; i <= 2; i++ {
		wg.Add(1)
		go worker(i)
	}
	wg.Wait()
	fmt.Println("counter =", counter)
}
`

// TestSessionGoOutput loads a Go program and checks that frames carry the
// lines printed in their step, that a snapshot at any step (forward or
// back) carries every line printed up to it, and that explore's outcomes
// carry what the program printed.
func TestSessionGoOutput(t *testing.T) {
	s := NewSession(testLessons(t))
	text := goCounter
	if _, err := s.Load(LoadRequest{Scenario: &text}, nil); err != nil {
		t.Fatal(err)
	}
	if got := s.Run().Lang; got != LangGo {
		t.Fatalf("Lang = %q; want %q", got, LangGo)
	}
	if len(s.Run().Vars) != 1 || s.Run().Vars[0].Name != "counter" {
		t.Errorf("vars %+v; want the package-level counter", s.Run().Vars)
	}
	var framed []OutputLine
	for {
		f, ok := s.Forward()
		if !ok {
			break
		}
		for _, l := range f.Output {
			if l.Step != f.Step {
				t.Errorf("frame %d carries line %+v of another step", f.Step, l)
			}
		}
		framed = append(framed, f.Output...)
	}
	var all strings.Builder
	for i, l := range framed {
		if l.Index != i {
			t.Errorf("line %d has index %d", i, l.Index)
		}
		all.WriteString(l.Text)
	}
	if got := all.String(); got != "worker 1 done\nworker 2 done\ncounter = 2\n" && got != "worker 2 done\nworker 1 done\ncounter = 2\n" {
		t.Fatalf("the frames printed %q; want both workers' lines, then counter = 2", got)
	}
	for _, n := range []int64{s.Total(), 0, framed[1].Step, framed[1].Step - 1, framed[2].Step} {
		snap := s.At(n)
		var want []OutputLine
		for _, l := range framed {
			if l.Step <= n {
				want = append(want, l)
			}
		}
		if len(snap.Output) != len(want) || snap.OutputOmitted != 0 {
			t.Fatalf("snapshot at step %d has %d lines (%d omitted); want %d", n, len(snap.Output), snap.OutputOmitted, len(want))
		}
		for i := range want {
			if snap.Output[i] != want[i] {
				t.Errorf("snapshot at step %d line %d = %+v; want %+v", n, i, snap.Output[i], want[i])
			}
		}
	}
	x, err := s.Explore(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !x.Go || !x.Complete || len(x.Outcomes) != 2 {
		t.Fatalf("explored %+v; want the two orders of the workers' lines, complete", x)
	}
	for _, o := range x.Outcomes {
		if !strings.HasSuffix(o.Output, "counter = 2\n") || o.Vars["counter"] != 2 {
			t.Errorf("outcome %+v; want counter 2, printed last", o)
		}
	}
}
