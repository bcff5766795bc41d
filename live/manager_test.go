//go:build linux

package live

import (
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"proclab/sim"
)

func TestCheck(t *testing.T) {
	w, _ := LookupWorkload("race")
	tests := []struct {
		name string
		in   map[string]int64
		want []int64
		err  bool
	}{
		{name: "defaults", in: nil, want: []int64{4, 20000000, 0, 0, 300}},
		{name: "given", in: args("procs", 2, "mode", 1), want: []int64{2, 20000000, 1, 0, 300}},
		{name: "bounds", in: args("procs", 8, "iters", 1), want: []int64{8, 1, 0, 0, 300}},
		{name: "too big", in: args("procs", 9), err: true},
		{name: "negative", in: args("iters", -1), err: true},
		{name: "unknown arg", in: args("path", 1), err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.Check(tt.in)
			if tt.err {
				if !errors.Is(err, ErrBadArgs) {
					t.Fatalf("Check(%v) = %v, %v; want ErrBadArgs", tt.in, got, err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("Check(%v) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestMemoryCaps checks that the caps count bytes: the lab's total stays
// under MemFraction of the machine, and a spawn over a byte cap is refused.
func TestMemoryCaps(t *testing.T) {
	machine := machineMemory()
	m := newTestManager(t, Config{MemPerOwner: 100 << 20, MemTotal: 1 << 50})
	l := m.Limits()
	if got, want := l.MemTotalBytes, int64(float64(machine)*MemFraction); got > want || got <= 0 {
		t.Errorf("MemTotalBytes %d; want at most %d (MemFraction of MemTotal %d)", got, want, machine)
	}
	if l.MemPerOwnerBytes != 100<<20 {
		t.Errorf("MemPerOwnerBytes %d; want %d", l.MemPerOwnerBytes, 100<<20)
	}
	cow, _ := LookupWorkload("cow")
	tests := []struct {
		mb      int
		allowed bool
	}{
		{1, true},    // 2 x 16 MiB + 2 MiB
		{64, false},  // 2 x 16 MiB + 128 MiB > 100 MiB
		{100, false}, // out of range
	}
	for _, tt := range tests {
		vals, err := cow.Check(args("mb", tt.mb, "step_ms", 60000))
		if err == nil {
			t.Logf("cow mb=%d counts %d MiB", tt.mb, cow.Bytes(vals)>>20)
		}
		pid, err := m.Spawn("mem", "cow", args("mb", tt.mb, "step_ms", 60000))
		if tt.allowed != (err == nil) {
			t.Fatalf("spawn cow mb=%d: %v; want allowed=%v", tt.mb, err, tt.allowed)
		}
		if err == nil {
			if n := m.KillAll(Actor{Client: "mem"}); n != 1 {
				t.Fatalf("KillAll killed %d groups; want 1", n)
			}
			waitGone(t, m, pid)
		} else if tt.mb <= 64 && !errors.Is(err, ErrLimit) {
			t.Fatalf("spawn cow mb=%d: %v; want ErrLimit", tt.mb, err)
		}
	}
	if got := parseMemTotal([]byte("MemFree: 5 kB\nMemTotal:       24683792 kB\n"), 7); got != 24683792<<10 {
		t.Errorf("parseMemTotal = %d; want %d", got, int64(24683792)<<10)
	}
	if got := parseMemTotal([]byte("MemTotal: lots\n"), 7); got != 7 {
		t.Errorf("parseMemTotal(garbage) = %d; want the fallback 7", got)
	}
}

// TestOwnership checks that a client acts only on its own processes: every
// action on another client's process is refused with ErrNotOwner and
// changes nothing; the teacher may act on all.
func TestOwnership(t *testing.T) {
	m := newTestManager(t, Config{})
	alice, bob := Actor{Client: "alice"}, Actor{Client: "bob"}
	pid, err := m.Spawn("alice", "sleep", args("ms", 600000))
	if err != nil {
		t.Fatal(err)
	}
	waitProc(t, m, pid, "its name", func(p Process) bool { return p.Name == "pl-sleep" && p.Letter == "S" })
	tests := []struct {
		name string
		do   func() error
	}{
		{"signal", func() error { return m.Signal(bob, pid, "KILL") }},
		{"stop", func() error { return m.Signal(bob, pid, "STOP") }},
		{"reap", func() error { return m.Reap(bob, pid) }},
		{"trace", func() error { return m.Trace(bob, pid) }},
		{"resume", func() error { return m.Resume(bob, pid) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); !errors.Is(err, ErrNotOwner) {
				t.Fatalf("bob's %s of alice's process: %v; want ErrNotOwner", tt.name, err)
			}
		})
	}
	if n := m.KillAll(bob); n != 0 {
		t.Errorf("bob's KillAll killed %d groups; want 0", n)
	}
	if n := m.KillOwner("bob"); n != 0 {
		t.Errorf("KillOwner(bob) killed %d groups; want 0", n)
	}
	if err := m.Signal(alice, pid, "STOP"); err != nil {
		t.Fatalf("alice stops her own process: %v", err)
	}
	waitLetter(t, m, pid, "T") // bob's refused KILL changed nothing: it is alive
	if err := m.Signal(teacher, pid, "CONT"); err != nil {
		t.Fatalf("the teacher continues alice's process: %v", err)
	}
	waitLetter(t, m, pid, "S")
	if n := m.KillAll(teacher); n != 1 {
		t.Errorf("the teacher's KillAll killed %d groups; want 1", n)
	}
	waitGone(t, m, pid)
}

// TestTraceReleasedWhenClientGoes checks what happens to a traced (t)
// process when a client goes: traced by the teacher, a student's process
// is detached and runs on; a client's own traced process is killed.
func TestTraceReleasedWhenClientGoes(t *testing.T) {
	m := newTestManager(t, Config{})
	pid, err := m.Spawn("alice", "cpu", nil)
	if err != nil {
		t.Fatal(err)
	}
	waitLetter(t, m, pid, "R")
	if err := m.Trace(teacher, pid); err != nil {
		t.Fatal(err)
	}
	waitLetter(t, m, pid, "t")
	if n := m.KillOwner(teacher.Client); n != 0 {
		t.Fatalf("the teacher's leaving killed %d groups; want 0", n)
	}
	if p := waitLetter(t, m, pid, "R"); p.Traced {
		t.Fatalf("still marked traced after its tracer went: %+v", p)
	}
	if err := m.Trace(Actor{Client: "alice"}, pid); err != nil {
		t.Fatal(err)
	}
	waitLetter(t, m, pid, "t")
	if n := m.KillOwner("alice"); n != 1 {
		t.Fatalf("alice's leaving killed %d groups; want 1", n)
	}
	waitGone(t, m, pid)
}

func TestParseStatAgreesWithProcfs(t *testing.T) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		t.Skip(err)
	}
	f, err := parseStat(b, true)
	if err != nil {
		t.Fatal(err)
	}
	if f.ppid != os.Getppid() || f.comm == "" || f.threads < 1 || f.starttime == 0 {
		t.Errorf("parseStat = %+v; ppid want %d", f, os.Getppid())
	}
	// A comm with spaces and parentheses.
	fields := make([]string, 50) // fields 3..52
	for i := range fields {
		fields[i] = "0"
	}
	fields[0], fields[1], fields[11], fields[12], fields[19], fields[21], fields[49] = "S", "1", "7", "3", "99", "25", "256"
	line := []byte("42 (a) b (c)) " + strings.Join(fields, " ") + "\n")
	f, err = parseStat(line, true)
	if err != nil || f.comm != "a) b (c)" || f.state != 'S' || f.utime != 7 || f.stime != 3 || f.rssPages != 25 || f.starttime != 99 || f.exitCode != 256 {
		t.Errorf("parseStat(tricky) = %+v, %v", f, err)
	}
}

func TestWaitStatus(t *testing.T) {
	tests := []struct {
		raw  int64
		want WaitStatus
		say  string
	}{
		{0, WaitStatus{Known: true}, "exit code 0"},
		{256, WaitStatus{Known: true, Code: 1}, "exit code 1"},
		{255 << 8, WaitStatus{Known: true, Code: 255}, "exit code 255"},
		{9, WaitStatus{Known: true, Signal: 9}, "killed by signal 9 (SIGKILL)"},
		{15, WaitStatus{Known: true, Signal: 15}, "killed by signal 15 (SIGTERM)"},
		{0x80 | 6, WaitStatus{Known: true, Signal: 6, Core: true}, "killed by signal 6 (SIGABRT), core dumped"},
	}
	for _, tt := range tests {
		got := waitStatusOf(tt.raw)
		if got != tt.want || got.String() != tt.say {
			t.Errorf("waitStatusOf(%#x) = %+v %q; want %+v %q", tt.raw, got, got.String(), tt.want, tt.say)
		}
	}
	if got, want := (WaitStatus{}).String(), "unknown"; got != want {
		t.Errorf("the zero WaitStatus says %q; want %q", got, want)
	}
	sig := []struct {
		code   int32
		status int
		want   WaitStatus
	}{
		{cldExited, 7, WaitStatus{Known: true, Code: 7}},
		{cldKilled, 15, WaitStatus{Known: true, Signal: 15}},
		{cldDumped, 11, WaitStatus{Known: true, Signal: 11, Core: true}},
		{5 /* CLD_STOPPED */, 19, WaitStatus{}},
	}
	for _, tt := range sig {
		if got := waitStatusOfSiginfo(tt.code, tt.status); got != tt.want {
			t.Errorf("waitStatusOfSiginfo(%d, %d) = %+v; want %+v", tt.code, tt.status, got, tt.want)
		}
	}
}

func TestWaitOf(t *testing.T) {
	tests := []struct {
		wchan string
		want  Wait
	}{
		{"futex_do_wait", WaitFutex}, // contains "do_wait": not a wait for a child
		{"futex_wait_queue", WaitFutex},
		{"do_wait", WaitChild},
		{"hrtimer_nanosleep", WaitSleep},
		{"anon_pipe_read", WaitPipeRead},
		{"anon_pipe_write", WaitPipeWrite},
		{"poll_schedule_timeout.constprop.0", WaitPoll},
		{"do_sigtimedwait.isra.0", WaitSigwait},
		{"do_epoll_wait", WaitEpoll},
		{"kernel_clone", WaitVfork},
		{"do_signal_stop", WaitStop},
		{"ptrace_stop", WaitTrace},
		{"__iomap_dio_rw", WaitDisk},
		{"folio_wait_bit_common", WaitPageRead},
		{"some_wait_of_a_driver", WaitUnknown},
		{"", WaitUnknown},
	}
	for _, tt := range tests {
		if got := WaitOf(tt.wchan); got != tt.want {
			t.Errorf("WaitOf(%q) = %q; want %q", tt.wchan, got, tt.want)
		}
	}
}

func TestRefusals(t *testing.T) {
	m := newTestManager(t, Config{PerOwner: 3, Total: 4})
	tests := []struct {
		name string
		do   func() error
		want error
	}{
		{"unknown workload", func() error { _, err := m.Spawn("a", "sh", nil); return err }, ErrUnknownWorkload},
		{"path as workload", func() error { _, err := m.Spawn("a", "/bin/sh", nil); return err }, ErrUnknownWorkload},
		{"bad args", func() error { _, err := m.Spawn("a", "sleep", args("ms", 0)); return err }, ErrBadArgs},
		{"signal init", func() error { return m.Signal(tester, 1, "KILL") }, ErrForeign},
		{"signal self", func() error { return m.Signal(tester, os.Getpid(), "STOP") }, ErrForeign},
		{"bad signal", func() error { return m.Signal(tester, 1, "SEGV") }, ErrBadSignal},
		{"reap foreign", func() error { return m.Reap(tester, os.Getppid()) }, ErrForeign},
		{"trace foreign", func() error { return m.Trace(tester, 1) }, ErrForeign},
		{"watch foreign", func() error { return m.Watch("a", []int{1}) }, ErrForeign},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.do(); !errors.Is(err, tt.want) {
				t.Fatalf("got %v; want %v", err, tt.want)
			}
		})
	}
	t.Run("caps", func(t *testing.T) {
		spawn(t, m, "sleep", nil)
		pid := spawn(t, m, "sleep", nil)
		if _, err := m.Spawn("test", "pipe", nil); !errors.Is(err, ErrLimit) { // needs 2: 4 > 3 per client
			t.Fatalf("third spawn over the per-client cap: %v; want ErrLimit", err)
		}
		spawn(t, m, "sleep", nil)
		if _, err := m.Spawn("other", "pipe", nil); !errors.Is(err, ErrLimit) { // 3+2 > 4 in total
			t.Fatalf("spawn over the total cap: %v; want ErrLimit", err)
		}
		if err := m.Reap(tester, pid); !errors.Is(err, ErrState) {
			t.Fatalf("reap of a running process: %v; want ErrState", err)
		}
		m.KillAll(teacher)
		waitGone(t, m, pid)
		if _, err := m.Spawn("other", "sleep", nil); err != nil {
			t.Fatalf("spawn after kill all: %v", err)
		}
	})
}

// TestLifecycleEvents follows one child of the lab from spawn to reap.
func TestLifecycleEvents(t *testing.T) {
	m := newTestManager(t, Config{})
	sub := m.Subscribe(1024)
	defer sub.Close()
	pid := spawn(t, m, "exit", args("ms", 50, "code", 3))
	waitLetter(t, m, pid, "Z")
	if err := m.Reap(tester, pid); err != nil {
		t.Fatal(err)
	}
	waitGone(t, m, pid)
	var kinds []string
	collect(t, sub, 5*time.Second, func(u Update) bool {
		for _, e := range u.Events {
			if e.PID != pid {
				continue
			}
			s := e.Kind.String()
			if e.Kind == sim.EvState {
				s += ":" + e.To.String()
				if e.Synthesised {
					s += "(drawn)"
				}
			}
			if e.Kind == sim.EvExit || e.Kind == sim.EvReaped {
				if e.Value != 3 {
					t.Errorf("%s value %d; want 3", e.Kind, e.Value)
				}
			}
			kinds = append(kinds, s)
			if e.Kind == sim.EvReaped {
				return true
			}
		}
		return false
	})
	want := []string{"created", "state:running|sleeping", "exit", "state:zombie", "state:dead(drawn)", "reaped"}
	if len(kinds) < len(want) {
		t.Fatalf("events %v; want %v", kinds, want)
	}
	if kinds[0] != "created" || kinds[len(kinds)-1] != "reaped" || kinds[len(kinds)-2] != "state:dead(drawn)" ||
		kinds[len(kinds)-3] != "state:zombie" || kinds[len(kinds)-4] != "exit" {
		t.Errorf("events %v; want %v", kinds, want)
	}
}

// TestStress spawns and kills 1,000 workers (LIVE_STRESS_CYCLES changes
// the number) and checks that nothing is left behind.
func TestStress(t *testing.T) {
	cycles := envInt("LIVE_STRESS_CYCLES", 1000)
	if testing.Short() {
		cycles = 50
	}
	m := newTestManager(t, Config{PerOwner: 64, Total: 64})
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	const par = 8
	for w := 0; w < par; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			stress := Actor{Client: "stress"}
			for i := w; i < cycles; i += par {
				pid, err := m.Spawn("stress", []string{"sleep", "cpu", "exit"}[i%3], nil)
				if err != nil {
					errs <- err
					return
				}
				if i%2 == 0 {
					err = m.Signal(stress, pid, "KILL")
				} else {
					err = m.Signal(stress, pid, "TERM")
				}
				if err != nil {
					errs <- err
					return
				}
				for deadline := time.Now().Add(10 * time.Second); ; {
					if err = m.Reap(stress, pid); err == nil || errors.Is(err, ErrForeign) {
						break
					}
					if time.Now().After(deadline) {
						errs <- err
						return
					}
					time.Sleep(time.Millisecond)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d spawn/kill/reap cycles in %v", cycles, time.Since(start))
	deadline := time.Now().Add(5 * time.Second)
	for len(m.Processes()) > 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if ps := m.Processes(); len(ps) > 0 {
		t.Fatalf("%d processes still tracked: %+v", len(ps), ps[0])
	}
	checkNoLeftovers(t, m)
}

// TestKillOwner kills what one client started and nothing else.
func TestKillOwner(t *testing.T) {
	m := newTestManager(t, Config{})
	a, _ := m.Spawn("alice", "forker", args("children", 2, "exit_ms", 60000))
	b, _ := m.Spawn("bob", "sleep", nil)
	waitProc(t, m, a, "two children", func(Process) bool { return len(children(m, a)) == 2 })
	if n := m.KillOwner("alice"); n != 1 {
		t.Fatalf("KillOwner killed %d groups; want 1", n)
	}
	waitGone(t, m, a)
	deadline := time.Now().Add(5 * time.Second)
	for {
		ps := m.Processes()
		if len(ps) == 1 && ps[0].PID == b {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after KillOwner(alice) want only bob's %d; got %+v", b, ps)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestLifetimeCap kills a group when its lifetime is over.
func TestLifetimeCap(t *testing.T) {
	m := newTestManager(t, Config{Lifetime: 300 * time.Millisecond})
	pid := spawn(t, m, "sleep", nil)
	waitGone(t, m, pid)
}
