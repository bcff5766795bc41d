package gofront

import (
	"fmt"
	"strings"

	"proclab/sim"
)

// opNames names the ops in listings.
var opNames = map[sim.Op]string{
	sim.OpCompute: "compute", sim.OpIO: "io", sim.OpDisk: "disk", sim.OpSleep: "sleep", sim.OpYield: "yield",
	sim.OpFork: "fork", sim.OpWait: "wait", sim.OpExit: "exit", sim.OpKill: "kill", sim.OpIgnore: "ignore",
	sim.OpLoad: "load", sim.OpStore: "store", sim.OpSet: "set", sim.OpArith: "arith", sim.OpTest: "test",
	sim.OpJump: "jump", sim.OpXchg: "xchg", sim.OpFetchAdd: "fetch_add", sim.OpCAS: "cas", sim.OpLock: "lock",
	sim.OpUnlock: "unlock", sim.OpTryLock: "trylock", sim.OpCondWait: "cond_wait", sim.OpCondSignal: "cond_signal",
	sim.OpCondBcast: "cond_broadcast", sim.OpWgAdd: "wg_add", sim.OpWgDone: "wg_done", sim.OpWgWait: "wg_wait",
	sim.OpSend: "send", sim.OpRecv: "recv", sim.OpGo: "go", sim.OpPrint: "print", sim.OpAtomicLoad: "atomic_load",
	sim.OpClose: "close", sim.OpSelect: "select", sim.OpSelectCase: "select_case", sim.OpRLock: "rlock",
	sim.OpRUnlock: "runlock", sim.OpOnce: "once", sim.OpOnceDone: "once_done", sim.OpPanic: "panic",
	sim.OpGetpid: "getpid", sim.OpStart: "start", sim.OpNotify: "notify", sim.OpTimer: "timer",
}

// listing shows a compiled scenario: its settings, variables, objects,
// and each program's micro-steps with their Go line.
func listing(sc *sim.Scenario) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cpus %d policy %s quantum %d seed %d\n", sc.CPUs, sc.Policy, sc.Quantum, sc.Seed)
	for _, v := range sc.Vars {
		fmt.Fprintf(&b, "var %s = %d\n", v.Name, v.Init)
	}
	for _, o := range sc.Objects {
		fmt.Fprintf(&b, "%s %s = %d\n", o.Kind, o.Name, o.Init)
	}
	for _, x := range sc.Expects {
		fmt.Fprintf(&b, "expect %s\n", x.Text)
	}
	for i, p := range sc.Programs {
		fmt.Fprintf(&b, "program %d %s thread=%t locals=%s\n", i, p.Name, p.Thread, strings.Join(p.Locals, ","))
		line := -1
		for k, in := range p.Code {
			if in.Line != line {
				fmt.Fprintf(&b, "  %d: %s\n", in.Line, in.Text)
				line = in.Line
			}
			name := opNames[in.Op]
			if name == "" {
				name = fmt.Sprintf("op%d", in.Op)
			}
			fmt.Fprintf(&b, "    %3d %-11s %s%s\n", k, name, in.Micro, operands(in))
		}
	}
	if sc.Go != nil {
		for i, s := range sc.Go.Prints {
			fmt.Fprintf(&b, "print %d %q args=%v verbs=%q stderr=%t\n", i, s.Parts, s.Args, s.Verbs, s.Stderr)
		}
		fmt.Fprintf(&b, "strings %q\n", sc.Go.Strings)
	}
	return b.String()
}

// operands shows the fields an op uses that the micro text may not.
func operands(in sim.Instr) string {
	var f []string
	switch in.Op {
	case sim.OpTest:
		f = append(f, fmt.Sprintf("jump=%d if=%t", in.Jump, in.JumpIfTrue))
	case sim.OpJump, sim.OpOnce:
		f = append(f, fmt.Sprintf("jump=%d", in.Jump))
	case sim.OpGo, sim.OpPrint, sim.OpPanic:
		f = append(f, fmt.Sprintf("A=%d B=%d X=%d", in.A, in.B, in.X.V))
	case sim.OpSelect:
		f = append(f, fmt.Sprintf("A=%d B=%d jump=%d", in.A, in.B, in.Jump))
	case sim.OpSelectCase:
		f = append(f, fmt.Sprintf("A=%d obj=%d X=%v dst=%d B=%d jump=%d", in.A, in.Obj, in.X, in.Dst, in.B, in.Jump))
	case sim.OpSleep, sim.OpTimer, sim.OpExit, sim.OpStart, sim.OpGetpid:
		f = append(f, fmt.Sprintf("A=%d", in.A))
	case sim.OpKill:
		f = append(f, fmt.Sprintf("sig=%s target=%d pid=%d X=%v", in.Sig, in.Target, in.TargetPID, in.X))
	case sim.OpNotify, sim.OpIgnore:
		f = append(f, "sig="+in.Sig.String())
	}
	if in.Spin {
		f = append(f, "spin")
	}
	if len(f) == 0 {
		return ""
	}
	return "  [" + strings.Join(f, " ") + "]"
}
