package server

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/nats-io/nats.go/jetstream"
)

// Short links (issue 13, part 3; docs/protocol.md, "Short links and QR
// codes"): POST /api/links stores a page fragment under a code made from
// its SHA-256, so the same place always gets the same code, and GET /s/C
// redirects to it. The codes live in the bus's links bucket, so they
// survive restarts and every instance sharing the NATS server knows them.

// Limits of short links.
const (
	// MaxLinkBytes is the longest fragment that can be shortened or sent
	// to a room: a share link of the largest scenario the server takes.
	MaxLinkBytes = 80 << 10
	// linkCodeLen is a new code's length in base-32 characters (40 bits);
	// on a collision with another fragment the code grows one character
	// at a time, up to maxLinkCodeLen (the whole of 80 bits).
	linkCodeLen    = 8
	maxLinkCodeLen = 16
	// linksPer and linksBurst bound how fast one client makes links: a
	// burst of 20, then one every 3 seconds.
	linksPer   = 3 * time.Second
	linksBurst = 20
	// busTimeout bounds one key-value read or write.
	busTimeout = 5 * time.Second
)

var (
	errLinksOff  = errors.New("links and rooms are off")
	errBadLink   = errors.New("not a ProcLab link")
	errNoLink    = errors.New("no such short link")
	errLinksFull = errors.New("the store is full")
	errRate      = errors.New("too many requests")
)

var linkCodeAlphabet = base32.StdEncoding.WithPadding(base32.NoPadding)

// Fragment shapes the page makes (web/js/share.js, urlstate.js). They are
// compiled on first use, not at package initialisation, which every
// `proclab` command (ostep, run, sched) would pay for at start-up.
var (
	shareFragment = lazyRegexp(`^s=1\.[A-Za-z0-9_-]+$`)
	placeFragment = lazyRegexp(`^(race|live|(sched|live)/[a-z0-9][a-z0-9-]{0,63}|room/[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6})$`)
	linkCodeRE    = lazyRegexp(`^[A-Z2-7]{8,16}$`)
)

// lazyRegexp returns a function that compiles expr the first time it is
// called and returns the same *regexp.Regexp ever after; it is safe for
// concurrent use.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// checkFragment says whether f is a fragment the page could have made: a
// place (#race, #sched/ID, #live, #live/ID, #room/CODE) or a share link whose
// payload inflates, within inflateCap bytes, to a JSON object.
func checkFragment(f string, inflateCap int64) error {
	switch {
	case f == "":
		return errorf(errBadLink, "the link is empty")
	case len(f) > MaxLinkBytes:
		return errorf(errTooLarge, "a link is at most %d bytes", MaxLinkBytes)
	case placeFragment().MatchString(f):
		return nil
	case !shareFragment().MatchString(f):
		return errorf(errBadLink, "a link is s=1.DATA, race, sched/ID, live, live/ID or room/CODE (without #)")
	}
	raw, err := base64.RawURLEncoding.DecodeString(f[len("s=1."):])
	if err != nil {
		return errorf(errBadLink, "the link's data is not base64url")
	}
	data, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), inflateCap+1))
	if err != nil {
		return errorf(errBadLink, "the link's data is not deflate-compressed")
	}
	if int64(len(data)) > inflateCap {
		return errorf(errTooLarge, "the link's data inflates past %d bytes", inflateCap)
	}
	var obj map[string]json.RawMessage
	if !utf8.Valid(data) || json.Unmarshal(data, &obj) != nil || obj == nil {
		return errorf(errBadLink, "the link's data is not a JSON object")
	}
	return nil
}

// linkInflateCap is how far a share link's payload may inflate: twice the
// largest message, as the page allows (share.js inflateCap).
func (s *Server) linkInflateCap() int64 {
	return 2 * max(s.budgets.MessageBytes, s.budgets.RequestBytes)
}

type wireLinkRequest struct {
	Link string `json:"link"`
}

// wireShort answers a websocket shorten command.
type wireShort struct {
	V    int    `json:"v"`
	Type string `json:"type"`
	Code string `json:"code"`
	URL  string `json:"url"`
}

type wireShortLink struct {
	Code string `json:"code"`
	URL  string `json:"url"`
}

func (s *Server) mountLinks(r chi.Router) {
	r.Post("/api/links", s.handleLinkCreate)
}

func (s *Server) handleLinkCreate(w http.ResponseWriter, r *http.Request) {
	var req wireLinkRequest
	if err := s.readJSONMax(r, &req, MaxLinkBytes+1024); err != nil {
		s.writeError(w, r, err)
		return
	}
	client, _ := s.clientAddr(r)
	code, err := s.shorten(r.Context(), client, strings.TrimPrefix(req.Link, "#"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, wireShortLink{Code: code, URL: "/s/" + code})
}

// shorten stores fragment and returns its code (the same code as before
// when it was stored already).
func (s *Server) shorten(ctx context.Context, client netip.Addr, fragment string) (string, error) {
	if s.bus == nil {
		return "", errorf(errLinksOff, "this server was started without a store")
	}
	if err := checkFragment(fragment, s.linkInflateCap()); err != nil {
		return "", err
	}
	if ok, wait := s.linkRate.allow(client, time.Now()); !ok {
		return "", errorf(errRate, "too many links from this address; try again in %v", wait.Round(time.Second)+time.Second)
	}
	ctx, cancel := context.WithTimeout(ctx, busTimeout)
	defer cancel()
	sum := sha256.Sum256([]byte(fragment))
	full := linkCodeAlphabet.EncodeToString(sum[:])
	for n := linkCodeLen; n <= maxLinkCodeLen; n++ {
		code := full[:n]
		_, err := s.bus.Links.Create(ctx, code, []byte(fragment))
		if err == nil {
			s.metrics.linkMade()
			return code, nil
		}
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return "", s.busError(err)
		}
		e, err := s.bus.Links.Get(ctx, code)
		if err != nil {
			return "", s.busError(err)
		}
		if string(e.Value()) == fragment {
			return code, nil
		}
	}
	return "", fmt.Errorf("%w: 80 bits of SHA-256 collided", errInternal)
}

// busError turns a bus failure into what a client is told.
func (s *Server) busError(err error) error {
	var apiErr *jetstream.APIError
	if errors.As(err, &apiErr) && (strings.Contains(apiErr.Description, "maximum bytes") || strings.Contains(apiErr.Description, "resources exceeded") || strings.Contains(apiErr.Description, "insufficient resources")) {
		return errorf(errLinksFull, "no more links or rooms can be stored now")
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, jetstream.ErrNoHeartbeat) || errors.Is(err, jetstream.ErrJetStreamNotEnabled) {
		return errorf(errBusy, "the store did not answer in time")
	}
	s.log.Error("bus", "err", err)
	return fmt.Errorf("%w: the store: %v", errInternal, err)
}

// handleShortLink redirects /s/CODE to the page at its fragment.
func (s *Server) handleShortLink(w http.ResponseWriter, r *http.Request) {
	code := strings.ToUpper(chi.URLParam(r, "code"))
	frag, err := s.lookupLink(r.Context(), code)
	if err != nil {
		s.writeErrorPage(w, r, err)
		return
	}
	redirectUp(w, "#"+frag)
}

// redirectUp answers 302 to the page at the server's root with fragment
// frag, as a relative reference ("../#..."): behind a proxy that serves
// ProcLab under a path (--public-url https://school.example/proclab/), it
// stays under that path.
func redirectUp(w http.ResponseWriter, frag string) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Location", "../"+frag)
	w.WriteHeader(http.StatusFound)
}

func (s *Server) lookupLink(ctx context.Context, code string) (string, error) {
	if s.bus == nil {
		return "", errorf(errLinksOff, "this server was started without a store")
	}
	if !linkCodeRE().MatchString(code) {
		return "", errorf(errNoLink, "a short link's code is 8 to 16 of A-Z and 2-7")
	}
	ctx, cancel := context.WithTimeout(ctx, busTimeout)
	defer cancel()
	e, err := s.bus.Links.Get(ctx, code)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return "", errorf(errNoLink, "no short link %s is stored here", code)
	}
	if err != nil {
		return "", s.busError(err)
	}
	frag := string(e.Value())
	if checkFragment(frag, s.linkInflateCap()) != nil { // written by something else: never redirect to it
		return "", errorf(errNoLink, "the short link %s holds no ProcLab link", code)
	}
	return frag, nil
}

// writeErrorPage answers a browser's navigation with a small page in both
// languages that says what went wrong, with the error's status.
func (s *Server) writeErrorPage(w http.ResponseWriter, r *http.Request, err error) {
	status, we := toWireError(err)
	s.metrics.rejected(we.Code)
	if status >= 500 && we.Code == "internal" {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>ProcLab</title><style>body{font:18px/1.5 system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em}</style>
<h1>ProcLab</h1><p id="msg">%s</p><p lang="zh-CN">%s</p><p><a href="/">Open ProcLab · 打开 ProcLab</a></p><p><small>%s</small></p></html>`,
		html.EscapeString(errorPageText[we.Code][0]), html.EscapeString(errorPageText[we.Code][1]), html.EscapeString(we.Code+": "+we.Message))
}

// errorPageText is the sentence an error page shows, in English and
// Chinese, per error code.
var errorPageText = map[string][2]string{
	"no_link":        {"This short link does not exist on this server.", "这个短链接在本服务器上不存在。"},
	"room_not_found": {"This classroom room does not exist or has ended.", "这个课堂不存在或已经结束。"},
	"links_off":      {"This server keeps no short links or rooms.", "本服务器不保存短链接和课堂。"},
	"busy":           {"The server is busy; try again in a moment.", "服务器正忙，请稍后再试。"},
	"internal":       {"The server failed on this request.", "服务器处理这个请求时出错。"},
}
