package ostep

import (
	"math"
	"strings"
)

// pyInt is an integer as Python keeps it: of any size. The scripts' seeds
// are such integers (random.seed takes any int and "ARG seed" prints it
// back), so a seed is kept whole; other values are used as Go ints and
// refused when larger.
type pyInt struct {
	neg   bool
	words []uint32 // |n| in base 2^32, least significant word first; empty for 0
}

// intOf returns n as a pyInt.
func intOf(n int64) pyInt {
	u := uint64(n)
	if n < 0 {
		u = uint64(-n) // two's complement negation also covers math.MinInt64
	}
	var p pyInt
	p.neg = n < 0
	for ; u != 0; u >>= 32 {
		p.words = append(p.words, uint32(u))
	}
	return p
}

// int64 returns n as an int64, and whether it fits.
func (p pyInt) int64() (int64, bool) {
	if len(p.words) > 2 {
		return 0, false
	}
	var u uint64
	for k := len(p.words) - 1; k >= 0; k-- {
		u = u<<32 | uint64(p.words[k])
	}
	if p.neg {
		if u > 1<<63 {
			return 0, false
		}
		return int64(-u), true // -(1<<63) wraps to math.MinInt64 itself
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// String is Python's str(n): decimal, a minus sign for a negative number.
func (p pyInt) String() string {
	w := append([]uint32(nil), p.words...)
	var digits []byte // least significant first
	for len(w) > 0 {
		// Divide w by 10^9 in place; the remainder is nine decimal digits.
		var rem uint64
		for k := len(w) - 1; k >= 0; k-- {
			cur := rem<<32 | uint64(w[k])
			w[k] = uint32(cur / 1e9)
			rem = cur % 1e9
		}
		for len(w) > 0 && w[len(w)-1] == 0 {
			w = w[:len(w)-1]
		}
		for range 9 {
			digits = append(digits, byte('0'+rem%10))
			rem /= 10
			if len(w) == 0 && rem == 0 {
				break
			}
		}
	}
	if len(digits) == 0 {
		return "0"
	}
	var b strings.Builder
	if p.neg {
		b.WriteByte('-')
	}
	for k := len(digits) - 1; k >= 0; k-- {
		b.WriteByte(digits[k])
	}
	return b.String()
}

// rng returns CPython's generator as random.seed(n) leaves it: seeded by
// init_by_array with |n| split into 32-bit words ([0] for 0).
func (p pyInt) rng() *pyRandom {
	key := p.words
	if len(key) == 0 {
		key = []uint32{0}
	}
	r := &pyRandom{}
	r.initByArray(key)
	return r
}

// parsePyIntBase is Python's int(s, base) for base 2, 8, 10 or 16:
// surrounding spaces, an optional sign, for base 16, 8 or 2 an optional
// 0x, 0o or 0b prefix, then digits with single underscores between them
// (or between the prefix and the first digit). Like Python since 3.11 it
// refuses more than 4,300 decimal digits; a number of more than
// maxIntWords 32-bit words is refused too (ok false, tooLarge true).
func parsePyIntBase(s string, base int) (p pyInt, ok, tooLarge bool) {
	v := strings.TrimSpace(s)
	if v != "" && (v[0] == '+' || v[0] == '-') {
		p.neg = v[0] == '-'
		v = v[1:]
	}
	prefixed := false
	if len(v) >= 2 && v[0] == '0' {
		switch c := v[1] | 0x20; {
		case base == 16 && c == 'x', base == 8 && c == 'o', base == 2 && c == 'b':
			v, prefixed = v[2:], true
		}
	}
	if v == "" {
		return pyInt{}, false, false
	}
	lastDigit := prefixed // an underscore may follow a prefix
	digits := 0
	for k := 0; k < len(v); k++ {
		c := v[k]
		if c == '_' {
			if !lastDigit || k == len(v)-1 {
				return pyInt{}, false, false
			}
			lastDigit = false
			continue
		}
		d := digitValue(c)
		if d < 0 || d >= base {
			return pyInt{}, false, false
		}
		lastDigit = true
		if digits++; base == 10 && digits > 4300 {
			return pyInt{}, false, false
		}
		// words = words*base + d
		carry := uint64(d)
		for i := range p.words {
			cur := uint64(p.words[i])*uint64(base) + carry
			p.words[i] = uint32(cur)
			carry = cur >> 32
		}
		if carry != 0 {
			if len(p.words) == maxIntWords {
				return pyInt{}, false, true
			}
			p.words = append(p.words, uint32(carry))
		}
	}
	if digits == 0 {
		return pyInt{}, false, false
	}
	if len(p.words) == 0 {
		p.neg = false // -0 is 0
	}
	return p, true, false
}

// maxIntWords bounds a seed: 448 words of 32 bits, just over the 4,300
// decimal digits that Python since 3.11 still prints.
const maxIntWords = 448

func digitValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

// pyDigitsFloat is the text Python's float(s) reads with its underscores
// taken out, and whether they stood where Python allows them: each
// between two decimal digits.
func pyDigitsFloat(v string) (string, bool) {
	if !strings.Contains(v, "_") {
		return v, true
	}
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	var b strings.Builder
	for k := 0; k < len(v); k++ {
		if v[k] == '_' {
			if k == 0 || k == len(v)-1 || !isDigit(v[k-1]) || !isDigit(v[k+1]) {
				return "", false
			}
			continue
		}
		b.WriteByte(v[k])
	}
	return b.String(), true
}
