package server

import (
	"bytes"
	"image"
	_ "image/png"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

func TestShortLinks(t *testing.T) {
	ts, _ := newRoomServer(t, newBus(t, ""))
	goLink := shareFragmentOf(t, map[string]any{"s": "package main\n\nfunc main() {}\n", "n": 2, "e": 5})
	codes := map[string]string{}
	for _, link := range []string{"race", "live", "sched/mlfq", "live/zombie", "room/ABCDEF", goLink, shareFragmentOf(t, map[string]any{"l": "lifecycle", "n": 4})} {
		st, m := postJSON(t, ts.URL+"/api/links", `{"link":"#`+link+`"}`) // a leading # is forgiven
		if st != 200 {
			t.Fatalf("POST %s: %d %v", link, st, m)
		}
		code := m["code"].(string)
		if !regexp.MustCompile(`^[A-Z2-7]{8}$`).MatchString(code) || m["url"] != "/s/"+code {
			t.Fatalf("code %v url %v", code, m["url"])
		}
		if other, dup := codes[code]; dup {
			t.Fatalf("%s and %s got the same code", other, link)
		}
		codes[code] = link
		// Content-addressed: the same place, the same code.
		if _, again := postJSON(t, ts.URL+"/api/links", `{"link":"`+link+`"}`); again["code"] != code {
			t.Fatalf("the same link again: %v; want %s", again["code"], code)
		}
		if got := followShort(t, ts.URL, strings.ToLower(code)); got != "../#"+link {
			t.Fatalf("/s/%s: %q; want ../#%s", code, got, link)
		}
	}
}

func TestShortLinkRefusals(t *testing.T) {
	ts, _ := newRoomServer(t, newBus(t, ""))
	for _, tc := range []struct {
		body string
		code string
	}{
		{`{"link":""}`, "bad_link"},
		{`{"link":"javascript:alert(1)"}`, "bad_link"},
		{`{"link":"s=1.\r\nLocation: http://evil"}`, "bad_link"},
		{`{"link":"s=1.AAAA"}`, "bad_link"},                                         // not deflate of JSON
		{`{"link":"` + shareFragmentOf(t, map[string]any{})[:4] + `"}`, "bad_link"}, // no data
		{`{"link":"sched/../../etc"}`, "bad_link"},
		{`{"link":"` + "s=1." + strings.Repeat("A", MaxLinkBytes) + `"}`, "too_large"},
		{`{"link":"race","extra":1}`, "bad_json"},
		{`not json`, "bad_json"},
	} {
		st, m := postJSON(t, ts.URL+"/api/links", tc.body)
		if st < 400 || m["code"] != tc.code {
			t.Errorf("POST %.50s: %d %v; want %s", tc.body, st, m, tc.code)
		}
	}
	// A JSON bomb: deflate of 10 MB of spaces inflates past the cap.
	bomb := shareFragmentOf(t, map[string]any{"x": strings.Repeat(" ", 10<<20)})
	if st, m := postJSON(t, ts.URL+"/api/links", `{"link":"`+bomb+`"}`); m["code"] != "too_large" {
		t.Errorf("inflating link: %d %v; want too_large", st, m)
	}
	for _, path := range []string{"/s/AAAAAAAA", "/s/short", "/s/" + strings.Repeat("A", 40), "/s/%3Cscript%3E"} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 404 || !strings.Contains(string(body), "does not exist") || strings.Contains(string(body), "<script>") {
			t.Errorf("GET %s: %d %q; want a 404 page", path, res.StatusCode, body)
		}
	}
	// Without a store, links and rooms say so.
	_, plain := newTestServer(t, Budgets{})
	if st, m := postJSON(t, plain.URL+"/api/links", `{"link":"race"}`); st != 503 || m["code"] != "links_off" {
		t.Errorf("no bus: %d %v", st, m)
	}
}

func TestShortLinkRate(t *testing.T) {
	ts, _ := newRoomServer(t, newBus(t, ""))
	refused := 0
	for i := 0; i < linksBurst+5; i++ {
		st, m := postJSON(t, ts.URL+"/api/links", `{"link":"`+shareFragmentOf(t, map[string]any{"l": "lifecycle", "n": i})+`"}`)
		if st == 429 && m["code"] == "rate_limited" {
			refused++
		}
	}
	if refused < 4 {
		t.Errorf("%d of %d links refused; want the ones past the burst of %d", refused, linksBurst+5, linksBurst)
	}
}

// TestQRDecodes decodes the PNG with an independent decoder (gozxing)
// and checks the SVG is one path of the same code.
func TestQRDecodes(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	for _, text := range []string{"http://192.168.1.20:8080/r/ABC234", "http://lab.example/s/ABCDEFGH", "http://h/#" + strings.Repeat("x", 900)} {
		res, err := http.Get(ts.URL + "/api/qr?format=png&text=" + url.QueryEscape(text))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("png: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(img)
		if err != nil {
			t.Fatal(err)
		}
		got, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
		if err != nil {
			t.Fatalf("decoding the QR code of %q: %v", text, err)
		}
		if got.GetText() != text {
			t.Fatalf("QR decodes to %q; want %q", got.GetText(), text)
		}
		res, err = http.Get(ts.URL + "/api/qr?text=" + url.QueryEscape(text))
		if err != nil {
			t.Fatal(err)
		}
		svg, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.Header.Get("Content-Type") != "image/svg+xml" {
			t.Fatalf("svg: %s", res.Header.Get("Content-Type"))
		}
		// The SVG draws the PNG's modules, with the 4-module quiet zone.
		if got, want := svgModules(t, svg), pngModules(img); got != want {
			t.Fatalf("the SVG's modules differ from the PNG's:\n%s\nwant\n%s", got, want)
		}
	}
	for _, q := range []string{"", "text=" + strings.Repeat("a", MaxQRText+1), "text=a&format=gif", "text=%ff%fe"} {
		res, err := http.Get(ts.URL + "/api/qr?" + q)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode < 400 {
			t.Errorf("/api/qr?%.40s: %d; want an error", q, res.StatusCode)
		}
	}
}

// TestShortenOnTheWebsocket: the websocket's shorten gives the REST code.
func TestShortenOnTheWebsocket(t *testing.T) {
	ts, _ := newRoomServer(t, newBus(t, ""))
	link := shareFragmentOf(t, map[string]any{"l": "lifecycle", "n": 9})
	_, rest := postJSON(t, ts.URL+"/api/links", `{"link":"`+link+`"}`)
	c := dial(t, ts)
	c.send(map[string]any{"type": "shorten", "link": "#" + link})
	if m := c.expect("short"); m["code"] != rest["code"] || m["url"] != "/s/"+rest["code"].(string) {
		t.Fatalf("shorten: %v; want %v", m, rest)
	}
	c.send(map[string]any{"type": "shorten", "link": "javascript:x"})
	if m := c.expect("error"); m["code"] != "bad_link" {
		t.Fatalf("a bad link: %v", m)
	}
}

// svgModules reads the dark modules of qrSVG's drawing, quiet zone
// included, as rows of '#' and '.'.
func svgModules(t *testing.T, svg []byte) string {
	t.Helper()
	m := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindSubmatch(svg)
	if m == nil {
		t.Fatalf("no viewBox: %.100s", svg)
	}
	n, _ := strconv.Atoi(string(m[1]))
	grid := make([][]byte, n)
	for i := range grid {
		grid[i] = bytes.Repeat([]byte("."), n)
	}
	for _, run := range regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-\d+z`).FindAllSubmatch(svg, -1) {
		x, _ := strconv.Atoi(string(run[1]))
		y, _ := strconv.Atoi(string(run[2]))
		w, _ := strconv.Atoi(string(run[3]))
		for i := 0; i < w; i++ {
			grid[y][x+i] = '#'
		}
	}
	return string(bytes.Join(grid, []byte("\n")))
}

// pngModules samples the PNG at each module's centre.
func pngModules(img image.Image) string {
	n := img.Bounds().Dx() / qrScale
	var rows [][]byte
	for y := 0; y < n; y++ {
		row := bytes.Repeat([]byte("."), n)
		for x := 0; x < n; x++ {
			if r, _, _, _ := img.At(x*qrScale+qrScale/2, y*qrScale+qrScale/2).RGBA(); r < 0x8000 {
				row[x] = '#'
			}
		}
		rows = append(rows, row)
	}
	return string(bytes.Join(rows, []byte("\n")))
}
