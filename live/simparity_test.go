//go:build linux

package live

import (
	"fmt"
	"strings"
	"testing"

	"proclab/sim"
)

// This file runs each parity case (parity_test.go) in the simulator and
// checks that it gives the outcome the real kernel gave, field by field: the
// states at the same checkpoints, the wait status, the pending signals and,
// where the simulator can say it, the fact. TestParity holds the real
// processes to the same wants, so a simulator that drifts from Linux, or a
// kernel that behaves differently, fails one of the two. It needs no root.

// checkpoint names a moment of a simulated run, counted in the signals sent
// to the target by a task (the kernel's own signals are not counted):
// before the k-th one, right after it (the end of its step), or the end
// (k 0: the target's last state before it was reaped).
type checkpoint struct {
	after bool
	k     int
}

func before(k int) checkpoint { return checkpoint{false, k} }
func after(k int) checkpoint  { return checkpoint{true, k} }

var atEnd = checkpoint{}

// simCase is a parity case as a scenario: target names the task the probe
// watches (its first task of that name), states the checkpoints of
// ProbeOutcome.States, pending the one of ProbeOutcome.Pending (nil: none
// is taken), and fact, if set, says ProbeOutcome.Fact. A fact the simulator
// cannot know (a kernel wait channel) is left out of the comparison.
type simCase struct {
	scenario string
	target   string
	states   []checkpoint
	pending  *checkpoint
	fact     func(r *simRun) string
}

var simParity = map[string]simCase{
	"sigterm": {target: "p", states: []checkpoint{before(1), atEnd}, scenario: `
cpus 2
process p
  sleep 50
process ctl
  compute 2
  kill p SIGTERM
`},
	"term to a stopped process": {target: "p", states: []checkpoint{before(1), after(1), after(2), atEnd}, pending: &checkpoint{true, 2}, scenario: `
cpus 2
process p
  sleep 50
process ctl
  compute 2
  kill p SIGSTOP
  kill p SIGTERM
  kill p SIGCONT
`},
	"kill to a stopped process": {target: "p", states: []checkpoint{before(1), after(1), atEnd}, scenario: `
cpus 2
process p
  sleep 50
process ctl
  compute 2
  kill p SIGSTOP
  kill p SIGKILL
`},
	"term then stop": {target: "p", states: []checkpoint{before(1), after(2), atEnd}, scenario: `
cpus 2
process p
  sleep 50
process ctl
  compute 2
  kill p SIGTERM
  kill p SIGSTOP
`},
	"term with a stop pending in D": {target: "p", states: []checkpoint{before(1), after(1), atEnd}, pending: &checkpoint{true, 1}, scenario: `
cpus 2
process p
  disk 60 killable
process ctl
  compute 2
  kill p SIGSTOP
  kill p SIGTERM
`},
	"orphaned stopped group": {target: "c", states: []checkpoint{after(1), atEnd}, scenario: `
process s
  fork
  if child
    setpgid
    spawn c
    kill child SIGSTOP
    compute 2
    exit 0
  end
  sleep 40
program c
  sleep 50
`},
	"killable D": {target: "p", states: []checkpoint{before(1), atEnd}, scenario: `
cpus 2
process p
  disk 60 killable
process ctl
  compute 2
  kill p SIGKILL
`},
	"uninterruptible D": {target: "p", states: []checkpoint{before(1), after(1), atEnd}, pending: &checkpoint{true, 1}, scenario: `
cpus 2
process p
  disk 8
process ctl
  compute 2
  kill p SIGKILL
`},
	"stop pending, no SIGCONT": {target: "p", states: []checkpoint{before(1), after(1), before(2)}, pending: &checkpoint{true, 1}, scenario: `
cpus 2
process p
  disk 4 killable
  sleep 60
process ctl
  compute 1
  kill p SIGSTOP
  sleep 10
  kill p SIGKILL
`},
	"SIGCONT cancels a pending stop": {target: "p", states: []checkpoint{before(1), after(1), before(3)}, scenario: `
cpus 2
process p
  disk 4 killable
  sleep 60
process ctl
  compute 1
  kill p SIGSTOP
  kill p SIGCONT
  sleep 10
  kill p SIGKILL
`},
	"exec keeps the PID": {target: "sh", states: []checkpoint{after(1), before(2)}, fact: execFact, scenario: `
cpus 2
process sh
  io 3
  exec sleep
process ctl
  compute 1
  kill sh SIGCHLD
  sleep 8
  kill 2 SIGTERM
program sleep
  sleep 60
`},
	"kill on a zombie": {target: "z", states: []checkpoint{after(1), after(2)}, fact: killFact, scenario: `
process ctl
  spawn z
  compute 3
  kill z SIGTERM
  kill z SIGKILL
  wait
  kill 3 SIGTERM
program z
  exit 3
`},
}

// simRun is a finished simulated run, as the checkpoints see it.
type simRun struct {
	target  sim.PID
	letters []string  // the target's state letter at the end of each step (index = step)
	pending []uint32  // its pending signals at the end of each step
	names   []string  // its name at the end of each step
	signals []int64   // the steps of the signals tasks sent it, in order
	kills   []string  // the result of each kill statement of every task: "0" or "ESRCH"
	ppids   []sim.PID // its parent at the end of each step
	last    *sim.Task // the target at the end
	events  []sim.Event
}

func runSim(t *testing.T, sc simCase) *simRun {
	t.Helper()
	scn, err := sim.Parse(sc.scenario)
	if err != nil {
		t.Fatalf("scenario: %v", err)
	}
	e := sim.New(scn, sim.Options{MaxSteps: 1000})
	r := &simRun{letters: []string{"-"}, pending: []uint32{0}, names: []string{""}, ppids: []sim.PID{0}}
	for !e.Done() {
		evs := e.Step()
		for _, ev := range evs {
			if r.target == 0 && ev.Kind == sim.EvCreated {
				for _, tk := range e.Tasks() {
					if tk.PID == ev.Task && tk.Name == sc.target {
						r.target = tk.PID
					}
				}
			}
			if ev.Kind == sim.EvExec && r.target == 0 && scn.Programs[ev.Value].Name == sc.target {
				r.target = ev.Task
			}
			if ev.Kind == sim.EvSignalSent && ev.Task == r.target && r.target != 0 && ev.Other != 0 {
				r.signals = append(r.signals, ev.Step)
			}
			switch ev.Kind {
			case sim.EvSyscall:
				if sim.Syscall(ev.Value) == sim.SysKill {
					r.kills = append(r.kills, "0")
				}
			case sim.EvKillFailed:
				r.kills[len(r.kills)-1] = "ESRCH"
			}
		}
		r.events = append(r.events, evs...)
		letter, pend, name, ppid := "-", uint32(0), "", sim.PID(0)
		for i := range e.Tasks() {
			if tk := &e.Tasks()[i]; tk.PID == r.target && r.target != 0 {
				letter, pend, name, ppid = tk.State.Letter(), tk.Pending, tk.Name, tk.PPID
				copy := *tk
				r.last = &copy
			}
		}
		r.letters, r.pending, r.names, r.ppids = append(r.letters, letter), append(r.pending, pend), append(r.names, name), append(r.ppids, ppid)
	}
	if r.last == nil {
		t.Fatalf("no task named %q", sc.target)
	}
	return r
}

// stepOf returns the step whose end a checkpoint looks at.
func (r *simRun) stepOf(t *testing.T, c checkpoint) int {
	t.Helper()
	if c == atEnd {
		for s := len(r.letters) - 1; s > 0; s-- {
			if r.letters[s] != "X" {
				return s
			}
		}
		return 0
	}
	if c.k < 1 || c.k > len(r.signals) {
		t.Fatalf("checkpoint %+v: the target got %d signals", c, len(r.signals))
	}
	s := int(r.signals[c.k-1])
	if !c.after {
		s--
	}
	return s
}

func pendingNames(set uint32) string {
	var names []string
	for n := 1; n <= 31; n++ {
		if set&(1<<(n-1)) != 0 {
			names = append(names, SignalName(n))
		}
	}
	return strings.Join(names, " ")
}

func (r *simRun) outcome(t *testing.T, sc simCase) ProbeOutcome {
	var states []string
	for _, c := range sc.states {
		states = append(states, r.letters[r.stepOf(t, c)])
	}
	out := ProbeOutcome{States: strings.Join(states, " "), Status: WaitStatus{Known: true, Code: r.last.ExitCode, Signal: int(r.last.Signal)}}
	if r.last.Signal != 0 {
		out.Status.Code = 0
	}
	if sc.pending != nil {
		out.Pending = pendingNames(r.pending[r.stepOf(t, *sc.pending)])
	}
	if sc.fact != nil {
		out.Fact = sc.fact(r)
	}
	return out
}

// execFact says what the exec probe says: the program before and after the
// exec, and whether the process (PID) and its parent stayed.
func execFact(r *simRun) string {
	first, last := "", ""
	samePPID := true
	for s, n := range r.names {
		if n == "" {
			continue
		}
		if first == "" {
			first = n
		}
		if r.letters[s] != "Z" && r.letters[s] != "X" {
			last = n
		}
		samePPID = samePPID && r.ppids[s] == r.ppids[len(r.ppids)-1]
	}
	return fmt.Sprintf("%s -> %s, same process %v, same parent %v", first, last, r.last.PID == r.target, samePPID)
}

// killFact says what each kill() of the zombie probe returned.
func killFact(r *simRun) string {
	if len(r.kills) != 3 {
		return fmt.Sprintf("%d kills", len(r.kills))
	}
	return fmt.Sprintf("kill TERM: %s, kill KILL: %s, after the reap: %s", r.kills[0], r.kills[1], r.kills[2])
}

// TestSimParity runs every parity case in the simulator.
func TestSimParity(t *testing.T) {
	if len(simParity) != len(parityCases) {
		t.Errorf("%d parity cases, %d scenarios: give every case a scenario", len(parityCases), len(simParity))
	}
	for _, pc := range parityCases {
		t.Run(pc.name, func(t *testing.T) {
			sc, ok := simParity[pc.name]
			if !ok {
				t.Fatalf("no scenario for parity case %q", pc.name)
			}
			r := runSim(t, sc)
			got := r.outcome(t, sc)
			want := pc.want
			if sc.fact == nil {
				want.Fact = "" // a wait channel: the simulator has none
			}
			if got != want {
				t.Errorf("simulator: got %+v; the kernel gave %+v", got, want)
			}
		})
	}
}
