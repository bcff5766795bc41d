package lab

import (
	"fmt"
	"strconv"
	"strings"

	"proclab/ostep"
	"proclab/sim"
)

// openX86 runs an OSTEP x86.py program (its source text given by the
// client: the lab reads no file for it) and draws every instruction:
// threads are tasks (thread k is P(k+2)), the running thread is R on the
// CPU, an interrupt is a context switch, halt ends the thread; registers
// show as the thread's locals and .var words as shared variables.
func openX86(name string, args []string, src string) (source, Run, error) {
	if src == "" {
		return nil, Run{}, Errorf(CodeBadField, "%s needs the program's source text (the lab reads no files)", name)
	}
	if len(src) > MaxX86SourceBytes {
		return nil, Run{}, Errorf(CodeTooLarge, "an x86 program is at most %d bytes", MaxX86SourceBytes)
	}
	locks := name == "x86-locks"
	run, err := ostep.X86Source(args, locks, src, MaxX86Steps+1) // one more than the lab draws: enough to refuse
	if err != nil && (run == nil || len(run.Steps) == 0) {
		return nil, Run{}, Errorf(CodeBadField, "%v", err)
	}
	if run.Options.Threads > MaxX86Threads || len(run.Steps) > MaxX86Steps {
		return nil, Run{}, Errorf(CodeTooLarge, "the lab draws at most %d threads and %d instructions", MaxX86Threads, MaxX86Steps)
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
	// ... and every address -M traces by number (looping-race-nolock.s's
	// counter is address 2000, no .var), named by its address.
	for _, a := range run.Traced {
		if _, ok := wordIdx[a]; !ok {
			wordIdx[a] = len(words)
			words = append(words, word{strconv.FormatInt(a, 10), a})
		}
	}
	load := int64(run.Options.LoadAddr)
	n := run.Options.Threads
	pid := func(k int) sim.PID { return sim.PID(k + 2) }
	b := &frameBuilder{tasks: make([]Task, n+1)}
	tasks := b.tasks
	tasks[0] = Task{PID: 1, Name: "init", Program: -1, State: sim.StateSleeping, CPU: -1, Kernel: true, WaitObj: -1}
	for k := range n {
		locals := make([]int64, len(regs))
		for j, r := range regIdx {
			locals[j] = run.Start[k][r]
		}
		tasks[k+1] = Task{PID: pid(k), PPID: 1, Name: fmt.Sprintf("T%d", k), Program: 0, State: sim.StateRunnable, CPU: -1,
			WaitObj: -1, Locals: locals, Line: lineOf(run, load, load)}
	}
	mem := make([]int64, len(words))
	frame := func(cur int) Frame {
		on := sim.PID(0)
		if cur >= 0 && tasks[cur+1].State == sim.StateRunning {
			on = pid(cur)
		}
		return b.frame(on, Shared{Vars: append([]int64{}, mem...)})
	}
	src0 := &frameSource{frames: []Frame{frame(-1)}}
	cur := -1 // the thread on the CPU
	for _, st := range run.Steps {
		if st.Thread != cur {
			prev := sim.PID(0)
			vol := false
			if cur >= 0 {
				prev = pid(cur)
				vol = tasks[cur+1].State == sim.StateDead
				if tasks[cur+1].State == sim.StateRunning {
					b.setState(cur, sim.StateRunnable, sim.CauseQuantum)
					tasks[cur+1].Involuntary++
				}
			}
			b.add(sim.Event{Kind: sim.EvSwitch, Task: pid(st.Thread), Other: prev, CPU: 0, Voluntary: vol})
			b.setState(st.Thread, sim.StateRunning, sim.CauseDispatch)
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
				b.add(sim.Event{Kind: sim.EvWrite, Task: t.PID, CPU: 0, Obj: int16(v), Value: w.Value, Arg: old})
			}
		}
		if st.Halted {
			b.add(sim.Event{Kind: sim.EvExit, Task: t.PID, CPU: 0})
			b.setState(cur, sim.StateDead, sim.CauseExit)
			t.Line = 0
		}
		for _, sw := range st.Switches {
			if sw.Kind == "interrupt" && sw.To == cur && tasks[cur+1].State == sim.StateRunning {
				// An interrupt that lands on the same thread: it is preempted and
				// dispatched again at once.
				b.setState(cur, sim.StateRunnable, sim.CauseQuantum)
				b.add(sim.Event{Kind: sim.EvSwitch, Task: t.PID, Other: t.PID, CPU: 0})
				b.setState(cur, sim.StateRunning, sim.CauseDispatch)
			}
		}
		src0.frames = append(src0.frames, frame(cur))
	}
	prog := Program{Name: "x86", Line: 1, Thread: true, Locals: regs, Code: []Line{}}
	for i, in := range run.Program.Instrs {
		prog.Code = append(prog.Code, Line{Line: in.Line, Text: in.Text, Index: i, Micro: fmt.Sprintf("%d %s", load+int64(i), in.Text)})
	}
	r := Run{
		Scenario: "ostep " + name + " " + strings.Join(args, " "),
		Total:    src0.Total(), CPUs: 1, Policy: "ostep " + name, Programs: []Program{prog}, Picker: PickPolicy,
		Semantics: sim.SemanticsVersion,
		Title: Text{
			En: "OSTEP " + name + ": " + strings.Join(args, " "),
			Zh: "OSTEP " + name + "：" + strings.Join(args, " "),
		},
		Explain: Text{
			En: "An x86.py program, run exactly as OSTEP's simulator runs it. Each thread is a task (thread k is P(k+2)); its registers are shown as its locals, and the program's .var words and the addresses -M traces as shared variables. An interrupt is a context switch; halt ends a thread.",
			Zh: "一个 x86.py 程序，完全按照 OSTEP 模拟器的方式运行。每个线程都是一个任务（线程 k 对应 P(k+2)）；它的寄存器显示为局部变量，程序中 .var 声明的字和 -M 跟踪的地址显示为共享变量。中断就是一次上下文切换；halt 结束一个线程。",
		},
	}
	for _, w := range words {
		r.Vars = append(r.Vars, Var{Name: w.name})
	}
	if err != nil {
		r.Explain.En += " The run stopped with an error: " + err.Error()
		r.Explain.Zh += " 运行因错误而停止：" + err.Error()
	}
	return src0, r, nil
}

// lineOf is the source line of the instruction at address pc.
func lineOf(run *ostep.X86Run, load, pc int64) int {
	i := pc - load
	if i < 0 || int(i) >= len(run.Program.Instrs) {
		return 0
	}
	return run.Program.Instrs[i].Line
}
