package lab

import "proclab/sim"

// Memory is the memory model's state after a step (sim/memory.go): every
// address space the run has made, in creation order, freed ones included,
// and the physical frames in use. It is nil for a scenario that does not
// use memory, so that older scenarios show what they always showed.
type Memory struct {
	Spaces []sim.AddressSpace
	Frames int // frames allocated: mapped, or holding a program's text in the page cache
}

// memoryOf is the memory state of e, or nil when its scenario does not use memory.
func memoryOf(e *sim.Engine) *Memory {
	if !e.Scenario().UsesMemory() {
		return nil
	}
	return &Memory{Spaces: e.AddressSpaces(), Frames: e.FramesInUse()}
}
