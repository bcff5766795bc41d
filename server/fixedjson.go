package server

import (
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"sync"
)

// fixedAnswers keeps the prepared form (ETag, gzip copy; see staticFile) of
// the JSON answers that do not change while the server runs: the lesson
// list, the course and the live lessons. An answer is keyed by the hash of
// its bytes, so a changed answer is prepared anew, never served stale. At
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
	f = newStaticFile(data, "application/json; charset=utf-8", "")
	c.mu.Lock()
	if c.m == nil || len(c.m) >= fixedAnswersMax {
		c.m = map[[sha256.Size]byte]*staticFile{}
	}
	c.m[key] = f
	c.mu.Unlock()
	return f
}

// writeFixedJSON answers a GET with v, an answer that does not change while
// the server runs: gzip when the client accepts it, a strong ETag and
// no-cache, so a browser's next visit revalidates it with a 304 instead of
// fetching it again. An answer over Budgets.ResponseBytes, or one that
// cannot be encoded, is refused as writeJSON refuses it.
func (s *Server) writeFixedJSON(w http.ResponseWriter, r *http.Request, v any) {
	data, err := json.Marshal(v)
	if err != nil || int64(len(data)) > s.budgets.ResponseBytes {
		s.writeJSON(w, http.StatusOK, v) // the error answer, logged
		return
	}
	s.fixed.prepared(append(data, '\n')).serve(w, r)
}
