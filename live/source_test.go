package live

import (
	"errors"
	"os"
	"path"
	"strings"
	"testing"
)

// funcText is the text of lines first..last (1-based, inclusive) of text.
func funcText(t *testing.T, text string, first, last int) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	if first < 1 || last < first || last > len(lines) {
		t.Fatalf("lines %d-%d are not in a text of %d lines", first, last, len(lines))
	}
	return strings.Join(lines[first-1:last], "\n")
}

// TestWorkloadSource checks every whitelisted workload's source: its run
// function comes first and is the function its worker really runs, every
// file is byte for byte the file in this directory, every function's
// lines hold that function, and the calls a student is sent to look for
// are inside the functions shown.
func TestWorkloadSource(t *testing.T) {
	// want: a call that must be inside one of the functions shown.
	want := map[string]string{
		"cpu":      "time.Since(start) < duty",
		"sleep":    "unix.Nanosleep(&ts, &rem)",
		"exit":     "os.Exit(int(a[1]))",
		"pipe":     "syscall.ForkExec(\"/proc/self/exe\"",
		"forker":   "syscall.RawSyscall6(syscall.SYS_CLONE, flags",
		"orphans":  "syscall.RawSyscall6(syscall.SYS_CLONE, flags",
		"vfork":    "unix.CLONE_VFORK",
		"cow":      "syscall.RawSyscall6(syscall.SYS_CLONE, flags",
		"race":     "atomic.AddInt64(counter, 1)",
		"socket":   "unix.Socketpair(",
		"signals":  "signal.Notify(ch, syscall.SIGUSR1",
		"diskread": "unix.Pread(fd, buf, 0)",
		"fifo":     "unix.Mkfifo(path, 0o600)",
		"mqueue":   "unix.SYS_MQ_OPEN",
		"shmsem":   "futex(&s.count, futexWait, 0)",
		"tcp":      "unix.Accept4(3, unix.SOCK_CLOEXEC)",
		"udp":      "unix.SO_RCVBUF, int(rcvbuf)",
		// live-sys (issue 11, part 5)
		"gosignals": "signal.Notify(ch, goSignals...)",
		"syscalls":  "syscall.RawSyscall(syscall.SYS_GETPPID",
		"pids":      "readSysInt(\"/proc/sys/kernel/ns_last_pid\")",
		"pingpong":  "rawWrite(p2c[1], &b)",
	}
	for _, w := range Workloads() {
		if _, ok := want[w.Name]; !ok {
			t.Errorf("workload %s has no entry in this test's table", w.Name)
		}
		if _, ok := sourceHelpers[w.Name]; !ok {
			t.Errorf("workload %s has no entry in sourceHelpers (nil if it needs no helper)", w.Name)
		}
	}
	for name := range sourceHelpers {
		if _, ok := LookupWorkload(name); !ok {
			t.Errorf("sourceHelpers names %q, which is not a whitelisted workload", name)
		}
	}
	for name, call := range want {
		t.Run(name, func(t *testing.T) {
			src, err := WorkloadSource(name)
			if err != nil {
				t.Fatalf("WorkloadSource(%q): %v", name, err)
			}
			w, _ := LookupWorkload(name)
			if got, want := src.Func, runName(w); got != want || got == "" {
				t.Errorf("Func = %q; want %q, the function the worker runs", got, want)
			}
			if src.Workload != name {
				t.Errorf("Workload = %q; want %q", src.Workload, name)
			}
			if len(src.Files) == 0 || len(src.Files[0].Funcs) == 0 {
				t.Fatalf("no files or functions: %+v", src)
			}
			runs, found := 0, false
			for _, f := range src.Files {
				disk, err := os.ReadFile(path.Base(f.Path))
				if err != nil {
					t.Fatalf("%s: %v", f.Path, err)
				}
				if f.Text != string(disk) {
					t.Errorf("%s: the text shown differs from the file on disk", f.Path)
				}
				if !strings.HasPrefix(f.Path, "live/") {
					t.Errorf("path %q; want it from the module root (live/...)", f.Path)
				}
				if got, want := f.Lines, len(strings.Split(strings.TrimSuffix(string(disk), "\n"), "\n")); got != want {
					t.Errorf("%s: Lines = %d; want %d", f.Path, got, want)
				}
				for i, fn := range f.Funcs {
					if i > 0 && fn.First <= f.Funcs[i-1].Last {
						t.Errorf("%s: %s (from line %d) overlaps or precedes %s (to line %d)", f.Path, fn.Name, fn.First, f.Funcs[i-1].Name, f.Funcs[i-1].Last)
					}
					body := funcText(t, f.Text, fn.First, fn.Last)
					if !strings.Contains(body, "\nfunc "+fn.Name+"(") && !strings.HasPrefix(body, "func "+fn.Name+"(") {
						t.Errorf("%s lines %d-%d do not declare %s:\n%s", f.Path, fn.First, fn.Last, fn.Name, body)
					}
					if !strings.HasSuffix(body, "}") {
						t.Errorf("%s lines %d-%d do not end with the function's closing brace", f.Path, fn.First, fn.Last)
					}
					if strings.Contains(body, call) {
						found = true
					}
					if fn.Role == RoleRun {
						runs++
						if fn.Name != src.Func {
							t.Errorf("the run function is %s; want %s", fn.Name, src.Func)
						}
					} else if fn.Role != RoleHelper {
						t.Errorf("%s has role %q", fn.Name, fn.Role)
					}
				}
			}
			if runs != 1 || !hasRun(src.Files[0].Funcs) {
				t.Errorf("%d run functions (in the first file: %v); want exactly one, in the first file", runs, hasRun(src.Files[0].Funcs))
			}
			if !found {
				t.Errorf("no function shown contains %q", call)
			}
		})
	}
}

func hasRun(fs []SourceFunc) bool {
	for _, f := range fs {
		if f.Role == RoleRun {
			return true
		}
	}
	return false
}

// TestWorkloadSourceRefused checks that only whitelisted workloads have a
// source: internal workers, file names and anything else are
// ErrUnknownWorkload.
func TestWorkloadSourceRefused(t *testing.T) {
	for _, name := range []string{"", "inc", "pipe-reader", "sock-recv", "CPU", "work_fork.go", "../live/rawfork.go", "cpu ", strings.Repeat("x", 5000)} {
		src, err := WorkloadSource(name)
		if !errors.Is(err, ErrUnknownWorkload) {
			t.Errorf("WorkloadSource(%.40q) = %v; want ErrUnknownWorkload", name, err)
		}
		if len(src.Files) != 0 {
			t.Errorf("WorkloadSource(%.40q) returned files with its error", name)
		}
		if len(err.Error()) > 200 {
			t.Errorf("the error for %.40q is %d bytes long; the name must be truncated", name, len(err.Error()))
		}
	}
}
