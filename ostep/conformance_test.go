package ostep

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// conformanceScripts are the recorded simulators this package implements.
var conformanceScripts = map[string]bool{
	"process-run.py": true, "scheduler.py": true, "mlfq.py": true,
	"lottery.py": true, "fork.py": true,
}

// casesDir finds the recorded runs: $PROCLAB_OSTEP_CASES, else the shared
// folder next to the repository.
func casesDir() string {
	if d := os.Getenv("PROCLAB_OSTEP_CASES"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "ostep", "cases")
}

// TestConformance runs every recorded case of the five simulators and
// compares stdout byte for byte with the recording.
func TestConformance(t *testing.T) {
	dir := casesDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("OSTEP cases folder %s is missing (%v); set PROCLAB_OSTEP_CASES", dir, err)
		}
		t.Skipf("OSTEP cases folder %s not found (%v); set PROCLAB_OSTEP_CASES to run the conformance test", dir, err)
	}
	ran := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		cmdText, err := os.ReadFile(filepath.Join(dir, e.Name(), "cmd.txt"))
		if err != nil {
			continue
		}
		cmd, _, _ := strings.Cut(string(cmdText), "\n")
		args, err := caseArgs(cmd)
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		if !conformanceScripts[args[0]] {
			continue
		}
		want, err := os.ReadFile(filepath.Join(dir, e.Name(), "stdout.txt"))
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		ran++
		t.Run(e.Name(), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := Main(args, &stdout, &stderr); code != 0 {
				t.Fatalf("command %q: exit status %d, stderr %q", cmd, code, stderr.String())
			}
			compareOutput(t, cmd, stdout.String(), string(want))
		})
	}
	if ran == 0 {
		t.Fatalf("no process-run, scheduler, mlfq, lottery or fork cases in %s", dir)
	}
}

// caseArgs turns "cd DIR && python3 X.py ARGS" into ["X.py", ARGS...].
func caseArgs(cmd string) ([]string, error) {
	if _, rest, ok := strings.Cut(cmd, "&&"); ok {
		cmd = rest
	}
	words, err := SplitArgs(cmd)
	if err != nil {
		return nil, err
	}
	for len(words) > 0 && strings.HasPrefix(words[0], "python") {
		words = words[1:]
	}
	if len(words) == 0 {
		return nil, errorString("no script in command " + cmd)
	}
	words[0] = filepath.Base(words[0])
	return words, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

// compareOutput reports the first differing line of got and want.
func compareOutput(t *testing.T, what, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.SplitAfter(got, "\n"), strings.SplitAfter(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("%s: line %d: got %q; want %q", what, i+1, gl, wl)
		}
	}
}

func TestShellSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"a  b\tc", []string{"a", "b", "c"}},
		{`-P 'c2,i:c1' -A "a+b,b-"`, []string{"-P", "c2,i:c1", "-A", "a+b,b-"}},
		{`x\ y "q\"x" ''`, []string{"x y", `q"x`, ""}},
	}
	for _, tc := range tests {
		got, err := SplitArgs(tc.in)
		if err != nil || strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("SplitArgs(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
