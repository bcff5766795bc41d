package server

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"unicode/utf8"

	"proclab/internal/qrcode"
)

// GET /api/qr?text=URL (issue 13, part 3): a QR code of text, drawn here
// (no outside service), as SVG or, with format=png, PNG. The code is
// deterministic, so answers are cached for a day. The encoder is our own,
// internal/qrcode (byte mode, which is all a URL needs): the library used
// before, github.com/piglig/go-qr, filled a 512 KB Kanji table in its
// package initialiser, in every process at start-up, CLI runs included. A
// QR encoder's Reed-Solomon and masking rules are easy to get subtly
// wrong, so internal/qrcode's tests check it module for module against
// go-qr (kept as a test-only oracle) and decode its codes with gozxing.

// MaxQRText is the longest text a QR code is made of: a short link or a
// room's link fits many times over; a long share link should be shortened
// first (at medium error correction, 1024 bytes is a version 26 code, 121
// modules a side, about the most a phone reads from a projected screen).
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
	qr, err := qrcode.Encode([]byte(text), qrcode.Medium)
	if err != nil {
		s.writeError(w, r, errorf(errTooLarge, "this text does not fit a QR code: %v", err))
		return
	}
	data, ctype := qrSVG(qr), "image/svg+xml"
	if format == "png" {
		data, err = qrPNG(qr)
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
func qrSVG(qr *qrcode.Code) []byte {
	n := qr.Size()
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n+2*qrBorder, n+2*qrBorder)
	b.WriteString(`<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !qr.Dark(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < n && qr.Dark(x+run, y) {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+qrBorder, y+qrBorder, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	return b.Bytes()
}

// qrPNG draws qr as a 1-bit PNG, black on white: qrScale pixels a module,
// with the quiet zone of qrBorder modules all round.
func qrPNG(qr *qrcode.Code) ([]byte, error) {
	n := (qr.Size() + 2*qrBorder) * qrScale // pixels a side
	img := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.White, color.Black})
	for y := 0; y < n; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+n]
		for x := range row {
			if qr.Dark(x/qrScale-qrBorder, y/qrScale-qrBorder) {
				row[x] = 1
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
