//go:build linux

package live

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"proclab/sim"
)

// TestParkedLeaderIsNotASleep feeds the sampler stat lines of a running
// worker whose leader thread is read once in the futex (the Go runtime
// handing its locked goroutine back after a preemption: microseconds,
// about 2 % of samples of a busy loop) and checks that no state change is
// told for it, while a futex sleep seen on two samples in a row is told,
// once, from R to S.
func TestParkedLeaderIsNotASleep(t *testing.T) {
	wchanOf = func(int) string { return "futex_do_wait" }
	t.Cleanup(func() { wchanOf = readWchan })
	path := filepath.Join(t.TempDir(), "stat")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	o := newOwner(&Manager{start: time.Now()})
	p := &proc{statFD: int(f.Fd()), statusFD: -1}
	p.PID, p.Name, p.State, p.Letter = 4242, "pl-cpu", sim.StateRunning, "R"
	o.procs[p.PID] = p
	utime := 100
	sampleWith := func(letter string) {
		utime++ // a running task's stat line changes between samples
		line := fmt.Sprintf("4242 (pl-cpu) %s 1 4242 4242 0 -1 4194560 0 0 0 0 %d 3 0 0 20 0 2 0 500 1000000 200\n", letter, utime)
		if err := f.Truncate(0); err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt([]byte(line), 0); err != nil {
			t.Fatal(err)
		}
		o.sample(p, time.Now(), true)
	}
	sleeps := func() (n int) {
		for _, ev := range o.pending.Events {
			if ev.Kind == sim.EvState && ev.To == sim.StateSleeping {
				n++
			}
		}
		return n
	}
	for round := 0; round < 5; round++ { // R, S (a park), R, ...
		sampleWith("R")
		sampleWith("S")
	}
	sampleWith("R")
	if n := sleeps(); n != 0 || p.Letter != "R" {
		t.Fatalf("a leader parked for one sample at a time: %d sleeps told, letter %s; want none, R", n, p.Letter)
	}
	sampleWith("S")
	sampleWith("S")
	if n := sleeps(); n != 1 || p.Letter != "S" || p.Wait != WaitFutex {
		t.Fatalf("a futex sleep on two samples in a row: %d sleeps told, letter %s, wait %q; want 1, S, futex", n, p.Letter, p.Wait)
	}
}
