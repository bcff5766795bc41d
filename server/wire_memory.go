package server

import (
	"fmt"

	"proclab/lab"
	"proclab/sim"
)

// wireMemory is the memory model's state at a step (sim/memory.go): the
// address spaces in creation order (freed ones too, with the step they
// were freed in and no regions) and the physical frames in use.
type wireMemory struct {
	Frames int             `json:"frames"`
	Spaces []wireAddrSpace `json:"spaces"`
}

// wireAddrSpace is one process's address space. Its counters are those of
// /proc/PID/smaps_rollup, in KiB.
type wireAddrSpace struct {
	PID     sim.PID      `json:"pid"`
	Program int          `json:"program"`
	Freed   int64        `json:"freed,omitempty"`
	Regions []wireRegion `json:"regions"`
	Smaps   wireSmaps    `json:"smaps"`
}

// wireRegion is one region: its name (text, data, heap, stack), its
// permissions as /proc/PID/maps writes them, the address of its lowest
// page (hex) and its pages in page-number order.
type wireRegion struct {
	Name  string     `json:"name"`
	Perm  string     `json:"perm"`
	Start string     `json:"start"`
	Pages []wirePage `json:"pages"`
}

// wirePage is one page: its address (hex), the frame it maps, that frame's
// mapcount, and whether a write goes through (false: read-only text, or
// copy-on-write) and whether it is dirty.
type wirePage struct {
	Addr     string `json:"addr"`
	Frame    int32  `json:"frame"`
	Maps     int32  `json:"maps"`
	Writable bool   `json:"writable"`
	Dirty    bool   `json:"dirty"`
}

// wireSmaps are the counters in KiB.
type wireSmaps struct {
	Rss          int64 `json:"rss"`
	Pss          int64 `json:"pss"`
	SharedClean  int64 `json:"shared_clean"`
	SharedDirty  int64 `json:"shared_dirty"`
	PrivateClean int64 `json:"private_clean"`
	PrivateDirty int64 `json:"private_dirty"`
}

func toWireMemory(m *lab.Memory) *wireMemory {
	if m == nil {
		return nil
	}
	w := &wireMemory{Frames: m.Frames, Spaces: make([]wireAddrSpace, 0, len(m.Spaces))}
	for _, s := range m.Spaces {
		a := wireAddrSpace{PID: s.PID, Program: s.Program, Freed: s.Freed, Regions: []wireRegion{},
			Smaps: wireSmaps{Rss: s.Smaps.Rss, Pss: s.Smaps.Pss, SharedClean: s.Smaps.SharedClean,
				SharedDirty: s.Smaps.SharedDirty, PrivateClean: s.Smaps.PrivateClean, PrivateDirty: s.Smaps.PrivateDirty}}
		for _, r := range s.Regions {
			perm := "rw-p"
			if !r.Region.Writable() {
				perm = "r-xp"
			}
			wr := wireRegion{Name: r.Region.String(), Perm: perm, Start: fmt.Sprintf("%#x", r.Start), Pages: make([]wirePage, 0, len(r.Pages))}
			for _, p := range r.Pages {
				wr.Pages = append(wr.Pages, wirePage{Addr: fmt.Sprintf("%#x", p.Addr), Frame: p.Frame, Maps: p.Maps, Writable: p.Writable, Dirty: p.Dirty})
			}
			a.Regions = append(a.Regions, wr)
		}
		w.Spaces = append(w.Spaces, a)
	}
	return w
}
