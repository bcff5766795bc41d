package ostep

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// programsDir finds the x86 input programs: $PROCLAB_OSTEP_PROGRAMS, else
// the shared folder next to the repository.
func programsDir() string {
	if d := os.Getenv("PROCLAB_OSTEP_PROGRAMS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "ostep", "programs")
}

// useProgramsDir points ReadFile at the programs folder for one test, as
// the recorded commands ran with that folder as working directory. It
// skips the test if the folder is missing (failing if CI=true).
func useProgramsDir(t *testing.T) string {
	t.Helper()
	dir := programsDir()
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("OSTEP programs folder %s is missing (%v); set PROCLAB_OSTEP_PROGRAMS", dir, err)
		}
		t.Skipf("OSTEP programs folder %s not found (%v); set PROCLAB_OSTEP_PROGRAMS to run this test", dir, err)
	}
	old := ReadFile
	ReadFile = func(name string) ([]byte, error) {
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		return os.ReadFile(name)
	}
	t.Cleanup(func() { ReadFile = old })
	return dir
}

// x86CaseSim tells the two x86.py versions apart by their folder.
func x86CaseSim(cmd string) string {
	switch {
	case strings.Contains(cmd, "threads-intro/x86.py"):
		return "x86-intro"
	case strings.Contains(cmd, "threads-locks/x86.py"):
		return "x86-locks"
	}
	return ""
}

// TestX86Conformance runs every recorded x86.py case of both versions and
// compares stdout byte for byte with the recording.
func TestX86Conformance(t *testing.T) {
	dir := casesDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("OSTEP cases folder %s is missing (%v); set PROCLAB_OSTEP_CASES", dir, err)
		}
		t.Skipf("OSTEP cases folder %s not found (%v); set PROCLAB_OSTEP_CASES to run the conformance test", dir, err)
	}
	useProgramsDir(t)
	ran := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		cmdText, err := os.ReadFile(filepath.Join(dir, e.Name(), "cmd.txt"))
		if err != nil {
			continue
		}
		cmd, _, _ := strings.Cut(string(cmdText), "\n")
		sim := x86CaseSim(cmd)
		if sim == "" {
			continue
		}
		args, err := caseArgs(cmd)
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		args[0] = sim
		want, err := os.ReadFile(filepath.Join(dir, e.Name(), "stdout.txt"))
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		ran++
		t.Run(e.Name(), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := Main(args, &stdout, &stderr); code != 0 {
				t.Fatalf("command %q: exit status %d, stderr %q", cmd, code, stderr.String())
			}
			compareOutput(t, cmd, stdout.String(), string(want))
		})
	}
	if ran == 0 {
		t.Fatalf("no x86 cases in %s", dir)
	}
	t.Logf("%d x86 cases", ran)
}
