package server

import (
	"bytes"
	"fmt"
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
	data, ctype := qrSVG(qr), "image/svg+xml"
	if format == "png" {
		data, err = qr.ToPNGBytes(goqr.NewQrCodeImgConfig(qrScale, qrBorder))
		ctype = "image/png"
		if err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	_, _ = w.Write(data)
}

// qrSVG draws qr as SVG in module units, with the quiet zone of qrBorder
// modules all round: one path of a horizontal run of dark modules per
// subpath, crisp at any size (shape-rendering: crispEdges).
func qrSVG(qr *goqr.QrCode) []byte {
	n := qr.Size()
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n+2*qrBorder, n+2*qrBorder)
	b.WriteString(`<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !qr.Module(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < n && qr.Module(x+run, y) {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+qrBorder, y+qrBorder, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes()
}
