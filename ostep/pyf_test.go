package ostep

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"testing"
)

// TestAppendPyfMatchesFmt checks printer.f's formatter against fmt.Sprintf
// for every verb, width and argument type the simulators use.
func TestAppendPyfMatchesFmt(t *testing.T) {
	cases := []struct {
		format string
		args   []any
	}{
		{"plain text\n", nil},
		{"%d", []any{0}},
		{"%d", []any{-42}},
		{"%d", []any{int64(math.MaxInt64)}},
		{"%d", []any{math.MinInt}},
		{"%3d|%3d|%3d", []any{5, -5, 12345}},
		{"%14d\n", []any{7}},
		{"%2d", []any{int64(-3)}},
		{"%s", []any{""}},
		{"%14s", []any{"RUN:io_done"}},
		{"%10s", []any{""}},
		{"%14s", []any{"a string longer than fourteen"}},
		{"%.2f", []any{2.675}},
		{"%.2f", []any{-0.005}},
		{"%3.2f", []any{1e21}},
		{"%3.2f", []any{0.0}},
		{"%f", []any{1.5}},
		{"%.2f|%.2f|%.2f|%.0f|%.3f", []any{7.0, -3.0, 0.0, 12.0, 1e15}},
		{"%.2f|%.2f|%3.2f", []any{math.Copysign(0, -1), 9007199254740992.0, -1e300}},
		{"%.2f|%.2f", []any{0.125, 2.5e-7}},
		{"Stats: CPU Busy %d (%.2f%%)\n", []any{3, 37.5}},
		{"  [ time %3d ] Run job %3d for %.2f secs ( DONE at %.2f )\n", []any{1200, 2, 1.0, 1201.0}},
		{" (%s job:%d timeleft:%d tix:--- ) ", []any{"*", 1, 0}},
		{"[ time %d ] Run JOB %d at PRIORITY %d [ TICKS %d ALLOT %d TIME %d (of %d) ]\n", []any{10, 0, 2, 9, 1, 170, 180}},
	}
	// Python spells the non-numbers its own way ("%.2f" % float('inf')).
	if got := string(appendPyf(nil, "%.2f %.2f %5.2f", math.Inf(1), math.Inf(-1), math.NaN())); got != "inf -inf   nan" {
		t.Errorf("appendPyf of inf, -inf, nan: got %q; want %q", got, "inf -inf   nan")
	}
	for _, c := range cases {
		got := string(appendPyf(nil, c.format, c.args...))
		want := fmt.Sprintf(c.format, c.args...)
		if got != want {
			t.Errorf("appendPyf(%q, %v): got %q; want %q", c.format, c.args, got, want)
		}
	}
}

// TestAppendPyfReportsWhatItCannotFormat checks that a verb, a type or a
// count of arguments the formatter does not handle shows in the text.
func TestAppendPyfReportsWhatItCannotFormat(t *testing.T) {
	cases := []struct {
		format string
		args   []any
		want   string
	}{
		{"%x", []any{10}, "%!x(UNSUPPORTED)"},
		{"%d", []any{"ten"}, "%!d(UNSUPPORTED)"},
		{"%s", []any{true}, "%!s(UNSUPPORTED)"},
		{"%f", []any{float32(1)}, "%!f(UNSUPPORTED)"},
		{"%d %d", []any{1}, "1 %!d(MISSING)"},
		{"%d", []any{1, 2}, "1%!(EXTRA)"},
		{"100%", nil, "100%!(NOVERB)"},
	}
	for _, c := range cases {
		if got := string(appendPyf(nil, c.format, c.args...)); got != c.want {
			t.Errorf("appendPyf(%q, %v): got %q; want %q", c.format, c.args, got, c.want)
		}
	}
}

// TestPrinterFAllocatesNothing checks that printing a formatted line
// allocates nothing once the printer's buffer exists, also when a full
// buffer is written.
func TestPrinterFAllocatesNothing(t *testing.T) {
	p := &printer{w: io.Discard}
	p.f("  [ time %3d ] Run job %3d for %.2f secs ( DONE at %.2f )\n", 1, 2, 3.0, 4.0)
	got := testing.AllocsPerRun(5000, func() {
		p.f("  [ time %3d ] Run job %3d for %.2f secs ( DONE at %.2f )\n", 100000, 2, 3.0, 100003.0)
	})
	if got != 0 {
		t.Errorf("allocations per printed line: got %v; want 0", got)
	}
}

// TestAppendIntMatchesStrconv checks appendInt and appendPadInt against
// strconv and fmt at every digit count, the signs and the extremes, also
// when the destination must grow.
func TestAppendIntMatchesStrconv(t *testing.T) {
	vals := []int64{0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12345, 99999, 100000, 1234567, -1, -9, -10, -99, -100, -12345,
		math.MaxInt32, math.MinInt32, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1}
	for p := int64(1); p > 0 && p <= math.MaxInt64/10; p *= 10 {
		vals = append(vals, p-1, p, p+1, -p)
	}
	for _, v := range vals {
		for _, prefix := range []string{"", "x = "} {
			dst := []byte(prefix)[:len(prefix):len(prefix)] // full: appending must grow it
			if got, want := string(appendInt(dst, v)), prefix+strconv.FormatInt(v, 10); got != want {
				t.Errorf("appendInt(%q, %d): got %q; want %q", prefix, v, got, want)
			}
		}
		if got, want := intLen(v), len(strconv.FormatInt(v, 10)); got != want {
			t.Errorf("intLen(%d): got %d; want %d", v, got, want)
		}
		if v >= math.MinInt && v <= math.MaxInt {
			for _, width := range []int{0, 3, 8, 25} {
				if got, want := string(appendPadInt([]byte("|"), int(v), width)), fmt.Sprintf("|%*d", width, v); got != want {
					t.Errorf("appendPadInt(%d, %d): got %q; want %q", v, width, got, want)
				}
			}
		}
	}
}

// TestCounterMatchesAppendInt steps counters up and down across carries,
// borrows, zero and negative values and wants appendInt's digits after
// every step.
func TestCounterMatchesAppendInt(t *testing.T) {
	starts := []int64{-3, 0, 1, 8, 9, 95, 99, 100, 998, 1000, 99995, 100001, math.MaxInt64 - 5}
	for _, start := range starts {
		for _, up := range []bool{true, false} {
			var c counter
			c.set(start)
			for step := range 12 {
				v := start + int64(step)
				if !up {
					v = start - int64(step)
				}
				if got, want := string(c.appendTo([]byte("t="))), "t="+strconv.FormatInt(v, 10); got != want {
					t.Fatalf("counter from %d, up %v, after %d steps: got %q; want %q", start, up, step, got, want)
				}
				if up && v == math.MaxInt64 {
					break
				}
				if up {
					c.inc()
				} else {
					c.dec()
				}
			}
		}
	}
}
