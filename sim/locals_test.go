package sim

import (
	"strings"
	"testing"
)

// runToEnd runs sc with the default options and returns the engine at its end.
func runToEnd(t *testing.T, sc *Scenario) *Engine {
	t.Helper()
	e := New(sc, Options{MaxSteps: 10_000})
	for !e.Done() {
		e.Step()
	}
	return e
}

// TestLocalsDoNotAliasTemporaries: a local a person names like one of the
// temporaries (r0, r1) or like a ticket lock's my_NAME is a slot of its
// own; the expansion of another statement never overwrites it, and the
// code pane can tell the two apart.
func TestLocalsDoNotAliasTemporaries(t *testing.T) {
	tests := []struct {
		name, text string
		want       map[string]int64 // shared variables at the end
		locals     string           // the thread's slot names
		micro      string           // one micro-step's text that must appear
	}{
		{"r0 survives an increment", "var x = 5\nvar out = 0\nthread a\n  r0 = 7\n  x = x + 1\n  out = r0\n",
			map[string]int64{"x": 6, "out": 7}, "%r0 %r1 r0", "load x -> %r0"},
		{"r1 survives a two-operand sum", "var x = 1\nvar y = 2\nvar out = 0\nthread a\n  r1 = 9\n  x = x + y\n  out = r1\n",
			map[string]int64{"x": 3, "out": 9}, "%r0 %r1 r1", "load y -> %r1"},
		{"without r0 the temporaries keep their names", "var x = 5\nthread a\n  x = x + 1\n",
			map[string]int64{"x": 6}, "r0 r1", "load x -> r0"},
		{"my_t of a ticket lock", "var c = 0\nvar out = 0\nticketlock t\nthread a\n  my_t = 40\n  lock t\n  c = c + 1\n  unlock t\n  out = my_t + 2\n",
			map[string]int64{"c": 1, "out": 42}, "r0 r1 my_t %my_t", "%my_t = fetch_add t.next 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := mustParse(t, tt.text)
			e := runToEnd(t, sc)
			for name, want := range tt.want {
				if got := e.Var(sc.VarIndex(name)); got != want {
					t.Errorf("%s = %d at the end; want %d", name, got, want)
				}
			}
			p := sc.Programs[0]
			if got := strings.Join(p.Locals, " "); got != tt.locals {
				t.Errorf("locals %q; want %q", got, tt.locals)
			}
			var micro []string
			for _, in := range p.Code {
				micro = append(micro, in.Micro)
			}
			if !strings.Contains(strings.Join(micro, "\n"), tt.micro) {
				t.Errorf("micro-steps %q; want one %q", micro, tt.micro)
			}
		})
	}
}

// TestLocalsLimit: six locals of a thread's own, whatever their names,
// besides the two temporaries; the seventh is an error.
func TestLocalsLimit(t *testing.T) {
	six := "var x = 0\nthread a\n  r0 = 1\n  r1 = 2\n  c = 3\n  d = 4\n  f = 5\n  g = 6\n  x = x + r0\n"
	if _, err := Parse(six); err != nil {
		t.Fatalf("six locals: got %v; want no error", err)
	}
	_, err := Parse(strings.Replace(six, "  x = x + r0\n", "  h = 7\n", 1))
	if err == nil || !strings.Contains(err.Error(), "too many local names in a: the limit is 6") {
		t.Errorf("seven locals: got %v; want the limit of 6", err)
	}
}
