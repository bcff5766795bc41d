// Package ostep is ProcLab's OSTEP-compatible mode: Go re-implementations of
// five homework simulators from "Operating Systems: Three Easy Pieces"
// (process-run.py, scheduler.py, mlfq.py, lottery.py and fork.py), written
// from the behavioural description in shared/ostep/SEMANTICS.md. For the
// same arguments they print the same text, byte for byte, as the Python
// scripts, including their quirks and Python's float formatting.
//
// Contract:
//   - Main(args, stdout, stderr) is the only entry point. args[0] names the
//     simulator ("process-run", "scheduler", "mlfq", "lottery", "fork"; a
//     ".py" suffix is accepted) and args[1:] are the script's own flags,
//     parsed the way Python's optparse parses them. It returns the exit
//     status: 0 on success (and for -h/--help), 2 for any rejected input,
//     with one line on stderr. On an error nothing is written to stdout.
//   - The package is pure: arguments in, text out. It imports only the
//     standard library and none of os, net, time or sync, starts no
//     goroutines and has no global mutable state, so concurrent calls to Main
//     are safe.
//   - Randomness is CPython's: MT19937 seeded by init_by_array and
//     random.random() (mt19937.go), never math/rand. fork.py without -s is
//     unseeded in Python; here its default seed -1 is used like
//     random.seed(-1), which seeds as 1, so the output is reproducible.
//   - Everything has a limit (MaxSteps loop iterations, MaxJobs jobs or
//     actions, MaxQueues levels, MaxOutput bytes). Where the Python script
//     would loop forever or crash (an I/O that never completes, an RR
//     quantum of 0, a division by zero), Main reports a usage error instead.
//
// Units: simulated time is in ticks (process-run, mlfq, lottery) or in
// seconds printed as floats (scheduler), exactly as each script prints it.
package ostep
