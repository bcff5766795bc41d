package sim

import "testing"

// TestProcessRegressions runs the small scenarios FuzzProcesses found
// failing, each with the fuzz test's per-step invariant checks and its
// determinism checks (a second run, and a clone taken part-way).
func TestProcessRegressions(t *testing.T) {
	cases := []struct{ name, text string }{
		{"thread ends leaving a zombie child: PID 1 is woken to reap it", `var x
mutex m
thread t1
  lock m
  lock m
thread t2
  spawn quick
  compute 3
program quick
  exit 0
`},
		{"a fatal signal re-parents the children of every thread it ends", `var x
thread t0
  spawn worker
  compute 3
thread t1
  compute 1
  kill self SIGTERM
program worker
  compute 2
`},
		{"a child adopted by a subreaper's thread has the process's PID as PPID", `var x
thread t0
  compute 4
thread t1
  subreaper
  spawn mid
  compute 12
program mid
  fork
  if parent
    exit 0
  end
  compute 3
`},
		{"a signal to a tracee in t waits for the tracer", `cpus 2
process tracee
  compute 12
process debugger
  trace tracee
  wait
  kill tracee SIGTERM
  kill tracee SIGSTOP
  cont tracee
  wait
  cont tracee
  wait
  cont tracee
`},
		{"a fatal signal to a thread in D ends the other threads at once", `cpus 2
var x
thread t0
  disk 8
thread t1
  compute 12
process killer
  compute 2
  kill t0 SIGTERM
`},
		{"a tracer asleep in wait is woken when its tracee exits", `process tracee
  compute 3
process debugger
  trace tracee
  wait
  cont tracee
  wait
  compute 1
`},
		{"a process marked to die never stops in t", `cpus 1
policy fcfs
process p0 at=1
  kill p1 SIGTERM
  trace p1
  kill p1 SIGSTOP
process p1 at=1
  compute 1
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc, err := Parse(c.text)
			if err != nil {
				t.Fatal(err)
			}
			for _, at := range []int64{1, 3, 7} {
				checkRun(t, sc, c.text, at)
			}
		})
	}
}
