package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"sync"
)

// BundleManifest is dist/manifest.json's name in Files. The bundle under
// dist/ (cmd/webbundle) holds the pages' module scripts and the views
// they import on demand, each under its own name, and the code they share
// in chunk-HASH.js files; the manifest says which sources it was made
// from (Sources, a ModulesDigest) so that a server never serves a bundle
// older than the modules beside it.
const BundleManifest = "dist/manifest.json"

// ModulesDigest is a hash of what the bundle is made from, as 24 hex
// digits: every js/*.js file of fsys by name and content (the unit tests,
// *.test.mjs, are not modules of the page), and the module scripts each
// page (*.html) names, its entry points. The server compares it with the
// manifest's to know the bundle is current: a module changed, or a page
// that loads another module, makes it stale; other edits to a page do not.
func ModulesDigest(fsys fs.FS) (string, error) {
	names, err := fs.Glob(fsys, "js/*.js")
	if err != nil {
		return "", err
	}
	pages, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	sort.Strings(pages)
	h := sha256.New()
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", err
		}
		h.Write([]byte(path.Base(name) + "\x00" + strconv.Itoa(len(body)) + "\x00"))
		h.Write(body)
	}
	for _, page := range pages {
		body, err := fs.ReadFile(fsys, page)
		if err != nil {
			return "", err
		}
		h.Write([]byte("\x00page " + page))
		for _, m := range ModuleScriptRE().FindAllSubmatch(body, -1) {
			h.Write([]byte("\x00" + string(m[1])))
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// ModuleScriptRE matches a page's module script of js/ and gives its name
// (without "js/").
var ModuleScriptRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<script type="module"[^>]*\bsrc="js/([A-Za-z0-9_.-]+\.js)"`)
})

// Manifest is what dist/manifest.json holds.
type Manifest struct {
	// Sources is the ModulesDigest of the modules the bundle was made from.
	Sources string `json:"sources"`
	// Files are the bundle's files, in dist/, sorted: each replaces the
	// module of the same name under js/ or is a chunk the others import.
	Files []string `json:"files"`
}
