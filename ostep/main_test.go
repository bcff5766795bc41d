package ostep

import (
	"bytes"
	"strings"
	"testing"
)

// run calls Main and returns stdout, stderr and the exit status.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

// mustRun calls Main and fails unless it succeeds.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errText, code := run(t, args...)
	if code != 0 {
		t.Fatalf("%q: exit status %d, stderr %q", args, code, errText)
	}
	return out
}

// mustContainLine fails unless out has exactly the line want.
func mustContainLine(t *testing.T, args []string, out, want string) {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if l == want {
			return
		}
	}
	t.Errorf("%q: no line %q in output:\n%s", args, want, out)
}

func TestMainUsageErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no simulator", nil, "missing simulator"},
		{"unknown simulator", []string{"x86"}, `unknown simulator "x86"`},
		{"unknown flag", []string{"mlfq", "-Z"}, "mlfq.py: error: no such option: -Z"},
		{"unknown long flag", []string{"lottery", "--nope=1"}, "lottery.py: error: no such option: --nope"},
		{"bad int", []string{"scheduler", "-s", "x1"}, "scheduler.py: error: option -s: invalid integer value: 'x1'"},
		{"bad float", []string{"fork", "-f", "lots"}, "fork.py: error: option -f: invalid floating-point value: 'lots'"},
		{"missing value", []string{"process-run", "-l"}, "process-run.py: error: -l option requires 1 argument"},
		{"bool with value", []string{"mlfq", "--stay=1"}, "mlfq.py: error: --stay option does not take a value"},
		{"ambiguous prefix", []string{"mlfq", "--ma", "3"}, "mlfq.py: error: ambiguous option: --ma (--maxio, --maxlen?)"},
		{"bad switch", []string{"process-run", "-l", "1:100", "-S", "SOMETIMES"}, "process-run.py: error:"},
		{"bad -P", []string{"process-run", "-P", "c2,x"}, "process-run.py: error: bad instruction 'x'"},
		{"allotments mismatch", []string{"mlfq", "-Q", "1,2", "-A", "1"}, "must match"},
		{"fork of unknown", []string{"fork", "-s", "0", "-A", "b+c"}, "does not exist"},
		{"bad style", []string{"fork", "-s", "0", "-P", "ascii"}, "unknown print style"},
		{"endless I/O", []string{"mlfq", "-l", "0,5,1", "-i", "-3", "-c"}, "exceeds the limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errText, code := run(t, tc.args...)
			if code != 2 {
				t.Fatalf("%q: got exit status %d; want 2", tc.args, code)
			}
			if out != "" {
				t.Errorf("%q: got stdout %q; want none", tc.args, out)
			}
			if !strings.Contains(errText, tc.wantErr) || strings.Count(errText, "\n") != 1 || !strings.HasSuffix(errText, "\n") {
				t.Errorf("%q: got stderr %q; want one line containing %q", tc.args, errText, tc.wantErr)
			}
		})
	}
}

// TestMainHelp checks -h: the usage on stdout, status 0, and the help
// texts wrapped as optparse wraps them, within 80 columns, continued under
// the column where they start (a QA pass found lines of 200 and more).
func TestMainHelp(t *testing.T) {
	for _, sim := range []string{"process-run", "scheduler", "mlfq", "lottery", "fork.py", "x86-intro", "x86-locks"} {
		out, errText, code := run(t, sim, "-h")
		if code != 0 || errText != "" || !strings.HasPrefix(out, "Usage: ") || !strings.Contains(out, "-s SEED, --seed=SEED") {
			t.Errorf("%s -h: got status %d, stdout %q, stderr %q; want usage on stdout and status 0", sim, code, out, errText)
		}
		wrapped := false
		for _, line := range strings.Split(out, "\n") {
			if len(line) > 80 {
				t.Errorf("%s -h: a line of %d columns: %q", sim, len(line), line)
			}
			if strings.HasPrefix(line, strings.Repeat(" ", 24)) && line[24] != ' ' {
				wrapped = true
			}
		}
		if !wrapped {
			t.Errorf("%s -h: no help text goes on to a second line: the test checks nothing", sim)
		}
	}
}

// TestMainOutputLimit checks mainLimit, the byte budget WorkloadOf runs
// under: a run that prints more than the limit is rejected with nothing on
// stdout, and one that prints exactly the limit passes whole.
func TestMainOutputLimit(t *testing.T) {
	args := []string{"scheduler", "-p", "RR", "-q", "1", "-l", "300,200,100", "-c"}
	var whole bytes.Buffer
	if code := Main(args, &whole, &bytes.Buffer{}); code != 0 {
		t.Fatalf("%q: exit status %d", args, code)
	}
	size := int64(whole.Len())
	tests := []struct {
		limit    int64
		wantCode int
	}{
		{size, 0},
		{size - 1, 2},
		{100, 2},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := mainLimit(args, &stdout, &stderr, tc.limit)
		if code != tc.wantCode {
			t.Errorf("limit %d: exit status %d; want %d (stderr %q)", tc.limit, code, tc.wantCode, stderr.String())
		}
		switch {
		case code == 0 && stdout.String() != whole.String():
			t.Errorf("limit %d: got %d bytes; want the whole %d", tc.limit, stdout.Len(), size)
		case code != 0 && (stdout.Len() > 0 || !strings.Contains(stderr.String(), "output exceeds the limit")):
			t.Errorf("limit %d: got %d bytes on stdout and stderr %q; want none and the limit's error", tc.limit, stdout.Len(), stderr.String())
		}
	}
}
