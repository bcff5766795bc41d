package qrcode

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"image"
	"image/color"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common/reedsolomon"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	goqr "github.com/piglig/go-qr"
)

// The reference oracle is github.com/piglig/go-qr (a port of Project
// Nayuki's generator), used only here, in byte mode on both sides.

var goqrLevel = [4]goqr.Ecc{Low: goqr.Low, Medium: goqr.Medium, Quartile: goqr.Quartile, High: goqr.High}

// oracle is go-qr's code of data in one byte-mode segment, at level
// raised (boost) as Encode raises it, or kept.
func oracle(t testing.TB, data []byte, level Level, boost bool) *goqr.QrCode {
	t.Helper()
	seg, err := goqr.MakeBytes(append([]byte{}, data...)) // never nil
	if err != nil {
		t.Fatal(err)
	}
	q, err := goqr.EncodeSegments([]*goqr.QrSegment{seg}, goqrLevel[level], goqr.MinVersion, goqr.MaxVersion, -1, boost)
	if err != nil {
		t.Fatalf("go-qr: %d bytes at %v: %v", len(data), level, err)
	}
	return q
}

// readFormat is the level and mask of a code's format information (the
// copy around the top-left finder), from its modules.
func readFormat(size int, dark func(x, y int) bool) (Level, int) {
	bits := 0
	for i := 0; i < 15; i++ {
		if x, y := formatModule(size, i, 0); dark(x, y) {
			bits |= 1 << i
		}
	}
	data := (bits ^ 0x5412) >> 10
	return Level(slices.Index(formatLevel[:], uint16(data>>3))), data & 7
}

// sameAsOracle fails unless c and q have the same modules, reporting the
// version, level and mask of both.
func sameAsOracle(t *testing.T, name string, c *Code, q *goqr.QrCode) {
	t.Helper()
	if c.Size() != q.Size() {
		t.Errorf("%s: %d modules a side; go-qr %d", name, c.Size(), q.Size())
		return
	}
	diff, first := 0, ""
	for y := 0; y < c.Size(); y++ {
		for x := 0; x < c.Size(); x++ {
			if c.Dark(x, y) != q.Module(x, y) {
				if diff == 0 {
					first = fmt.Sprintf("(%d, %d)", x, y)
				}
				diff++
			}
		}
	}
	if diff > 0 {
		ql, qm := readFormat(q.Size(), q.Module)
		t.Errorf("%s: %d modules differ from go-qr's, the first at %s: version %d, level %v, mask %d; go-qr level %v, mask %d",
			name, diff, first, c.Version(), c.Level(), c.Mask(), ql, qm)
	}
	if l, m := readFormat(c.Size(), c.Dark); l != c.Level() || m != c.Mask() {
		t.Errorf("%s: the format information says level %v mask %d; the code %v %d", name, l, m, c.Level(), c.Mask())
	}
}

// capacity is the most bytes a version v code holds at level.
func capacity(v int, level Level) int {
	return (dataCodewords(v, level)*8 - 4 - countBits(v)) / 8
}

const chinese = "进程调度：先来先服务、最短作业优先与时间片轮转，哪一个平均周转时间最短？"

// content is n bytes of one of three kinds: a URL, UTF-8 Chinese text (cut
// at n bytes, maybe inside a character) or random bytes.
func content(kind string, n int, rng *rand.Rand) []byte {
	var b []byte
	switch kind {
	case "url":
		b = []byte("http://192.168.1.23:8080/s/")
		const b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcdefghijklmnopqrstuvwxyz#=&"
		for len(b) < n {
			b = append(b, b32[rng.IntN(len(b32))])
		}
	case "chinese":
		for len(b) < n {
			b = append(b, chinese...)
		}
	default:
		b = make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
	}
	return b[:n]
}

// TestMatchesGoQR compares Encode at Medium module for module with go-qr
// for lengths 0 to 1024 (the server's most): every length up to 80, a
// spread past it, and both sides of every version's capacity.
func TestMatchesGoQR(t *testing.T) {
	var lengths []int
	for n := 0; n <= 80; n++ {
		lengths = append(lengths, n)
	}
	for n := 81; n <= 1024; n += 37 {
		lengths = append(lengths, n)
	}
	for v := 1; v <= 40; v++ {
		if n := capacity(v, Medium); n < 1024 {
			lengths = append(lengths, n, n+1)
		}
	}
	lengths = append(lengths, 1024)
	rng := rand.New(rand.NewPCG(1, 2))
	fixed := []string{"http://192.168.1.23:8080/s/AbCdEf12", "http://lab.example/s/ABCDEFGH", "https://lab.example/#l=lifecycle&n=5",
		chinese, "HELLO WORLD", "0123456789", strings.Repeat("\x00", 100), strings.Repeat("\xff", 300)}
	for _, s := range fixed {
		c, err := Encode([]byte(s), Medium)
		if err != nil {
			t.Fatal(err)
		}
		sameAsOracle(t, fmt.Sprintf("%.20q", s), c, oracle(t, []byte(s), Medium, true))
	}
	for _, n := range lengths {
		for _, kind := range []string{"url", "chinese", "random"} {
			data := content(kind, n, rng)
			c, err := Encode(data, Medium)
			if err != nil {
				t.Fatalf("%s of %d bytes: %v", kind, n, err)
			}
			sameAsOracle(t, fmt.Sprintf("%s of %d bytes", kind, n), c, oracle(t, data, Medium, true))
		}
	}
}

// TestMatchesGoQRAllLevels compares the codes of each level, raised or
// kept, module for module with go-qr at both sides of every version's
// capacity: every version of every level's tables.
func TestMatchesGoQRAllLevels(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	step := versionStep
	if testing.Short() {
		step = 7
	}
	for level := Low; level <= High; level++ {
		for v := 1; v <= 40; v += step {
			n := capacity(v, level)
			for _, n := range []int{n, n + 1} {
				if n > MaxBytes(level) {
					continue
				}
				data := content("random", n, rng)
				for _, boost := range []bool{false, true} {
					c, err := encode(data, level, boost, -1)
					if err != nil {
						t.Fatal(err)
					}
					if !boost && c.Level() != level {
						t.Errorf("%d bytes at %v kept: level %v", n, level, c.Level())
					}
					sameAsOracle(t, fmt.Sprintf("%d bytes at %v (raised %v)", n, level, boost), c, oracle(t, data, level, boost))
				}
			}
		}
	}
}

// TestVersionAndLevel checks the version chosen (the smallest that fits)
// and the level raised, at the edges of a few versions.
func TestVersionAndLevel(t *testing.T) {
	for _, tc := range []struct {
		n       int
		level   Level
		version int
		got     Level
	}{
		{0, Medium, 1, High},     // 9 data codewords at H hold 7 bytes
		{7, Medium, 1, High},     //
		{8, Medium, 1, Quartile}, // 13 at Q hold 11
		{11, Medium, 1, Quartile},
		{12, Medium, 1, Medium}, // 16 at M hold 14
		{14, Medium, 1, Medium},
		{15, Medium, 2, Quartile},
		{35, Medium, 3, Medium}, // the server's URLs: about 35 bytes
		{40, Medium, 3, Medium},
		{1024, Medium, 26, Medium}, // 1062 data codewords hold 1059 bytes
		{2331, Medium, 40, Medium},
		{2953, Low, 40, Low},
		{1273, High, 40, High},
	} {
		c, err := Encode(make([]byte, tc.n), tc.level)
		if err != nil {
			t.Fatal(err)
		}
		if c.Version() != tc.version || c.Level() != tc.got || c.Size() != 17+4*tc.version {
			t.Errorf("%d bytes at %v: version %d level %v size %d; want version %d level %v",
				tc.n, tc.level, c.Version(), c.Level(), c.Size(), tc.version, tc.got)
		}
	}
}

// TestTooLong: data past a version 40 code's capacity (ISO/IEC 18004,
// table 7: 2953, 2331, 1663 and 1273 bytes) is a *TooLongError; a level
// that is none of the four, an error.
func TestTooLong(t *testing.T) {
	for level, max := range map[Level]int{Low: 2953, Medium: 2331, Quartile: 1663, High: 1273} {
		if MaxBytes(level) != max {
			t.Errorf("MaxBytes(%v) = %d; want %d", level, MaxBytes(level), max)
		}
		if _, err := Encode(make([]byte, max), level); err != nil {
			t.Errorf("%d bytes at %v: %v", max, level, err)
		}
		_, err := Encode(make([]byte, max+1), level)
		var tl *TooLongError
		if !errors.As(err, &tl) || tl.Len != max+1 || tl.Max != max || tl.Level != level {
			t.Fatalf("%d bytes at %v: %v; want a TooLongError", max+1, level, err)
		}
		want := fmt.Sprintf("qrcode: %d bytes do not fit a QR code at level %v (a version 40 code holds at most %d)", max+1, level, max)
		if err.Error() != want {
			t.Errorf("the error %q; want %q", err, want)
		}
	}
	if _, err := Encode(nil, Level(4)); err == nil || !strings.Contains(err.Error(), "no error-correction level 4") {
		t.Errorf("level 4: %v; want an error", err)
	}
}

// TestStandardExamples checks the pieces against the examples of ISO/IEC
// 18004: the error-correction codewords of "01234567" in a 1-M code
// (annex I), the format information of level M mask 5 (7.9.1) and the
// version information of version 7 (annex D, table D.1).
func TestStandardExamples(t *testing.T) {
	data := []byte{0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11}
	want := []byte{0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55}
	var g [11]byte
	generator(g[:])
	ec := make([]byte, 10)
	remainder(data, g[1:], ec)
	if !bytes.Equal(ec, want) {
		t.Errorf("the error correction of the 1-M example: % X; want % X", ec, want)
	}
	if got := (int(formatLevel[Medium])<<13 | 5<<10 | bchRemainder(int(formatLevel[Medium])<<3|5, 0x537, 10)) ^ 0x5412; got != 0b100000011001110 {
		t.Errorf("the format information of M, mask 5: %015b; want 100000011001110", got)
	}
	if got := 7<<12 | bchRemainder(7, 0x1F25, 12); got != 0b000111110010010100 {
		t.Errorf("the version information of version 7: %018b; want 000111110010010100", got)
	}
}

// TestTables checks the constant tables: the field's, against the field
// computed; rawModules, against the modules drawFunctionPatterns leaves
// free; every version's blocks; the alignment centres' spacing.
func TestTables(t *testing.T) {
	x := 1
	for i := 0; i < 255; i++ {
		if int(gfExp[i]) != x || int(gfLog[x]) != i {
			t.Fatalf("gfExp[%d] = %#x, gfLog[%#x] = %d; want %#x and %d", i, gfExp[i], x, gfLog[x], x, i)
		}
		if x <<= 1; x >= 256 {
			x ^= 0x11D
		}
	}
	if gfExp[255] != 1 {
		t.Errorf("gfExp[255] = %d; want 1", gfExp[255])
	}
	for v := 1; v <= 40; v++ {
		size := 4*v + 17
		m := make([]byte, size*size)
		drawFunctionPatterns(m, v)
		free := 0
		for _, b := range m {
			if b&function == 0 {
				free++
			}
		}
		if free != rawModules(v) {
			t.Errorf("version %d: %d modules free of function patterns; rawModules says %d", v, free, rawModules(v))
		}
		for level := Low; level <= High; level++ {
			total, blocks, ec := rawModules(v)/8, int(blockCount[level][v]), int(eccPerBlock[level][v])
			if blocks == 0 || total/blocks <= ec || dataCodewords(v, level) <= 0 {
				t.Errorf("version %d-%v: %d codewords in %d blocks of %d error correction", v, level, total, blocks, ec)
			}
		}
		if v >= 2 {
			k := v/7 + 2
			c := alignCenters[v]
			if c[0] != 6 || int(c[k-1]) != size-7 || k < 7 && c[k] != 0 {
				t.Errorf("version %d: alignment centres %v", v, c)
			}
			for i := 2; i < k; i++ {
				if c[i]-c[i-1] != c[k-1]-c[k-2] || (c[i]-c[i-1])%2 != 0 {
					t.Errorf("version %d: alignment centres %v unevenly spaced", v, c)
				}
			}
		}
	}
	if rawModules(1)/8 != 26 || rawModules(40)/8 != 3706 {
		t.Errorf("codewords of versions 1 and 40: %d, %d; want 26, 3706", rawModules(1)/8, rawModules(40)/8)
	}
}

// penalties is the penalty of each mask of data's code at level.
func penalties(data []byte, level Level) (c *Code, p [8]int) {
	c, err := encode(data, level, false, -1)
	if err != nil {
		panic(err)
	}
	v, size := c.Version(), c.Size()
	nData, total := dataCodewords(v, level), rawModules(v)/8
	m := make([]byte, size*size)
	drawFunctionPatterns(m, v)
	drawCodewords(m, size, codewords(data, v, level, make([]byte, nData), make([]byte, total)))
	scratch := make([]byte, size*size)
	var runs [maxRuns]int
	for k := range p {
		applyMask(scratch, m, size, k)
		drawFormat(scratch, size, level, k)
		p[k] = penalty(scratch, size, &runs, 0)
	}
	return c, p
}

// TestMaskChoice: the mask chosen has the lowest penalty, the lowest
// numbered of those tied; the corpus holds ties, which go-qr's codes
// (TestMatchesGoQR) settle the same way.
func TestMaskChoice(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ties := 0
	for n := 0; n <= 300; n++ {
		data := content([]string{"url", "chinese", "random"}[n%3], n, rng)
		c, p := penalties(data, Medium)
		low := slices.Min(p[:])
		if best := slices.Index(p[:], low); c.Mask() != best {
			t.Errorf("%d bytes: mask %d of penalties %v; want %d", n, c.Mask(), p, best)
		}
		tied := 0
		for _, q := range p {
			if q == low {
				tied++
			}
		}
		if tied > 1 {
			ties++
			sameAsOracle(t, fmt.Sprintf("a tie of %d bytes, penalties %v", n, p), c, oracle(t, data, Medium, false))
		}
	}
	t.Logf("%d of 301 codes have a tie for the lowest penalty", ties)
}

// TestPenaltyRules scores small hand-made grids by each rule.
func TestPenaltyRules(t *testing.T) {
	var runs [maxRuns]int
	line := func(s string) int {
		m := make([]byte, len(s))
		for i := range s {
			if s[i] == '#' {
				m[i] = 1
			}
		}
		return linePenalty(m, 0, 1, len(m), &runs)
	}
	for _, tc := range []struct {
		line string
		want int
	}{
		{"#.#.#.#.#.#", 0},
		{"#####.#.#.#", 3},                     // a run of 5
		{"#######.#.#", 5},                     // of 7
		{"#.###.#....", 80},                    // a finder at the edge: the quiet zone left, 4 light right
		{"..#.###.#..", 80},                    // the quiet zone both sides
		{"##.#.###.#.##", 0},                   // 1 light either side: no 4
		{"....##..######..##....", 80 + 3 + 1}, // scaled 2:2:6:2:2 with 4 light and the quiet zone both sides; a run of 6
		{"#.#.###.#.#", 0},                     // 1 light, then dark: no 4 light either side
	} {
		if got := line(tc.line); got != tc.want {
			t.Errorf("%s: %d; want %d", tc.line, got, tc.want)
		}
	}
	// 2×2 blocks (N2) and the balance (N4) on 3×3 grids (runs of 3: no N1).
	for _, tc := range []struct {
		grid string
		want int
	}{
		{"... ... ...", 4*3 + 90}, // 4 blocks; 0 % dark, 50 % off: k = 9
		{"### ### ###", 4*3 + 90},
		{"##. ##. ...", 3 + 10}, // 1 block; 44 % dark: k = 1
		{"#.# .#. #.#", 0 + 10}, // no block; 56 % dark
		{".## .## ##.", 3 + 30}, // 1 block (top right); 67 % dark: k = 3
	} {
		var m []byte
		for _, c := range strings.ReplaceAll(tc.grid, " ", "") {
			if c == '#' {
				m = append(m, 1)
			} else {
				m = append(m, 0)
			}
		}
		if got := penalty(m, 3, &runs, 0); got != tc.want {
			t.Errorf("%s: %d; want %d", tc.grid, got, tc.want)
		}
	}
}

// render draws c at scale pixels a module with a quiet zone of 4 modules.
func render(c *Code, scale int) *image.Gray {
	n := (c.Size() + 8) * scale
	img := image.NewGray(image.Rect(0, 0, n, n))
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			v := uint8(255)
			if c.Dark(x/scale-4, y/scale-4) {
				v = 0
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	return img
}

// TestGozxingDecodes reads codes with an independent decoder (gozxing, a
// port of ZXing): the image of each decodes to its bytes, level and data
// codewords; and its modules read as codewords by gozxing's parser make
// blocks with no errors to correct.
func TestGozxingDecodes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i, tc := range []struct {
		v     int
		level Level
		kind  string
	}{
		{1, Medium, "url"}, {2, Low, "random"}, {3, Medium, "url"}, {5, High, "chinese"}, {7, Quartile, "random"},
		{10, Medium, "chinese"}, {14, Low, "url"}, {22, High, "random"}, {31, Medium, "url"}, {40, Medium, "random"},
	} {
		data := content(tc.kind, capacity(tc.v, tc.level), rng)
		c, err := encode(data, tc.level, false, -1)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%d-%v %s", tc.v, tc.level, tc.kind)
		if c.Version() != tc.v {
			t.Fatalf("%s: version %d", name, c.Version())
		}
		bmp, err := gozxing.NewBinaryBitmapFromImage(render(c, 3+i%3))
		if err != nil {
			t.Fatal(err)
		}
		res, err := zxqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
		if err != nil {
			t.Fatalf("%s: gozxing: %v", name, err)
		}
		md := res.GetResultMetadata()
		segs, _ := md[gozxing.ResultMetadataType_BYTE_SEGMENTS].([][]byte)
		if got := bytes.Join(segs, nil); !bytes.Equal(got, data) {
			t.Errorf("%s: decodes to %d bytes %.20q; want %d bytes %.20q", name, len(got), got, len(data), data)
		}
		if l := fmt.Sprint(md[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL]); l != c.Level().String() {
			t.Errorf("%s: level %s", name, l)
		}
		nData, total := dataCodewords(tc.v, tc.level), rawModules(tc.v)/8
		d := make([]byte, nData)
		codewords(data, tc.v, tc.level, d, make([]byte, total))
		if !bytes.Equal(res.GetRawBytes(), d) {
			t.Errorf("%s: gozxing's data codewords differ", name)
		}

		bm, _ := gozxing.NewBitMatrix(c.Size(), c.Size())
		for y := 0; y < c.Size(); y++ {
			for x := 0; x < c.Size(); x++ {
				if c.Dark(x, y) {
					bm.Set(x, y)
				}
			}
		}
		p, err := decoder.NewBitMatrixParser(bm)
		if err != nil {
			t.Fatal(err)
		}
		ver, err := p.ReadVersion()
		if err != nil || ver.GetVersionNumber() != tc.v {
			t.Fatalf("%s: gozxing reads version %v: %v", name, ver, err)
		}
		fi, err := p.ReadFormatInformation()
		if err != nil || int(fi.GetDataMask()) != c.Mask() || fi.GetErrorCorrectionLevel().String() != c.Level().String() {
			t.Fatalf("%s: gozxing reads the format %v: %v", name, fi, err)
		}
		raw, err := p.ReadCodewords()
		if err != nil {
			t.Fatal(err)
		}
		blocks, err := decoder.DataBlock_GetDataBlocks(raw, ver, fi.GetErrorCorrectionLevel())
		if err != nil {
			t.Fatal(err)
		}
		rs := reedsolomon.NewReedSolomonDecoder(reedsolomon.GenericGF_QR_CODE_FIELD_256)
		for j, b := range blocks {
			w := b.GetCodewords()
			ints := make([]int, len(w))
			for k := range w {
				ints[k] = int(w[k])
			}
			if err := rs.Decode(ints, len(w)-b.GetNumDataCodewords()); err != nil {
				t.Fatalf("%s: block %d: %v", name, j, err)
			}
			for k := range w {
				if ints[k] != int(w[k]) {
					t.Fatalf("%s: block %d has errors to correct", name, j)
				}
			}
		}
	}
}

// TestNoInitialiser: the package computes nothing when a program starts
// (the reason it replaced go-qr, whose initialiser filled a 512 KB table):
// no init function, and no package-level variable set by a call.
func TestNoInitialiser(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.Name == "init" && d.Recv == nil {
					t.Errorf("%s has an init function", f)
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				ast.Inspect(d, func(n ast.Node) bool {
					if call, ok := n.(*ast.CallExpr); ok {
						t.Errorf("%s: a package-level variable is set by a call, %s", f, src[call.Pos()-1:call.End()-1])
					}
					return true
				})
			}
		}
	}
}

// benchURL is a 40-byte link, as the server's short links are.
const benchURL = "https://proclab.example:8080/s/ABCDEFGH2"

func BenchmarkEncode(b *testing.B) {
	if len(benchURL) != 40 {
		b.Fatal(len(benchURL))
	}
	data := []byte(benchURL)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(data, Medium); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeGoQR is go-qr's encoding of the same link, for comparison.
func BenchmarkEncodeGoQR(b *testing.B) {
	data := []byte(benchURL)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := goqr.EncodeBinary(data, goqr.Medium); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode1024 and BenchmarkEncode1024GoQR encode the server's
// longest text, 1024 bytes (a version 31 code at Medium).
func BenchmarkEncode1024(b *testing.B) {
	data := content("url", 1024, rand.New(rand.NewPCG(9, 9)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(data, Medium); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncode1024GoQR(b *testing.B) {
	data := content("url", 1024, rand.New(rand.NewPCG(9, 9)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := goqr.EncodeBinary(data, goqr.Medium); err != nil {
			b.Fatal(err)
		}
	}
}
