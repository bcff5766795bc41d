package main

import (
	"syscall"
)

// nofileLimit is the tool's limit on open files as it was when it started,
// restored after each scenario so that servers started later inherit the
// usual limit, not one raised for an attack.
var nofileLimit = func() syscall.Rlimit {
	var r syscall.Rlimit
	_ = syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r)
	return r
}()

// raiseNofile makes at least need file descriptors available to this
// process if it can: the soft limit up to the hard one, and the hard one
// too when the process may (root). It returns the soft limit now in force.
// Not safe for concurrent use.
func raiseNofile(need uint64) uint64 {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return 0
	}
	if r.Cur >= need {
		return r.Cur
	}
	want := syscall.Rlimit{Cur: need, Max: max(need, r.Max)}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err == nil {
		return need
	}
	want = syscall.Rlimit{Cur: r.Max, Max: r.Max}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err == nil {
		return r.Max
	}
	return r.Cur
}

// restoreNofile puts back the limit the tool started with.
func restoreNofile() {
	r := nofileLimit
	_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &r)
}
