package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
)

// fixedAnswers keeps the prepared form (ETag, gzip copy; see staticFile) of
// the JSON answers that do not change while the server runs: the lesson
// list, the course and the live lessons. An answer is keyed by the hash of
// its bytes, so a changed answer is prepared anew, never served stale. Its
// version is that hash too (24 hex digits): a request for it with
// ?v=VERSION names exactly these bytes, so it may be cached without
// revalidation (see staticFile.serve and pinFixedAnswers). At
// most fixedAnswersMax are kept (then the map starts afresh), so memory is
// bounded by that many answers of at most Budgets.ResponseBytes each (and
// their gzip copies). Safe for concurrent use.
type fixedAnswers struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]*staticFile
}

// fixedAnswersMax bounds how many prepared answers fixedAnswers keeps.
const fixedAnswersMax = 16

// prepared returns data's prepared form, preparing it (gzip: about a
// millisecond for 60 KB) the first time.
func (c *fixedAnswers) prepared(data []byte) *staticFile {
	key := sha256.Sum256(data)
	c.mu.Lock()
	f, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return f
	}
	f = newStaticFile(data, "application/json; charset=utf-8", hex.EncodeToString(key[:12]))
	c.mu.Lock()
	if c.m == nil || len(c.m) >= fixedAnswersMax {
		c.m = map[[sha256.Size]byte]*staticFile{}
	}
	c.m[key] = f
	c.mu.Unlock()
	return f
}

// writeFixedJSON answers a GET with v, an answer that does not change while
// the server runs: gzip when the client accepts it and a strong ETag. A
// request whose ?v= is the answer's version (as the page asks, see
// pinFixedAnswers) is cached for a year (immutable); any other is no-cache,
// so a browser's next visit revalidates it with a 304. An answer over
// Budgets.ResponseBytes, or one that cannot be encoded, is refused as
// writeJSON refuses it.
func (s *Server) writeFixedJSON(w http.ResponseWriter, r *http.Request, v any) {
	data, err := s.fixedJSON(v)
	if err != nil {
		s.writeJSON(w, http.StatusOK, v) // the error answer, logged
		return
	}
	s.fixed.prepared(data).serve(w, r)
}

// fixedJSON is the bytes writeFixedJSON serves for v.
func (s *Server) fixedJSON(v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > s.budgets.ResponseBytes {
		return nil, errors.New("server: a fixed answer is over Budgets.ResponseBytes")
	}
	return append(data, '\n'), nil
}

// pinFixedAnswers writes into the page (index.html) the version of each
// fixed answer the page fetches as it starts: its <body> attributes
// data-api-lessons, data-api-course and data-api-live-brief name the
// answer's path, which gains "v=VERSION". The page fetches those URLs, so
// a repeat visit finds them in the cache without a request (issue 14,
// part 6: a repeat visit transfers only the HTML). The answers do not
// change while the server runs; a server with other lessons writes other
// versions, and so another page (another ETag). An answer writeFixedJSON
// would refuse (over the byte budget) keeps its plain path. It runs once,
// in New, before the server is shared.
func (s *Server) pinFixedAnswers() {
	page := s.static["index.html"] // New checked that there is one
	answers := []struct {
		attr, path string
		v          any
	}{
		{"data-api-lessons", "/api/lessons", s.lessonRefs()},
		{"data-api-course", "/api/course", s.course()},
		{"data-api-live-brief", "/api/live/lessons?brief=1", s.liveLessonBriefs()},
	}
	body := page.body
	for _, a := range answers {
		data, err := s.fixedJSON(a.v)
		if err != nil {
			continue
		}
		sep := "?"
		if bytes.IndexByte([]byte(a.path), '?') >= 0 {
			sep = "&amp;" // an HTML attribute: the page reads "&"
		}
		from := a.attr + `="` + a.path + `"`
		to := a.attr + `="` + a.path + sep + "v=" + s.fixed.prepared(data).version + `"`
		body = bytes.Replace(body, []byte(from), []byte(to), 1)
	}
	s.static["index.html"] = newStaticFile(body, page.ctype, page.version)
}
