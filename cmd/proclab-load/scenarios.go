package main

import (
	"fmt"
	"strings"
)

// forkScenario is the slowreader's scenario: one process forks until the
// task limit (4,096 tasks, PID 1 included; the rest of its forks fail) and
// every child sleeps for the rest of the run, so that each snapshot past
// step ~4,100 carries 4,096 tasks. The server's recording budget
// (64 million task-steps, counted against the 16,384-task table of a
// scenario that forks) cuts the run at 3,906 steps.
const forkScenario = `title en: fork until the task limit (proclab-load)
title zh: 一直 fork 到任务上限 (proclab-load)
max_tasks 4096
pid_max 8192
cpus 16
process spawner
  repeat 5000
    fork child
  end
  sleep 100000000
program child
  sleep 100000000
`

// heavyScenario is the leave attack's costly recording: 63 processes that
// compute and yield for ever on 16 CPUs, with max_tasks 64, so that the
// server records its whole step limit (1,000,000 steps) with every CPU busy.
func heavyScenario() string {
	var b strings.Builder
	b.WriteString("title en: the most costly recording (proclab-load)\ntitle zh: 最耗时的录制 (proclab-load)\n")
	b.WriteString("max_tasks 64\ncpus 16\npolicy rr 1\n")
	for i := range 63 {
		fmt.Fprintf(&b, "process p%d\n  repeat 1000000\n    compute 1\n    yield\n  end\n", i)
	}
	return b.String()
}

// exploreScenario is the leave attack's costly exploration: four threads
// each incrementing a shared counter three times, which has far more than
// the server's 200,000-state bound of interleavings.
const exploreScenario = `title en: many interleavings (proclab-load)
title zh: 很多交错 (proclab-load)
policy rr 1
var c = 0
thread t1
  c = c + 1
  c = c + 1
  c = c + 1
thread t2
  c = c + 1
  c = c + 1
  c = c + 1
thread t3
  c = c + 1
  c = c + 1
  c = c + 1
thread t4
  c = c + 1
  c = c + 1
  c = c + 1
`
