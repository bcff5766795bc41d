package sim

import (
	"slices"
	"testing"
)

// readyOp is one change to a ready queue: push a task at the tail, take
// the one at index k, or insert one at index k (MLFQ's requeue).
type readyOp struct {
	push, take, insert bool
	k                  int
	task               int32
}

// applyReady applies op to the engine's queue, as the engine's own call
// sites do, and to want, the plain slice it must equal.
func applyReady(t *testing.T, e *Engine, want []int32, op readyOp) []int32 {
	t.Helper()
	switch {
	case op.push:
		e.readyRoom()
		e.ready = append(e.ready, op.task)
		want = append(want, op.task)
	case op.insert:
		e.readyRoom()
		e.ready = slices.Insert(e.ready, op.k, op.task)
		want = slices.Insert(want, op.k, op.task)
	case op.take:
		got := e.takeReady(op.k)
		if got != want[op.k] {
			t.Fatalf("takeReady(%d) = %d; want %d", op.k, got, want[op.k])
		}
		want = slices.Delete(want, op.k, op.k+1)
	}
	return want
}

// TestReadyQueueKeepsItsOrder checks that taking the head by moving the
// slice's start, and readyRoom's moves and growth, keep the queue's order
// exactly as a plain slice would, whatever the mix of changes, and that a
// clone's queue shares nothing with its original's.
func TestReadyQueueKeepsItsOrder(t *testing.T) {
	rng := uint64(7)
	next := func(n int) int {
		rng = rng*6364136223846793005 + 1442695040888963407
		return int((rng >> 33) % uint64(n))
	}
	cases := []struct {
		name  string
		ops   int
		fill  int // tasks queued first
		mix   [3]int
		clone int // clone the engine after this many ops (0: never)
	}{
		{"round robin over a long queue", 20000, 3000, [3]int{1, 1, 0}, 0},
		{"the queue drains and fills", 20000, 0, [3]int{1, 1, 0}, 0},
		{"takes from the middle and inserts", 20000, 50, [3]int{2, 2, 1}, 0},
		{"a clone moves on its own", 5000, 500, [3]int{1, 1, 1}, 2500},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := &Engine{}
			var want []int32
			task := int32(0)
			for range tc.fill {
				task++
				want = applyReady(t, e, want, readyOp{push: true, task: task})
			}
			var orig *Engine
			var origWant []int32
			for n := 1; n <= tc.ops; n++ {
				if n == tc.clone {
					orig, origWant = e, slices.Clone(want)
					e = e.Clone()
				}
				var op readyOp
				switch r := next(tc.mix[0] + tc.mix[1] + tc.mix[2]); {
				case r < tc.mix[0] || len(want) == 0:
					task++
					op = readyOp{push: true, task: task}
				case r < tc.mix[0]+tc.mix[1]:
					op = readyOp{take: true}
					if tc.mix[2] > 0 {
						op.k = next(len(want))
					}
				default:
					task++
					op = readyOp{insert: true, k: next(len(want) + 1), task: task}
				}
				want = applyReady(t, e, want, op)
				if !slices.Equal(e.ready, want) {
					t.Fatalf("after op %d (%+v): got a queue of %d tasks %v...; want %d tasks", n, op, len(e.ready), e.ready[:min(8, len(e.ready))], len(want))
				}
			}
			if orig != nil && !slices.Equal(orig.ready, origWant) {
				t.Errorf("the original's queue changed with its clone's: got %d tasks; want %d", len(orig.ready), len(origWant))
			}
		})
	}
}

// TestReadyQueueRoundRobinAllocatesNothing checks that a queue of steady
// length, its head taken and a task queued at its tail over and over,
// allocates nothing once it has grown.
func TestReadyQueueRoundRobinAllocatesNothing(t *testing.T) {
	for _, n := range []int{1, 16, 3000} {
		e := &Engine{}
		for i := range n {
			e.readyRoom()
			e.ready = append(e.ready, int32(i))
		}
		turn := func() {
			i := e.takeReady(0)
			e.readyRoom()
			e.ready = append(e.ready, i)
		}
		for range 4 * n {
			turn()
		}
		if got := testing.AllocsPerRun(1000, turn); got != 0 {
			t.Errorf("a queue of %d: got %v allocations per turn; want 0", n, got)
		}
		if got, want := len(e.ready), n; got != want {
			t.Errorf("got a queue of %d; want %d", got, want)
		}
	}
}
