// Command proclab-bench times ProcLab's OSTEP simulators on the workloads
// of docs/benchmarks.md, run two ways (--sides): as the lean binary
// (cmd/ostep: `ostep SIM ARGS...`, side "ostep") and as the subcommand of
// the server's binary (`proclab ostep SIM ARGS...`, side "proclab"), and,
// given a checkout of the OSTEP homework
// (github.com/remzi-arpacidusseau/ostep-homework), the Python simulators
// side by side on the same arguments:
//
//	go run ./cmd/proclab-bench                          ProcLab alone, both ways
//	go run ./cmd/proclab-bench --python ~/ostep-homework [--python-runs 1]
//	go run ./cmd/proclab-bench --sides ostep ...        the lean binary only
//
// It prints one table per side; the ratios of each table compare that side
// with Python. Without a checkout, the second side's output is compared
// with the first's.
//
// For every workload it first runs each side once with its output in a
// temporary file and compares the outputs byte for byte (reporting the
// first differing line, or the known difference the workload documents),
// then runs each side --runs (ProcLab) or --python-runs (Python) times
// with stdout on /dev/null and reports the median wall time, start-up
// included (from just before fork to just after wait4), and the largest
// peak RSS (wait4's ru_maxrss; Linux reports at least the bench's own peak
// for a child, since os/exec starts it with vfork, so an RSS not above that
// floor is shown as "≤ floor"), then the ratios: speed-up (Python's wall
// time / ProcLab's) and memory (ProcLab's peak RSS / Python's), and
// whether they meet the targets of issue 14 (≥ 50× and ≤ 1×).
//
// The Python interpreter is --interp (python3; every simulator of these
// workloads runs under Python 2 and 3 alike); when it is a wrapper such as
// a pyenv shim, the interpreter it starts (sys.executable) is timed
// instead, so that the wrapper's own start-up is not counted against
// Python. The binaries are --ostep and --proclab, or built with `go build`
// from this module into a temporary directory. Runs are sequential, one
// process at a time; each has a deadline (--timeout) after which it is
// killed and reported as timed out.
//
// The x86 workloads run test-and-set.s from the checkout's threads-locks
// folder (both sides, in that folder, so the echoed -p path is the same).
// Without --python, ProcLab runs a spin-lock program of its own with the
// same variables (mutex, count) written to a temporary directory.
//
// The exit status is 0 when every run succeeded and every compared output
// matched (or differed only as documented), 1 otherwise, 2 for a bad
// command line. Targets that are not met are reported, not failed on:
// this is a measuring tool.
package main
