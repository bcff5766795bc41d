package sim

import "fmt"

// This file is the memory model (docs/scenario.md, "Memory: address spaces
// and copy-on-write"): every process has an address space made of regions
// (text, data, heap, stack) of 4 KiB pages, each page mapped to a physical
// frame. Threads (clone with CLONE_VM) share their process's address space;
// fork copies the page table and marks every writable page copy-on-write in
// both processes; a write to such a page faults, and the kernel either
// copies the page into a new frame or, when the writer is the only one left
// mapping it, makes it writable where it is (do_wp_page: wp_page_copy or
// wp_page_reuse); exec replaces the address space with the new program's
// regions; exit frees it (a zombie holds no memory).
//
// The model is off unless the scenario uses memory (Scenario.Mem): an older
// scenario runs, hashes and shows exactly what it did before.
//
// Simplifications, stated in docs/scenario.md: every page of a region is
// present from exec on (no demand paging); data, heap and stack pages are
// anonymous and dirty (as if the program's start-up had written them); the
// text pages are the program file's pages in the page cache, shared by every
// process that runs the program and kept cached after the last one exits.

// PageSize is the size of a page and of a frame, in bytes (x86-64's base page).
const PageSize = 4096

// Region is one region of an address space.
type Region uint8

// The regions, in address order.
const (
	RegionText  Region = iota // the program's code: read-only, file-backed (r-x)
	RegionData                // initialised globals (rw-)
	RegionHeap                // malloc's memory, above the data (rw-)
	RegionStack               // the main thread's stack, at the top of user space (rw-)
	numRegions
)

var regionNames = [numRegions]string{"text", "data", "heap", "stack"}

// String returns the region's name as the scenario format spells it.
func (r Region) String() string {
	if r < numRegions {
		return regionNames[r]
	}
	return "region?"
}

// Writable reports whether the region's mapping allows writes (rw-): every
// region but the text.
func (r Region) Writable() bool { return r != RegionText }

// ParseRegion returns the region with this name.
func ParseRegion(name string) (Region, bool) {
	for r, n := range regionNames {
		if n == name {
			return Region(r), true
		}
	}
	return 0, false
}

// Limits of the memory model.
const (
	MaxRegionPages = 16 // pages per region: small enough to draw
	// UserSpaceEnd is the first address above x86-64 user space with
	// 4-level paging (47 bits: 128 TiB); the last user address is
	// 0x7fffffffffff. Linux hands out higher addresses (5-level paging, 57
	// bits) only to a process that asks for them with an mmap hint.
	UserSpaceEnd = 1 << 47
	// textBase is where a position-independent executable is loaded when
	// address-space randomisation is off (setarch -R, or gdb):
	// /proc/PID/maps shows the first page of the program file there.
	textBase = 0x555555554000
	// stackTop is the end of the stack's pages without randomisation
	// (the [stack] line of /proc/PID/maps ends at 0x7ffffffff000).
	stackTop = 0x7ffffffff000
)

// Layout is the number of pages of each region of a program's image.
type Layout [numRegions]int

// DefaultLayout is the image of a program whose sizes the scenario does not
// set: 2 pages of text, 1 of data, 2 of heap and 1 of stack.
var DefaultLayout = Layout{2, 1, 2, 1}

// Pages returns the number of pages of every region together.
func (l Layout) Pages() int { return l[0] + l[1] + l[2] + l[3] }

// start returns the index of region r's first page in an address space's
// page table (the regions follow each other in address order).
func (l Layout) start(r Region) int {
	n := 0
	for k := Region(0); k < r; k++ {
		n += l[k]
	}
	return n
}

// Addr returns the virtual address of page n of region r: text from
// textBase, data right after it, the heap right after the data (brk
// starts there when randomisation is off), and the stack ending at
// stackTop, page 0 being the top page (the stack grows down).
func (l Layout) Addr(r Region, n int) uint64 {
	switch r {
	case RegionStack:
		return stackTop - uint64(n+1)*PageSize
	default:
		return textBase + uint64(l.start(r)+n)*PageSize
	}
}

// MemSpec is what a scenario says about memory: the model is on, with
// these images. It is nil for a scenario that never uses memory.
type MemSpec struct {
	Default  Layout         // the image of a program that sets no sizes
	Programs map[int]Layout // program index -> its image, when it sets sizes

	directive bool         // the top-level memory directive was given
	used      map[int]bool // parsing: programs that already used a memory statement
}

// LayoutOf returns the image of program prog.
func (m *MemSpec) LayoutOf(prog int) Layout {
	if l, ok := m.Programs[prog]; ok {
		return l
	}
	return m.Default
}

// UsesMemory reports whether the scenario uses the memory model (a memory
// directive or statement): then the engine keeps address spaces and a
// viewer shows them.
func (s *Scenario) UsesMemory() bool { return s.Mem != nil }

// pte is one page table entry of a simulated address space.
type pte struct {
	frame    int32 // the frame it maps (an index into memEngine.frames)
	writable bool  // the PTE allows writes now (false for text, and for a copy-on-write page)
	dirty    bool  // written since it was mapped (text never is)
}

// addrSpace is one address space (the kernel's mm_struct): its program's
// layout and its page table, the regions one after another.
type addrSpace struct {
	owner  PID   // the PID of the process (its thread group's leader)
	prog   int   // the program whose image it holds
	freed  int64 // the step it was freed in (0: in use)
	layout Layout
	pages  []pte
}

// frame is one physical frame.
type frame struct {
	maps  int32 // page table entries that map it (the kernel's mapcount)
	cache bool  // a page of a program's text in the page cache: it stays allocated with no mapping
}

// memEngine is the engine's memory state; the zero value is "off".
type memEngine struct {
	spaces []addrSpace
	frames []frame   // index = frame number; frame 0 is never handed out
	texts  [][]int32 // per program: its text pages in the page cache (nil: never run)
}

// memTask is a task's memory state.
type memTask struct {
	mm int32 // 1 + the index of its address space in memEngine.spaces; 0: none
}

// allocFrame returns the lowest free frame number (deterministic).
func (e *Engine) allocFrame() int32 {
	for f := 1; f < len(e.memEngine.frames); f++ {
		if fr := &e.memEngine.frames[f]; fr.maps == 0 && !fr.cache {
			fr.maps = 1
			return int32(f)
		}
	}
	if len(e.memEngine.frames) == 0 {
		e.memEngine.frames = append(e.memEngine.frames, frame{}) // frame 0: never used
	}
	e.memEngine.frames = append(e.memEngine.frames, frame{maps: 1})
	return int32(len(e.memEngine.frames) - 1)
}

// unmap drops one mapping of frame f; a frame no one maps is free again
// unless it caches a text page.
func (e *Engine) unmap(f int32) {
	e.memEngine.frames[f].maps--
}

// newSpace builds the address space of a fresh image of program prog for
// the process owner: text from the page cache, new frames for the rest.
func (e *Engine) newSpace(owner PID, prog int) addrSpace {
	l := e.sc.Mem.LayoutOf(prog)
	s := addrSpace{owner: owner, prog: prog, layout: l, pages: make([]pte, 0, l.Pages())}
	m := &e.memEngine
	for len(m.texts) <= prog {
		m.texts = append(m.texts, nil)
	}
	if m.texts[prog] == nil {
		m.texts[prog] = make([]int32, l[RegionText])
		for k := range m.texts[prog] {
			f := e.allocFrame()
			m.frames[f].maps, m.frames[f].cache = 0, true
			m.texts[prog][k] = f
		}
	}
	for _, f := range m.texts[prog] {
		m.frames[f].maps++
		s.pages = append(s.pages, pte{frame: f})
	}
	for r := RegionData; r < numRegions; r++ {
		for range l[r] {
			s.pages = append(s.pages, pte{frame: e.allocFrame(), writable: true, dirty: true})
		}
	}
	return s
}

// space returns the address space of the task at index i, or nil.
func (e *Engine) space(i int32) *addrSpace {
	if mm := e.tasks[i].mm; mm > 0 {
		return &e.memEngine.spaces[mm-1]
	}
	return nil
}

// memSpawn gives a new task (index i, made by spawn with this cause from
// the task at index parent) its address space: a thread shares its
// process's (CLONE_VM), a forked child gets a copy-on-write copy of its
// parent's, and a process the scenario starts gets its program's image.
func (e *Engine) memSpawn(parent, i int32, cause Cause) {
	if e.sc.Mem == nil || e.tasks[i].Program < 0 {
		return
	}
	t := &e.tasks[i]
	m := &e.memEngine
	switch {
	case cause == CauseClone || cause == CauseGo:
		t.mm = e.tasks[parent].mm
	case parent == 0:
		m.spaces = append(m.spaces, e.newSpace(t.PID, t.Program))
		t.mm = int32(len(m.spaces))
	default:
		ps := e.space(parent)
		if ps == nil {
			return
		}
		// copy_present_pte: a private writable page becomes read-only in
		// both page tables and both map the same frame; the child's PTE
		// keeps the dirty bit.
		c := addrSpace{owner: t.PID, prog: ps.prog, layout: ps.layout, pages: make([]pte, len(ps.pages))}
		for k := range ps.pages {
			ps.pages[k].writable = false
			c.pages[k] = ps.pages[k]
			m.frames[ps.pages[k].frame].maps++
		}
		m.spaces = append(m.spaces, c)
		t.mm = int32(len(m.spaces))
		e.emit(Event{Kind: EvMemFork, Task: t.PID, Other: e.tasks[parent].TGID, CPU: -1, Value: int64(len(c.pages))})
	}
}

// memExec replaces the address space of the task at index i with a fresh
// image of program prog (execve: same PID, new memory).
func (e *Engine) memExec(i int32, prog int) {
	if e.sc.Mem == nil {
		return
	}
	t := &e.tasks[i]
	mm := t.mm
	old, freed := e.dropSpace(i)
	s := e.newSpace(t.TGID, prog)
	m := &e.memEngine
	if mm > 0 && m.spaces[mm-1].freed != 0 {
		m.spaces[mm-1] = s // the same process, a new image: it keeps its place
	} else {
		m.spaces = append(m.spaces, s)
		mm = int32(len(m.spaces))
	}
	t.mm = mm
	e.emit(Event{Kind: EvMemExec, Task: t.PID, CPU: int16(t.CPU), Value: int64(len(s.pages)), Arg: int64(old), Obj: int16(freed)})
}

// dropSpace takes the task at index i off its address space; when no
// other task using it is still alive (a thread that has not exited), every
// page is unmapped and the tasks that still name it (a zombie leader,
// threads ended by exit_group) let go of it. It returns the pages unmapped
// and the frames that became free.
func (e *Engine) dropSpace(i int32) (pages, freed int) {
	s := e.space(i)
	if s == nil {
		return 0, 0
	}
	mm := e.tasks[i].mm
	e.tasks[i].mm = 0
	for k := range e.tasks {
		if u := &e.tasks[k]; u.mm == mm && u.State != StateZombie && u.State != StateDead && u.State != StateNone {
			return 0, 0 // another thread still runs in it
		}
	}
	for k := range e.tasks {
		if e.tasks[k].mm == mm {
			e.tasks[k].mm = 0
		}
	}
	for _, p := range s.pages {
		e.unmap(p.frame)
		if fr := &e.memEngine.frames[p.frame]; fr.maps == 0 && !fr.cache {
			freed++
		}
	}
	pages = len(s.pages)
	s.pages = nil
	s.freed = e.step
	return pages, freed
}

// memExit is exit_mm for the task at index i, which has just exited: it
// lets go of its address space, which is freed with its last user.
func (e *Engine) memExit(i int32) {
	if e.sc.Mem == nil || e.tasks[i].mm == 0 {
		return
	}
	t := &e.tasks[i]
	owner := e.space(i).owner
	pages, freed := e.dropSpace(i)
	if pages > 0 {
		e.emit(Event{Kind: EvMemFree, Task: owner, Other: t.PID, CPU: -1, Value: int64(pages), Arg: int64(freed)})
	}
}

// memFaults reports whether the memory statement in faults: a write to a
// page whose PTE does not allow writes (a copy-on-write page, or the
// text). Its tick is then spent in the kernel.
func (e *Engine) memFaults(i int32, in *Instr) bool {
	if in.Op != OpMemWrite {
		return false
	}
	s := e.space(i)
	return s != nil && !s.pages[s.layout.start(Region(in.Obj))+int(in.A)].writable
}

// memAccess runs a memory statement (a micro-step) of the task at index i.
// A read, and a write to a writable page, take one tick in user mode. A
// write to a write-protected page faults: the tick is the kernel's, which
// copies the page (or reuses it) and lets the write run again on the next
// tick, or sends SIGSEGV for a write to the read-only text.
func (e *Engine) memAccess(i int32, in *Instr) {
	t := &e.tasks[i]
	s := e.space(i)
	if s == nil {
		t.PC++
		return
	}
	r, n := Region(in.Obj), int(in.A)
	k := s.layout.start(r) + n
	p := &s.pages[k]
	ev := Event{Task: t.PID, CPU: int16(t.CPU), Obj: int16(r), Value: int64(n), Arg: int64(p.frame)}
	if in.Op == OpMemRead {
		ev.Kind = EvMemRead
		e.emit(ev)
		t.PC++
		return
	}
	if p.writable {
		p.dirty = true
		ev.Kind = EvMemWrite
		e.emit(ev)
		t.PC++
		return
	}
	ev.Kind = EvPageFault
	if !r.Writable() {
		// The mapping itself forbids writes (VM_WRITE is not set): the
		// fault handler finds an access error and the kernel forces
		// SIGSEGV on the task; its default action ends the process.
		ev.Cause = CauseReadOnly
		e.emit(ev)
		e.segv(i)
		return
	}
	ev.Cause = CauseCOW
	e.emit(ev)
	m := &e.memEngine
	old := p.frame
	if m.frames[old].maps == 1 {
		// do_wp_page: nobody else holds the page, so it is reused in
		// place: the PTE becomes writable, nothing is copied.
		p.writable, p.dirty = true, true
		e.emit(Event{Kind: EvPageReuse, Task: t.PID, CPU: int16(t.CPU), Obj: int16(r), Value: int64(n), Arg: int64(old)})
		return
	}
	// wp_page_copy: a new frame for the writer, the old frame loses one mapping.
	nf := e.allocFrame()
	p.frame, p.writable, p.dirty = nf, true, true
	e.unmap(old)
	e.emit(Event{Kind: EvPageCopy, Task: t.PID, CPU: int16(t.CPU), Obj: int16(r), Value: int64(n), Arg: int64(nf)})
	if m.frames[old].maps == 1 {
		// The last other mapping of the old frame is now the only one:
		// that process's page is private (its next write faults once and
		// reuses the frame without copying).
		for j := range m.spaces {
			o := &m.spaces[j]
			for q := range o.pages {
				if o.pages[q].frame == old {
					reg, pg := o.layout.regionOf(q)
					e.emit(Event{Kind: EvPagePrivate, Task: o.owner, Other: t.TGID, CPU: -1, Obj: int16(reg), Value: int64(pg), Arg: int64(old)})
				}
			}
		}
	}
}

// regionOf returns the region and page number of page table index k.
func (l Layout) regionOf(k int) (Region, int) {
	for r := Region(0); r < numRegions; r++ {
		if k < l[r] {
			return r, k
		}
		k -= l[r]
	}
	return numRegions, k
}

// segv is force_sig(SIGSEGV) for the task at index i after a fault it
// cannot recover from: an ignored SIGSEGV is reset to the default action
// (a task that ignores it would fault forever); a handler runs, and when it
// returns the write runs again and faults again, as on Linux.
func (e *Engine) segv(i int32) {
	t := &e.tasks[i]
	t.Ignored &^= SIGSEGV.mask()
	e.signal(i, SIGSEGV, 0)
	if t.dying != 0 && t.CPU >= 0 {
		e.die(i) // the task does not return to user mode
	}
}

// memCloneInto deep-copies the memory state of e into dst (Clone).
func (e *Engine) memCloneInto(dst *Engine) {
	m := &e.memEngine
	if m.spaces == nil && m.frames == nil && m.texts == nil {
		return
	}
	d := &dst.memEngine
	d.spaces = make([]addrSpace, len(m.spaces))
	for k, s := range m.spaces {
		s.pages = append([]pte(nil), s.pages...)
		d.spaces[k] = s
	}
	d.frames = append([]frame(nil), m.frames...)
	d.texts = make([][]int32, len(m.texts))
	for k, t := range m.texts {
		if t != nil {
			d.texts[k] = append([]int32(nil), t...)
		}
	}
}

// memHash adds the address spaces to a state digest (StateHash), only for
// a scenario that uses memory, so that older digests stay the same.
func (e *Engine) memHash(d *digest) {
	if e.sc.Mem == nil {
		return
	}
	e.memDigest(d, true)
}

// memExploreHash digests what decides the future of the address spaces, for
// Explore's state key: each space's owner, program, whether it is freed, its
// page table entries (frame, writable, dirty), every frame's map count and
// page-cache flag, and each task's address space. Unlike memHash it leaves
// out the step a space was freed in, which decides nothing later. A write
// fault changes only the page table entry (the program counter stays on the
// write), so without this the state before a fault and after it would look
// equal and Explore would take the fault for a loop.
func (e *Engine) memExploreHash() uint64 {
	d := newDigest()
	e.memDigest(d, false)
	return d.sum()
}

// memDigest adds the address spaces to d: with freedStep the step each
// space was freed in (what a viewer sees), else only whether it was.
func (e *Engine) memDigest(d *digest, freedStep bool) {
	m := &e.memEngine
	d.int(int64(len(m.spaces)))
	for k := range m.spaces {
		s := &m.spaces[k]
		d.int(int64(s.owner))
		d.int(int64(s.prog))
		if freedStep {
			d.int(s.freed)
		} else {
			d.bool(s.freed != 0)
		}
		d.int(int64(len(s.pages)))
		for _, p := range s.pages {
			d.int(int64(p.frame))
			d.bool(p.writable)
			d.bool(p.dirty)
		}
	}
	d.int(int64(len(m.frames)))
	for _, f := range m.frames {
		d.int(int64(f.maps))
		d.bool(f.cache)
	}
	for k := range e.tasks {
		d.int(int64(e.tasks[k].mm))
	}
}

// describeMemory is the plain English of a memory event (Describe), task
// and other being the PIDs as Describe writes them.
func describeMemory(ev Event, task, other string) string {
	page := fmt.Sprintf("%s page %d", Region(ev.Obj), ev.Value)
	switch ev.Kind {
	case EvMemFork:
		return fmt.Sprintf("%s shares all %d pages of %s copy-on-write (every writable page is read-only in both now)", task, ev.Value, other)
	case EvMemExec:
		return fmt.Sprintf("%s has a new address space: %d pages mapped, %d unmapped, %d frames freed", task, ev.Value, ev.Arg, ev.Obj)
	case EvMemFree:
		if task != other {
			return fmt.Sprintf("address space of %s freed as its last thread %s exited: %d pages unmapped, %d frames freed", task, other, ev.Value, ev.Arg)
		}
		return fmt.Sprintf("address space of %s freed at its exit: %d pages unmapped, %d frames freed", task, ev.Value, ev.Arg)
	case EvMemRead:
		return fmt.Sprintf("%s read %s (frame %d)", task, page, ev.Arg)
	case EvMemWrite:
		return fmt.Sprintf("%s wrote %s (frame %d)", task, page, ev.Arg)
	case EvPageFault:
		if Cause(ev.Cause) == CauseReadOnly {
			return fmt.Sprintf("%s wrote %s (frame %d): the mapping is read-only (%s)", task, page, ev.Arg, ev.Cause)
		}
		return fmt.Sprintf("%s wrote %s (frame %d): write-protected (%s)", task, page, ev.Arg, ev.Cause)
	case EvPageCopy:
		return fmt.Sprintf("%s got a copy of %s in frame %d; the write runs again", task, page, ev.Arg)
	case EvPageReuse:
		return fmt.Sprintf("%s alone maps frame %d (%s): made writable in place, no copy", task, ev.Arg, page)
	case EvPagePrivate:
		return fmt.Sprintf("%s now alone maps frame %d (%s) since %s took a copy: private", task, ev.Arg, page, other)
	}
	return ""
}

// memBytes estimates the memory the address spaces keep, in bytes (Bytes).
func (e *Engine) memBytes() int64 {
	m := &e.memEngine
	n := int64(cap(m.spaces))*88 + int64(cap(m.frames))*8 + int64(cap(m.texts))*24
	for _, s := range m.spaces {
		n += int64(cap(s.pages)) * 8
	}
	for _, t := range m.texts {
		n += int64(cap(t)) * 4
	}
	return n
}
