package sim

import (
	"path/filepath"
	"testing"
)

// TestRaceDetector runs the race golden scenarios and checks that the
// detector reports races exactly where the accesses are unsynchronised: no
// false positive on correctly locked code.
func TestRaceDetector(t *testing.T) {
	tests := []struct {
		file        string
		races, lost bool
	}{
		{"race-lost-update.txtar", true, true},
		{"race-peterson.txtar", true, false},
		{"race-cs-violation.txtar", true, true},
		{"race-mutex.txtar", false, false},
		{"race-atomic.txtar", false, false},
		{"race-spinlock.txtar", false, false},
		{"race-ticket.txtar", false, false},
		{"race-prodcons.txtar", false, false},
		{"race-cond.txtar", false, false},
		{"race-go.txtar", false, false},
		{"race-chan-sem.txtar", false, false},
		{"race-chan-rendezvous.txtar", false, false},
	}
	for _, tt := range tests {
		_, sc, opt := loadGolden(t, filepath.Join("testdata", tt.file))
		// Several schedules: the default, and seeded random pickers.
		for seed := uint64(0); seed < 20; seed++ {
			o := opt
			if seed > 0 {
				o.Random, o.Seed = true, seed
			}
			e := New(sc, o)
			races, lost := 0, 0
			for !e.Done() {
				for _, ev := range e.Step() {
					switch ev.Kind {
					case EvRace:
						races++
					case EvLostUpdate:
						lost++
					}
				}
			}
			if !tt.races && races > 0 {
				t.Errorf("%s (random picker seed %d): %d races reported on synchronised code", tt.file, seed, races)
			}
			if seed == 0 && tt.races && races == 0 {
				t.Errorf("%s: no race reported", tt.file)
			}
			if seed == 0 && tt.lost != (lost > 0) {
				t.Errorf("%s: %d lost updates; want some: %v", tt.file, lost, tt.lost)
			}
		}
	}
}
