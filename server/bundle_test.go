package server

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"proclab/web"
)

// bundledSet is a front end of two modules, a.js importing b.js, and a
// bundle of a.js made from them (or from older modules when stale).
func bundledSet(t *testing.T, stale bool) map[string]string {
	t.Helper()
	files := map[string]string{
		"index.html": `<script type="module" src="js/a.js"></script>`,
		"js/a.js":    "import { b } from './b.js';\nb();\n",
		"js/b.js":    "export function b() {}\n",
	}
	mods := fstest.MapFS{}
	for name, body := range files {
		src := body
		if stale && name == "js/b.js" {
			src = "export function b() { /* before an edit */ }\n"
		}
		mods[name] = &fstest.MapFile{Data: []byte(src)}
	}
	digest, err := web.ModulesDigest(mods)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := json.Marshal(web.Manifest{Sources: digest, Files: []string{"a.js", "chunk-X.js"}})
	files[web.BundleManifest] = string(m)
	files["dist/a.js"] = "import \"./chunk-X.js\";\n// bundled a\n"
	files["dist/chunk-X.js"] = "// bundled b\n"
	return files
}

// TestBundleServedWhileCurrent: a current bundle's files are served at
// the modules' addresses (js/NAME), its chunks beside them, the modules it
// does not replace still at theirs, and nothing under dist/.
func TestBundleServedWhileCurrent(t *testing.T) {
	sf, state, err := loadStatic(testWebFS(bundledSet(t, false)))
	if err != nil {
		t.Fatal(err)
	}
	if state != bundled {
		t.Fatalf("state %d; want bundled", state)
	}
	if got := string(sf["js/a.js"].body); !strings.Contains(got, "bundled a") || !strings.Contains(got, `"./chunk-X.js?v=`+sf["js/a.js"].version+`"`) {
		t.Errorf("js/a.js served %q; want the bundle's, its chunk versioned", got)
	}
	if sf["js/chunk-X.js"] == nil || sf["js/b.js"] == nil {
		t.Error("the chunk or the module the bundle holds is not served")
	}
	for name := range sf {
		if strings.HasPrefix(name, "dist/") {
			t.Errorf("%s served; nothing under dist/ should be", name)
		}
	}
}

// TestStaleBundleNotServed: a bundle made from other modules than those
// beside it is not served (the modules are, one by one), and says so; a
// set without a bundle is served as it is.
func TestStaleBundleNotServed(t *testing.T) {
	sf, state, err := loadStatic(testWebFS(bundledSet(t, true)))
	if err != nil {
		t.Fatal(err)
	}
	if state != staleBundle {
		t.Errorf("state %d; want staleBundle", state)
	}
	if got := string(sf["js/a.js"].body); strings.Contains(got, "bundled") || sf["js/chunk-X.js"] != nil {
		t.Errorf("a stale bundle served: js/a.js %q", got)
	}
	for name := range sf {
		if strings.HasPrefix(name, "dist/") {
			t.Errorf("%s served; nothing under dist/ should be", name)
		}
	}
	broken := bundledSet(t, false)
	broken[web.BundleManifest] = "{not json"
	if _, state, err := loadStatic(testWebFS(broken)); err != nil || state != staleBundle {
		t.Errorf("a broken manifest: state %d, %v; want staleBundle", state, err)
	}
	missing := bundledSet(t, false)
	delete(missing, "dist/chunk-X.js")
	if sf, state, err := loadStatic(testWebFS(missing)); err != nil || state != staleBundle || strings.Contains(string(sf["js/a.js"].body), "bundled") {
		t.Errorf("a bundle missing a file: state %d, %v; want staleBundle and the modules", state, err)
	}
	plain := bundledSet(t, false)
	for name := range plain {
		if strings.HasPrefix(name, "dist/") {
			delete(plain, name)
		}
	}
	if _, state, err := loadStatic(testWebFS(plain)); err != nil || state != noBundle {
		t.Errorf("no bundle: state %d, %v; want noBundle", state, err)
	}
}

// TestJoinStylesheets checks which stylesheet links become one: runs of
// two or more, across comment lines, never across a view's stylesheet
// (data-href) or anything else, and only files of the set.
func TestJoinStylesheets(t *testing.T) {
	raw := map[string][]byte{"css/a.css": []byte("a{}"), "css/b.css": []byte("b{}\n"), "css/c.css": []byte("c{}"), "css/d.css": []byte("d{}"), "css/v.css": []byte("v{}")}
	page := strings.Join([]string{
		`<head>`,
		`<link rel="stylesheet" href="css/a.css">`,
		`<!-- a note -->`,
		`<link rel="stylesheet" href="css/b.css"><!-- b's note -->`,
		`<link rel="stylesheet" data-href="css/v.css">`,
		`<link rel="stylesheet" href="css/c.css">`,
		`<script src="js/x.js"></script>`,
		`<link rel="stylesheet" href="css/d.css">`,
		`<link rel="stylesheet" href="css/gone.css">`,
		`</head>`,
	}, "\n")
	got := string(joinStylesheets([]byte(page), raw))
	want := strings.Join([]string{
		`<head>`,
		`<link rel="stylesheet" href="css/joined-1.css"><!-- css/a.css, css/b.css (server/bundle.go) -->`,
		`<link rel="stylesheet" data-href="css/v.css">`,
		`<link rel="stylesheet" href="css/c.css">`,
		`<script src="js/x.js"></script>`,
		`<link rel="stylesheet" href="css/d.css">`,
		`<link rel="stylesheet" href="css/gone.css">`,
		`</head>`,
	}, "\n")
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if j := string(raw["css/joined-1.css"]); j != "/* css/a.css */\na{}\n/* css/b.css */\nb{}\n" {
		t.Errorf("joined-1.css = %q", j)
	}
	if _, ok := raw["css/joined-2.css"]; ok {
		t.Error("a run of one stylesheet was joined")
	}
}
