package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"proclab/lab"
	"proclab/sim"
)

// TestOutputRecords checks that the records of output and panic events
// carry the line they name, and that no other event gets a text.
func TestOutputRecords(t *testing.T) {
	lines := []lab.OutputLine{
		{Index: 3, Step: 7, PID: 2, Text: "hello\n"},
		{Index: 4, Step: 9, PID: 3, Text: "panic: boom\n", Stderr: true},
	}
	tests := []struct {
		name       string
		ev         sim.Event
		wantText   string
		wantStderr bool
	}{
		{"an output event", sim.Event{Step: 7, Kind: sim.EvOutput, Task: 2, Value: 3}, "hello\n", false},
		{"a panic names its message", sim.Event{Step: 9, Kind: sim.EvPanic, Task: 3, Value: 4}, "panic: boom\n", true},
		{"a line before the ones sent", sim.Event{Step: 2, Kind: sim.EvOutput, Task: 2, Value: 2}, "", false},
		{"a line after them", sim.Event{Step: 9, Kind: sim.EvOutput, Task: 2, Value: 5}, "", false},
		{"a write to a variable has no text", sim.Event{Step: 7, Kind: sim.EvWrite, Task: 2, Value: 3}, "", false},
		{"all asleep", sim.Event{Step: 9, Kind: sim.EvAllAsleep, Task: 2}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			got := toWireEvents([]sim.Event{tt.ev}, lines)
			if len(got) != 1 {
				t.Fatalf("%d records; want 1", len(got))
			}
			if got[0].Text != tt.wantText || got[0].Stderr != tt.wantStderr || got[0].Kind != tt.ev.Kind.String() {
				t.Errorf("record %+v; want kind %s, text %q, stderr %v", got[0], tt.ev.Kind, tt.wantText, tt.wantStderr)
			}
		})
	}
	if got := toWireEvents([]sim.Event{{Kind: sim.EvOutput, Value: 0}}, nil); got[0].Text != "" {
		t.Errorf("without lines the record has text %q; want none", got[0].Text)
	}
}

// TestWireOutput checks the output fields of snapshot, events and loaded
// messages: present for a Go program's output, absent for a scenario's.
func TestWireOutput(t *testing.T) {
	lines := []lab.OutputLine{{Index: 2, Step: 5, PID: 3, Text: "x\n"}, {Index: 3, Step: 6, PID: 2, Text: "fatal error: all goroutines are asleep - deadlock!\n", Stderr: true}}
	keys := func(v any) map[string]any {
		t.Helper()
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	snap := keys(toWireSnapshot(lab.Snapshot{Step: 6, Output: lines, OutputOmitted: 2,
		Events: []sim.Event{{Step: 6, Kind: sim.EvOutput, Task: 2, Value: 3}}}))
	out, _ := snap["output"].([]any)
	if len(out) != 2 || snap["output_omitted"] != 2.0 {
		t.Fatalf("snapshot output %v, omitted %v; want 2 lines, 2 omitted", snap["output"], snap["output_omitted"])
	}
	first := out[1].(map[string]any)
	if first["index"] != 3.0 || first["pid"] != 2.0 || first["stderr"] != true || first["step"] != 6.0 {
		t.Errorf("output line %v", first)
	}
	ev := snap["events"].([]any)[0].(map[string]any)
	if ev["text"] != lines[1].Text || ev["stderr"] != true {
		t.Errorf("output event %v; want the line's text and stderr", ev)
	}
	frame := keys(toWireFrame(lab.Frame{Step: 5, Output: lines[:1]}))
	if out, _ := frame["output"].([]any); len(out) != 1 {
		t.Errorf("events output %v; want 1 line", frame["output"])
	}
	for name, m := range map[string]map[string]any{
		"a scenario's snapshot": keys(toWireSnapshot(lab.Snapshot{Step: 1})),
		"a scenario's step":     keys(toWireFrame(lab.Frame{Step: 1})),
	} {
		if _, ok := m["output"]; ok {
			t.Errorf("%s has output %v; want none", name, m["output"])
		}
		if _, ok := m["output_omitted"]; ok {
			t.Errorf("%s has output_omitted", name)
		}
	}
	if got := keys(toWireLoaded(lab.Run{Lang: lab.LangGo}))["lang"]; got != "go" {
		t.Errorf("loaded lang %v; want go", got)
	}
	if got := keys(toWireLoaded(lab.Run{GoSource: "package main\n"}))["go_source"]; got != "package main\n" {
		t.Errorf("loaded go_source %v; want the lesson's Go", got)
	}
	if got, ok := keys(toWireLoaded(lab.Run{}))["lang"]; !ok || got != "" {
		t.Errorf("a scenario's loaded lang %v (present %v); want \"\"", got, ok)
	}
}

// TestLessonTexts checks GET /api/lessons/{id}: a lesson's texts, and a
// clear 404 for an unknown id.
func TestLessonTexts(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	tests := []struct {
		name, id   string
		wantStatus int
		wantCode   string
	}{
		{"a lesson", "lost-update", http.StatusOK, ""},
		{"a Go lesson", "go-counter", http.StatusOK, ""},
		{"an unknown lesson", "no-such-lesson", http.StatusNotFound, "unknown_lesson"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			res, err := http.Get(ts.URL + "/api/lessons/" + tt.id)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status %d; want %d", res.StatusCode, tt.wantStatus)
			}
			var m map[string]any
			if err := json.NewDecoder(res.Body).Decode(&m); err != nil {
				t.Fatal(err)
			}
			if tt.wantCode != "" {
				if m["type"] != "error" || m["code"] != tt.wantCode {
					t.Errorf("answer %v; want error %s", m, tt.wantCode)
				}
				return
			}
			text, _ := m["scenario"].(string)
			if m["type"] != "lesson" || m["id"] != tt.id || text == "" {
				t.Fatalf("answer %v; want the lesson's texts", m)
			}
			if _, err := lab.Compile(text, ""); err != nil {
				t.Errorf("the lesson's scenario does not compile: %v", err)
			}
			goSrc, _ := m["go_source"].(string)
			if _, err := lab.Compile(goSrc, lab.LangGo); err != nil {
				t.Errorf("the lesson's Go does not compile: %v", err)
			}
			if isGo := m["lang"] == "go"; isGo != strings.HasPrefix(tt.id, "go-") || isGo != (goSrc == text) {
				t.Errorf("lang %v, Go source equal to what runs: %v; want a Go lesson to run its Go", m["lang"], goSrc == text)
			}
		})
	}
}

// goPrinter is a Go program that prints from two goroutines.
const goPrinter = "package main\n\nimport \"fmt\"\n\nvar done = make(chan int)\n\nfunc hello() {\n\tfmt.Println(\"hello from a goroutine\")\n\tdone <- 1\n}\n\nfunc main() {\n\tgo hello()\n\t<-done\n\tfmt.Println(\"bye\")\n}\n"

// TestGoOverWebsocket loads a Go program: loaded says lang go, each step
// that prints carries its lines and the output event's text, and a
// snapshot after stepping back carries only what was printed by then.
func TestGoOverWebsocket(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "scenario": goPrinter})
	loaded := c.expect("loaded")
	if loaded["lang"] != "go" {
		t.Fatalf("loaded lang %v; want go", loaded["lang"])
	}
	c.expect("snapshot")
	total := num(loaded, "total")
	var printed []string
	var printedAt []int64
	for step := int64(1); step <= total; step++ {
		c.send(map[string]any{"type": "step"})
		m := c.expect("events")
		out, _ := m["output"].([]any)
		var texts []string
		for _, ev := range m["events"].([]any) {
			e := ev.(map[string]any)
			if e["kind"] == "output" {
				texts = append(texts, e["text"].(string))
			}
		}
		if len(texts) != len(out) {
			t.Fatalf("step %d: %d output events, %d output lines", step, len(texts), len(out))
		}
		for i, o := range out {
			l := o.(map[string]any)
			if l["text"] != texts[i] || num(l, "step") != step {
				t.Errorf("step %d: line %v; want the output event's text %q", step, l, texts[i])
			}
			printed = append(printed, texts[i])
			printedAt = append(printedAt, step)
		}
	}
	if got := strings.Join(printed, ""); got != "hello from a goroutine\nbye\n" {
		t.Fatalf("printed %q; want the goroutine's line, then main's", got)
	}
	c.send(map[string]any{"type": "seek", "step": printedAt[1] - 1})
	snap := c.expect("snapshot")
	out, _ := snap["output"].([]any)
	if len(out) != 1 || out[0].(map[string]any)["text"] != printed[0] {
		t.Errorf("the snapshot before main's line has output %v; want the goroutine's line alone", snap["output"])
	}
}
