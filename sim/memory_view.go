package sim

import (
	"fmt"
	"io"
	"strings"
)

// This file is what a viewer reads of the memory model: each address
// space's regions and pages, and its counters as /proc/PID/smaps_rollup
// shows them.

// Page is one page of an address space as a viewer sees it.
type Page struct {
	Addr     uint64 // its virtual address
	Frame    int32  // the physical frame it maps
	Maps     int32  // how many page tables map that frame (the kernel's mapcount)
	Writable bool   // a write goes through without a fault (false: read-only text, or copy-on-write)
	Dirty    bool   // written (the PTE's dirty bit)
}

// RegionPages is one region of an address space and its pages, lowest
// address first (for the stack, page 0 is the top page: the last one).
type RegionPages struct {
	Region Region
	Start  uint64 // the address of its lowest page
	Pages  []Page // in page-number order
}

// Smaps are an address space's counters as the kernel computes them for
// /proc/PID/smaps_rollup (fs/proc/task_mmu.c, smaps_account), in KiB as it
// prints them: Rss counts every mapped page; Pss adds PageSize/mapcount
// per page in fixed point (12 fraction bits) and is printed truncated; a
// page mapped more than once is shared, else private; it is dirty when its
// PTE is.
type Smaps struct {
	Rss, Pss                   int64
	SharedClean, SharedDirty   int64
	PrivateClean, PrivateDirty int64
}

// AddressSpace is one process's address space as a viewer sees it.
type AddressSpace struct {
	PID     PID   // the process (its thread group's leader)
	Program int   // the program whose image it holds
	Freed   int64 // the step its process exited in and it was freed (0: in use; then Regions is empty)
	Regions []RegionPages
	Smaps   Smaps
}

// pssShift is the kernel's PSS_SHIFT: Pss is summed in 1/4096ths of a byte.
const pssShift = 12

// smaps computes the counters of address space s.
func (e *Engine) smaps(s *addrSpace) Smaps {
	var out Smaps
	var pss uint64
	for _, p := range s.pages {
		n := e.memEngine.frames[p.frame].maps
		share := uint64(PageSize) << pssShift
		if n >= 2 {
			share /= uint64(n)
		}
		pss += share
		out.Rss += PageSize
		switch {
		case n >= 2 && p.dirty:
			out.SharedDirty += PageSize
		case n >= 2:
			out.SharedClean += PageSize
		case p.dirty:
			out.PrivateDirty += PageSize
		default:
			out.PrivateClean += PageSize
		}
	}
	out.Pss = int64(pss>>pssShift) >> 10
	out.Rss >>= 10
	out.SharedClean >>= 10
	out.SharedDirty >>= 10
	out.PrivateClean >>= 10
	out.PrivateDirty >>= 10
	return out
}

// AddressSpaces returns every address space the run has made, in order of
// creation (an exec'd process keeps its place), freed ones included; nil
// for a scenario that does not use memory. The result is a copy.
func (e *Engine) AddressSpaces() []AddressSpace {
	if e.sc.Mem == nil {
		return nil
	}
	m := &e.memEngine
	out := make([]AddressSpace, 0, len(m.spaces))
	for k := range m.spaces {
		s := &m.spaces[k]
		a := AddressSpace{PID: s.owner, Program: s.prog, Freed: s.freed}
		if s.pages != nil {
			for r := Region(0); r < numRegions; r++ {
				rp := RegionPages{Region: r, Start: s.layout.Addr(r, 0)}
				if r == RegionStack {
					rp.Start = s.layout.Addr(r, s.layout[r]-1)
				}
				base := s.layout.start(r)
				for n := range s.layout[r] {
					p := s.pages[base+n]
					rp.Pages = append(rp.Pages, Page{Addr: s.layout.Addr(r, n), Frame: p.frame,
						Maps: m.frames[p.frame].maps, Writable: p.writable, Dirty: p.dirty})
				}
				a.Regions = append(a.Regions, rp)
			}
			a.Smaps = e.smaps(s)
		}
		out = append(out, a)
	}
	return out
}

// FramesInUse returns how many physical frames are allocated: mapped by
// some page table, or holding a program's text in the page cache.
func (e *Engine) FramesInUse() int {
	n := 0
	for _, f := range e.memEngine.frames {
		if f.maps > 0 || f.cache {
			n++
		}
	}
	return n
}

// writeMemory ends a trace (WriteTrace) with one line per address space:
// its counters in KiB and its pages (frame, then w for writable and d for
// dirty), or the step it was freed in. It writes nothing for a scenario
// that does not use memory.
func writeMemory(w io.Writer, e *Engine) error {
	for _, a := range e.AddressSpaces() {
		if a.Freed != 0 {
			if _, err := fmt.Fprintf(w, "mm P%d %s freed at step %d\n", a.PID, e.sc.programName(int64(a.Program)), a.Freed); err != nil {
				return err
			}
			continue
		}
		var b strings.Builder
		s := a.Smaps
		fmt.Fprintf(&b, "mm P%d %s rss=%d pss=%d shared_clean=%d shared_dirty=%d private_clean=%d private_dirty=%d",
			a.PID, e.sc.programName(int64(a.Program)), s.Rss, s.Pss, s.SharedClean, s.SharedDirty, s.PrivateClean, s.PrivateDirty)
		for _, r := range a.Regions {
			fmt.Fprintf(&b, " %s@%#x[", r.Region, r.Start)
			for k, p := range r.Pages {
				if k > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "%d", p.Frame)
				if p.Writable {
					b.WriteByte('w')
				}
				if p.Dirty {
					b.WriteByte('d')
				}
			}
			b.WriteByte(']')
		}
		if _, err := fmt.Fprintln(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
