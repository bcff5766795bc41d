package lab

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"proclab/assets"
)

// TestScenarioDocCoversLessons checks that docs/scenario.md documents every
// directive and statement the built-in lessons use: each line's first word
// (an assignment's target aside), the policy and model a lesson names, the
// keys of its key=value options, and the modifiers a statement takes. The
// editor's help (web/js/i18n-editor.js) points to the document, so a
// lesson must not use a word the document does not explain.
func TestScenarioDocCoversLessons(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "docs", "scenario.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := codeWords(string(raw))
	// The probe itself: a word the document does not hold must be missing.
	for _, c := range []struct {
		word string
		want bool
	}{{"compute", true}, {"policy", true}, {"frobnicate", false}} {
		if got := documented[c.word]; got != c.want {
			t.Errorf("documented[%q] = %v; want %v", c.word, got, c.want)
		}
	}
	l, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string][]string{} // word -> the lessons that use it
	lessons := 0
	for _, lesson := range l.All() {
		if lesson.IsGo {
			continue
		}
		lessons++
		for w := range lessonWords(lesson.Scenario.Source) {
			used[w] = append(used[w], lesson.ID)
		}
	}
	if lessons < 20 || len(used) < 40 {
		t.Fatalf("found %d scenario lessons using %d words; want the built-in lessons", lessons, len(used))
	}
	var missing []string
	for w, ids := range used {
		if !documented[w] {
			missing = append(missing, w+" (in "+strings.Join(ids, ", ")+")")
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("docs/scenario.md does not mention %s in code", m)
	}
}

// modifiers are the words a statement or declaration takes after its first
// word that change what it does (docs/scenario.md explains each).
var modifiers = map[string]bool{
	"restart": true, "killable": true, "untraced": true, "continued": true, "cas": true,
	"shared": true, "in": true, "to": true, "posix": true, "sysv": true, "child": true, "parent": true,
}

var optionKey = regexp.MustCompile(`^([a-z_]+)=`)

// lessonWords is the set of directive and statement words of a scenario's
// text (see TestScenarioDocCoversLessons).
func lessonWords(text string) map[string]bool {
	out := map[string]bool{}
	for line := range strings.SplitSeq(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if f[0] == "title" || f[0] == "explain" {
			out[f[0]] = true
			continue
		}
		if len(f) > 1 && f[1] == "=" {
			if len(f) > 2 && slices.Contains([]string{"xchg", "fetch_add", "cas", "trylock", "recv"}, f[2]) {
				out[f[2]] = true // NAME = OP ...
			}
			continue // an assignment: its target is a name
		}
		out[f[0]] = true
		if (f[0] == "policy" || f[0] == "model") && len(f) > 1 {
			out[f[1]] = true
		}
		for _, a := range f[1:] {
			if m := optionKey.FindStringSubmatch(a); m != nil {
				out[m[1]] = true
			}
			if modifiers[a] {
				out[a] = true
			}
		}
	}
	return out
}

var codeSpan = regexp.MustCompile("(?s)```.*?```|`[^`\n]+`")

var codeWord = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_-]*`)

// codeWords is the set of words inside the code spans and blocks of a
// Markdown text.
func codeWords(md string) map[string]bool {
	out := map[string]bool{}
	for _, span := range codeSpan.FindAllString(md, -1) {
		for _, w := range codeWord.FindAllString(span, -1) {
			out[w] = true
		}
	}
	return out
}
