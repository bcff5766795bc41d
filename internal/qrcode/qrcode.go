// Package qrcode encodes bytes as a QR code, Model 2 (ISO/IEC 18004): byte
// mode only, versions 1 to 40, the four error-correction levels, the mask
// chosen by the standard's four penalty rules.
//
// It has no package initialiser: its tables are constant data, so a
// program that imports it pays nothing for it at start-up.
package qrcode

import "strconv"

// Level is a code's error-correction level: about the share of its
// codewords a reader can restore when they are misread.
type Level uint8

// The levels, weakest first.
const (
	Low      Level = iota // about 7 % of the codewords restored
	Medium                // about 15 %
	Quartile              // about 25 %
	High                  // about 30 %
)

// String is the level's letter: L, M, Q or H.
func (l Level) String() string {
	if l > High {
		return "Level(" + strconv.Itoa(int(l)) + ")"
	}
	return "LMQH"[l : l+1]
}

// formatLevel is the two bits a level has in the format information.
var formatLevel = [4]uint16{Low: 1, Medium: 0, Quartile: 3, High: 2}

// A Code is a QR code's modules: Size() modules a side, the quiet zone
// around it (4 modules, light) not included.
type Code struct {
	version int
	level   Level
	mask    int
	size    int
	modules []byte // size*size, row by row from the top left: 1 dark, 0 light
}

// Size is the number of modules a side (17 + 4 × the version), quiet zone
// excluded.
func (c *Code) Size() int { return c.size }

// Dark reports whether the module in column x and row y (both counted in
// modules from 0, at the top left) is dark; outside the code (the quiet
// zone) it is false.
func (c *Code) Dark(x, y int) bool {
	return 0 <= x && x < c.size && 0 <= y && y < c.size && c.modules[y*c.size+x]&1 != 0
}

// Version is the code's version, 1 to 40.
func (c *Code) Version() int { return c.version }

// Level is the code's error-correction level, which may be above the one
// asked of Encode.
func (c *Code) Level() Level { return c.level }

// Mask is the number (0 to 7) of the code's mask pattern.
func (c *Code) Mask() int { return c.mask }

// TooLongError is the error of data that does not fit a version 40 code.
type TooLongError struct {
	Len   int   // the data's length in bytes
	Max   int   // the most bytes a version 40 code holds at Level
	Level Level // the level asked
}

func (e *TooLongError) Error() string {
	return "qrcode: " + strconv.Itoa(e.Len) + " bytes do not fit a QR code at level " + e.Level.String() +
		" (a version 40 code holds at most " + strconv.Itoa(e.Max) + ")"
}

// levelError is the error of a level that is none of the four.
type levelError Level

func (e levelError) Error() string {
	return "qrcode: no error-correction level " + strconv.Itoa(int(e))
}

// Encode makes the QR code of data in byte mode, of the smallest version it
// fits at level. The level is the least asked: the code takes the highest
// level whose codewords still hold data in that version (more correction
// at no cost in size, as most encoders do, go-qr among them). The mask is
// the one of lowest penalty (ISO/IEC 18004, 7.8.3), the lowest numbered of
// those tied. Data too long for a version 40 code gives a *TooLongError.
func Encode(data []byte, level Level) (*Code, error) {
	return encode(data, level, true, -1)
}

// encode is Encode with the level kept as asked unless boost, and with the
// mask forced unless mask is -1.
func encode(data []byte, level Level, boost bool, mask int) (*Code, error) {
	if level > High {
		return nil, levelError(level)
	}
	v := 1
	for ; !fits(len(data), v, level); v++ {
		if v == 40 {
			return nil, &TooLongError{Len: len(data), Max: MaxBytes(level), Level: level}
		}
	}
	for boost && level < High && fits(len(data), v, level+1) {
		level++
	}
	size := 4*v + 17
	c := &Code{version: v, level: level, size: size, modules: make([]byte, size*size)}
	nData, total := dataCodewords(v, level), rawModules(v)/8
	buf := make([]byte, nData+total+size*size)
	words := codewords(data, v, level, buf[:nData], buf[nData:nData+total])
	drawFunctionPatterns(c.modules, v)
	drawCodewords(c.modules, size, words)

	scratch := buf[nData+total:]
	if mask < 0 {
		best := 0
		var runs [maxRuns]int
		for m := 0; m < 8; m++ {
			applyMask(scratch, c.modules, size, m)
			drawFormat(scratch, size, level, m)
			if p := penalty(scratch, size, &runs, best); m == 0 || p < best {
				best, mask = p, m
			}
		}
	}
	c.mask = mask
	applyMask(c.modules, c.modules, size, mask)
	drawFormat(c.modules, size, level, mask)
	return c, nil
}

// MaxBytes is the most bytes a version 40 code holds at level.
func MaxBytes(level Level) int {
	return (dataCodewords(40, level)*8 - 4 - 16) / 8
}

// fits reports whether n bytes fit a version v code at level.
func fits(n, v int, level Level) bool {
	return 4+countBits(v)+8*n <= dataCodewords(v, level)*8
}

// countBits is the length in bits of byte mode's character count in a
// version v code.
func countBits(v int) int {
	if v <= 9 {
		return 8
	}
	return 16
}

// rawModules is the number of modules of a version v code that hold
// codewords (and the remainder bits after them): all but the finder
// patterns with their separators, the timing patterns, the alignment
// patterns, the format information with the dark module, and the version
// information.
func rawModules(v int) int {
	size := 4*v + 17
	n := size*size - 3*8*8 - 2*(size-16) - (2*15 + 1)
	if v >= 2 {
		k := v/7 + 2 // alignment centres a side
		// k*k - 3 patterns of 25 modules; the 2*(k-2) on a timing
		// pattern share 5 modules with it.
		n -= 25*(k*k-3) - 5*2*(k-2)
	}
	if v >= 7 {
		n -= 2 * 18
	}
	return n
}

// dataCodewords is the number of data codewords (bytes) of a version v
// code at level.
func dataCodewords(v int, level Level) int {
	return rawModules(v)/8 - int(eccPerBlock[level][v])*int(blockCount[level][v])
}

// codewords lays data out as a version v code's codewords at level: byte
// mode's header, the data, the terminator and the padding in d (of
// dataCodewords bytes), then the blocks' data and error-correction
// codewords interleaved in out (of rawModules/8 bytes), which it returns.
func codewords(data []byte, v int, level Level, d, out []byte) []byte {
	// Byte mode (0100) and the count: 12 or 20 bits; then the data, shifted
	// by the half byte; then the terminator 0000 ends on a byte boundary
	// (fits left room for it).
	n := len(data)
	i := 1
	if countBits(v) == 8 {
		d[0] = 0x40 | byte(n>>4)
	} else {
		d[0] = 0x40 | byte(n>>12)
		d[1] = byte(n >> 4)
		i = 2
	}
	carry := byte(n) << 4
	for _, b := range data {
		d[i] = carry | b>>4
		carry = b << 4
		i++
	}
	d[i] = carry // with the terminator
	i++
	for pad := byte(0xEC); i < len(d); i++ {
		d[i] = pad
		pad ^= 0xEC ^ 0x11
	}

	// Blocks: the first short ones have shortData data codewords, the rest
	// one more; each has ecLen error-correction codewords. out takes the
	// first data codeword of every block, then the second, ..., then the
	// error-correction codewords likewise.
	blocks, ecLen := int(blockCount[level][v]), int(eccPerBlock[level][v])
	short := blocks - len(out)%blocks
	shortData := len(out)/blocks - ecLen
	var gen [31]byte
	generator(gen[:ecLen+1])
	var ec [30]byte
	for b, off := 0, 0; b < blocks; b++ {
		dn := shortData
		if b >= short {
			dn++
		}
		blk := d[off : off+dn]
		off += dn
		for j := 0; j < shortData; j++ {
			out[j*blocks+b] = blk[j]
		}
		if dn > shortData {
			out[shortData*blocks+b-short] = blk[shortData]
		}
		remainder(blk, gen[1:ecLen+1], ec[:ecLen])
		for j := 0; j < ecLen; j++ {
			out[len(d)+j*blocks+b] = ec[j]
		}
	}
	return out
}

// mul is the product of a and b in GF(256).
func mul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	s := int(gfLog[a]) + int(gfLog[b])
	if s >= 255 {
		s -= 255
	}
	return gfExp[s]
}

// generator sets g to the Reed–Solomon generator polynomial of degree
// len(g)-1, (x - α^0)(x - α^1)…, its coefficients highest power first
// (g[0] = 1).
func generator(g []byte) {
	clear(g)
	g[0] = 1
	for k := 0; k+1 < len(g); k++ { // g is of degree k: times (x + α^k)
		r := gfExp[k]
		g[k+1] = mul(r, g[k])
		for i := k; i >= 1; i-- {
			g[i] ^= mul(r, g[i-1])
		}
	}
}

// remainder sets ec to the error-correction codewords of the block data:
// the remainder of data(x)·x^len(ec) divided by the generator, whose
// coefficients below the leading 1 are g, highest power first.
func remainder(data, g, ec []byte) {
	clear(ec)
	for _, b := range data {
		f := b ^ ec[0]
		copy(ec, ec[1:])
		ec[len(ec)-1] = 0
		for j, gj := range g {
			ec[j] ^= mul(f, gj)
		}
	}
}

// The modules of a code while it is drawn: bit 0 dark, bit 1 a function
// module (a pattern or the format or version information: no codeword bit,
// and not masked).
const (
	dark     byte = 1
	function byte = 2
)

// drawFunctionPatterns draws a version v code's finder patterns with
// their separators, timing patterns, alignment patterns, version
// information and dark module in m (size*size modules), and marks the
// format information's modules as function modules, drawn later.
func drawFunctionPatterns(m []byte, v int) {
	size := 4*v + 17
	set := func(x, y int, d bool) {
		m[y*size+x] = function
		if d {
			m[y*size+x] |= dark
		}
	}
	// Timing patterns (row and column 6), dark on even modules; the
	// finders drawn next cover their ends.
	for i := 0; i < size; i++ {
		set(i, 6, i%2 == 0)
		set(6, i, i%2 == 0)
	}
	// Finder patterns: rings at Chebyshev distance 0 and 1 (the 3×3 core)
	// and 3 dark, 2 light, with the separator (4) light; a ring outside
	// the code is not drawn.
	for _, c := range [3][2]int{{3, 3}, {size - 4, 3}, {3, size - 4}} {
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				x, y := c[0]+dx, c[1]+dy
				if 0 <= x && x < size && 0 <= y && y < size {
					d := max(abs(dx), abs(dy))
					set(x, y, d != 2 && d != 4)
				}
			}
		}
	}
	// Alignment patterns: 5×5, dark but for the ring at distance 1.
	if v >= 2 {
		k := v/7 + 2
		centers := alignCenters[v][:k]
		for i, cy := range centers {
			for j, cx := range centers {
				if i == 0 && j == 0 || i == 0 && j == k-1 || i == k-1 && j == 0 {
					continue // a finder's corner
				}
				for dy := -2; dy <= 2; dy++ {
					for dx := -2; dx <= 2; dx++ {
						set(int(cx)+dx, int(cy)+dy, max(abs(dx), abs(dy)) != 1)
					}
				}
			}
		}
	}
	// Format information, drawn per mask: reserved.
	for i := 0; i < 15; i++ {
		x, y := formatModule(size, i, 0)
		set(x, y, false)
		x, y = formatModule(size, i, 1)
		set(x, y, false)
	}
	set(8, size-8, true) // the dark module
	// Version information (versions 7 and up): 6 bits of version and 12 of
	// BCH(18,6), generator x¹²+x¹¹+x¹⁰+x⁹+x⁸+x⁵+x²+1 (0x1F25), in a 6×3
	// block above the bottom-left finder and its transpose left of the
	// top-right one; bit 0 (the last) at (0, size-11) and (size-11, 0).
	if v >= 7 {
		bits := v<<12 | bchRemainder(v, 0x1F25, 12)
		for i := 0; i < 18; i++ {
			d := bits>>i&1 != 0
			a, b := size-11+i%3, i/3
			set(b, a, d)
			set(a, b, d)
		}
	}
}

// bchRemainder is the remainder of data·x^deg divided by the generator gen
// (of degree deg) over GF(2).
func bchRemainder(data, gen, deg int) int {
	r := data << deg
	for bit := bitLen(r) - 1; bit >= deg; bit-- {
		if r>>bit&1 != 0 {
			r ^= gen << (bit - deg)
		}
	}
	return r
}

// bitLen is the number of bits of x > 0 up to its highest 1.
func bitLen(x int) int {
	n := 0
	for ; x > 0; x >>= 1 {
		n++
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// formatModule is the column and row of bit i (0 the lowest) of the format
// information's copy which: 0 (around the top-left finder) or 1 (split between
// the top-right and bottom-left finders).
func formatModule(size, i, which int) (x, y int) {
	if which == 0 {
		switch {
		case i < 6:
			return 8, i
		case i < 8:
			return 8, i + 1 // skipping the timing pattern (row 6)
		case i == 8:
			return 7, 8
		default:
			return 14 - i, 8
		}
	}
	if i < 8 {
		return size - 1 - i, 8
	}
	return 8, size - 15 + i
}

// drawFormat draws the format information of level and mask in the masked
// modules m (0 or 1, as applyMask leaves them): 2 bits
// of level and 3 of mask, 10 of BCH(15,5), generator x¹⁰+x⁸+x⁵+x⁴+x²+x+1
// (0x537), the whole XORed with 0x5412, twice.
func drawFormat(m []byte, size int, level Level, mask int) {
	data := int(formatLevel[level])<<3 | mask
	bits := (data<<10 | bchRemainder(data, 0x537, 10)) ^ 0x5412
	for i := 0; i < 15; i++ {
		d := byte(bits >> i & 1)
		x, y := formatModule(size, i, 0)
		m[y*size+x] = d
		x, y = formatModule(size, i, 1)
		m[y*size+x] = d
	}
}

// drawCodewords places the bits of words, highest first, in the modules of
// m that are not function modules: in two-module columns from the right
// edge, upwards then downwards by turns, the right module of a row before
// the left; the vertical timing pattern (column 6) is skipped. Modules past
// the last bit (the remainder bits) stay light.
func drawCodewords(m []byte, size int, words []byte) {
	i, n := 0, len(words)*8
	up := true
	for right := size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		for k := 0; k < size; k++ {
			y := k
			if up {
				y = size - 1 - k
			}
			for x := right; x >= right-1; x-- {
				p := y*size + x
				if m[p]&function != 0 {
					continue
				}
				if i < n && words[i>>3]>>(7-i&7)&1 != 0 {
					m[p] |= dark
				}
				i++
			}
		}
		up = !up
	}
}

// maskBit reports whether mask m inverts the module in column x and row y
// (ISO/IEC 18004, table 10). Every mask repeats every 6 columns.
func maskBit(m, x, y int) bool {
	switch m {
	case 0:
		return (x+y)%2 == 0
	case 1:
		return y%2 == 0
	case 2:
		return x%3 == 0
	case 3:
		return (x+y)%3 == 0
	case 4:
		return (x/3+y/2)%2 == 0
	case 5:
		return x*y%2+x*y%3 == 0
	case 6:
		return (x*y%2+x*y%3)%2 == 0
	default:
		return ((x+y)%2+x*y%3)%2 == 0
	}
}

// applyMask sets dst to the modules of src with mask m applied to all but
// the function modules; dst may be src. The modules of dst are 0 or 1
// after, function modules unmarked.
func applyMask(dst, src []byte, size, m int) {
	for y := 0; y < size; y++ {
		var pat [6]byte
		for x := range pat {
			if maskBit(m, x, y) {
				pat[x] = 1
			}
		}
		row, out := src[y*size:(y+1)*size], dst[y*size:(y+1)*size]
		k := 0
		for x, s := range row {
			out[x] = s&dark ^ pat[k]&^(s>>1)
			if k++; k == 6 {
				k = 0
			}
		}
	}
}

// maxRuns is the most runs of one colour a line of a code (177 modules)
// breaks into, with an empty light run at each end.
const maxRuns = 177 + 2

// penalty is the score of the masked code m (modules 0 or 1) by the four
// rules of ISO/IEC 18004, 7.8.3.1, lower better:
//
//   - N1, 3 + (k - 5) for each run of k ≥ 5 modules of one colour in a row
//     or column;
//   - N2, 3 for each 2×2 block of one colour (overlapping blocks each
//     count);
//   - N3, 40 for each finder-like pattern in a row or column, dark, light,
//     dark, light, dark in the ratio 1:1:3:1:1 (runs n, n, 3n, n, n),
//     with a light run of at least 4n on one side and of at least n on the
//     other: once for each side with 4n (the quiet zone outside the code is
//     light);
//   - N4, 10·k where the share of dark modules is within 50 ± 5(k+1) %,
//     k the least.
//
// A score of limit or more cannot win, so penalty may return early when it
// gets there (limit 0 means none).
func penalty(m []byte, size int, runs *[maxRuns]int, limit int) int {
	score := 0
	for y := 0; y < size; y++ {
		score += linePenalty(m, y*size, 1, size, runs)
	}
	if limit > 0 && score >= limit {
		return score
	}
	for x := 0; x < size; x++ {
		score += linePenalty(m, x, size, size, runs)
	}
	if limit > 0 && score >= limit {
		return score
	}
	darkCount := 0
	for y := 0; y < size; y++ {
		row := m[y*size : (y+1)*size]
		for _, d := range row {
			darkCount += int(d)
		}
		if y+1 < size {
			next := m[(y+1)*size : (y+2)*size]
			blocks := 0
			for x := 0; x+1 < size; x++ {
				d := row[x]
				blocks += int(1 ^ ((d ^ row[x+1]) | (d ^ next[x]) | (d ^ next[x+1])))
			}
			score += 3 * blocks
		}
	}
	total := size * size
	dev := abs(20*darkCount - 10*total) // 20 × |dark share - 50 %|, in totals
	if k := (dev+total-1)/total - 1; k > 0 {
		score += 10 * k
	}
	return score
}

// linePenalty is the N1 and N3 penalty of the line of size modules of m
// from start, stride apart.
func linePenalty(m []byte, start, stride, size int, runs *[maxRuns]int) int {
	// runs[0], runs[2], … light; runs[1], runs[3], … dark; the first and
	// the last (runs[k]) light, maybe empty.
	// Without branches (the colours of a masked code are as good as
	// random): each module stores the run so far, then, if its colour
	// differs (d = 1), starts the next.
	k, cur, color := 0, 0, byte(0)
	for i, p := 0, start; i < size; i, p = i+1, p+stride {
		c := m[p]
		d := int(c ^ color)
		runs[k] = cur
		k += d
		cur = cur&(d-1) + 1
		color = c
	}
	runs[k] = cur
	if color != 0 {
		k++
		runs[k] = 0
	}
	score := 0
	for _, r := range runs[:k+1] {
		if r >= 5 {
			score += 3 + r - 5
		}
	}
	// The quiet zone continues the end runs: at least size modules, more
	// than the 4n of any pattern that fits.
	runs[0] += size
	runs[k] += size
	for i := 1; i+5 <= k; i += 2 {
		n := runs[i]
		if runs[i+1] != n || runs[i+2] != 3*n || runs[i+3] != n || runs[i+4] != n {
			continue
		}
		before, after := runs[i-1], runs[i+5]
		if before >= 4*n && after >= n {
			score += 40
		}
		if after >= 4*n && before >= n {
			score += 40
		}
	}
	return score
}
