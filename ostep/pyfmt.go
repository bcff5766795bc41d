package ostep

import (
	"math"
	"strconv"
	"strings"
)

// pyFloatStr formats f as Python 3's str(float) (the same as repr): the
// shortest digits that round-trip, in positional notation when the decimal
// exponent is in [-4, 16), otherwise as d.ddde+XX with at least two exponent
// digits. Integral values keep a trailing ".0" (7.0), others print as the
// shortest repr (2.5, 0.1).
func pyFloatStr(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	// Go's 'e' format with precision -1 gives the shortest round-trip digits.
	e := strconv.FormatFloat(f, 'e', -1, 64) // e.g. "-2.5e+00"
	sign := ""
	if e[0] == '-' {
		sign, e = "-", e[1:]
	}
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		x := strconv.Itoa(exp)
		if len(x) < 2 {
			x = "0" + x
		}
		return sign + m + "e" + es + x
	}
	point := exp + 1 // digits before the decimal point
	var s string
	switch {
	case point <= 0:
		s = "0." + strings.Repeat("0", -point) + digits
	case point >= len(digits):
		s = digits + strings.Repeat("0", point-len(digits)) + ".0"
	default:
		s = digits[:point] + "." + digits[point:]
	}
	return sign + s
}

// pyTrunc is Python's int(x) (and "%d" % x) for a float: truncation toward
// zero. Callers keep x within int range through the simulators' limits.
func pyTrunc(x float64) int {
	return int(math.Trunc(x))
}

// pyBool is Python's str(bool).
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
