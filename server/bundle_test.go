package server

import (
	"encoding/json"
	"regexp"
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
	// A page that loads another module script than the bundle was made
	// for: the bundle lacks that entry point, so it is stale too.
	another := bundledSet(t, false)
	another["index.html"] += `<script type="module" src="js/b.js"></script>`
	if _, state, err := loadStatic(testWebFS(another)); err != nil || state != staleBundle {
		t.Errorf("a page with another module script: state %d, %v; want staleBundle", state, err)
	}
	retext := bundledSet(t, false)
	retext["index.html"] = "<p>other words</p>" + retext["index.html"]
	if _, state, err := loadStatic(testWebFS(retext)); err != nil || state != bundled {
		t.Errorf("a page's other text changed: state %d, %v; want bundled", state, err)
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
	outside := bundledSet(t, false)
	outside[web.BundleManifest] = strings.Replace(outside[web.BundleManifest], `"chunk-X.js"`, `"../index.html"`, 1)
	if sf, state, err := loadStatic(testWebFS(outside)); err != nil || state != staleBundle || strings.Contains(string(sf["js/a.js"].body), "bundled") {
		t.Errorf("a manifest naming a file outside dist/: state %d, %v; want staleBundle", state, err)
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
	joined := ""
	for name := range raw {
		if strings.HasPrefix(name, "css/joined-") {
			if joined != "" {
				t.Fatalf("two joined files, %s and %s; want one", joined, name)
			}
			joined = name
		}
	}
	want := strings.Join([]string{
		`<head>`,
		`<link rel="stylesheet" href="` + joined + `"><!-- css/a.css, css/b.css (server/bundle.go) -->`,
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
	if j := string(raw[joined]); j != "/* css/a.css */\na{}\n/* css/b.css */\nb{}\n" {
		t.Errorf("%s = %q", joined, j)
	}
}

// TestJoinedStylesheetsOfTwoPages: two pages that join different runs get
// a file each, each page linking its own (a name counted per page made
// the second page's file replace the first's: the handout's app.css and
// handout.css served to the lab as its first three stylesheets).
func TestJoinedStylesheetsOfTwoPages(t *testing.T) {
	sf, _, err := loadStatic(testWebFS(map[string]string{
		"index.html":   "<link rel=\"stylesheet\" href=\"css/a.css\">\n<link rel=\"stylesheet\" href=\"css/b.css\">\n",
		"handout.html": "<link rel=\"stylesheet\" href=\"css/a.css\">\n<link rel=\"stylesheet\" href=\"css/h.css\">\n",
		"css/a.css":    "a{}\n", "css/b.css": "b{}\n", "css/h.css": "h{}\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	for page, want := range map[string]string{"index.html": "b{}", "handout.html": "h{}"} {
		m := regexp.MustCompile(`href="(css/joined-[0-9a-f]+\.css)`).FindStringSubmatch(string(sf[page].body))
		if m == nil {
			t.Fatalf("%s links no joined stylesheet: %s", page, sf[page].body)
		}
		if body := string(sf[m[1]].body); !strings.Contains(body, "a{}") || !strings.Contains(body, want) {
			t.Errorf("%s links %s holding %q; want a{} and %s", page, m[1], body, want)
		}
	}
}

// TestPreloadModules: a bundled page asks for the chunks its module
// scripts import, directly or not, with the scripts (a modulepreload each,
// before the first module script), not for the scripts themselves or what
// they import only on demand; a page served without its bundle gets none.
func TestPreloadModules(t *testing.T) {
	files := bundledSet(t, false)
	files["index.html"] = "<head>\n<script type=\"module\" src=\"js/a.js\"></script>\n</head>"
	files["dist/a.js"] = "import \"./chunk-X.js\";\nimport(\"./lazy.js\");\n"
	files["dist/chunk-X.js"] = "import {\n  y\n} from \"./chunk-Y.js\";\n"
	files["dist/chunk-Y.js"] = "export const y = 1;\n"
	files["js/lazy.js"] = "export {};\n"
	var m web.Manifest
	if err := json.Unmarshal([]byte(files[web.BundleManifest]), &m); err != nil {
		t.Fatal(err)
	}
	m.Files = append(m.Files, "chunk-Y.js")
	mb, _ := json.Marshal(m)
	files[web.BundleManifest] = string(mb)
	// js/lazy.js changes the modules' digest: make the manifest name them.
	mods := fstest.MapFS{}
	for name, body := range files {
		if strings.HasPrefix(name, "js/") || strings.HasSuffix(name, ".html") {
			mods[name] = &fstest.MapFile{Data: []byte(body)}
		}
	}
	m.Sources, _ = web.ModulesDigest(mods)
	mb, _ = json.Marshal(m)
	files[web.BundleManifest] = string(mb)

	sf, state, err := loadStatic(testWebFS(files))
	if err != nil || state != bundled {
		t.Fatalf("state %d, %v; want bundled", state, err)
	}
	page := string(sf["index.html"].body)
	v := sf["index.html"].version
	want := `<link rel="modulepreload" href="js/chunk-Y.js?v=` + v + `"><link rel="modulepreload" href="js/chunk-X.js?v=` + v + `">`
	if !strings.Contains(page, want) || strings.Index(page, want) > strings.Index(page, "<script") {
		t.Errorf("page:\n%s\nwant before its script: %s", page, want)
	}
	if strings.Contains(page, "lazy.js") || strings.Contains(page, `modulepreload" href="js/a.js`) {
		t.Errorf("page preloads a module on demand or its own script:\n%s", page)
	}
	stale := bundledSet(t, true)
	if sf, _, _ := loadStatic(testWebFS(stale)); strings.Contains(string(sf["index.html"].body), "modulepreload") {
		t.Error("a page served without its bundle preloads")
	}
}
