package lab

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"proclab/sim"
)

// The editor colours a scenario's directives and statements from two lists
// in web/js/highlight.js (DIRECTIVES and STATEMENTS) and has a help line for
// each. This test finds the parser's own first words and checks that the two
// lists equal them, so that a statement added to sim/parse*.go without its
// colour and help fails here.
//
// The parser's words are found by asking sim.Parse: every lower-case string
// constant in sim's non-test Go files (and every word of the two lists) is
// put first on a line, alone and with arguments, at the top level and in a
// process and a thread block; a word the parser does not answer with
// unknown_directive (at the top) or unknown_statement (in a block) is one of
// its first words.

// probeSocket comes before every probe: a socket named sk, which the probes'
// arguments name, so that a socket statement's probe parses. A directive's
// probe is followed by a process, so that a valid probe parses.
const probeSocket = "socket sk unix stream\n"

// keywordShape is what a directive or statement looks like.
var keywordShape = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// jsList reads `export const NAME = [ ... ];` from highlight.js's text.
func jsList(t *testing.T, src, name string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?s)export const ` + name + ` = \[(.*?)\];`).FindStringSubmatch(src)
	if m == nil {
		t.Fatalf("web/js/highlight.js has no export const %s = [...]", name)
	}
	var out []string
	for _, q := range regexp.MustCompile(`'([^']*)'`).FindAllStringSubmatch(m[1], -1) {
		out = append(out, q[1])
	}
	if len(out) == 0 {
		t.Fatalf("%s is empty", name)
	}
	return out
}

// simWords is every lower-case identifier-like string constant in sim's
// non-test Go files: a superset of the parser's keywords.
func simWords(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "sim", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && keywordShape.MatchString(s) {
					seen[s] = true
				}
			}
			return true
		})
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// parseCode is the code of sim.Parse's error for text, "" when it parses.
func parseCode(text string) string {
	_, err := sim.Parse(text)
	var pe *sim.ParseError
	if errors.As(err, &pe) {
		return pe.Code
	}
	if err != nil {
		return "other"
	}
	return ""
}

// argShapes are the arguments a probe word is tried with.
var argShapes = []string{"", " sk", " sk 1", " 1"}

func isDirective(w string) bool {
	for _, args := range argShapes {
		if parseCode(probeSocket+w+args+"\nprocess p\n  compute 1\n") != "unknown_directive" {
			return true
		}
	}
	return false
}

func isStatement(w string) bool {
	for _, block := range []string{"process p\n", "thread t\n"} {
		for _, args := range argShapes {
			if parseCode(probeSocket+block+"  "+w+args+"\n") != "unknown_statement" {
				return true
			}
		}
	}
	return false
}

func TestHighlightKeywordsMatchParser(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "web", "js", "highlight.js"))
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	jsDirectives := jsList(t, src, "DIRECTIVES")
	jsStatements := jsList(t, src, "STATEMENTS")
	// The probes must tell a keyword from a name: check them on known words.
	for _, c := range []struct {
		word            string
		directive, stmt bool
	}{
		{"policy", true, false}, {"process", true, false}, {"compute", false, true},
		{"lock", false, true}, {"socket", true, true}, {"counter", false, false}, {"comptue", false, false},
	} {
		if got := isDirective(c.word); got != c.directive {
			t.Errorf("isDirective(%q) = %v; want %v", c.word, got, c.directive)
		}
		if got := isStatement(c.word); got != c.stmt {
			t.Errorf("isStatement(%q) = %v; want %v", c.word, got, c.stmt)
		}
	}
	candidates := append(simWords(t), jsDirectives...)
	candidates = append(candidates, jsStatements...)
	slices.Sort(candidates)
	candidates = slices.Compact(candidates)
	var directives, statements []string
	for _, w := range candidates {
		if !keywordShape.MatchString(w) {
			continue // not a word: reported below if a list holds it
		}
		if isDirective(w) {
			directives = append(directives, w)
		}
		if isStatement(w) {
			statements = append(statements, w)
		}
	}
	for _, c := range []struct {
		name      string
		js, parse []string
	}{
		{"DIRECTIVES", jsDirectives, directives},
		{"STATEMENTS", jsStatements, statements},
	} {
		js := slices.Sorted(slices.Values(c.js))
		if missing := minus(c.parse, js); len(missing) > 0 {
			t.Errorf("highlight.js %s lacks %q, which sim.Parse accepts (add it there and a help entry in i18n-editor.js)", c.name, missing)
		}
		if extra := minus(js, c.parse); len(extra) > 0 {
			t.Errorf("highlight.js %s has %q, which sim.Parse does not accept", c.name, extra)
		}
		if len(js) != len(c.js) {
			t.Errorf("highlight.js %s lists a word twice: %q", c.name, c.js)
		}
	}
}

// minus is the words of a not in b (both sorted).
func minus(a, b []string) []string {
	var out []string
	for _, w := range a {
		if _, ok := slices.BinarySearch(b, w); !ok {
			out = append(out, w)
		}
	}
	return out
}
