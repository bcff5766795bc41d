package server

import "proclab/sim"

// wireContext is a task's context as a switch saves or restores it
// (sim.TaskContext): PID, its process (tgid: whose page tables it uses),
// pc and source line, and a thread's locals (registers r0, r1, then its
// locals; absent for a process).
type wireContext struct {
	PID    sim.PID `json:"pid"`
	TGID   sim.PID `json:"tgid"`
	PC     int     `json:"pc"`
	Line   int     `json:"line"`
	Locals []int64 `json:"locals,omitempty"`
}

// wireSwitch is one dispatch of a step (sim.ContextSwitch): out is absent
// when the CPU was idle; mm_before and mm_after are the processes whose
// page tables the CPU held before and after (0: none); reload says the
// page-table pointer changed; base and refill are the switching ticks
// charged (switch cost, address-space penalty).
type wireSwitch struct {
	CPU      int          `json:"cpu"`
	Out      *wireContext `json:"out,omitempty"`
	In       wireContext  `json:"in"`
	MMBefore sim.PID      `json:"mm_before"`
	MMAfter  sim.PID      `json:"mm_after"`
	Reload   bool         `json:"reload"`
	Base     int64        `json:"base"`
	Refill   int64        `json:"refill"`
}

// wireSwitchCounters are a run's switch counters so far, in switches and
// ticks (sim.SwitchCounters).
type wireSwitchCounters struct {
	Switches     int64 `json:"switches"`
	AddressSpace int64 `json:"address_space"`
	SwitchTicks  int64 `json:"switch_ticks"`
	BusyTicks    int64 `json:"busy_ticks"`
}

func toWireContext(c sim.TaskContext) wireContext {
	return wireContext{PID: c.PID, TGID: c.TGID, PC: c.PC, Line: c.Line, Locals: c.Locals}
}

func toWireSwitches(sw []sim.ContextSwitch, c *sim.SwitchCounters) ([]wireSwitch, *wireSwitchCounters) {
	var out []wireSwitch
	for _, s := range sw {
		w := wireSwitch{CPU: s.CPU, In: toWireContext(s.In), MMBefore: s.MMBefore, MMAfter: s.MMAfter,
			Reload: s.Reload, Base: s.Base, Refill: s.Refill}
		if s.Out.PID != 0 {
			o := toWireContext(s.Out)
			w.Out = &o
		}
		out = append(out, w)
	}
	if c == nil {
		return out, nil
	}
	return out, &wireSwitchCounters{Switches: c.Switches, AddressSpace: c.AddressSpace, SwitchTicks: c.SwitchTicks, BusyTicks: c.BusyTicks}
}
