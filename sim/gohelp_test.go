package sim

import (
	"fmt"
	"strings"
	"testing"
)

// This file builds Go-program scenarios by hand for the engine's tests, as
// the gofront compiler would: one process whose main (program 0) arrives
// at time 0, goroutine programs started with OpGo, a GoRuntime.

// gprog is a hand-built program: its code (an exit 0 is appended) and how
// many local slots it uses.
type gprog struct {
	name   string
	locals int
	code   []Instr
}

// gworld is what a hand-built Go scenario declares.
type gworld struct {
	vars    []string
	objs    []ObjDecl
	prints  []PrintSpec
	strs    []string
	starve  int64 // 0: DefaultGoStarveTicks
	cpus    int   // 0: 1
	noProcs bool  // the first program is not started by the scenario
}

// goScenario assembles a Go scenario: program 0 is main.
func goScenario(t testing.TB, w gworld, progs ...gprog) *Scenario {
	t.Helper()
	sc := &Scenario{
		CPUs: max(w.cpus, 1), Policy: RR, Quantum: DefaultQuantum, PIDMax: DefaultPIDMax,
		MaxTasks: DefaultMaxTasks, Seed: 1, Title: map[string]string{}, Explain: map[string]string{},
		Objects: w.objs,
		Go:      &GoRuntime{TickNanos: DefaultGoTickNanos, StarveTicks: DefaultGoStarveTicks, Strings: w.strs, Prints: w.prints},
	}
	if w.starve > 0 {
		sc.Go.StarveTicks = w.starve
	}
	for _, v := range w.vars {
		sc.Vars = append(sc.Vars, VarDecl{Name: v})
	}
	for _, p := range progs {
		code := append(append([]Instr(nil), p.code...), Instr{Op: OpExit, Text: "return"})
		prog := Program{Name: p.name, Code: code, Thread: true}
		for k := range max(p.locals, 2) {
			prog.Locals = append(prog.Locals, fmt.Sprintf("l%d", k))
		}
		sc.Programs = append(sc.Programs, prog)
	}
	sc.Processes = []ProcessSpec{{Program: 0, Tickets: DefaultTickets}}
	return sc
}

// Instruction shorthands.
func loc(n int64) Operand { return Operand{Kind: Local, V: n} }
func imm(n int64) Operand { return Operand{Kind: Imm, V: n} }

func iSet(dst int, x Operand) Instr { return Instr{Op: OpSet, Dst: dst, X: x} }
func iGo(prog int, from, n int64) Instr {
	return Instr{Op: OpGo, A: int64(prog), B: n, X: loc(from)}
}
func iPrint(spec int, from, n int64) Instr {
	return Instr{Op: OpPrint, A: int64(spec), B: n, X: loc(from)}
}
func iSend(ch int, x Operand) Instr { return Instr{Op: OpSend, Obj: ch, X: x} }

// iRecv receives into dst (-1: none) and its ok flag into ok (-1: none).
func iRecv(ch, dst, ok int) Instr   { return Instr{Op: OpRecv, Obj: ch, Dst: dst, B: int64(ok + 1)} }
func iLoad(v, dst int) Instr        { return Instr{Op: OpLoad, Var: v, Dst: dst} }
func iStore(v int, x Operand) Instr { return Instr{Op: OpStore, Var: v, X: x} }
func iAdd(dst int, x, y Operand) Instr {
	return Instr{Op: OpArith, Arith: '+', Dst: dst, X: x, Y: y}
}
func iObj(op Op, o int) Instr { return Instr{Op: op, Obj: o} }
func iSleep(n int64) Instr    { return Instr{Op: OpSleep, A: n, B: n} }

// incr is "v++" as three micro-steps through local slot l.
func incr(v, l int) []Instr {
	return []Instr{iLoad(v, l), iAdd(l, loc(int64(l)), imm(1)), iStore(v, loc(int64(l)))}
}

// cat joins instruction lists.
func cat(parts ...[]Instr) []Instr {
	var out []Instr
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// goRun runs sc to its end (at most 10,000 steps) and returns the engine
// and every event.
func goRun(t testing.TB, sc *Scenario, opt Options) (*Engine, []Event) {
	t.Helper()
	if opt.MaxSteps == 0 {
		opt.MaxSteps = 10_000
	}
	e := New(sc, opt)
	var evs []Event
	for !e.Done() {
		evs = append(evs, e.Step()...)
	}
	return e, evs
}

// outText joins what the run printed.
func outText(e *Engine) string {
	var b strings.Builder
	for _, l := range e.Output() {
		b.WriteString(l.Text)
	}
	return b.String()
}

// procExit returns the exit code and signal of the process led by the
// first task after PID 1.
func procExit(t testing.TB, e *Engine) (int, Signal) {
	t.Helper()
	m := &e.Tasks()[1]
	if m.State != StateZombie && m.State != StateDead {
		t.Fatalf("main is %v at the end; want it ended", m.State)
	}
	return m.ExitCode, m.Signal
}

// countEv counts events of kind k.
func countEv(evs []Event, k EventKind) int {
	n := 0
	for _, ev := range evs {
		if ev.Kind == k {
			n++
		}
	}
	return n
}

// pr is a print spec with verbs: parts around args.
func pr(parts []string, args []ArgKind, verbs string) PrintSpec {
	return PrintSpec{Parts: parts, Args: args, Verbs: []byte(verbs)}
}
