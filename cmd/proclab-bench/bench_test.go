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
// testdata), both ProcLab sides against Python: scheduler's outputs match,
// lottery's differ on line 2 and mlfq's Python side fails, so the exit
// status is 1 and both tables and their notes say so.
func TestBenchSideBySide(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run the fake simulators")
	}
	var out, errOut strings.Builder
	code := run(context.Background(), []string{
		"--ostep", "testdata/fake-ostep", "--proclab", "testdata/fake-proclab", "--python", "testdata/fake-checkout", "--interp", "sh",
		"--runs", "3", "--python-runs", "2", "--only", "^(scheduler|lottery|mlfq)-small$",
	}, &out, &errOut)
	if code != 1 {
		t.Errorf("exit status: got %d; want 1 (one output differs, one run fails)\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
	}
	text := out.String()
	lean, sub, ok := strings.Cut(text, "ProcLab as the subcommand")
	if !ok || !strings.Contains(lean, "ProcLab as the lean binary") {
		t.Fatalf("output: got\n%s\nwant a table for the lean binary, then one for the subcommand", text)
	}
	for _, table := range []string{lean, sub} {
		for _, want := range []string{
			"| scheduler-small | 33 B | yes | ",
			"| lottery-small | 27 B | NO (",
			"| mlfq-small | ",
		} {
			if !strings.Contains(table, want) {
				t.Errorf("table: got\n%s\nwant it to contain %q", table, want)
			}
		}
		for _, line := range strings.Split(table, "\n") {
			if strings.HasPrefix(line, "| mlfq-small") && !strings.Contains(line, "| - | - | - | - | - |") {
				t.Errorf("mlfq-small row: got %q; want no ratios or verdicts (its Python side failed)", line)
			}
		}
	}
	for _, want := range []string{
		"ProcLab (ostep): ", "ProcLab (proclab): ",
		"(3 timed runs each)",
		"(2 timed runs each)",
		`lottery-small (ostep): line 2: ostep "ARGS: -s 0 -j 2 -c\n", Python "args: -s 0 -j 2 -c\n"`,
		`lottery-small (proclab): line 2: proclab "ARGS: -s 0 -j 2 -c\n", Python "args: -s 0 -j 2 -c\n"`,
		"exit status 3: mlfq.py: cannot run",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output: got\n%s\nwant it to contain %q", text, want)
		}
	}
	if !strings.Contains(errOut.String(), "testdata/fake-ostep mlfq -s 0 -n 3") || !strings.Contains(errOut.String(), "testdata/fake-proclab ostep mlfq -s 0 -n 3") {
		t.Errorf("stderr: got\n%s\nwant each side's command", errOut.String())
	}
}

// TestBenchAlone runs ProcLab alone (no checkout): the x86 workloads get
// ProcLab's own program, the tables have no Python columns, and the
// subcommand's output is compared with the lean binary's.
func TestBenchAlone(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run the fake simulators")
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"same outputs", []string{"--only", "^scheduler-small$"}, 0, []string{
			"| workload | output | same | ProcLab wall | fastest | CPU | peak RSS |",
			"| scheduler-small | 33 B | - | ", "| scheduler-small | 33 B | yes | ", "proclab-spin.s"}},
		{"outputs differ", []string{"--only", "^mlfq-small$"}, 1, []string{
			"| mlfq-small | 52 B | NO (1) | ",
			`(1) mlfq-small (proclab): line 2: proclab "args: -s 0 -n 3 -q 10 -l 0,50,0:0,30,7 -i 5 -c\n", ostep "lean: -s 0 -n 3 -q 10 -l 0,50,0:0,30,7 -i 5 -c\n"`}},
		{"the lean binary only", []string{"--sides", "ostep", "--only", "^mlfq-small$"}, 0, []string{"| mlfq-small | 52 B | - | "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut strings.Builder
			args := append([]string{"--ostep", "testdata/fake-ostep", "--proclab", "testdata/fake-proclab", "--runs", "1"}, tc.args...)
			if code := run(context.Background(), args, &out, &errOut); code != tc.wantCode {
				t.Errorf("exit status: got %d; want %d\n%s%s", code, tc.wantCode, out.String(), errOut.String())
			}
			for _, want := range tc.want {
				if !strings.Contains(out.String(), want) {
					t.Errorf("output: got\n%s\nwant it to contain %q", out.String(), want)
				}
			}
			if strings.Contains(out.String(), "Python") {
				t.Errorf("output: got\n%s\nwant no Python columns without --python", out.String())
			}
		})
	}
}

func TestCommands(t *testing.T) {
	x86 := workloads[len(workloads)-1]
	both := []proclabSide{{name: sideLean, path: "/b/ostep"}, {name: sideSub, path: "/b/proclab", prefix: []string{"ostep"}}}
	cases := []struct {
		name    string
		s       setup
		w       workload
		wantPL  []string
		wantPy  string
		wantDir string
	}{
		{"x86 with a checkout", setup{sides: both, python: "/py", checkout: "/co", x86Dir: "/co/threads-locks", x86Program: x86Program}, x86,
			[]string{"/b/ostep x86-locks -s 0 -p test-and-set.s -t 2 -a bx=20000 -M mutex,count -R ax,bx -i 4 -c",
				"/b/proclab ostep x86-locks -s 0 -p test-and-set.s -t 2 -a bx=20000 -M mutex,count -R ax,bx -i 4 -c"},
			"/py /co/threads-locks/x86.py -s 0 -p test-and-set.s -t 2 -a bx=20000 -M mutex,count -R ax,bx -i 4 -c", "/co/threads-locks"},
		{"x86 alone", setup{sides: both[1:], x86Dir: "/tmp/x86", x86Program: "proclab-spin.s", ownProgram: true, defaultDir: "/tmp"}, x86,
			[]string{"/b/proclab ostep x86-locks -s 0 -p proclab-spin.s -t 2 -a bx=20000 -M mutex,count -R ax,bx -i 4 -c"}, "", "/tmp/x86"},
		{"scheduler with a checkout", setup{sides: both[:1], python: "py", checkout: "/co"}, workloads[2],
			[]string{"/b/ostep scheduler -p SJF -l 3,1 -c"}, "py /co/cpu-sched/scheduler.py -p SJF -l 3,1 -c", "/co/cpu-sched"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pl, py := commands(c.s, c.w)
			if len(pl) != len(c.wantPL) {
				t.Fatalf("ProcLab: got %d commands; want %d", len(pl), len(c.wantPL))
			}
			for i := range pl {
				if got := pl[i].String(); got != c.wantPL[i] {
					t.Errorf("ProcLab %d: got %q; want %q", i, got, c.wantPL[i])
				}
				if pl[i].Dir != c.wantDir {
					t.Errorf("ProcLab %d's folder: got %q; want %q", i, pl[i].Dir, c.wantDir)
				}
			}
			if c.wantPy != "" {
				if got := py.String(); got != c.wantPy {
					t.Errorf("Python: got %q; want %q", got, c.wantPy)
				}
				if py.Dir != c.wantDir {
					t.Errorf("Python's folder: got %q; want %q", py.Dir, c.wantDir)
				}
			}
		})
	}
	if got := x86.Args[3]; got != x86Program {
		t.Errorf("commands changed the workload table: got %q; want %q", got, x86Program)
	}
	if got := both[1].prefix; len(got) != 1 {
		t.Errorf("commands changed a side's prefix: got %q; want [ostep]", got)
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
		{"--sides", "python"},
		{"--sides", "ostep,ostep"},
		{"--sides", ""},
	}
	for _, args := range cases {
		var errOut strings.Builder
		if code := run(context.Background(), args, &strings.Builder{}, &errOut); code != 2 {
			t.Errorf("run(%q): got exit status %d; want 2 (stderr %q)", args, code, errOut.String())
		}
	}
}
