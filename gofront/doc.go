// Package gofront compiles a Go program, in the subset docs/go.md
// documents, into a sim.Scenario that the engine runs micro-step by
// micro-step: goroutines become tasks of one process, package-level
// variables become shared memory, and sync, sync/atomic, channels, time,
// os/exec and os/signal calls become the engine's operations.
//
// It only parses and type-checks (go/parser, go/types, go/importer's
// source-free universe): it never compiles or runs the program. It is pure
// and deterministic, like sim.
package gofront
