package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"proclab/ostep"
)

// goTool finds the go command for the tests that list dependencies or
// build binaries; without it they are skipped (failed when CI=true).
func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no go command: %v", err)
		}
		t.Skipf("no go command: %v", err)
	}
	return p
}

// sharedDir finds a folder of shared/ostep ($env, else next to the
// repository); without it the test is skipped (failed when CI=true).
func sharedDir(t *testing.T, env, name string) string {
	t.Helper()
	dir := os.Getenv(env)
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "ostep", name)
	}
	dir, err := filepath.Abs(dir)
	if err == nil {
		_, err = os.Stat(dir)
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("OSTEP %s folder is missing (%v); set %s", name, err, env)
		}
		t.Skipf("OSTEP %s folder not found (%v); set %s", name, err, env)
	}
	return dir
}

// TestLeanDependencies checks that the lean binary links the ostep package
// and the standard library only: no server, live lab, NATS, Prometheus,
// chi or any other third-party code, and no networking, whose package
// initialisers would cost every run its start-up time.
func TestLeanDependencies(t *testing.T) {
	out, err := exec.Command(goTool(t), "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "proclab/ostep") {
		t.Fatalf("go list -deps: got %q; want proclab/ostep among them", deps)
	}
	for _, p := range deps {
		first, _, _ := strings.Cut(p, "/")
		switch {
		case p == "proclab/ostep" || p == "proclab/cmd/ostep":
		case first == "proclab":
			t.Errorf("the lean binary links %s; want no proclab package but ostep", p)
		case strings.Contains(first, "."):
			t.Errorf("the lean binary links third-party %s; want none", p)
		case first == "net" || first == "crypto" || p == "encoding/gob" || p == "expvar" || p == "runtime/metrics" || first == "go":
			t.Errorf("the lean binary links %s; want no networking, crypto, gob, expvar, metrics or go/* packages", p)
		}
	}
}

// TestSimArgsX86InItsFolder runs simArgs for "./x86.py" and "x86.py" from
// folders named like the homework's: the working directory decides.
func TestSimArgsX86InItsFolder(t *testing.T) {
	tests := []struct {
		folder, argv0 string
		want          []string
	}{
		{"threads-intro", "./x86.py", []string{"x86-intro", "-c"}},
		{"threads-locks", "x86.py", []string{"x86-locks", "-c"}},
		{"cpu-sched", "./x86.py", []string{"-c"}},
	}
	for _, tc := range tests {
		dir := filepath.Join(t.TempDir(), tc.folder)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Chdir(dir)
		if got := simArgs([]string{tc.argv0, "-c"}); !slices.Equal(got, tc.want) {
			t.Errorf("simArgs(%q) in %s: got %q; want %q", tc.argv0, tc.folder, got, tc.want)
		}
	}
}

func TestSimArgs(t *testing.T) {
	tests := []struct {
		argv []string
		want []string
	}{
		{[]string{"ostep", "scheduler", "-c"}, []string{"scheduler", "-c"}},
		{[]string{"/usr/local/bin/ostep"}, []string{}},
		{[]string{"./process-run.py", "-l", "5:100"}, []string{"process-run.py", "-l", "5:100"}},
		{[]string{"/home/s/hw/cpu-sched/scheduler", "-p", "SJF"}, []string{"scheduler", "-p", "SJF"}},
		{[]string{"/tmp/x86.py", "-p", "a.s"}, []string{"-p", "a.s"}},
		{[]string{"/home/s/ostep-homework/threads-locks/x86.py", "-p", "a.s"}, []string{"x86-locks", "-p", "a.s"}},
		{[]string{"/home/s/ostep-homework/threads-intro/x86", "-p", "a.s"}, []string{"x86-intro", "-p", "a.s"}},
		{[]string{"mlfq.pyc", "-c"}, []string{"-c"}},
		{nil, nil},
	}
	for _, tc := range tests {
		got := simArgs(tc.argv)
		if !slices.Equal(got, tc.want) || (got == nil) != (tc.want == nil) {
			t.Errorf("simArgs(%q): got %q; want %q", tc.argv, got, tc.want)
		}
	}
}

// TestRun runs the command in-process: its status and streams are
// ostep.Main's.
func TestRun(t *testing.T) {
	tests := []struct {
		name       string
		argv       []string
		wantCode   int
		wantStdout string // a line the output must hold ("" for none at all)
		wantStderr string // text stderr must hold ("" for nothing at all)
	}{
		{"subcommand", []string{"ostep", "scheduler", "-p", "SJF", "-l", "3,1", "-c"}, 0, "  Average -- Response: 0.50  Turnaround 2.50  Wait 0.50", ""},
		{"invoked as the script", []string{"scheduler.py", "-p", "SJF", "-l", "3,1", "-c"}, 0, "  Average -- Response: 0.50  Turnaround 2.50  Wait 0.50", ""},
		{"no simulator", []string{"ostep"}, 2, "", "missing simulator name"},
		{"unknown simulator", []string{"ostep", "paging"}, 2, "", `unknown simulator "paging"`},
		{"bad flag", []string{"ostep", "scheduler", "--no-such"}, 2, "", "no such option"},
		{"missing program file", []string{"ostep", "x86-locks", "-p", filepath.Join(t.TempDir(), "none.s")}, 2, "", "none.s"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.argv, &stdout, &stderr)
			if code != tc.wantCode {
				t.Errorf("exit status: got %d; want %d (stderr %q)", code, tc.wantCode, stderr.String())
			}
			if tc.wantStdout == "" && stdout.Len() > 0 {
				t.Errorf("stdout: got %q; want nothing", stdout.String())
			}
			if tc.wantStdout != "" && !slices.Contains(strings.Split(stdout.String(), "\n"), tc.wantStdout) {
				t.Errorf("stdout: got %q; want the line %q", stdout.String(), tc.wantStdout)
			}
			if tc.wantStderr == "" && stderr.Len() > 0 {
				t.Errorf("stderr: got %q; want nothing", stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Errorf("stderr: got %q; want it to contain %q", stderr.String(), tc.wantStderr)
			}
		})
	}
}

// binRun is one run of a built binary.
type binRun struct {
	stdout, stderr string
	code           int
}

// runBin runs bin with args in dir.
func runBin(t *testing.T, bin, dir string, args ...string) binRun {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	// A binary built with -race sleeps a second as it exits, for other
	// goroutines' reports (GORACE atexit_sleep_ms): these have none, and
	// the test ran 80 of them, a second each.
	cmd.Env = append(os.Environ(), "GORACE=atexit_sleep_ms=0 "+os.Getenv("GORACE"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := binRun{stdout: stdout.String(), stderr: stderr.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %q: %v", bin, args, err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// recordedCase is one recorded run of shared/ostep/cases: the simulator's
// arguments as ostep.Main takes them and the recorded stdout.
type recordedCase struct {
	name string
	args []string
	want string
}

// recordedCases reads every recorded case of dir.
func recordedCases(t *testing.T, dir string) []recordedCase {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []recordedCase
	for _, e := range entries {
		cmdText, err := os.ReadFile(filepath.Join(dir, e.Name(), "cmd.txt"))
		if err != nil {
			continue
		}
		cmd, _, _ := strings.Cut(string(cmdText), "\n")
		_, cmd, _ = strings.Cut(cmd, "&&")
		words, err := ostep.SplitArgs(cmd)
		if err != nil || len(words) < 2 || !strings.HasPrefix(words[0], "python") {
			t.Fatalf("%s: cannot read the command %q (%v)", e.Name(), cmd, err)
		}
		script := words[1]
		sim := filepath.Base(script)
		switch {
		case strings.HasSuffix(script, "threads-intro/x86.py"):
			sim = "x86-intro"
		case strings.HasSuffix(script, "threads-locks/x86.py"):
			sim = "x86-locks"
		}
		want, err := os.ReadFile(filepath.Join(dir, e.Name(), "stdout.txt"))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, recordedCase{e.Name(), append([]string{sim}, words[2:]...), string(want)})
	}
	if len(cases) == 0 {
		t.Fatalf("no recorded cases in %s", dir)
	}
	return cases
}

// TestSameAsProclabOstep builds the lean binary and proclab, runs both on
// every recorded case of shared/ostep (in the folder of the x86 programs,
// as the recordings ran) and on rejected inputs, and wants the same
// stdout, stderr and exit status from both, and the recorded stdout. It
// also runs the lean binary under a simulator's name (a link named
// scheduler.py). It builds with -race when the test does, so that the
// packages come from the same build cache.
func TestSameAsProclabOstep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds proclab (-short)")
	}
	goCmd := goTool(t)
	cases := recordedCases(t, sharedDir(t, "PROCLAB_OSTEP_CASES", "cases"))
	programs := sharedDir(t, "PROCLAB_OSTEP_PROGRAMS", "programs")
	bin := t.TempDir()
	lean, proclab := filepath.Join(bin, "ostep"), filepath.Join(bin, "proclab")
	for _, b := range [][]string{{lean, "proclab/cmd/ostep"}, {proclab, "proclab"}} {
		args := []string{"build", "-o", b[0]}
		if raceEnabled {
			args = append(args, "-race")
		}
		if out, err := exec.Command(goCmd, append(args, b[1])...).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", b[1], err, out)
		}
	}
	rejected := [][]string{
		{"paging", "-c"},
		{"scheduler", "-p", "LIFO", "-c"},
		{"process-run", "-l", "5:100", "--bogus"},
		{"x86-locks", "-p", "no-such-file.s", "-c"},
		{"mlfq", "-h"},
		{},
	}
	for _, args := range rejected {
		cases = append(cases, recordedCase{name: "rejected " + strings.Join(args, " "), args: args, want: "-"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := runBin(t, lean, programs, c.args...)
			want := runBin(t, proclab, programs, append([]string{"ostep"}, c.args...)...)
			if c.want != "-" && got.stdout != c.want {
				t.Errorf("ostep %q: stdout differs from the recording (%d bytes; want %d)", c.args, len(got.stdout), len(c.want))
			}
			if got != want {
				t.Errorf("ostep %q: got status %d, stdout %d bytes, stderr %q; proclab ostep: status %d, stdout %d bytes, stderr %q",
					c.args, got.code, len(got.stdout), got.stderr, want.code, len(want.stdout), want.stderr)
			}
		})
	}
	link := filepath.Join(bin, "scheduler.py")
	if err := os.Symlink(lean, link); err != nil {
		t.Fatal(err)
	}
	args := []string{"-p", "RR", "-q", "2", "-l", "5,3,4,2", "-c"}
	got, want := runBin(t, link, bin, args...), runBin(t, lean, bin, append([]string{"scheduler"}, args...)...)
	if got != want || got.code != 0 {
		t.Errorf("scheduler.py %q: got %+v; want %+v", args, got, want)
	}
	locks := filepath.Join(bin, "threads-locks")
	if err := os.Mkdir(locks, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(lean, filepath.Join(locks, "x86.py")); err != nil {
		t.Fatal(err)
	}
	args = []string{"-s", "0", "-p", "test-and-set.s", "-t", "2", "-a", "bx=2", "-M", "mutex,count", "-R", "ax,bx", "-i", "4", "-c"}
	got = runBin(t, filepath.Join(locks, "x86.py"), programs, args...)
	want = runBin(t, lean, programs, append([]string{"x86-locks"}, args...)...)
	if got != want || got.code != 0 {
		t.Errorf("threads-locks/x86.py %q: got %+v; want %+v", args, got, want)
	}
}
