package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// staticFile is one file of the front end, prepared once at start-up: its
// bytes (with its references to other files versioned, see loadStatic), a
// gzip copy when that is smaller, a strong ETag, and the version of the
// whole file set it belongs to.
type staticFile struct {
	body, gz []byte
	ctype    string
	etag     string
	version  string // the file set's content hash, 24 hex digits
}

// staticFiles serves the embedded front end: files only (no directory
// listings), gzip to clients that accept it, ETag revalidation. A request
// whose query is ?v=VERSION, VERSION being the file set's content hash,
// is cached for a year without revalidation (immutable): the HTML and the
// modules ask for each other with that query, so a new build asks for new
// URLs. Any other request (the page itself, an old or missing version) is
// no-cache: caches revalidate it, and a 304 costs a few hundred bytes.
// The map is read-only after loadStatic, so any number of goroutines may
// serve from it.
type staticFiles map[string]*staticFile

// Static references that loadStatic versions: an HTML src or href naming a
// file of the set (relative, without a query; a data-href too, the
// stylesheet of a view that web/js/lazy.js loads on demand), and a JavaScript module
// specifier ('./name.js') after "from", a bare "import", or in a dynamic
// import('./name.js') (a view loaded on demand: the same version keeps it
// in the cache as long as the page's other modules).
var (
	htmlRefRE = regexp.MustCompile(`\b(src|href)="([A-Za-z0-9_./-]+)"`)
	jsRefRE   = regexp.MustCompile(`\b(from|import)(\s*\(?\s*)(['"])(\./[A-Za-z0-9_.-]+\.js)(['"])`)
)

// loadStatic reads every file of fsys, strips the doc comments of its
// modules (stripDocComments), and versions the references between
// them: each src/href of an HTML file and each import specifier of a
// module that names a file of the set gains "?v=VERSION", VERSION being a
// hash of every file's name and content (one version for the whole set,
// so that a module cached for a year never imports an older sibling).
//
// An embed.FS never changes, so its file set is prepared once per process
// and shared by every Server made from it (the test binaries start one
// server per test: compressing the front end again took 160-340 ms each,
// several times that under -race).
func loadStatic(fsys fs.FS) (staticFiles, bundleState, error) {
	e, ok := fsys.(embed.FS)
	if !ok {
		return prepareStatic(fsys)
	}
	preparedEmbeds.Lock()
	defer preparedEmbeds.Unlock()
	p, ok := preparedEmbeds.sets[e]
	if !ok {
		sf, state, err := prepareStatic(fsys)
		if err != nil {
			return nil, 0, err
		}
		p = preparedSet{sf, state}
		preparedEmbeds.sets[e] = p
	}
	// Each server gets its own map (New replaces its index.html: see
	// pinFixedAnswers); the files in it are shared, and never written.
	return maps.Clone(p.files), p.bundle, nil
}

// bundleState says whether a file set's modules are served bundled
// (useBundle).
type bundleState int

const (
	noBundle    bundleState = iota // the set has no bundle (dist/): its modules one by one
	bundled                        // the bundle in place of the modules it holds
	staleBundle                    // a bundle older than its modules: the modules one by one
)

// preparedSet is a file set loadStatic prepared, and its bundle's state.
type preparedSet struct {
	files  staticFiles
	bundle bundleState
}

// preparedEmbeds holds the file sets loadStatic prepared from an embed.FS,
// each read-only once prepared.
var preparedEmbeds = struct {
	sync.Mutex
	sets map[embed.FS]preparedSet
}{sets: map[embed.FS]preparedSet{}}

// prepareStatic is loadStatic's work, done afresh.
func prepareStatic(fsys fs.FS) (staticFiles, bundleState, error) {
	raw := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		raw[name] = body
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	state := noBundle
	if used, stale := useBundle(raw); used {
		state = bundled
	} else if stale {
		state = staleBundle
	}
	for _, page := range []string{"index.html", "handout.html"} {
		if html, ok := raw[page]; ok {
			raw[page] = joinStylesheets(html, raw)
			if state == bundled {
				raw[page] = preloadModules(raw[page], raw)
			}
		}
	}
	names := make([]string, 0, len(raw))
	for name := range raw {
		names = append(names, name)
	}
	sort.Strings(names)
	all := sha256.New()
	for _, name := range names {
		all.Write([]byte(name + "\x00" + strconv.Itoa(len(raw[name])) + "\x00"))
		all.Write(raw[name])
	}
	version := hex.EncodeToString(all.Sum(nil)[:12])
	out := staticFiles{}
	for _, name := range names {
		out[name] = newStaticFile(versionRefs(name, stripDocComments(name, raw[name]), raw, version), contentType(name), version)
	}
	return out, state, nil
}

// newStaticFile prepares body to be served as ctype: its strong ETag and,
// for text, a gzip copy when that is smaller. version is the file set's
// hash (see staticFiles), or "" for an answer never cached without
// revalidation.
func newStaticFile(body []byte, ctype, version string) *staticFile {
	sum := sha256.Sum256(body)
	f := &staticFile{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`, ctype: ctype, version: version}
	if strings.HasPrefix(f.ctype, "text/") || strings.Contains(f.ctype, "json") || strings.Contains(f.ctype, "svg") {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		_, _ = zw.Write(body)
		_ = zw.Close()
		if b.Len() < len(body) {
			f.gz = b.Bytes()
		}
	}
	return f
}

// versionRefs returns body with "?v=version" after each reference to a
// file of files (see loadStatic); files other than HTML and JavaScript,
// and references to names outside the set, are left as they are.
func versionRefs(name string, body []byte, files map[string][]byte, version string) []byte {
	dir := path.Dir(name)
	known := func(ref string) bool {
		_, ok := files[path.Join(dir, ref)]
		return ok && !strings.HasPrefix(path.Join(dir, ref), "..")
	}
	switch path.Ext(name) {
	case ".html":
		return htmlRefRE.ReplaceAllFunc(body, func(m []byte) []byte {
			sub := htmlRefRE.FindSubmatch(m)
			if !known(string(sub[2])) {
				return m
			}
			return []byte(string(sub[1]) + `="` + string(sub[2]) + "?v=" + version + `"`)
		})
	case ".js", ".mjs":
		return jsRefRE.ReplaceAllFunc(body, func(m []byte) []byte {
			sub := jsRefRE.FindSubmatch(m)
			if !known(string(sub[4])) {
				return m
			}
			return []byte(string(sub[1]) + string(sub[2]) + string(sub[3]) + string(sub[4]) + "?v=" + version + string(sub[5]))
		})
	}
	return body
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json; charset=utf-8"
	case ".md": // shown as text by every browser (text/markdown is often downloaded)
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func (sf staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	f, ok := sf[name]
	if !ok {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	f.serve(w, r)
}

// serve answers r with f: 304 when r's If-None-Match names the
// representation it would get, else the bytes (gzip when r accepts it).
func (f *staticFile) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	if f.subresource() {
		subresourceHeaders(h)
	}
	if f.version != "" && r.URL.Query().Get("v") == f.version {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Add("Vary", "Accept-Encoding")
	body, etag := f.body, f.etag
	if f.gz != nil && acceptsGzip(r) {
		// The compressed bytes are another representation: another ETag.
		body, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, etag) {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// subresource reports whether f is a script or a stylesheet: a file a
// page loads, never one a browser shows as a document (see
// subresourceHeaders).
func (f *staticFile) subresource() bool {
	return strings.HasPrefix(f.ctype, "text/javascript") || strings.HasPrefix(f.ctype, "text/css")
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}
