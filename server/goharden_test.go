package server

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// goSelectMany is a Go program with many states to explore
// (testdata/select_many.go).
func goSelectMany(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("testdata/select_many.go")
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

// TestGoExploreTimeBudget: an explore that passes ExploreTime answers
// what it found, marked incomplete, and the session goes on.
func TestGoExploreTimeBudget(t *testing.T) {
	_, ts := newTestServer(t, Budgets{ExploreTime: time.Nanosecond})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "scenario": goSelectMany(t)})
	c.expect("loaded")
	c.expect("snapshot")
	c.send(map[string]any{"type": "explore"})
	x := c.expect("explored")
	if x["complete"] != false {
		t.Errorf("explored complete %v; want false (the time budget is spent)", x["complete"])
	}
	if got, max := num(x, "states"), int64(8192); got > max {
		t.Errorf("explored %d states past its time budget; want at most %d (the first poll)", got, max)
	}
	c.send(map[string]any{"type": "step"})
	c.expect("events")
}

// nestedGo returns a Go program of about n bytes whose main holds an
// expression nested n/2 parentheses deep.
func nestedGo(n int) string {
	k := (n - 80) / 2
	return "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := " + strings.Repeat("(", k) + "1" + strings.Repeat(")", k) + "\n\tfmt.Println(x)\n}\n"
}

// TestHostileGoLoads: hostile Go sources over the websocket each get a
// clear error with its code, and the run that was open stays open and
// unchanged. (64 KiB of balanced parentheses is a valid program: it loads;
// BenchmarkCompileHostileGo in package lab measures it.)
func TestHostileGoLoads(t *testing.T) {
	var doubling strings.Builder
	doubling.WriteString("package main\n\nimport \"fmt\"\n\nconst s0 = \"0123456789abcdef\"\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&doubling, "const s%d = s%d + s%d\n", i, i-1, i-1)
	}
	doubling.WriteString("\nfunc main() {\n\tfmt.Println(s30)\n}\n")
	cases := []struct {
		name     string
		raw      string // sent as is, or
		src      string // sent as a load of this source
		wantCode string
	}{
		{"non-UTF-8 bytes in the message", "{\"v\":1,\"type\":\"load\",\"scenario\":\"package main\\n\\nfunc main() {\\n\\t\xff\xfe\\n}\\n\"}", "", "parse"},
		{"NUL bytes in the source", "", "package main\n\nfunc main() {\n\tx := 1\x00\x00\n}\n", "parse"},
		{"NUL bytes after the source", "", goPrinter + strings.Repeat("\x00", 4096), "parse"},
		{"70 KiB of nested parentheses", "", nestedGo(70 << 10), "too_large"},
		{"nested parentheses, unbalanced", "", nestedGo(64 << 10)[:60<<10], "parse"},
		{"thousands of goroutine literals", "", "package main\n\nfunc main() {\n" + strings.Repeat("\tgo func() {}()\n", 4000) + "}\n", "parse"},
		{"string constants doubling", "", doubling.String(), "too_large"},
		{"not Go, not a scenario", "", "package main\n\x00\x01\x02", "parse"},
	}
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "scenario": goPrinter})
	loaded := c.expect("loaded")
	c.expect("snapshot")
	total := num(loaded, "total")
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			c.t = t
			if tt.raw != "" {
				c.sendRaw(tt.raw)
			} else {
				c.send(map[string]any{"type": "load", "scenario": tt.src})
			}
			m := c.read()
			if m["type"] != "error" || m["code"] != tt.wantCode {
				t.Fatalf("got a %v message (code %v); want error %s", m["type"], m["code"], tt.wantCode)
			}
			if msg, _ := m["message"].(string); msg == "" || len(msg) > 2000 {
				t.Errorf("error message of %d bytes; want a short clear one", len(msg))
			}
			c.send(map[string]any{"type": "seek", "step": total})
			snap := c.read()
			if snap["type"] != "snapshot" {
				t.Fatalf("got a %v message after the seek; want snapshot", snap["type"])
			}
			if got := num(snap, "total"); got != total {
				t.Errorf("after the refused load the run has %d steps; want the open run's %d", got, total)
			}
		})
	}
}

// TestGoOutputTruncatedOverWebsocket: a Go program that prints without
// end loads (its output within the budget) and the last line a snapshot
// at the end carries is the truncation line, marked "truncated".
func TestGoOutputTruncatedOverWebsocket(t *testing.T) {
	src := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfor i := 0; ; i++ {\n\t\tfmt.Println(\"line\", i)\n\t}\n}\n"
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "scenario": src, "step": 1 << 40})
	c.expect("loaded")
	snap := c.expect("snapshot")
	out, _ := snap["output"].([]any)
	if len(out) == 0 {
		t.Fatal("the snapshot at the end carries no output")
	}
	truncated := 0
	for _, o := range out {
		if o.(map[string]any)["truncated"] == true {
			truncated++
		}
	}
	last := out[len(out)-1].(map[string]any)
	if truncated != 1 || last["truncated"] != true || last["stderr"] != true || !strings.HasPrefix(last["text"].(string), "[output truncated") {
		t.Errorf("%d truncation lines; the last line is %v; want one, the last, on stderr", truncated, last)
	}
	if got, max := num(snap, "output_omitted"), int64(1<<16); got <= 0 || got >= max {
		t.Errorf("output_omitted = %d; want the earlier lines of a budget-sized output left out", got)
	}
}
