// Package gofront compiles a Go program, in the subset docs/go.md
// documents, into a sim.Scenario that the engine runs micro-step by
// micro-step: goroutines become tasks of one process, package-level
// variables become shared memory, and sync, sync/atomic, channels, time,
// os/exec and os/signal calls become the engine's operations.
//
// It only parses (go/parser) and type-checks (go/types, against small
// stand-ins of the importable packages that declare only what the subset
// supports, shims.go): it never compiles or runs the program. It is pure
// and deterministic, like sim, and starts no goroutine; Compile may be
// called from several goroutines at once.
//
// The compilation, file by file: compile.go reads the file and the
// package-level variables; header.go the settings in the leading comments
// and the type errors; analyze.go decides how goroutines get the locals
// they capture; program.go holds the program being filled (slots, labels,
// bindings); stmt.go, expr.go, calls.go (inlined calls), objects.go
// (channels and sync values bound at compile time), goroutine.go (go,
// defer, channels, select), library.go and print.go (the library calls)
// emit the micro-steps; kinds.go maps Go types to the engine's.
package gofront
