package server

import (
	"net/http"
	"unicode/utf8"

	goqr "github.com/piglig/go-qr"
)

// GET /api/qr?text=URL (issue 13, part 3): a QR code of text, drawn here
// (no outside service), as SVG or, with format=png, PNG. The code is
// deterministic, so answers are cached for a day. The library is
// github.com/piglig/go-qr: a port of Project Nayuki's QR generator
// (Model 2, every version and error-correction level) with no
// dependencies; a QR encoder's Reed-Solomon and masking rules are easy to
// get subtly wrong by hand.

// MaxQRText is the longest text a QR code is made of: a short link or a
// room's link fits many times over; a long share link should be shortened
// first (at medium error correction, 1024 bytes is a version 31 code,
// about the most a phone reads from a projected screen).
const MaxQRText = 1024

// qrScale and qrBorder are the PNG's pixels per module and the quiet zone
// in modules (the standard asks for 4).
const (
	qrScale  = 8
	qrBorder = 4
)

func (s *Server) handleQR(w http.ResponseWriter, r *http.Request) {
	text := r.URL.Query().Get("text")
	switch {
	case text == "":
		s.writeError(w, r, errorf(errBadLink, "give the text of the QR code as ?text="))
		return
	case len(text) > MaxQRText:
		s.writeError(w, r, errorf(errTooLarge, "a QR code holds at most %d bytes here; make a short link first", MaxQRText))
		return
	case !utf8.ValidString(text):
		s.writeError(w, r, errorf(errBadLink, "the text is not UTF-8"))
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "svg" && format != "png" {
		s.writeError(w, r, errorf(errBadLink, "format is svg (the default) or png"))
		return
	}
	qr, err := goqr.EncodeText(text, goqr.Medium)
	if err != nil {
		s.writeError(w, r, errorf(errTooLarge, "this text does not fit a QR code: %v", err))
		return
	}
	cfg := goqr.NewQrCodeImgConfig(qrScale, qrBorder, goqr.WithOptimalSVG())
	var data []byte
	ctype := "image/svg+xml"
	if format == "png" {
		data, err = qr.ToPNGBytes(cfg)
		ctype = "image/png"
	} else {
		data, err = qr.ToSVGBytes(cfg)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	_, _ = w.Write(data)
}
