package sim

import (
	"testing"
)

func init() {
	parseErrorCases = append(parseErrorCases, []struct{ code, text string }{
		{"memory_late", "process a\n  compute 1\nmemory heap=2\n"},
		{"memory_thread", "var x\nthread a\n  memory heap=2\n"},
		{"memory_after_use", "process a\n  write heap 0\n  memory heap=4\n"},
		{"unknown_region", "process a\n  write bss 0\n"},
		{"page_range", "process a\n  write heap 2\n"},
		{"page_range", "process a\n  memory heap=4\n  read heap 3..4\n"},
		{"unknown_option", "memory bss=2\nprocess a\n"},
		{"twice", "process a\n  memory heap=2\n  memory heap=3\n"},
		{"usage", "process a\n  write heap\n"},
		{"usage", "process a\n  memory\n"},
		{"number_range", "memory heap=17\nprocess a\n"},
		{"empty_range", "memory heap=4\nprocess a\n  write heap 3..1\n"},
		{"options_syntax", "memory heap\nprocess a\n"},
	}...)
}

// runMem parses text and runs it to the end (at most 500 steps).
func runMem(t *testing.T, text string) *Engine {
	t.Helper()
	sc, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	e := New(sc, Options{MaxSteps: 500})
	for !e.Done() {
		e.Step()
	}
	return e
}

// spaceOf returns the address space of process pid that is in use.
func spaceOf(t *testing.T, e *Engine, pid PID) AddressSpace {
	t.Helper()
	for _, a := range e.AddressSpaces() {
		if a.PID == pid && a.Freed == 0 {
			return a
		}
	}
	t.Fatalf("no address space of P%d in use", pid)
	return AddressSpace{}
}

// TestSmaps checks the counters against tables computed by hand with the
// kernel's rules (fs/proc/task_mmu.c): Pss adds 4096/mapcount per page in
// 1/4096 byte units and is printed truncated to KiB; mapcount >= 2 is
// shared; text is clean, data, heap and stack are dirty.
func TestSmaps(t *testing.T) {
	// The parent stops at a sleep so that both processes are alive at the end.
	tests := []struct {
		name string
		text string
		pid  PID
		want Smaps
	}{
		{
			// One process, default image (text 2, data 1, heap 2, stack 1):
			// all private; text clean (8 KiB), the rest dirty (16 KiB).
			name: "alone",
			text: "memory\nprocess a\n  sleep 50\n",
			pid:  2,
			want: Smaps{Rss: 24, Pss: 24, PrivateClean: 8, PrivateDirty: 16},
		},
		{
			// After fork every page is mapped twice: Pss is half of Rss,
			// text is shared clean, the rest shared dirty (the child's PTEs
			// keep the dirty bit).
			name: "after fork, parent",
			text: "memory\nprocess a\n  fork\n  if child\n    sleep 50\n  else\n    sleep 50\n  end\n",
			pid:  2,
			want: Smaps{Rss: 24, Pss: 12, SharedClean: 8, SharedDirty: 16},
		},
		{
			name: "after fork, child",
			text: "memory\nprocess a\n  fork\n  if child\n    sleep 50\n  else\n    sleep 50\n  end\n",
			pid:  3,
			want: Smaps{Rss: 24, Pss: 12, SharedClean: 8, SharedDirty: 16},
		},
		{
			// The child copied 3 of 4 heap pages: for both, those 3 pages
			// are private dirty (12 KiB); text 8 KiB shared clean; data,
			// stack and the 4th heap page 12 KiB shared dirty. Pss = 12 +
			// (8+12)/2 = 22.
			name: "child wrote 3 of 4 heap pages, parent",
			text: "memory heap=4\nprocess a\n  fork\n  if child\n    write heap 0..2\n    sleep 50\n  else\n    sleep 50\n  end\n",
			pid:  2,
			want: Smaps{Rss: 32, Pss: 22, SharedClean: 8, SharedDirty: 12, PrivateDirty: 12},
		},
		{
			name: "child wrote 3 of 4 heap pages, child",
			text: "memory heap=4\nprocess a\n  fork\n  if child\n    write heap 0..2\n    sleep 50\n  else\n    sleep 50\n  end\n",
			pid:  3,
			want: Smaps{Rss: 32, Pss: 22, SharedClean: 8, SharedDirty: 12, PrivateDirty: 12},
		},
		{
			// The child forks again: every page is mapped by three page
			// tables, and Pss is 6 pages of (4096<<12)/3, truncated to
			// 7 KiB (see TestThreeProcessesPss), not 8.
			name: "three processes",
			text: "memory\nprocess a\n  fork\n  if child\n    fork\n    sleep 50\n  else\n    sleep 50\n  end\n",
			pid:  2,
			want: Smaps{Rss: 24, Pss: 7, SharedClean: 8, SharedDirty: 16},
		},
		{
			// A read never copies: counters as right after the fork.
			name: "reads",
			text: "process a\n  fork\n  if child\n    read heap 0..1\n    read text 0\n    sleep 50\n  else\n    sleep 50\n  end\n",
			pid:  3,
			want: Smaps{Rss: 24, Pss: 12, SharedClean: 8, SharedDirty: 16},
		},
		{
			// The child exited: the parent alone maps every page again,
			// though its PTEs are still write-protected.
			name: "child exited",
			text: "memory\nprocess a\n  fork\n  if child\n    exit 0\n  end\n  wait\n  sleep 50\n",
			pid:  2,
			want: Smaps{Rss: 24, Pss: 24, PrivateClean: 8, PrivateDirty: 16},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse(tt.text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			e := New(sc, Options{MaxSteps: 30})
			for !e.Done() {
				e.Step()
			}
			if got := spaceOf(t, e, tt.pid).Smaps; got != tt.want {
				t.Errorf("P%d: got %+v; want %+v", tt.pid, got, tt.want)
			}
		})
	}
}

// TestThreeProcessesPss checks the truncation of Pss for mapcount 3 page
// by page: 6 pages each (4096<<12)/3 = 5592405, summed 33554430, >>12 =
// 8191 bytes, >>10 = 7 KiB.
func TestThreeProcessesPss(t *testing.T) {
	share := (uint64(PageSize) << pssShift) / 3
	got := int64((6*share)>>pssShift) >> 10
	if want := int64(7); got != want {
		t.Errorf("got %d KiB; want %d", got, want)
	}
}

// TestCopyOnWrite follows the frames: a copy gets a new frame, the other
// process keeps the old one, alone; its next write reuses it in place.
func TestCopyOnWrite(t *testing.T) {
	sc, err := Parse("process a\n  fork\n  if child\n    write heap 1\n    exit 0\n  end\n  wait\n  write heap 1\n  sleep 50\n")
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{MaxSteps: 30})
	for !e.Done() {
		e.Step()
	}
	a := spaceOf(t, e, 2)
	heap := a.Regions[RegionHeap]
	tests := []struct {
		name           string
		page           int
		frame          int32
		maps           int32
		writable, dirt bool
	}{
		{"heap 0: never written since the fork, still write-protected", 0, 4, 1, false, true},
		{"heap 1: reused in place after the child's copy", 1, 5, 1, true, true},
	}
	for _, tt := range tests {
		p := heap.Pages[tt.page]
		if p.Frame != tt.frame || p.Maps != tt.maps || p.Writable != tt.writable || p.Dirty != tt.dirt {
			t.Errorf("%s: got %+v; want frame %d maps %d writable %v dirty %v", tt.name, p, tt.frame, tt.maps, tt.writable, tt.dirt)
		}
	}
}

// TestMemoryEvents checks which events each kind of access makes.
func TestMemoryEvents(t *testing.T) {
	tests := []struct {
		name string
		text string
		want map[EventKind]int
	}{
		{"private write: no fault", "process a\n  write heap 0\n", map[EventKind]int{EvMemWrite: 1, EvMemFree: 1}},
		{"read: no fault", "process a\n  read text 1\n  read stack 0\n", map[EventKind]int{EvMemRead: 2, EvMemFree: 1}},
		{"cow write: fault, copy, private", "process a\n  fork\n  if child\n    write data 0\n    exit 0\n  end\n  wait\n",
			map[EventKind]int{EvMemFork: 1, EvPageFault: 1, EvPageCopy: 1, EvPagePrivate: 1, EvMemWrite: 1, EvMemFree: 2}},
		{"both write the same page: one copy, one reuse", "process a\n  fork\n  write data 0\n",
			map[EventKind]int{EvMemFork: 1, EvPageFault: 2, EvPageCopy: 1, EvPagePrivate: 1, EvPageReuse: 1, EvMemWrite: 2, EvMemFree: 2}},
		{"threads share: no fault", "var x\nthread a\n  write heap 0\nthread b\n  write heap 0\n", map[EventKind]int{EvMemWrite: 2, EvMemFree: 1}},
		{"exec replaces", "process a\n  exec b\nprogram b\n  write heap 0\n", map[EventKind]int{EvMemExec: 1, EvMemWrite: 1, EvMemFree: 1}},
		{"spawn: copy then exec", "memory\nprocess a\n  spawn b\n  wait\nprogram b\n  compute 1\n", map[EventKind]int{EvMemFork: 1, EvMemExec: 1, EvMemFree: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse(tt.text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got := map[EventKind]int{}
			e := New(sc, Options{MaxSteps: 100})
			for !e.Done() {
				for _, ev := range e.Step() {
					if ev.Kind >= EvMemFork && ev.Kind <= EvPagePrivate {
						got[ev.Kind]++
					}
				}
			}
			for k := EvMemFork; k <= EvPagePrivate; k++ {
				if got[k] != tt.want[k] {
					t.Errorf("%s: got %d; want %d", k, got[k], tt.want[k])
				}
			}
		})
	}
}

// TestWriteToTextKills checks that a write to the text faults and SIGSEGV
// ends the process (default action), also when it ignored SIGSEGV.
func TestWriteToTextKills(t *testing.T) {
	tests := []struct{ name, text string }{
		{"default", "process a\n  write text 0\n  compute 5\n"},
		{"ignored", "process a\n  ignore SIGSEGV\n  write text 0\n  compute 5\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := runMem(t, tt.text)
			p := e.task(2)
			if p.Signal != SIGSEGV || p.UserTicks != 0 {
				t.Errorf("got signal %v, %d user ticks; want SIGSEGV, 0", p.Signal, p.UserTicks)
			}
		})
	}
}

// TestMemoryOffForOldScenarios checks that a scenario without memory keeps
// no address spaces and that its state digest ignores the memory model.
func TestMemoryOffForOldScenarios(t *testing.T) {
	e := runMem(t, "process a\n  fork\n  compute 2\n")
	if got := e.AddressSpaces(); got != nil {
		t.Errorf("got %d address spaces; want none", len(got))
	}
	if got := len(e.memEngine.frames); got != 0 {
		t.Errorf("got %d frames; want 0", got)
	}
}

// TestMemoryClone checks that a clone's address spaces are its own, and
// that the state digest sees them.
func TestMemoryClone(t *testing.T) {
	sc, err := Parse("process a\n  fork\n  if child\n    write heap 0\n  end\n  sleep 9\n")
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{})
	for e.StepNum() < 2 {
		e.Step()
	}
	c := e.Clone()
	h := c.StateHash()
	for range 3 {
		e.Step()
	}
	if got := c.StateHash(); got != h {
		t.Errorf("stepping the original changed the clone's digest")
	}
	before := spaceOf(t, c, 3).Regions[RegionHeap].Pages[0]
	if got := spaceOf(t, e, 3).Regions[RegionHeap].Pages[0]; got.Frame == before.Frame {
		t.Errorf("the original's child did not copy its heap page: frame %d", got.Frame)
	}
	if got := spaceOf(t, c, 3).Regions[RegionHeap].Pages[0]; got != before {
		t.Errorf("clone's page changed: got %+v; want %+v", got, before)
	}
	d := e.Clone()
	d.memEngine.spaces[0].pages[0].dirty = true // text is never dirty: a state no run reaches
	if d.StateHash() == e.StateHash() {
		t.Errorf("the digest does not cover the page tables")
	}
}

// TestLayoutAddresses checks the addresses against /proc/PID/maps of a
// program run without randomisation: text at 0x555555554000, the stack
// ending at 0x7ffffffff000, all below the end of 47-bit user space.
func TestLayoutAddresses(t *testing.T) {
	l := DefaultLayout
	tests := []struct {
		name string
		r    Region
		n    int
		want uint64
	}{
		{"text 0", RegionText, 0, 0x555555554000},
		{"data 0", RegionData, 0, 0x555555556000},
		{"heap 1", RegionHeap, 1, 0x555555558000},
		{"stack 0 (top)", RegionStack, 0, 0x7fffffffe000},
	}
	for _, tt := range tests {
		if got := l.Addr(tt.r, tt.n); got != tt.want || got+PageSize > UserSpaceEnd {
			t.Errorf("%s: got %#x; want %#x, below %#x", tt.name, got, tt.want, uint64(UserSpaceEnd))
		}
	}
}
