package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"path"
	"strings"

	"proclab/web"
)

// useBundle puts the front end's bundle (web/dist) in place of its
// modules when the bundle is current. raw is a file set as loadStatic
// reads it. When its manifest (web.BundleManifest) names, by their
// web.ModulesDigest, the modules and pages beside it, each file the
// manifest lists, dist/NAME, is served as js/NAME: the bundle's entry
// points replace the modules of the same name, its chunks are new files.
// The other modules stay at their own addresses (no page loads them; a
// test may import one). Either way the dist/ files leave raw: nothing is
// served under dist/. It reports whether the bundle is used, and stale
// when a manifest was there but does not match (a module changed since
// `go generate ./web`, or the manifest is broken or lists a file that is
// not there): the modules are then served one by one.
func useBundle(raw map[string][]byte) (used, stale bool) {
	mb, ok := raw[web.BundleManifest]
	if !ok {
		return false, false
	}
	var dist []string
	for name := range raw {
		if strings.HasPrefix(name, "dist/") {
			dist = append(dist, name)
		}
	}
	defer func() {
		for _, name := range dist {
			delete(raw, name)
		}
	}()
	var m web.Manifest
	if err := json.Unmarshal(mb, &m); err != nil || len(m.Files) == 0 {
		return false, true
	}
	mods := memFS{}
	for name, body := range raw {
		if (path.Dir(name) == "js" && path.Ext(name) == ".js") || (path.Dir(name) == "." && path.Ext(name) == ".html") {
			mods[name] = body
		}
	}
	digest, err := web.ModulesDigest(mods)
	if err != nil || digest != m.Sources {
		return false, true
	}
	for _, f := range m.Files {
		if _, ok := raw["dist/"+f]; !ok || path.Base(f) != f || path.Ext(f) != ".js" {
			return false, true
		}
	}
	for _, f := range m.Files {
		raw["js/"+f] = raw["dist/"+f]
	}
	return true, false
}

// memFS is a file set in memory, names to contents: enough of an fs.FS
// for web.ModulesDigest (Glob and ReadFile).
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

func (m memFS) ReadFile(name string) ([]byte, error) {
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return b, nil
}

func (m memFS) Glob(pattern string) ([]string, error) {
	var out []string
	for name := range m {
		if ok, err := path.Match(pattern, name); err != nil {
			return nil, err
		} else if ok {
			out = append(out, name)
		}
	}
	return out, nil
}

// stylesheetLineRE is a line of an HTML page that links one stylesheet of
// the file set by its href (a view's stylesheet, loaded on demand by
// lazy.js, has a data-href instead and is not one), maybe with a comment
// after it.
var stylesheetLineRE = lazyRegexp(`^<link rel="stylesheet" href="(css/[A-Za-z0-9_.-]+\.css)">\s*(<!--.*-->)?\s*$`)

// joinStylesheets makes each run of two or more stylesheets that an HTML
// page links one after the other one stylesheet: css/joined-HASH.css (HASH
// a hash of the run's names, so that two pages' runs never share a name
// unless they are the same run), the files' texts in the page's order,
// which the page links in the first one's place. Lines between them that are only an
// HTML comment do not end a run; anything else does (a view's stylesheet
// linked by data-href, which must keep its place in the cascade, or a
// script). The joined files are added to raw, and the page's new text is
// returned. The cascade is the same: the same rules in the same order.
func joinStylesheets(html []byte, raw map[string][]byte) []byte {
	lines := strings.Split(string(html), "\n")
	var out []string
	var run []string // the run's stylesheets
	var held []string
	flush := func() {
		switch {
		case len(run) == 1:
			out = append(out, held...)
		case len(run) > 1:
			sum := sha256.Sum256([]byte(strings.Join(run, "\x00")))
			name := "css/joined-" + hex.EncodeToString(sum[:6]) + ".css"
			var b bytes.Buffer
			for _, css := range run {
				b.WriteString("/* " + css + " */\n")
				b.Write(raw[css])
				if !bytes.HasSuffix(raw[css], []byte("\n")) {
					b.WriteByte('\n')
				}
			}
			raw[name] = b.Bytes()
			out = append(out, `<link rel="stylesheet" href="`+name+`"><!-- `+strings.Join(run, ", ")+` (server/bundle.go) -->`)
		}
		run, held = nil, nil
	}
	for _, line := range lines {
		trim := strings.TrimSpace(line)
		if m := stylesheetLineRE().FindStringSubmatch(trim); m != nil {
			if _, ok := raw[m[1]]; ok {
				run = append(run, m[1])
				held = append(held, line)
				continue
			}
		}
		if len(run) > 0 && strings.HasPrefix(trim, "<!--") && strings.HasSuffix(trim, "-->") && strings.Count(trim, "<!--") == 1 {
			held = append(held, line)
			continue
		}
		flush()
		out = append(out, line)
	}
	flush()
	return []byte(strings.Join(out, "\n"))
}

// staticImportRE is a static import in a bundled module, as esbuild
// writes it: `import "./x.js";`, `} from "./x.js";`, `export * from
// "./x.js";` (a dynamic import("./x.js") has no space before the quote).
var staticImportRE = lazyRegexp(`(?m)(?:\bfrom|^import) "\./([A-Za-z0-9_.-]+\.js)";`)

// preloadModules adds to an HTML page, before its first module script, a
// <link rel="modulepreload"> for each module its module scripts import
// statically, directly or not, that is not a page's script itself: the
// browser then asks for the bundle's chunks with the scripts that import
// them, not once it has read those (a wave of requests less). raw is the
// file set with the bundle in place (useBundle).
func preloadModules(html []byte, raw map[string][]byte) []byte {
	scripts := web.ModuleScriptRE().FindAllSubmatchIndex(html, -1)
	if len(scripts) == 0 {
		return html
	}
	own := map[string]bool{}
	for _, m := range scripts {
		own["js/"+string(html[m[2]:m[3]])] = true
	}
	seen := map[string]bool{}
	var order []string
	var visit func(name string)
	visit = func(name string) {
		for _, m := range staticImportRE().FindAllSubmatch(raw[name], -1) {
			dep := path.Join(path.Dir(name), string(m[1]))
			if _, ok := raw[dep]; !ok || seen[dep] {
				continue
			}
			seen[dep] = true
			visit(dep)
			if !own[dep] {
				order = append(order, dep)
			}
		}
	}
	for _, m := range scripts {
		visit("js/" + string(html[m[2]:m[3]]))
	}
	if len(order) == 0 {
		return html
	}
	var links strings.Builder
	for _, dep := range order {
		links.WriteString(`<link rel="modulepreload" href="` + dep + `">`)
	}
	links.WriteString("<!-- the bundle's chunks the scripts below import (server/bundle.go) -->\n")
	at := bytes.LastIndexByte(html[:scripts[0][0]], '\n') + 1
	return append(append(append([]byte(nil), html[:at]...), links.String()...), html[at:]...)
}
