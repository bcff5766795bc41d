package ostep

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPythonEdges runs the command lines of testdata/python, which the
// Python scripts accept and run to the end, and compares the output byte
// for byte with theirs (recorded with the scripts of the ostep-homework
// repository under Python 3): seeds of any size and in any of optparse's
// forms, fractional percentages in process-run's -l, job lengths that are
// any float (nan, inf, 1e21) in scheduler's, negative tickets in
// lottery's. Each was refused before with a usage error.
func TestPythonEdges(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "python", "*"))
	if err != nil || len(dirs) < 10 {
		t.Fatalf("testdata/python: %d cases (%v)", len(dirs), err)
	}
	for _, dir := range dirs {
		cmd, err := os.ReadFile(filepath.Join(dir, "cmd.txt"))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(dir, "stdout.txt"))
		if err != nil {
			t.Fatal(err)
		}
		args := strings.Fields(string(cmd))
		var stdout, stderr bytes.Buffer
		if code := Main(args, &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit %d: %s", args, code, stderr.String())
			continue
		}
		if !bytes.Equal(stdout.Bytes(), want) {
			got, i := stdout.String(), firstDiff(stdout.String(), string(want))
			t.Errorf("%s: output differs from Python's at byte %d\n got: %q\nwant: %q", args, i, got[i:min(len(got), i+120)], want[i:min(len(want), i+120)])
		}
	}
}

// TestPythonStopsHere lists command lines on which the Python scripts stop
// with an exception (or would add tickets beyond 2^62): Main refuses them
// with one line on stderr and nothing on stdout.
func TestPythonStopsHere(t *testing.T) {
	for _, tc := range []struct{ args, want string }{
		{"scheduler -p FIFO -l 3,nan,2 -c", "a job starts at time nan"},                // ValueError: cannot convert float NaN to integer
		{"scheduler -p SJF -l 2,-inf,4 -c", "a job starts at time -inf"},               // OverflowError
		{"scheduler -p SJF -l 4,3,nan,2,1 -c", "SJF cannot order a job of length nan"}, // Python's sort puts nan last here, first in "nan,3"
		{"lottery -l 2:-3,2:-4 -c", "no job holds the winning ticket"},                 // NameError: wjob
		{"lottery -l 3:0,2:5 -c", "no tickets left"},                                   // ZeroDivisionError
		{"lottery -l 1:9000000000000000000,1:9000000000000000000 -c", "2^62"},          // exact in Python; refused, not wrapped round
		{"scheduler -j 99999999999999999999 -c", "larger than this simulator"},         // Python would run for ever
		{"scheduler -s 1__0 -c", "invalid integer value: '1__0'"},                      // int() refuses it
		{"process-run -l 5:50_ -c", "bad process '5:50_'"},                             // float() refuses it
		{"scheduler -s " + strings.Repeat("9", 4301) + " -c", "invalid integer"},       // Python 3.11's digit limit
	} {
		var stdout, stderr bytes.Buffer
		code := Main(strings.Fields(tc.args), &stdout, &stderr)
		if code != 2 || stdout.Len() != 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%.60s: exit %d, %d bytes out, stderr %q; want exit 2, nothing out, %q", tc.args, code, stdout.Len(), stderr.String(), tc.want)
		}
	}
}

// TestPyIntParse checks Python's int(s, base) as optparse calls it, and
// str() of the result.
func TestPyIntParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" for refused
	}{
		{"0", "0"}, {"-0", "0"}, {"+7", "7"}, {" 7 ", "7"}, {"1_000", "1000"}, {"010", "8"}, {"0o10", "8"},
		{"0x_1f", "31"}, {"0X1F", "31"}, {"0b101", "5"}, {"0b", "0"}, {"-010", "-10"},
		{"18446744073709551616", "18446744073709551616"}, {"-18446744073709551617", "-18446744073709551617"},
		{"123456789012345678901234567890", "123456789012345678901234567890"},
		{"0x10000000000000000000000000", "1267650600228229401496703205376"},
		{"1__0", ""}, {"_1", ""}, {"1_", ""}, {"08", ""}, {"0x", ""}, {"-0x10", ""}, {"1.5", ""}, {"", ""}, {" ", ""},
	} {
		p, ok, _ := parseOptInt(tc.in)
		got := ""
		if ok {
			got = p.String()
		}
		if got != tc.want {
			t.Errorf("parseOptInt(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	// A seed that fits an int64 seeds as the int64 does.
	for _, n := range []int64{0, 1, -1, 1 << 32, -(1 << 40), 1<<63 - 1, -1 << 63} {
		a, b := intOf(n).rng(), newPyRandom(n)
		if a.random() != b.random() || intOf(n).String() != strings.TrimSpace(strings.Replace(string(appendInt(nil, n)), "+", "", 1)) {
			t.Errorf("seed %d: not the same as the int64's", n)
		}
		if m, fits := intOf(n).int64(); !fits || m != n {
			t.Errorf("intOf(%d).int64() = %d, %v", n, m, fits)
		}
	}
}
