package sim

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the trace section of the golden files in testdata")

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

// parseOptions reads "seed=N", "choices=2,3", "random=true" and "max_steps=N" lines.
func parseOptions(t *testing.T, text string) Options {
	t.Helper()
	opt := Options{MaxSteps: 10000}
	for _, line := range strings.Fields(text) {
		k, v, _ := strings.Cut(line, "=")
		switch k {
		case "seed":
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil {
				t.Fatalf("options: %v", err)
			}
			opt.Seed = n
		case "max_steps":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatalf("options: %v", err)
			}
			opt.MaxSteps = n
		case "random":
			b, err := strconv.ParseBool(v)
			if err != nil {
				t.Fatalf("options: %v", err)
			}
			opt.Random = b
		case "explore":
			// handled by loadGolden
		case "choices":
			for _, c := range strings.Split(v, ",") {
				n, err := strconv.Atoi(c)
				if err != nil {
					t.Fatalf("options: %v", err)
				}
				opt.Choices = append(opt.Choices, PID(n))
			}
		default:
			t.Fatalf("options: unknown %q", k)
		}
	}
	return opt
}

func loadGolden(t *testing.T, path string) (archive, *Scenario, Options) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := parseArchive(string(data))
	text, ok := a.get("scenario")
	if !ok {
		t.Fatalf("%s: no scenario section", path)
	}
	sc, err := Parse(text)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	opts, _ := a.get("options")
	return a, sc, parseOptions(t, opts)
}

func trace(t *testing.T, sc *Scenario, opt Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteTrace(&b, sc, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// explored is the golden text of an exploration: WriteExplore's output.
func explored(t *testing.T, sc *Scenario) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteExplore(&b, sc, Explore(sc, ExploreOptions{})); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGolden runs every testdata/*.txtar scenario and compares its trace with
// the file's trace section; a file whose options say explore=true is
// explored instead, and its explore section holds WriteExplore's text. Run
// with -update to rewrite them after a change that is meant to alter traces,
// and read the diff.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden files")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			a, sc, opt := loadGolden(t, path)
			section := "trace"
			var got string
			if opts, _ := a.get("options"); strings.Contains(opts, "explore=true") {
				section, got = "explore", explored(t, sc)
			} else {
				got = trace(t, sc, opt)
			}
			if *update {
				a.set(section, got)
				if err := os.WriteFile(path, a.format(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, ok := a.get(section)
			if !ok {
				t.Fatalf("%s has no %s section; run go test ./sim -run TestGolden -update", path, section)
			}
			if got != want {
				t.Errorf("trace differs (seed %d, choices %v, random %t); run with -update and read the diff\n%s",
					opt.Seed, opt.Choices, opt.Random, firstDiff(got, want))
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
