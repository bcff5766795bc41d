// Command ostep is ProcLab's OSTEP mode as a binary of its own: the seven
// homework simulators of ostep/, byte for byte the output of the Python
// scripts, with nothing of the server linked in (no HTTP, NATS, Prometheus
// or live lab), so that it starts in about a millisecond.
//
//	ostep SIM ARGS...          the same as `proclab ostep SIM ARGS...`
//	SIM[.py] ARGS...           the same, when the binary is invoked under a
//	                           simulator's name (a link named process-run.py,
//	                           scheduler.py, mlfq.py, lottery.py or fork.py)
//	.../threads-intro/x86.py   x86-intro, and x86-locks from threads-locks: a
//	                           link named x86.py (or x86) in the homework's
//	                           folder of that version
//
// SIM is process-run, scheduler, mlfq, lottery, fork, x86-intro
// (threads-intro/x86.py) or x86-locks (threads-locks/x86.py); ARGS are the
// script's own flags. Arguments, output and exit status (0, 1 when stdout
// cannot be written, 2 for a rejected input) are those of ostep.Main, the
// one code path `proclab ostep` runs too. x86 programs (-p FILE) are read
// from the file system, relative to the working directory.
package main

import (
	"io"
	"os"
	"path/filepath"

	"proclab/ostep"
)

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run is the command for argv (the program name first); it returns the
// exit status.
func run(argv []string, stdout, stderr io.Writer) int {
	ostep.ReadFile = ostep.FileReader(func(name string) (io.ReadCloser, error) { return os.Open(name) }) // x86 programs (-p FILE) come from the file system, at most ostep.MaxProgramBytes
	return ostep.Main(simArgs(argv), stdout, stderr)
}

// simArgs turns argv into ostep.Main's arguments: argv[1:], with the
// simulator's name in front when the program is invoked under that name
// (process-run or process-run.py, and so on). x86.py names two versions,
// told apart by the folder the program is invoked from, as the homework
// keeps them: threads-intro or threads-locks (a relative argv[0] is taken
// from the working directory).
func simArgs(argv []string) []string {
	if len(argv) == 0 {
		return nil
	}
	name := filepath.Base(argv[0])
	if ostep.IsSimulator(name) {
		return append([]string{name}, argv[1:]...)
	}
	if name == "x86.py" || name == "x86" {
		if abs, err := filepath.Abs(argv[0]); err == nil {
			switch filepath.Base(filepath.Dir(abs)) {
			case "threads-intro":
				return append([]string{"x86-intro"}, argv[1:]...)
			case "threads-locks":
				return append([]string{"x86-locks"}, argv[1:]...)
			}
		}
	}
	return argv[1:]
}
