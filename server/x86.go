package server

import (
	"fmt"
	"strings"

	"proclab/sim"
	"proclab/sim/ostep"
)

// Limits of an x86 program opened in the lab.
const (
	maxX86Source = 16 << 10
	maxX86Steps  = 10_000
	maxX86Thread = 8
)

// loadX86 runs an OSTEP x86.py program (its source text given by the
// browser: the server reads no file for it) and draws every instruction:
// threads are tasks (thread k is P(k+2)), the running thread is R on the
// CPU, an interrupt is a context switch, halt ends the thread; registers
// show as the thread's locals and .var words as shared variables.
func loadX86(name string, args []string, src string) (source, wireLoaded, error) {
	if src == "" {
		return nil, wireLoaded{}, errf("bad_field", "%s needs the program's source text (the lab reads no files)", name)
	}
	if len(src) > maxX86Source {
		return nil, wireLoaded{}, errf("too_large", "an x86 program is at most %d bytes", maxX86Source)
	}
	locks := name == "x86-locks"
	run, err := ostep.X86Source(args, locks, src)
	if err != nil && (run == nil || len(run.Steps) == 0) {
		return nil, wireLoaded{}, errf("bad_field", "%v", err)
	}
	if run.Options.Threads > maxX86Thread || len(run.Steps) > maxX86Steps {
		return nil, wireLoaded{}, errf("bad_field", "the lab draws at most %d threads and %d instructions", maxX86Thread, maxX86Steps)
	}
	regs := []string{"ax", "bx", "cx", "dx", "sp", "bp"}
	if locks {
		regs = []string{"ax", "bx", "cx", "dx", "ex", "fx", "sp", "bp"}
	}
	regIdx := make([]int, len(regs))
	for k, r := range regs {
		for i := range 8 {
			if ostep.X86RegName(i) == r {
				regIdx[k] = i
			}
		}
	}
	// Shared variables: every word of every .var.
	type word struct {
		name string
		addr int64
	}
	var words []word
	for _, v := range run.Program.Vars {
		for w := range v.Words {
			n := v.Name
			if v.Words > 1 {
				n = fmt.Sprintf("%s[%d]", v.Name, w)
			}
			words = append(words, word{n, int64(v.Addr + 4*w)})
		}
	}
	wordIdx := map[int64]int{}
	for i, w := range words {
		wordIdx[w.addr] = i
	}
	load := int64(run.Options.LoadAddr)
	n := run.Options.Threads
	pid := func(k int) sim.PID { return sim.PID(k + 2) }
	tasks := make([]wireTask, n+1)
	tasks[0] = wireTask{PID: 1, Name: "init", Program: -1, State: "sleeping", CPU: -1, Mode: "kernel", Pending: []string{}, WaitObj: -1}
	for k := range n {
		locals := make([]int64, len(regs))
		for j, r := range regIdx {
			locals[j] = run.Start[k][r]
		}
		tasks[k+1] = wireTask{PID: pid(k), PPID: 1, Name: fmt.Sprintf("T%d", k), Program: 0, State: "runnable", CPU: -1,
			Mode: "user", Pending: []string{}, WaitObj: -1, Locals: locals, PC: 0, Line: lineOf(run, load, load)}
	}
	mem := make([]int64, len(words))
	copyFrame := func(evs []wireEvent, cur int) frame {
		out := make([]wireTask, len(tasks))
		for i, t := range tasks {
			t.Locals = append([]int64(nil), t.Locals...)
			out[i] = t
		}
		cpus := []sim.PID{0}
		if cur >= 0 && tasks[cur+1].State == "running" {
			cpus[0] = pid(cur)
		}
		if evs == nil {
			evs = []wireEvent{}
		}
		return frame{events: evs, tasks: out, cpus: cpus, shared: wireShared{Vars: append([]int64{}, mem...)}}
	}
	src0 := &frameSource{frames: []frame{copyFrame(nil, -1)}}
	cur := -1 // the thread on the CPU
	for i, st := range run.Steps {
		step := int64(i + 1)
		var evs []wireEvent
		setState := func(k int, to, cause string) { setFrameState(&evs, tasks, step, k, to, cause) }
		if st.Thread != cur {
			prev := sim.PID(0)
			vol := false
			if cur >= 0 {
				prev = pid(cur)
				vol = tasks[cur+1].State == "dead"
				if tasks[cur+1].State == "running" {
					setState(cur, "runnable", "quantum")
					tasks[cur+1].NVCSW++
				}
			}
			evs = append(evs, wireEvent{Step: step, Kind: "switch", PID: pid(st.Thread), Other: prev, CPU: 0, Voluntary: vol})
			setState(st.Thread, "running", "dispatch")
			cur = st.Thread
		}
		t := &tasks[cur+1]
		t.UserTicks++
		for j, r := range regIdx {
			t.Locals[j] = st.Regs[r]
		}
		t.PC = int(st.PC - load)
		t.Line = lineOf(run, load, st.PC)
		for _, w := range st.Writes {
			if v, ok := wordIdx[w.Addr]; ok {
				old := mem[v]
				mem[v] = w.Value
				evs = append(evs, wireEvent{Step: step, Kind: "write", PID: t.PID, CPU: 0, Obj: int16(v), Value: w.Value, Arg: old})
			}
		}
		if st.Halted {
			evs = append(evs, wireEvent{Step: step, Kind: "exit", PID: t.PID, CPU: 0})
			setState(cur, "dead", "exit")
			t.Line = 0
		}
		for _, sw := range st.Switches {
			if sw.Kind == "interrupt" && sw.To == cur && tasks[cur+1].State == "running" {
				// An interrupt that lands on the same thread: it is preempted and
				// dispatched again at once.
				setState(cur, "runnable", "quantum")
				evs = append(evs, wireEvent{Step: step, Kind: "switch", PID: t.PID, Other: t.PID, CPU: 0})
				setState(cur, "running", "dispatch")
			}
		}
		src0.frames = append(src0.frames, copyFrame(evs, cur))
	}
	prog := wireProgram{Name: "x86", Line: 1, Thread: true, Locals: regs, Code: []wireLine{}}
	for i, in := range run.Program.Instrs {
		prog.Code = append(prog.Code, wireLine{Line: in.Line, Text: in.Text, Index: i, Micro: fmt.Sprintf("%d %s", load+int64(i), in.Text)})
	}
	loaded := wireLoaded{
		V: ProtocolVersion, Type: "loaded", Scenario: "ostep " + name + " " + strings.Join(args, " "), Choices: []sim.PID{},
		Total: src0.Total(), CPUs: 1, Policy: "ostep " + name, Programs: []wireProgram{prog},
		Vars: []wireVar{}, Objects: []wireObjDecl{}, Expects: []string{}, Picker: "policy",
		Title: bilingual{
			En: "OSTEP " + name + ": " + strings.Join(args, " "),
			Zh: "OSTEP " + name + "：" + strings.Join(args, " "),
		},
		Explain: bilingual{
			En: "An x86.py program, run exactly as OSTEP's simulator runs it. Each thread is a task (thread k is P(k+2)); its registers are shown as its locals, and the program's .var words as shared variables. An interrupt is a context switch; halt ends a thread.",
			Zh: "一个 x86.py 程序，完全按照 OSTEP 模拟器的方式运行。每个线程都是一个任务（线程 k 对应 P(k+2)）；它的寄存器显示为局部变量，程序中 .var 声明的字显示为共享变量。中断就是一次上下文切换；halt 结束一个线程。",
		},
	}
	for _, w := range words {
		loaded.Vars = append(loaded.Vars, wireVar{Name: w.name})
	}
	if err != nil {
		loaded.Explain.En += " The run stopped with an error: " + err.Error()
		loaded.Explain.Zh += " 运行因错误而停止：" + err.Error()
	}
	return src0, loaded, nil
}

// lineOf is the source line of the instruction at address pc.
func lineOf(run *ostep.X86Run, load, pc int64) int {
	i := pc - load
	if i < 0 || int(i) >= len(run.Program.Instrs) {
		return 0
	}
	return run.Program.Instrs[i].Line
}
