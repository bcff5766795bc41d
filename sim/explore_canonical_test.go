package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCanonicalRanks checks the detector's canonical form, both ways of
// ranking a component (one word of bits while every value is below 64, a
// sorted list past that): each clock value becomes its rank among the
// values of its component present (0 included), so order and equality
// within a component are kept and nothing else is; and likewise each
// variable's store and load steps among that variable's.
func TestCanonicalRanks(t *testing.T) {
	tests := []struct {
		name  string
		limit uint32 // values drawn below it
		dense bool   // values 0..slots only: already ranks
	}{
		{"small", 40, false},
		{"at the word's edge", 64, false},
		{"large", 1 << 20, false},
		{"dense already", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			rng := rand.New(rand.NewPCG(1, uint64(tt.limit)))
			for trial := range 200 {
				d := &detector{slots: 4, objVC: make([]vclock, 2), vars: make([]varMeta, 3)}
				draw := func() uint32 {
					if tt.dense {
						return uint32(rng.IntN(int(d.slots) + 1))
					}
					return uint32(rng.IntN(int(tt.limit)))
				}
				// Every value the ranking reads, by component, with a pointer to it.
				var cells [vcSize][]*uint32
				for a := int8(1); a <= d.slots; a++ {
					for s := int8(1); s <= d.slots; s++ {
						cells[a] = append(cells[a], &d.vc[s][a])
					}
					for o := range d.objVC {
						cells[a] = append(cells[a], &d.objVC[o][a])
					}
					for v := range d.vars {
						cells[a] = append(cells[a], &d.vars[v].syncVC[a], &d.vars[v].reads[a].clock)
					}
				}
				for v := range d.vars {
					m := &d.vars[v]
					m.write.slot, m.atomic.slot = int8(1+rng.IntN(int(d.slots))), int8(1+rng.IntN(int(d.slots)))
					cells[m.write.slot] = append(cells[m.write.slot], &m.write.clock)
					cells[m.atomic.slot] = append(cells[m.atomic.slot], &m.atomic.clock)
				}
				// Steps, by variable: the last store's (its task set, so
				// that it is kept) and each slot's last load's.
				var stepWant [][]int64
				for v := range d.vars {
					m := &d.vars[v]
					m.lastStore.task = 0
					cells := []*int64{&m.lastStore.step}
					for s := int8(1); s <= d.slots; s++ {
						cells = append(cells, &m.loadStep[s])
					}
					distinct := []int64{0}
					for _, c := range cells {
						*c = int64(draw())
						distinct = append(distinct, *c)
					}
					slices.Sort(distinct)
					distinct = slices.Compact(distinct)
					var w []int64
					for _, c := range cells {
						r, _ := slices.BinarySearch(distinct, *c)
						w = append(w, int64(r))
					}
					stepWant = append(stepWant, w)
				}
				var want [vcSize][]uint32
				for a := int8(1); a <= d.slots; a++ {
					for _, c := range cells[a] {
						*c = draw()
					}
					distinct := []uint32{0}
					for _, c := range cells[a] {
						distinct = append(distinct, *c)
					}
					slices.Sort(distinct)
					distinct = slices.Compact(distinct)
					for _, c := range cells[a] {
						r, _ := slices.BinarySearch(distinct, *c)
						want[a] = append(want[a], uint32(r))
					}
				}
				d.canonical()
				for a := int8(1); a <= d.slots; a++ {
					for k, c := range cells[a] {
						if *c != want[a][k] {
							t.Fatalf("trial %d, component %d, value %d: got rank %d; want %d", trial, a, k, *c, want[a][k])
						}
					}
				}
				for v := range d.vars {
					m := &d.vars[v]
					got := []int64{m.lastStore.step}
					got = append(got, m.loadStep[1:d.slots+1]...)
					if !slices.Equal(got, stepWant[v]) {
						t.Fatalf("trial %d, variable %d: got step ranks %v; want %v", trial, v, got, stepWant[v])
					}
				}
			}
		})
	}
}
