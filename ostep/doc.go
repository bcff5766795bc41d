// Package ostep is ProcLab's OSTEP-compatible mode: Go re-implementations of
// seven homework simulators from "Operating Systems: Three Easy Pieces"
// (process-run.py, scheduler.py, mlfq.py, lottery.py, fork.py, and the two
// versions of x86.py: threads-intro's and threads-locks'), written
// from the behavioural description in shared/ostep/SEMANTICS.md. For the
// same arguments they print the same text, byte for byte, as the Python
// scripts, including their quirks and Python's float formatting.
//
// Contract:
//   - Main(args, stdout, stderr) is the only entry point. args[0] names the
//     simulator ("process-run", "scheduler", "mlfq", "lottery", "fork",
//     "x86-intro" for threads-intro/x86.py, "x86-locks" for
//     threads-locks/x86.py; a ".py" suffix is accepted) and args[1:] are
//     the script's own flags, parsed the way Python's optparse parses them. It returns the exit
//     status: 0 on success (and for -h/--help), 2 for any rejected input,
//     with one line on stderr, 1 when writing stdout fails. On a rejected
//     input nothing is written to stdout.
//   - The output is streamed through one 64 KiB buffer while the run goes
//     on: memory stays flat however long the run, and there is no limit on
//     the output's size. To keep stdout empty on an error found part-way
//     (a step limit, an x86 fault), Main simulates each run twice: once
//     formatting nothing, to find every error, then for real. Where an
//     upper bound of a run's length proves that it stays below the step
//     limit (scheduler's round robin before it starts, mlfq as it goes),
//     the first pass stops there, having nothing left to find.
//   - The package is pure: arguments in, text out. It imports only the
//     standard library and none of os, net, time or sync, starts no
//     goroutines and has no global mutable state except the ReadFile hook
//     (below), which is set once at start-up, so concurrent calls to Main
//     are safe.
//   - x86.py reads its program from a file (-p F). The package does no I/O:
//     it reads F through the exported hook ReadFile, nil by default (then
//     -p fails with a usage error). The proclab command (proclab ostep)
//     and the lean ostep command (cmd/ostep, the simulators without the
//     server) set it to os.ReadFile and call Main; tests point it at
//     shared/ostep/programs. IsSimulator(name) tells whether Main knows a
//     simulator, so that cmd/ostep can run as one under its name.
//   - Numbers are read as Python reads them: an int option as optparse
//     does (0x, 0o, 0b and a leading 0, underscores between digits), a
//     seed of any size kept whole (pyInt), the floats of -l lists with
//     float() (nan, inf, 1e21, 50.5). A value Python would use but that is
//     beyond an int64 elsewhere is refused with a usage error.
//   - Randomness is CPython's: MT19937 seeded by init_by_array and
//     random.random() (mt19937.go), never math/rand. fork.py without -s is
//     unseeded in Python; here its default seed -1 is used like
//     random.seed(-1), which seeds as 1, so the output is reproducible.
//   - Everything has a limit (MaxSteps loop iterations or x86 instructions,
//     MaxJobs jobs or actions, MaxQueues levels, MaxOutput bytes for the
//     text WorkloadOf reads,
//     MaxX86Instrs instructions in a program, MaxProgramBytes of program
//     file read through FileReader, MaxX86Threads threads, MaxX86MemKB of
//     memory). Where the Python script would loop forever or
//     crash (an I/O that never completes, an RR quantum of 0, a division by
//     zero, an x86 program that spins forever, runs off its end, touches an
//     address outside memory or its own code, or overflows 64 bits), Main
//     reports a usage error instead.
//
// Units: simulated time is in ticks (process-run, mlfq, lottery), in
// seconds printed as floats (scheduler) or in instructions (x86), exactly as
// each script prints it.
//
// # x86 programs for drawing
//
// The x86 simulators are also available step by step, for drawing a run
// (a code pane with each thread's current instruction, registers and
// memory per thread, interrupts as context switches):
//
//   - ParseX86(src, locksVersion) parses a .s program with the rules of the
//     threads-locks version (locksVersion) or the threads-intro one into an
//     *X86Program: Instrs (each with its source Text, Line and Op; the
//     instruction i sits at address load+i), Labels (label -> instruction
//     index) and Vars (name, address, words). A rejected line is an
//     *X86SyntaxError with its line number.
//   - RunX86(prog, opts) runs it with X86Options (Threads, Interrupt,
//     Random, Seed, Schedule, Argv, LoadAddr, MemSizeKB; start from
//     DefaultX86Options()). A manual Schedule (-P) implies an interrupt
//     after every instruction, as x86.py does.
//   - X86(args, locks) does the same from x86.py's flags, reading -p through
//     ReadFile; X86Source(args, locks, src, limit) takes the program text instead.
//
// The result, *X86Run, has Start (each thread's registers before the first
// instruction), First (the thread that runs first) and Steps: per executed
// instruction, the Thread, the PC, the source Text, that thread's Regs
// (X86Regs, indexed X86AX..X86BP; X86RegName(r) names them) and Flags
// (>=, >, <=, <, !=, ==) after it, the memory Writes it made, whether it
// Halted, and the Switches printed after it (Kind "halt" or "interrupt",
// To the thread that runs next; an interrupt may land on the same thread).
// MemoryAfter(i) replays the writes into the data memory after step i.
// Values are int64 (Python's are unbounded; a run that overflows stops with
// an error). On a run-time error RunX86 returns the steps so far with the
// error.
package ostep
