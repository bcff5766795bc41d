package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"sort"
	"strconv"
)

// BundleManifest is dist/manifest.json's name in Files. The bundle under
// dist/ (cmd/webbundle) holds the pages' module scripts and the views
// they import on demand, each under its own name, and the code they share
// in chunk-HASH.js files; the manifest says which sources it was made
// from (Sources, a ModulesDigest) so that a server never serves a bundle
// older than the modules beside it.
const BundleManifest = "dist/manifest.json"

// ModulesDigest is a hash of the front end's modules as the bundle is made
// from them: every js/*.js file of fsys (the unit tests, *.test.mjs, are
// not modules of the page), by name and content, as 24 hex digits. The
// server compares it with the manifest's to know the bundle is current.
func ModulesDigest(fsys fs.FS) (string, error) {
	names, err := fs.Glob(fsys, "js/*.js")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", err
		}
		h.Write([]byte(path.Base(name) + "\x00" + strconv.Itoa(len(body)) + "\x00"))
		h.Write(body)
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// Manifest is what dist/manifest.json holds.
type Manifest struct {
	// Sources is the ModulesDigest of the modules the bundle was made from.
	Sources string `json:"sources"`
	// Files are the bundle's files, in dist/, sorted: each replaces the
	// module of the same name under js/ or is a chunk the others import.
	Files []string `json:"files"`
}
