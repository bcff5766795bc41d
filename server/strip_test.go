package server

import (
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"proclab/web"
)

// TestStripDocComments checks which comment lines stripDocComments removes
// (a doc comment before a top-level declaration or a blank line, an
// indented whole-line comment) and which it keeps: comments after code,
// lines inside a template literal, and anything in a file other than a
// module.
func TestStripDocComments(t *testing.T) {
	tests := []struct {
		name, file, in, want string
	}{
		{"a doc comment before a function", "a.js",
			"// add adds.\n// It is pure.\nfunction add(a, b) { return a + b; }\n",
			"\n\nfunction add(a, b) { return a + b; }\n"},
		{"before export, const, let, class, import, async function", "a.js",
			"// e\nexport const x = 1;\n\n// c\nconst y = 2;\n\n// l\nlet z;\n\n// k\nclass K {}\n\n// i\nimport './b.js';\n\n// f\nasync function f() {}\n",
			"\nexport const x = 1;\n\n\nconst y = 2;\n\n\nlet z;\n\n\nclass K {}\n\n\nimport './b.js';\n\n\nasync function f() {}\n"},
		{"a comment followed by a blank line", "a.js",
			"// The model.\n\nconst m = 1;\n", "\n\nconst m = 1;\n"},
		{"indented comments go", "a.js",
			"function f() {\n  // inside\n\t// tabbed\n  return 1; // after code stays\n}\n", "function f() {\n\n\n  return 1; // after code stays\n}\n"},
		{"an indented line in a template literal stays", "a.js",
			"const s = `\n  // not a comment\n  ${x}\n  // nor this\n`;\n", "const s = `\n  // not a comment\n  ${x}\n  // nor this\n`;\n"},
		{"an indented comment holding a backtick or */ stays", "a.js",
			"if (a) {\n  // see `b`\n  // c */\n}\n", "if (a) {\n  // see `b`\n  // c */\n}\n"},
		{"a comment right after code stays", "a.js",
			"const a = 1;\n// about b\nconst b = 2;\n", "const a = 1;\n// about b\nconst b = 2;\n"},
		{"a comment followed by an expression stays", "a.js",
			"\n// then\nfoo();\n", "\n// then\nfoo();\n"},
		{"a line in a template literal stays", "a.js",
			"const s = `\n\n// not a comment\nconst x`;\n", "const s = `\n\n// not a comment\nconst x`;\n"},
		{"a comment holding a backtick or */ stays", "a.js",
			"// a `b`\nconst c = 1;\n\n// d */\nconst e = 2;\n", "// a `b`\nconst c = 1;\n\n// d */\nconst e = 2;\n"},
		{"not a module", "a.css", "// x\nconst y;\n", "// x\nconst y;\n"},
		{"test modules are not served", "a.mjs", "// x\nconst y;\n", "// x\nconst y;\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(stripDocComments(tt.file, []byte(tt.in))); got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
		})
	}
}

// TestStaticModulesKeepTheirCode checks the served modules of the real
// front end that the bundle does not replace (those it does are checked
// by internal/bundle's tests): each keeps its line count, every line that
// changed was a whole-line comment, and the modules as a whole lost bytes.
func TestStaticModulesKeepTheirCode(t *testing.T) {
	raw := os.DirFS("../web") // the front end's source, as web.Files embeds it
	files, _, err := loadStatic(raw)
	if err != nil {
		t.Fatal(err)
	}
	var m web.Manifest
	if err := json.Unmarshal(mustRead(t, raw, web.BundleManifest), &m); err != nil {
		t.Fatal(err)
	}
	before, after := 0, 0
	for name, f := range files {
		if !strings.HasSuffix(name, ".js") || slices.Contains(m.Files, path.Base(name)) {
			continue
		}
		src, err := fs.ReadFile(raw, name)
		if err != nil {
			t.Fatal(err)
		}
		orig := strings.Split(string(src), "\n")
		served := strings.Split(string(f.body), "\n")
		if len(orig) != len(served) {
			t.Fatalf("%s: got %d lines served; want %d", name, len(served), len(orig))
		}
		for i := range orig {
			if orig[i] != served[i] && !(served[i] == "" && strings.HasPrefix(strings.TrimLeft(orig[i], " \t"), "//")) && !strings.Contains(served[i], "?v=") {
				t.Errorf("%s:%d: got %q; want %q", name, i+1, served[i], orig[i])
			}
		}
		before += len(strings.Join(orig, "\n"))
		after += len(f.body)
	}
	if after >= before {
		t.Errorf("the modules served hold %d bytes, the source %d; want fewer", after, before)
	}
	t.Logf("modules: %d bytes in the source, %d served", before, after)
}

// TestScanFollowsEveryModule checks that lineStartsInCode follows every
// module of the front end to its end (a module it cannot follow is served
// with its comments: correct, but heavier).
func TestScanFollowsEveryModule(t *testing.T) {
	raw := os.DirFS("../web")
	names, err := fs.Glob(raw, "js/*.js")
	if err != nil || len(names) == 0 {
		t.Fatalf("no modules under ../web/js: %v", err)
	}
	for _, name := range names {
		src, err := fs.ReadFile(raw, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := lineStartsInCode(src, strings.Count(string(src), "\n")+1); !ok {
			t.Errorf("%s: the scan does not follow it to its end", name)
		}
	}
}

func mustRead(t *testing.T, fsys fs.FS, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
