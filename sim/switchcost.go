package sim

import "strings"

// This file is what a context switch saves, restores and costs
// (docs/scheduling.md, "Context switches"; docs/scenario.md, "What a
// context switch costs").
//
// A switch on a CPU saves the outgoing task's context (its PC, its stack
// pointer and its registers, which the kernel keeps on the task's kernel
// stack and in its task_struct) and restores the incoming one's. The
// page-table pointer (CR3 on x86-64) is not part of a task's context: it
// belongs to the process's address space (its mm), so it is loaded only
// when the incoming task belongs to another process than the one whose
// page tables the CPU holds. Between two threads of one process the
// pointer stays; between two processes it changes, and without PCID the
// TLB is flushed (with PCID the entries are tagged and kept, but the
// incoming process's data is still not in the caches): the task then runs
// slowly while the TLB and caches refill. The scenario line
// "switch_cost C mm=M" charges C ticks for every switch to another task
// and M more when the address space changes; the refill cost is charged
// as switching ticks before the task runs, although a real CPU pays it
// during the task's first instructions.
//
// Like Linux's lazy TLB mode, an idle CPU keeps the page tables of the
// task that ran last: a task of that same process dispatched after the
// idle time pays no refill.

// switchTask is a task's part of this file's state.
type switchTask struct {
	// switchMM is 1 + the index in Engine.tasks of the leader of the thread group
	// whose address space the task uses (0: not known yet; it is set at the
	// task's first dispatch). Exec gives a process a new address space, but
	// only a process with one thread may exec (threads cannot, see
	// parse.go), so the identity of its leader still tells processes apart.
	switchMM int32
}

// switchEngine is the engine's part of this file's state.
type switchEngine struct {
	switchTicks int64           // ticks the CPUs spent switching (base and refill)
	mmSwitches  int64           // switches that loaded another address space
	recStep     int64           // the step recs belongs to
	recs        []ContextSwitch // the switches of step recStep; its array is reused from step to step, so clones copy it
	recLocals   []int64         // the locals the contexts of recs point into; reused like recs
}

// TaskContext is a task's context as a switch saves or restores it: its
// PID and process (TGID: its page tables belong to that process), the
// instruction it is at (PC, and the scenario line), and its registers and
// locals (a thread's local slots, r0 and r1 first; nil for a process,
// whose statements keep no values). Its stack pointer is the task's own
// stack: the simulation names stacks and has no addresses.
type TaskContext struct {
	PID, TGID PID
	PC, Line  int
	Locals    []int64
}

// ContextSwitch is one dispatch on a CPU as the context-switch card shows
// it. Out is the task whose context was saved when it left this CPU (PID
// 0: the CPU was idle, so nothing of a task is saved now), In the task
// whose context is restored (Out.PID == In.PID: the same task comes back,
// nothing is switched). MMBefore is the process whose page tables the CPU
// held (0: none yet), MMAfter the incoming task's process; Reload says
// that the page-table pointer changed. Base and Refill are the switching
// ticks charged: the switch cost, and the address-space penalty.
type ContextSwitch struct {
	CPU               int
	Out, In           TaskContext
	MMBefore, MMAfter PID
	Reload            bool
	Base, Refill      int64
}

// SwitchCounters are a run's switch counters so far: switches to another
// task (Engine.ContextSwitches), how many of them loaded another address
// space (whether or not the scenario charges a penalty for it), the ticks
// CPUs spent switching, and the ticks they ran tasks.
type SwitchCounters struct {
	Switches     int64
	AddressSpace int64
	SwitchTicks  int64
	BusyTicks    int64
}

// SwitchCounters returns the run's switch counters so far.
func (e *Engine) SwitchCounters() SwitchCounters {
	return SwitchCounters{Switches: e.switches, AddressSpace: e.mmSwitches, SwitchTicks: e.switchTicks, BusyTicks: e.busy}
}

// StepSwitches returns the dispatches of the last step, in the order
// they happened (a CPU may dispatch twice in a step when a preemptive
// policy replaces the task it just took), as
// a new copy, which the caller may keep.
func (e *Engine) StepSwitches() []ContextSwitch {
	if e.recStep != e.step || len(e.recs) == 0 {
		return nil
	}
	return copySwitches(e.recs)
}

// copySwitches returns a copy of recs that shares no memory with it.
func copySwitches(recs []ContextSwitch) []ContextSwitch {
	if len(recs) == 0 {
		return nil
	}
	out := append([]ContextSwitch(nil), recs...)
	for k := range out {
		out[k].In.Locals = append([]int64(nil), out[k].In.Locals...)
		out[k].Out.Locals = append([]int64(nil), out[k].Out.Locals...)
	}
	return out
}

// mmOf returns the address-space identity of the task at index i (see
// switchTask.mm), setting it at the task's first dispatch.
func (e *Engine) mmOf(i int32) int32 {
	t := &e.tasks[i]
	if t.switchMM == 0 {
		l := i
		if !t.Leader() {
			l = e.leaderOf(i) // alive: a thread being dispatched keeps its leader from being reaped
		}
		if l != i {
			t.switchMM = e.mmOf(l)
		} else {
			t.switchMM = i + 1
		}
	}
	return t.switchMM
}

// chargeSwitch returns the switching ticks of a dispatch of the task at
// index i on a CPU whose last task was the one at index last (a different
// task): the switch cost, plus the address-space penalty when they belong
// to different processes.
func (e *Engine) chargeSwitch(last, i int32) (total, refill int64) {
	if e.mmOf(last) != e.mmOf(i) {
		refill = e.sc.MMSwitchCost
		e.mmSwitches++ // counted whatever the penalty: the card says the pointer changed
	}
	return e.sc.SwitchCost + refill, refill
}

// spendSwitchTick counts one tick a CPU spends switching.
func (e *Engine) spendSwitchTick() { e.switchTicks++ }

// noteSwitch records the dispatch of the task at index i on CPU c, before
// the CPU's state changes: hadOut says a task left the CPU (the switch
// event's Other), charge and refill are the event's Value and Arg. It takes
// values, not the event, so that the event stays on the stack. Exploring
// records nothing (nobody views it).
func (e *Engine) noteSwitch(c int, i int32, hadOut bool, charge, refill int64) {
	if e.explore {
		return
	}
	cpu := &e.cpus[c]
	if e.recStep != e.step { // the step's first switch: the last step's records go
		e.recStep, e.recs, e.recLocals = e.step, e.recs[:0], e.recLocals[:0] // reused: clones and StepSwitches copy them
	}
	rec := ContextSwitch{CPU: c, In: e.contextOf(i), Base: charge - refill, Refill: refill}
	if hadOut {
		rec.Out = e.contextOf(cpu.prev)
	}
	rec.MMAfter = e.tasks[i].TGID
	if cpu.last >= 0 {
		rec.MMBefore = e.tasks[cpu.last].TGID
		rec.Reload = cpu.last != i && e.mmOf(cpu.last) != e.mmOf(i)
	} else {
		rec.Reload = true // the first task on this CPU: its page tables are loaded
	}
	e.recs = append(e.recs, rec)
}

// switchBytes estimates the memory of the last step's switch records, in
// bytes (Recording.Bytes): a ContextSwitch is 136 bytes, and each context
// of a thread keeps its locals (8 bytes each). Clones share the records.
func (e *Engine) switchBytes() int64 {
	n := int64(cap(e.recs)) * 136
	for k := range e.recs {
		n += int64(cap(e.recs[k].Out.Locals)+cap(e.recs[k].In.Locals)) * 8
	}
	return n
}

// contextOf returns the context of the task at index i as it is now.
func (e *Engine) contextOf(i int32) TaskContext {
	t := &e.tasks[i]
	ctx := TaskContext{PID: t.PID, TGID: t.TGID, PC: t.PC, Line: e.Line(t)}
	if t.Program >= 0 && e.sc.Programs[t.Program].Thread {
		// Into the engine's reused buffer: no allocation per dispatch.
		from := len(e.recLocals)
		e.recLocals = append(e.recLocals, t.Locals[:len(e.sc.Programs[t.Program].Locals)]...)
		ctx.Locals = e.recLocals[from:len(e.recLocals):len(e.recLocals)]
	}
	return ctx
}

// hashSwitches adds this file's state to a StateHash digest. Only
// scenarios with an address-space penalty add anything, so that the
// digests of older scenarios (stored in the link corpus) stay the same.
func (e *Engine) hashSwitches(d *digest) {
	if e.sc.MMSwitchCost == 0 {
		return
	}
	d.int(e.mmSwitches)
	d.int(e.switchTicks)
}

// switchCost reads "switch_cost C [mm=M]" after its keyword was checked
// to appear once.
func (p *parser) switchCost(f []field) error {
	if len(f) != 2 && len(f) != 3 {
		return p.fail(f[0].col, "switch_cost_syntax", "switch_cost takes one number of ticks")
	}
	n, err := p.number(f[1], 0, MaxSwitchCost)
	if err != nil {
		return err
	}
	p.sc.SwitchCost = n
	if len(f) == 3 {
		key, val, ok := strings.Cut(f[2].text, "=")
		if !ok || key != "mm" {
			return p.fail(f[2].col, "switch_cost_mm", `write the address-space penalty as mm=N, e.g. "switch_cost 1 mm=2"`)
		}
		m, err := p.number(field{val, f[2].col + len(key) + 1}, 0, MaxSwitchCost)
		if err != nil {
			return err
		}
		p.sc.MMSwitchCost = m
	}
	return nil
}
