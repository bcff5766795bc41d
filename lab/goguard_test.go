package lab

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// doubling returns a Go program whose string constant s<n> is built by n
// doublings of a 16-byte literal (16 << n bytes), used as use says.
func doubling(n int, use string) string {
	var b strings.Builder
	b.WriteString("package main\n\nimport \"fmt\"\n\nconst s0 = \"0123456789abcdef\"\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "const s%d = s%d + s%d\n", i, i-1, i-1)
	}
	fmt.Fprintf(&b, "\nfunc main() {\n\t%s\n}\n", strings.ReplaceAll(use, "LAST", fmt.Sprintf("s%d", n)))
	return b.String()
}

// TestGoConstantGuard: source whose string constants grow by doubling is
// refused with too_large at the expression that passes the budget, before
// go/types builds a constant of gigabytes; ordinary constants compile.
func TestGoConstantGuard(t *testing.T) {
	cases := []struct {
		name, src string
		wantLine  int // 0: it compiles
	}{
		{"30 doublings, printed", doubling(30, "fmt.Println(LAST)"), 20},
		{"30 doublings, compared", doubling(30, "if LAST == \"x\" {\n\t\tfmt.Println(1)\n\t}"), 20},
		{"30 doublings, in a group", "package main\n\nimport \"fmt\"\n\nconst (\n\ts0 = \"0123456789abcdef\"\n" +
			strings.Repeat("\ts = s0 + s0 + s0 + s0\n", 1) + ")\n\nconst (\n" + func() string {
			var b strings.Builder
			for i := 1; i <= 30; i++ {
				fmt.Fprintf(&b, "\tt%d = t%d + t%d\n", i, i-1, i-1)
			}
			return b.String()
		}() + "\tt0 = s\n)\n\nfunc main() {\n\tfmt.Println(t30)\n}\n", 23},
		{"16 doublings (1 MiB)", doubling(16, "fmt.Println(LAST)"), 20},
		{"12 doublings (64 KiB)", doubling(12, "fmt.Println(LAST)"), 0},
		{"a 60 KiB literal", "package main\n\nimport \"fmt\"\n\nconst s = \"" + strings.Repeat("x", 60<<10) + "\"\n\nfunc main() {\n\tfmt.Println(s)\n}\n", 0},
		{"implicit repetition", "package main\n\nimport \"fmt\"\n\nconst (\n\ta = \"xy\"\n\tb\n\tc\n)\n\nfunc main() {\n\tfmt.Println(a, b, c)\n}\n", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compile(c.src, LangGo)
			var le *Error
			isGuard := errors.As(err, &le) && le.Code == CodeTooLarge
			if c.wantLine == 0 {
				if err != nil {
					t.Fatalf("got error %v; want it to compile", err)
				}
				return
			}
			if !isGuard {
				t.Fatalf("got error %v; want %s", err, CodeTooLarge)
			}
			if got, want := le.Line, c.wantLine; got != want {
				t.Errorf("error at line %d; want %d (%v)", got, want, le)
			}
		})
	}
}

// TestGoConstantGuardLoad: a load of such source over a session fails
// with too_large and leaves the open run as it was.
func TestGoConstantGuardLoad(t *testing.T) {
	s := NewSession(nil)
	ok := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(1)\n}\n"
	if _, err := s.Load(LoadRequest{Scenario: &ok}, nil); err != nil {
		t.Fatal(err)
	}
	before := s.Run().Scenario
	bad := doubling(30, "fmt.Println(LAST)")
	_, err := s.Load(LoadRequest{Scenario: &bad}, nil)
	var le *Error
	if !errors.As(err, &le) || le.Code != CodeTooLarge {
		t.Fatalf("load: got %v; want %s", err, CodeTooLarge)
	}
	if got, want := s.Run().Scenario, before; got != want {
		t.Errorf("the session's run changed after a refused load")
	}
}

// TestGoCompilerPanic: a program the Go front end panics on (panic with
// an int constant, at the time of writing) gives an error, not a crash.
func TestGoCompilerPanic(t *testing.T) {
	for _, src := range []string{
		"package main\n\nfunc main() {\n\tpanic(42)\n}\n",
	} {
		sc, err := Compile(src, LangGo)
		if err == nil && sc == nil {
			t.Errorf("no scenario and no error for\n%s", src)
		}
		if err != nil && AsError(err) == nil && !strings.Contains(err.Error(), "front end failed") {
			t.Errorf("error %v; want a learner's error or the front end's failure", err)
		}
	}
}

// hostileGoSources are the slowest Go sources to compile that the tests
// know, each within MaxScenarioBytes: BenchmarkCompileHostileGo measures
// them (docs/benchmarks.md has the figures).
func hostileGoSources() map[string]string {
	const limit = MaxScenarioBytes
	fit := func(head, unit, tail string) string {
		n := (limit - len(head) - len(tail)) / len(unit)
		return head + strings.Repeat(unit, n) + tail
	}
	parens := (limit - 80) / 2
	return map[string]string{
		"nested parens":     "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := " + strings.Repeat("(", parens) + "1" + strings.Repeat(")", parens) + "\n\tfmt.Println(x)\n}\n",
		"long sum":          fit("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := 1", "+1", "\n\tfmt.Println(x)\n}\n"),
		"go literals":       fit("package main\n\nfunc main() {\n", "\tgo func() {}()\n", "}\n"),
		"string doublings":  doubling(30, "fmt.Println(LAST)"),
		"many prints":       fit("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := 1\n", "\tfmt.Println(x, x, x)\n", "}\n"),
		"nested ifs":        nested("package main\n\nvar x int\n\nfunc main() {\n", "if x == 0 {\n", "x++\n", "}\n", "}\n"),
		"nested funcs":      nested("package main\n\nvar x int\n\nfunc main() {\n", "func() {\n", "x++\n", "}()\n", "}\n"),
		"non-UTF-8 and NUL": "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"\xff\xfe\x00\")\n}\n" + strings.Repeat("\x00", 1000),
	}
}

// nested returns head, then open as many times as fits MaxScenarioBytes,
// mid, as many closes, and tail.
func nested(head, open, mid, close, tail string) string {
	n := (MaxScenarioBytes - len(head) - len(mid) - len(tail)) / (len(open) + len(close))
	return head + strings.Repeat(open, n) + mid + strings.Repeat(close, n) + tail
}

// BenchmarkCompileHostileGo measures the lab's compile of each hostile
// source (the guard, then gofront.Compile): the time one load of it costs
// the server.
func BenchmarkCompileHostileGo(b *testing.B) {
	for name, src := range hostileGoSources() {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				_, _ = Compile(src, LangGo)
			}
		})
	}
}
