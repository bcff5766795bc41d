package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// goCounter is the page's "New Go program" template (web/js/examples.js)
// without its comments: two goroutines add to a counter under a mutex.
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

// runFile writes text to a file called name and runs `proclab run FILE
// ARGS...`, returning its output and error.
func runFile(t *testing.T, name, text string, args ...string) (string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"run", file}, args...), &out, &errOut)
	return out.String(), err
}

// TestRunGoProgram checks `proclab run` on a Go program: the text trace
// shows what it printed, the JSON trace's output records carry the text,
// and explore's JSON has the scenario shape plus each outcome's output.
func TestRunGoProgram(t *testing.T) {
	t.Run("text trace", func(t *testing.T) {
		out, err := runFile(t, "counter.go", goCounter)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"  | worker 1 done\n", "  | worker 2 done\n", "  | counter = 2\n", "end at step", "var counter = 2\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("the trace lacks %q:\n%s", want, out)
			}
		}
		if i, j := strings.Index(out, "  | worker"), strings.Index(out, "  | counter = 2"); i < 0 || j < i {
			t.Errorf("counter = 2 is not printed after the workers' lines:\n%s", out)
		}
	})
	t.Run("JSON trace", func(t *testing.T) {
		out, err := runFile(t, "counter.go", goCounter, "--json")
		if err != nil {
			t.Fatal(err)
		}
		var printed []string
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			var ev map[string]any
			if err := json.Unmarshal([]byte(line), &ev); err != nil {
				t.Fatalf("line %q: %v", line, err)
			}
			if ev["kind"] == "output" {
				printed = append(printed, ev["text"].(string))
			} else if _, ok := ev["text"]; ok {
				t.Errorf("a %v event carries text: %s", ev["kind"], line)
			}
		}
		sort.Strings(printed)
		if got, want := strings.Join(printed, ""), "counter = 2\nworker 1 done\nworker 2 done\n"; got != want {
			t.Errorf("the output events say %q; want %q", got, want)
		}
	})
	t.Run("explore JSON", func(t *testing.T) {
		out, err := runFile(t, "counter.go", goCounter, "--explore", "--json")
		if err != nil {
			t.Fatal(err)
		}
		var got exploreJSON
		dec := json.NewDecoder(strings.NewReader(out))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Complete || got.Type != "explored" || len(got.Outcomes) == 0 {
			t.Fatalf("got %+v; want a complete exploration", got)
		}
		outputs := map[string]bool{}
		for _, o := range got.Outcomes {
			if o.Vars["counter"] != 2 || len(o.Violations) != 0 || len(o.Races) != 0 || len(o.Witness) == 0 {
				t.Errorf("outcome %+v; want counter 2 without violations or races, with a witness", o)
			}
			if o.Output == nil {
				t.Fatalf("outcome %+v has no output", o)
			}
			outputs[*o.Output] = true
		}
		want := map[string]bool{"worker 1 done\nworker 2 done\ncounter = 2\n": true, "worker 2 done\nworker 1 done\ncounter = 2\n": true}
		for o := range want {
			if !outputs[o] {
				t.Errorf("no outcome prints %q; got %v", o, outputs)
			}
		}
		if len(outputs) != len(want) {
			t.Errorf("outputs %v; want the two orders of the workers' lines", outputs)
		}
		// A scenario's outcomes have no output field at all.
		out, err = runFile(t, "inc.txt", racyIncrements, "--explore", "--json")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, `"output"`) {
			t.Errorf("a scenario's explore JSON has an output field: %s", out)
		}
	})
}

// TestRunLanguage checks how `proclab run` picks the language: a .go file
// or Go source is Go, --lang says it outright, and a mistake is named.
func TestRunLanguage(t *testing.T) {
	tests := []struct {
		name, file, text string
		args             []string
		usage            bool
		wantErr          string // "" when it runs
		wantOut          string
	}{
		{"Go source in a .txt file", "prog.txt", goCounter, nil, false, "", "  | counter = 2"},
		{"--lang go", "prog.txt", goCounter, []string{"--lang", "go"}, false, "", "  | counter = 2"},
		{"a scenario in a .go file is a Go error", "s.go", "process a\n  compute 1\n", nil, false, "line 1", ""},
		{"--lang scenario reads a .go file as a scenario", "s.go", "process a\n  compute 1\n", []string{"--lang", "scenario"}, false, "", "end at step"},
		{"--lang scenario on Go source", "prog.go", goCounter, []string{"--lang", "scenario"}, false, "prog.go: line ", ""},
		{"an unknown language", "prog.go", goCounter, []string{"--lang", "rust"}, true, "want go or scenario", ""},
		{"a Go mistake has its file and line", "bad.go", "package main\n\nfunc main() {\n\tx := 1\n}\n", nil, false, "bad.go: line 4", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			out, err := runFile(t, tt.file, tt.text, tt.args...)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("got %v; want a trace", err)
				}
				if !strings.Contains(out, tt.wantOut) {
					t.Errorf("the trace lacks %q:\n%s", tt.wantOut, out)
				}
				return
			}
			var ue usageError
			if err == nil || errors.As(err, &ue) != tt.usage {
				t.Fatalf("got %v (usage %v); want an error (usage %v)", err, errors.As(err, &ue), tt.usage)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got %v; want an error containing %q", err, tt.wantErr)
			}
		})
	}
}
