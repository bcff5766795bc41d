package gofront

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"proclab/sim"
)

var update = flag.Bool("update", false, "rewrite the generated sections of the golden files in testdata")

// archive is a txtar file: a comment, then "-- name --" sections.
type archive struct {
	comment  string
	sections []section
}

type section struct{ name, body string }

func parseArchive(data string) archive {
	var a archive
	cur := -1
	for _, line := range strings.SplitAfter(data, "\n") {
		trim := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trim, "-- ") && strings.HasSuffix(trim, " --") && len(trim) > 6 {
			a.sections = append(a.sections, section{name: trim[3 : len(trim)-3]})
			cur = len(a.sections) - 1
			continue
		}
		if cur < 0 {
			a.comment += line
		} else {
			a.sections[cur].body += line
		}
	}
	return a
}

func (a archive) get(name string) (string, bool) {
	for _, s := range a.sections {
		if s.name == name {
			return s.body, true
		}
	}
	return "", false
}

func (a *archive) set(name, body string) {
	for i := range a.sections {
		if a.sections[i].name == name {
			a.sections[i].body = body
			return
		}
	}
	a.sections = append(a.sections, section{name, body})
}

func (a archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, s := range a.sections {
		fmt.Fprintf(&b, "-- %s --\n%s", s.name, s.body)
	}
	return b.Bytes()
}

// goldenSections are what TestGolden generates from a golden file's
// main.go: the compiled code always; a trace and an exploration when the
// options section asks for them ("trace" and "explore" lines).
func goldenSections(t *testing.T, sc *sim.Scenario, options string) map[string]string {
	t.Helper()
	out := map[string]string{"code": listing(sc)}
	for _, opt := range strings.Fields(options) {
		switch opt {
		case "trace":
			var b bytes.Buffer
			if err := sim.WriteTrace(&b, sc, sim.Options{MaxSteps: 5000}); err != nil {
				t.Fatal(err)
			}
			out["trace"] = b.String()
		case "explore":
			var b bytes.Buffer
			if err := sim.WriteExplore(&b, sc, sim.Explore(sc, sim.ExploreOptions{MaxStates: 200000})); err != nil {
				t.Fatal(err)
			}
			out["explore"] = b.String()
		default:
			t.Fatalf("unknown option %q", opt)
		}
	}
	return out
}

// TestGolden compiles the main.go section of every testdata/*.txtar file
// and compares the listing of its code (and, when its options ask, its
// trace and its exploration) with the file's sections. Run with -update
// after a change meant to alter them, and read the diff.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a := parseArchive(string(data))
			text, ok := a.get("main.go")
			if !ok {
				t.Fatal("no main.go section")
			}
			sc, err := Compile(text)
			if err != nil {
				t.Fatal(err)
			}
			if err := validate(sc); err != nil {
				t.Fatal(err)
			}
			opts, _ := a.get("options")
			got := goldenSections(t, sc, opts)
			if *update {
				for _, name := range []string{"code", "trace", "explore"} {
					if body, ok := got[name]; ok {
						a.set(name, body)
					}
				}
				if err := os.WriteFile(path, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			for _, name := range []string{"code", "trace", "explore"} {
				body, ok := got[name]
				if !ok {
					continue
				}
				want, ok := a.get(name)
				if !ok {
					t.Fatalf("no %s section; run go test ./gofront -run TestGolden -update", name)
				}
				if body != want {
					t.Errorf("%s differs; run with -update and read the diff\n%s", name, firstDiff(body, want))
				}
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}
