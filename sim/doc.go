// Package sim is ProcLab's deterministic process simulator.
//
// A Scenario (parsed from the text format in docs/scenario.md) becomes an
// Engine. Each call to Engine.Step advances the simulated clock by one tick
// on every CPU and returns the events of that tick. The same scenario, seed
// and choices always produce the same events, byte for byte.
//
// Contract:
//   - sim imports only the standard library, and none of os, net, time, sync
//     or any package that does I/O (a test enforces this). It never starts a
//     goroutine and never reads a clock: the step counter is the clock.
//   - An Engine is not safe for concurrent use; one goroutine owns it.
//     Clone makes an independent copy that shares only immutable data.
//   - Everything has a limit (tasks, program length, steps). Reaching one is
//     an Event (EvLimit) or an error, never a panic.
//
// Units: one step is one tick of the simulated clock. Tick k covers the
// time interval [k-1, k); step 0 is the initial state, before any tick.
package sim
