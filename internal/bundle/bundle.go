// Package bundle makes the front end's bundle (web/dist) from its modules
// (web/js) with esbuild: the page's 60-odd modules arrive as a few files.
// On this project's 2-core VM the browser's cache took 40-150 ms for each
// of the page's 77 files, most of a share link's first second
// (docs/benchmarks.md, "The front end bundled").
//
// It is used by cmd/webbundle (`go generate ./web`) and by the test that
// checks web/dist is current; the server only reads its output (so
// esbuild is not linked into the proclab binary, whose start-up counts).
package bundle

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"proclab/web"
)

// Standalone are modules left out of the bundle and served as they are:
// boot.js opens the socket as the page starts, so it must arrive in one
// file with no imports (index.html loads it async, ahead of the rest), and
// app.js imports that same file, the same module instance.
var Standalone = []string{"boot.js"}

// Reached are modules the bundle keeps under their own names although no
// page loads them and no module imports them on demand: the browser tests
// import limits.js to reach the page's instance (e2e/limits_browser_test.go).
var Reached = []string{"limits.js"}

var (
	dynamicImportRE = regexp.MustCompile(`\bimport\(\s*['"]\./([A-Za-z0-9_.-]+\.js)['"]\s*\)`)
)

// Entries returns the bundle's entry points in webDir (names under js/,
// sorted): the module scripts of its pages (*.html), the modules imported on demand
// (import('./name.js') on a line that is not a // comment), and Reached, less Standalone.
func Entries(webDir string) ([]string, error) {
	set := map[string]bool{}
	pages, err := filepath.Glob(filepath.Join(webDir, "*.html"))
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		for _, m := range web.ModuleScriptRE().FindAllSubmatch(b, -1) {
			set[string(m[1])] = true
		}
	}
	mods, err := filepath.Glob(filepath.Join(webDir, "js", "*.js"))
	if err != nil {
		return nil, err
	}
	for _, f := range mods {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue // a comment naming the pattern
			}
			for _, m := range dynamicImportRE.FindAllStringSubmatch(line, -1) {
				set[m[1]] = true
			}
		}
	}
	for _, r := range Reached {
		set[r] = true
	}
	for _, s := range Standalone {
		delete(set, s)
	}
	out := make([]string, 0, len(set))
	for name := range set {
		if _, err := os.Stat(filepath.Join(webDir, "js", name)); err != nil {
			return nil, fmt.Errorf("entry point js/%s: %w", name, err)
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out, nil
}

// Build bundles the modules of webDir and returns the bundle's files by
// name under dist/ (each entry point under its own name, the shared code
// in chunk-HASH.js files, and the manifest, web.BundleManifest). The same
// sources always give the same bytes.
func Build(webDir string) (map[string][]byte, error) {
	abs, err := filepath.Abs(webDir)
	if err != nil {
		return nil, err
	}
	entries, err := Entries(abs)
	if err != nil {
		return nil, err
	}
	points := make([]string, len(entries))
	for i, e := range entries {
		points[i] = "js/" + e
	}
	standalone := api.Plugin{Name: "standalone", Setup: func(b api.PluginBuild) {
		for _, s := range Standalone {
			b.OnResolve(api.OnResolveOptions{Filter: `^\./` + regexp.QuoteMeta(s) + `$`}, func(a api.OnResolveArgs) (api.OnResolveResult, error) {
				return api.OnResolveResult{Path: a.Path, External: true}, nil
			})
		}
	}}
	r := api.Build(api.BuildOptions{
		AbsWorkingDir: abs,
		EntryPoints:   points,
		Bundle:        true,
		Splitting:     true,
		Format:        api.FormatESModule,
		Target:        api.ESNext,
		Charset:       api.CharsetUTF8, // Chinese text as it is, not \u escapes (three times the bytes)
		LegalComments: api.LegalCommentsNone,
		Outdir:        filepath.Join(abs, "dist"),
		EntryNames:    "[name]",
		ChunkNames:    "chunk-[hash]",
		Plugins:       []api.Plugin{standalone},
		Write:         false,
		LogLevel:      api.LogLevelSilent,
	})
	if len(r.Errors) > 0 {
		msgs := api.FormatMessages(r.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage})
		return nil, fmt.Errorf("bundling %s: %s", webDir, strings.Join(msgs, ""))
	}
	if len(r.Warnings) > 0 {
		msgs := api.FormatMessages(r.Warnings, api.FormatMessagesOptions{Kind: api.WarningMessage})
		return nil, fmt.Errorf("bundling %s (warnings are errors here): %s", webDir, strings.Join(msgs, ""))
	}
	out := map[string][]byte{}
	var m web.Manifest
	for _, f := range r.OutputFiles {
		rel, err := filepath.Rel(abs, f.Path)
		if err != nil || path.Dir(filepath.ToSlash(rel)) != "dist" {
			return nil, fmt.Errorf("bundling %s: unexpected output %s", webDir, f.Path)
		}
		out[filepath.ToSlash(rel)] = f.Contents
		m.Files = append(m.Files, path.Base(filepath.ToSlash(rel)))
	}
	sort.Strings(m.Files)
	if m.Sources, err = web.ModulesDigest(os.DirFS(abs)); err != nil {
		return nil, err
	}
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	out[web.BundleManifest] = append(mb, '\n')
	return out, nil
}

// Write makes webDir/dist hold exactly files (as Build returns them):
// files no longer made are removed.
func Write(webDir string, files map[string][]byte) error {
	dist := filepath.Join(webDir, "dist")
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return err
	}
	old, err := os.ReadDir(dist)
	if err != nil {
		return err
	}
	for _, e := range old {
		if _, keep := files["dist/"+e.Name()]; !keep {
			if err := os.Remove(filepath.Join(dist, e.Name())); err != nil {
				return err
			}
		}
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(webDir, filepath.FromSlash(name)), body, 0o644); err != nil {
			return err
		}
	}
	return nil
}
