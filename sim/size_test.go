package sim

import "unsafe"

// Sizes used by the benchmarks to report checkpoint memory.
const (
	sizeofTask   = unsafe.Sizeof(Task{})
	sizeofEngine = unsafe.Sizeof(Engine{})
	sizeofEvent  = unsafe.Sizeof(Event{})
)
