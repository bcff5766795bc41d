package main

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestBenchSideBySide runs the command on fake simulators (shell scripts in
// testdata): scheduler's outputs match, lottery's differ on line 2 and
// mlfq's Python side fails, so the exit status is 1 and the table and its
// notes say so.
func TestBenchSideBySide(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run the fake simulators")
	}
	var out, errOut strings.Builder
	code := run(context.Background(), []string{
		"--proclab", "testdata/fake-proclab", "--python", "testdata/fake-checkout", "--interp", "sh",
		"--runs", "3", "--python-runs", "2", "--only", "^(scheduler|lottery|mlfq)-small$",
	}, &out, &errOut)
	if code != 1 {
		t.Errorf("exit status: got %d; want 1 (one output differs, one run fails)\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	text := out.String()
	for _, want := range []string{
		"(3 timed runs each)",
		"(2 timed runs each)",
		"| scheduler-small | 33 B | yes | ",
		"| lottery-small | 27 B | NO (",
		`lottery-small: line 2: ProcLab "ARGS: -s 0 -j 2 -c\n", Python "args: -s 0 -j 2 -c\n"`,
		"| mlfq-small | 52 B | - | ",
		"exit status 3: mlfq.py: cannot run",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output: got\n%s\nwant it to contain %q", text, want)
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "| mlfq-small") && !strings.Contains(line, "| - | - | - | - | - |") {
			t.Errorf("mlfq-small row: got %q; want no ratios or verdicts (its Python side failed)", line)
		}
	}
}

// TestBenchAloneAndOwnProgram runs ProcLab alone (no checkout): the x86
// workloads get ProcLab's own program, and the table has no Python columns.
func TestBenchAloneAndOwnProgram(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run the fake simulators")
	}
	var out, errOut strings.Builder
	code := run(context.Background(), []string{"--proclab", "testdata/fake-proclab", "--runs", "1", "--only", "^scheduler-small$"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit status: got %d; want 0\n%s%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"| workload | output | ProcLab wall | fastest | CPU | peak RSS |", "| scheduler-small | 33 B | ", "proclab-spin.s"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output: got\n%s\nwant it to contain %q", out.String(), want)
		}
	}
	if strings.Contains(out.String(), "Python") {
		t.Errorf("output: got\n%s\nwant no Python columns without --python", out.String())
	}
}

func TestCommands(t *testing.T) {
	x86 := workloads[len(workloads)-1]
	cases := []struct {
		name    string
		s       setup
		w       workload
		wantPL  string
		wantPy  string
		wantDir string
	}{
		{"x86 with a checkout", setup{proclab: "/b/proclab", python: "/py", checkout: "/co", x86Dir: "/co/threads-locks", x86Program: x86Program}, x86,
			"/b/proclab ostep x86-locks -s 0 -p test-and-set.s -t 2 -a bx=20000 -M mutex,count -R ax,bx -i 4 -c",
			"/py /co/threads-locks/x86.py -s 0 -p test-and-set.s -t 2 -a bx=20000 -M mutex,count -R ax,bx -i 4 -c", "/co/threads-locks"},
		{"x86 alone", setup{proclab: "/b/proclab", x86Dir: "/tmp/x86", x86Program: "proclab-spin.s", ownProgram: true, defaultDir: "/tmp"}, x86,
			"/b/proclab ostep x86-locks -s 0 -p proclab-spin.s -t 2 -a bx=20000 -M mutex,count -R ax,bx -i 4 -c", "", "/tmp/x86"},
		{"scheduler with a checkout", setup{proclab: "p", python: "py", checkout: "/co"}, workloads[2],
			"p ostep scheduler -p SJF -l 3,1 -c", "py /co/cpu-sched/scheduler.py -p SJF -l 3,1 -c", "/co/cpu-sched"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pl, py := commands(c.s, c.w)
			if got := pl.String(); got != c.wantPL {
				t.Errorf("ProcLab: got %q; want %q", got, c.wantPL)
			}
			if c.wantPy != "" {
				if got := py.String(); got != c.wantPy {
					t.Errorf("Python: got %q; want %q", got, c.wantPy)
				}
				if py.Dir != c.wantDir {
					t.Errorf("Python's folder: got %q; want %q", py.Dir, c.wantDir)
				}
			}
			if pl.Dir != c.wantDir {
				t.Errorf("ProcLab's folder: got %q; want %q", pl.Dir, c.wantDir)
			}
		})
	}
	if got := x86.Args[3]; got != x86Program {
		t.Errorf("commands changed the workload table: got %q; want %q", got, x86Program)
	}
}

func TestDifference(t *testing.T) {
	long := strings.Repeat("x", 70<<10)
	cases := []struct {
		name, a, b, want string
	}{
		{"identical", "a\nb\n", "a\nb\n", ""},
		{"both empty", "", "", ""},
		{"second line", "a\nb\n", "a\nc\n", `line 2: ProcLab "b\n", Python "c\n"`},
		{"ProcLab shorter", "a\n", "a\nb\n", `line 2: ProcLab (end of output), Python "b\n"`},
		{"missing final newline", "a\nb", "a\nb\n", `line 2: ProcLab "b", Python "b\n"`},
		{"trailing space", "a \n", "a\n", `line 1: ProcLab "a \n", Python "a\n"`},
		{"after a line longer than the buffer", long + "\nq\n", long + "\nr\n", `line 2: ProcLab "q\n", Python "r\n"`},
		{"cut to 60 bytes", strings.Repeat("y", 80) + "\n", "\n", `line 1: ProcLab "` + strings.Repeat("y", 60) + `"..., Python "\n"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := difference(strings.NewReader(c.a), strings.NewReader(c.b))
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got %q; want %q", got, c.want)
			}
		})
	}
}

func TestRatiosAndVerdicts(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		name             string
		pl, py           measured
		speedup, cpu     string
		memory           string
		fastEnough, lean string
	}{
		{"both targets met", measured{Wall: 2 * ms, CPU: ms, MaxRSS: 10 << 20}, measured{Wall: 100 * ms, CPU: 80 * ms, MaxRSS: 10 << 20}, "50.0×", "80.0×", "1.00×", "yes", "yes"},
		{"just too slow", measured{Wall: 2 * ms, MaxRSS: 10 << 20}, measured{Wall: 99 * ms, MaxRSS: 20 << 20}, "49.5×", "-", "0.50×", "no", "yes"},
		{"too big", measured{Wall: ms, CPU: 2 * ms, MaxRSS: 17 << 20}, measured{Wall: 60 * ms, CPU: 30 * ms, MaxRSS: 14 << 20}, "60.0×", "15.0×", "1.21×", "yes", "no"},
		{"a side failed", measured{Wall: ms, MaxRSS: 1}, measured{Err: errors.New("boom")}, "-", "-", "-", "-", "-"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sp, cpu, mem := ratios(c.pl, c.py)
			if sp != c.speedup || cpu != c.cpu || mem != c.memory {
				t.Errorf("ratios: got %s, %s, %s; want %s, %s, %s", sp, cpu, mem, c.speedup, c.cpu, c.memory)
			}
			if got := verdict(c.pl, c.py, true); got != c.fastEnough {
				t.Errorf("speed verdict: got %s; want %s", got, c.fastEnough)
			}
			if got := verdict(c.pl, c.py, false); got != c.lean {
				t.Errorf("memory verdict: got %s; want %s", got, c.lean)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	cases := []struct{ got, want string }{
		{fmtDuration(853 * time.Microsecond), "0.853 ms"},
		{fmtDuration(5170 * time.Microsecond), "5.17 ms"},
		{fmtDuration(123400 * time.Microsecond), "123.4 ms"},
		{fmtDuration(7690 * time.Millisecond), "7.69 s"},
		{fmtBytes(709), "709 B"},
		{fmtBytes(4411), "4.4 kB"},
		{fmtBytes(50_600_039), "50.6 MB"},
		{fmtMiB(17 << 20), "17.0 MiB"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q; want %q", c.got, c.want)
		}
	}
}

func TestParseArgsRejects(t *testing.T) {
	cases := [][]string{
		{"--runs", "0"},
		{"--python-runs", "1001"},
		{"--timeout", "0s"},
		{"--only", "("},
		{"extra"},
		{"--no-such-flag"},
	}
	for _, args := range cases {
		var errOut strings.Builder
		if code := run(context.Background(), args, &strings.Builder{}, &errOut); code != 2 {
			t.Errorf("run(%q): got exit status %d; want 2 (stderr %q)", args, code, errOut.String())
		}
	}
}
