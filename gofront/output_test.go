package gofront

import (
	"os"
	"slices"
	"strings"
	"testing"

	"proclab/sim"
)

// outputCases are golden programs with what the real program printed:
// each was built with Go 1.26.8 and run 200 times with GOMAXPROCS=2 on
// this machine. Every output seen there must be an output ProcLab's
// exploration finds; exact says the exploration finds no other.
var outputCases = []struct {
	file  string
	seen  []string
	exact bool
}{
	{"channel-handoff", []string{"result 42\n"}, true},
	{"buffered-range", []string{"sum 5\n"}, true},
	{"control-flow", []string{"negative zero\nsum done\nsum=6 ok=true\n3\n"}, true},
	{"select-timeout", []string{"timeout\nnothing yet\n"}, false},
	{"main-returns", []string{"m\n", "m\ng\n", "g\nm\n"}, true},
	{"select-timeout-loop", []string{"waiting\ngot 1\nwaiting\ngot 2\n"}, true},
	{"once-rwmutex-cond", []string{"config 7\nconfig 7\n"}, false},
	{"loop-variable", []string{
		"goroutine 2\ngoroutine 0\ngoroutine 1\n",
		"goroutine 0\ngoroutine 2\ngoroutine 1\n",
		"goroutine 2\ngoroutine 1\ngoroutine 0\n",
	}, false},
	{"atomic", []string{
		"swapped at 12\nswapped at 1\n2 120\n",
		"swapped at 21\nswapped at 2\n2 210\n",
		"swapped at 2\nswapped at 21\n2 210\n",
	}, false},
}

func TestOutputs(t *testing.T) {
	for _, tc := range outputCases {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tc.file + ".txtar")
			if err != nil {
				t.Fatal(err)
			}
			text, _ := parseArchive(string(data)).get("main.go")
			sc, err := Compile(text)
			if err != nil {
				t.Fatal(err)
			}
			r := sim.Explore(sc, sim.ExploreOptions{})
			if !r.Complete {
				t.Fatal("exploration incomplete")
			}
			var got []string
			for _, o := range r.Outcomes {
				if !slices.Contains(got, o.Output) {
					got = append(got, o.Output)
				}
			}
			slices.Sort(got)
			for _, s := range tc.seen {
				if !slices.Contains(got, s) {
					t.Errorf("go run printed %q; ProcLab's outcomes print only\n%q", s, got)
				}
			}
			if want := slices.Sorted(slices.Values(tc.seen)); tc.exact && !slices.Equal(got, want) {
				t.Errorf("got outputs %q; want exactly %q", got, want)
			}
			t.Logf("%d outputs: %s", len(got), strings.Join(got, " | "))
		})
	}
}

// TestGoShapedOutput checks output whose text go1.26 was seen to print:
// %q of an integer is a quoted character, and a deadlocked func literal of
// main is named main.main.func1 in the goroutine listing.
func TestGoShapedOutput(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"%q of an int", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := 65\n\tfmt.Printf(\"%q %q\\n\", x, 66)\n}\n",
			[]string{"'A' 'B'\n"}},
		{"a func literal's name", "package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tselect {}\n}\n",
			[]string{"goroutine 1 [select (no cases)]:\nmain.main()\n", "[chan send]:\nmain.main.func1()\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Compile(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			e := sim.New(sc, sim.Options{})
			for !e.Done() {
				e.Step()
			}
			var b strings.Builder
			for _, l := range e.Output() {
				b.WriteString(l.Text)
			}
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("got output\n%s\nwant it to contain %q", b.String(), w)
				}
			}
		})
	}
}

// TestWriteExploreShowsOutput: the command line's explore text names each
// Go outcome by what it printed (a Go program may have no variables).
func TestWriteExploreShowsOutput(t *testing.T) {
	sc, err := Compile("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tgo func() { fmt.Println(\"g\") }()\n\tfmt.Println(\"m\")\n}\n")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := sim.WriteExplore(&b, sc, sim.Explore(sc, sim.ExploreOptions{})); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`output "m\n": 1 schedule(s)`, `output "m\ng\n"`, `output "g\nm\n"`} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("got\n%s\nwant a line with %s", b.String(), w)
		}
	}
}
