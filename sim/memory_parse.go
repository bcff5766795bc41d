package sim

import (
	"fmt"
	"strings"
)

// The scenario syntax of the memory model (docs/scenario.md, "Memory"):
//
//	memory [text=N] [data=N] [heap=N] [stack=N]   (directive, before every block)
//	process p
//	  memory heap=4                               (this program's image)
//	  write heap 0                                (or a range: write heap 0..3)
//	  read data 0

func init() {
	for code, args := range map[string]string{
		"memory_late":      "",
		"memory_thread":    "",
		"memory_after_use": "",
		"unknown_region":   "text",
		"page_range":       "text, region, max",
	} {
		parseErrorCodes[code] = args
	}
}

// memSpec returns the scenario's memory settings, turning the model on.
func (p *parser) memSpec() *MemSpec {
	if p.sc.Mem == nil {
		p.sc.Mem = &MemSpec{Default: DefaultLayout, Programs: map[int]Layout{}, used: map[int]bool{}}
	}
	return p.sc.Mem
}

// memoryDirective parses the top-level "memory [REGION=PAGES ...]": the
// model is on and these are the sizes of every program that sets none.
func (p *parser) memoryDirective(f []field) error {
	if err := p.once(f[0]); err != nil {
		return err
	}
	if len(p.sc.Programs) > 0 {
		return p.fail(f[0].col, "memory_late", "the memory directive must come before the first process, program or thread block")
	}
	m := p.memSpec()
	m.directive = true
	return p.layout(&m.Default, f[1:])
}

// memoryStatement parses a block's "memory REGION=PAGES ...": the sizes of
// this program's image. It adds no instruction.
func (p *parser) memoryStatement(f []field) error {
	if p.cur.Thread {
		return p.fail(f[0].col, "memory_thread", "a thread has no image of its own: set the sizes of the threads' process with the memory directive at the top")
	}
	m := p.memSpec()
	idx := len(p.sc.Programs) // the index the block will have
	if _, ok := m.Programs[idx]; ok {
		return p.fail(f[0].col, "twice", "%s is given twice", "memory")
	}
	if m.used[idx] {
		return p.fail(f[0].col, "memory_after_use", "memory sizes must come before the program's first read or write")
	}
	if len(f) < 2 {
		return p.fail(f[0].col, "usage", "usage: %s", "memory REGION=PAGES")
	}
	l := m.Default
	if err := p.layout(&l, f[1:]); err != nil {
		return err
	}
	m.Programs[idx] = l
	return nil
}

// layout reads REGION=PAGES settings into l.
func (p *parser) layout(l *Layout, args []field) error {
	for _, a := range args {
		key, val, ok := strings.Cut(a.text, "=")
		if !ok {
			return p.fail(a.col, "options_syntax", "write %s options as key=value", "memory")
		}
		r, ok := ParseRegion(key)
		if !ok {
			return p.fail(a.col, "unknown_option", "unknown %s option %q", "memory", key)
		}
		n, err := p.number(field{val, a.col + len(key) + 1}, 1, MaxRegionPages)
		if err != nil {
			return err
		}
		l[r] = int(n)
	}
	return nil
}

// memoryAccess parses "read REGION PAGE" and "write REGION PAGE" (PAGE may
// be a range FIRST..LAST): one instruction per page, each a micro-step.
func (p *parser) memoryAccess(f []field, in Instr) error {
	word := f[0].text
	if len(f) != 3 {
		return p.fail(f[0].col, "usage", "usage: %s", word+" REGION PAGE")
	}
	r, ok := ParseRegion(f[1].text)
	if !ok {
		return p.fail(f[1].col, "unknown_region", "unknown region %[1]q: use text, data, heap or stack (a pipe or FIFO of that name is declared with pipe %[1]s or fifo %[1]s)", f[1].text)
	}
	m := p.memSpec()
	idx := len(p.sc.Programs)
	size := m.LayoutOf(idx)[r]
	first, last := f[2], f[2]
	if lo, hi, ok := strings.Cut(f[2].text, ".."); ok {
		first, last = field{lo, f[2].col}, field{hi, f[2].col + len(lo) + 2}
	}
	a, err := p.page(first, r, size)
	if err != nil {
		return err
	}
	b, err := p.page(last, r, size)
	if err != nil {
		return err
	}
	if b < a {
		return p.fail(f[2].col, "empty_range", "range %s is empty: the first number must not exceed the second", f[2].text)
	}
	if len(p.cur.Code)+int(b-a+1) > MaxInstructions {
		return p.fail(f[0].col, "program_too_long", "program %s is too long: the limit is %d statements", p.cur.Name, MaxInstructions)
	}
	m.used[idx] = true
	in.Op = OpMemRead
	if word == "write" {
		in.Op = OpMemWrite
	}
	in.Obj = int(r)
	for n := a; n <= b; n++ {
		in.A = n
		if a != b {
			// A thread's pane groups the pages as the micro-steps of one
			// statement; a process's pane lists each page as a statement.
			in.Micro = fmt.Sprintf("%s %s page %d", word, r, n)
			if !p.cur.Thread {
				in.Text = fmt.Sprintf("%s %s %d", word, r, n)
			}
		}
		p.cur.Code = append(p.cur.Code, in)
	}
	return nil
}

// page parses a page number of region r, which has size pages.
func (p *parser) page(f field, r Region, size int) (int64, error) {
	n, err := p.number(f, 0, MaxRegionPages-1)
	if err != nil {
		return 0, err
	}
	if n >= int64(size) {
		return 0, p.fail(f.col, "page_range", "page %s is not in the %s region (pages 0 to %d)", f.text, r, size-1)
	}
	return n, nil
}
