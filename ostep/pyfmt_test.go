package ostep

import (
	"math"
	"testing"
)

// The expected strings are CPython 3.11's repr(float).
func TestPyFloatStr(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{7, "7.0"},
		{2.5, "2.5"},
		{0.1, "0.1"},
		{200, "200.0"},
		{0.7, "0.7"},
		{1.0 / 3, "0.3333333333333333"},
		{1e-5, "1e-05"},
		{1e-4, "0.0001"},
		{0.00012, "0.00012"},
		{1e16, "1e+16"},
		{1e15, "1000000000000000.0"},
		{123456789012345678, "1.2345678901234568e+17"},
		{math.Copysign(0, -1), "-0.0"},
		{1.5e300, "1.5e+300"},
		{5e-324, "5e-324"},
		{1e22, "1e+22"},
		{12345.678, "12345.678"},
		{-2.5, "-2.5"},
		{math.Inf(1), "inf"},
		{math.NaN(), "nan"},
	}
	for _, tc := range tests {
		if got := pyFloatStr(tc.in); got != tc.want {
			t.Errorf("pyFloatStr(%v): got %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestPyTrunc(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want int
	}{{2.9, 2}, {2.1, 2}, {-2.9, -2}, {0.99, 0}} {
		if got := pyTrunc(tc.in); got != tc.want {
			t.Errorf("pyTrunc(%v): got %d; want %d", tc.in, got, tc.want)
		}
	}
}
