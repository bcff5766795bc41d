package lab

import (
	"strings"
	"testing"
	"testing/fstest"

	"proclab/assets"
	"proclab/sim"
)

// TestLessonsTeachWhatTheySay runs every built-in lesson and checks that the
// thing it is about actually happens in it, and that it runs the same twice.
func TestLessonsTeachWhatTheySay(t *testing.T) {
	l, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	must := map[string][]string{
		"lifecycle":         {"running -> zombie (exit)", "zombie -> dead (reap)", "reaped           P3 by P2 exit code 7", "SIGCHLD", "P3 execve()", "exec             P3 runs worker"},
		"signals":           {"running -> stopped (sigstop)", "signal_deferred", "disk -> runnable (io_done)", "stopped -> runnable (sigcont)", "SIGTERM (ignored)", "SIGKILL (sigkill)", "killed by SIGKILL"},
		"cpu-vs-io":         {"running -> runnable (quantum)", "running -> sleeping (io)", "running -> disk (disk)", "(voluntary)", "(involuntary)"},
		"orphans":           {"reparented       P3 new parent P1", "reparented       P4 new parent P1", "P3 by P1"},
		"convoy":            {"    25 switch           cpu0 P2 -> P3", "    28 switch           cpu0 P3 -> P4"},
		"sjf-srtf":          {"P2 running -> runnable (preempt)", "    20 switch           cpu0 P8 -> P2"},
		"rr-quantum":        {"running -> runnable (quantum)", "after 1 switching tick(s)"},
		"mlfq":              {"P2 level 1 (demote)", "P2 level 0 (boost)", "P2 running -> runnable (preempt)"},
		"lost-update":       {"lost_update      on counter", "race             on counter", "expect counter == 2: counter is 1"},
		"check-then-act":    {"cs_violation", "expect seats_sold == 1: seats_sold is 2"},
		"atomic":            {"var counter = 2"},
		"mutex":             {"P3 running -> sleeping (lock)", "lock_acquire     P3 m after", "var counter = 2"},
		"deadlock":          {"(a cycle of 2)", "lock_release     P5 d", "lock_release     P4 c"},
		"producer-consumer": {"sleeping (sem)", "var consumed = 6"},
		"peterson":          {"cs_enter", "race             on flag", "var inside = 2"},
		"spin-vs-block":     {"spin             P3 s held by P2", "P5 running -> sleeping (lock)", "var a = 1", "var b = 1"},
		"channel":           {"chan_recv", "var result = 42"},
		"two-kinds-of-d":    {"P3 running -> disk (killable)", "P3 disk -> runnable (signal_wake)", "signal_deferred  P2 SIGKILL", "P2 disk -> runnable (io_done)", "exit             P2 killed by SIGKILL"},
		"job-control":       {"group            P3 process group 3 session 2", "wait_report      P2's wait: P3 stopped by SIGSTOP", "kernel -> P3 SIGHUP", "P3 stopped -> runnable (sigcont)", "exit             P3 killed by SIGHUP", "P4 SIGHUP (handled)"},
		"fork-exec":         {"created          P3 by P2 (fork)", "exec             P3 runs server", "SIGTERM (ignored)", "reaped           P3 by P2 killed by SIGUSR1"},
		"ptrace":            {"P2 running -> traced (ptrace)", "P3's wait: P2 stopped by its tracer", "signal_deferred  P2 SIGCONT waits until its tracer lets it go", "P2 stopped by its tracer on its way to receive SIGCONT", "P2 traced -> stopped (sigstop)", "P2 stopped -> runnable (sigcont)", "P3 detached from P2"},
		"cfs-nice":          {"    11 switch           cpu0 P2 -> P3 (involuntary)", "    13 switch           cpu0 P3 -> P2"},
	}
	if len(l.All()) < 4 {
		t.Fatalf("%d lessons; want at least 4", len(l.All()))
	}
	for _, lesson := range l.All() {
		var a, b strings.Builder
		if err := sim.WriteTrace(&a, lesson.Scenario, sim.Options{MaxSteps: 10000}); err != nil {
			t.Fatal(err)
		}
		_ = sim.WriteTrace(&b, lesson.Scenario, sim.Options{MaxSteps: 10000})
		if a.String() != b.String() {
			t.Errorf("%s: two runs differ", lesson.ID)
		}
		if strings.Contains(a.String(), "step limit") {
			t.Errorf("%s: does not finish", lesson.ID)
		}
		wants, ok := must[lesson.ID]
		if !ok {
			t.Errorf("lesson %s has no check here: add what it must show", lesson.ID)
		}
		for _, w := range wants {
			if !strings.Contains(a.String(), w) {
				t.Errorf("%s: the trace never shows %q", lesson.ID, w)
			}
		}
	}
}

func TestLoadLessonsRejectsBrokenFiles(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"parse error": {"lessons/01-x.txt": {Data: []byte("title en: a\ntitle zh: b\nexplain en: c\nexplain zh: d\nprocess a\n  bogus\n")}},
		"no chinese":  {"lessons/01-x.txt": {Data: []byte("title en: a\nexplain en: c\nprocess a\n")}},
		"bad name":    {"lessons/x.txt": {Data: []byte("process a\n")}},
	} {
		if _, err := LoadLessons(fsys); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
