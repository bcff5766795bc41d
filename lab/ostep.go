package lab

import (
	"fmt"
	"strings"

	"proclab/ostep"
	"proclab/sim"
)

// openOstep runs an OSTEP homework simulator's workload so that the lab can
// draw it. process-run is drawn exactly as the simulator runs it, with its
// states mapped onto ours: READY -> R (runnable), RUNNING -> R (on the
// CPU), BLOCKED -> D (waiting for the disk), DONE -> X. x86-intro and
// x86-locks run the program text src.
func openOstep(cmdline, src string) (source, Run, error) {
	if len(cmdline) > MaxOstepArgsBytes {
		return nil, Run{}, Errorf(CodeTooLarge, "an OSTEP command line is at most %d bytes", MaxOstepArgsBytes)
	}
	args, err := ostep.SplitArgs(cmdline)
	if err != nil {
		return nil, Run{}, Errorf(CodeBadField, "ostep: %v", err)
	}
	if len(args) == 0 {
		return nil, Run{}, Errorf(CodeBadField, "ostep: give a simulator and its flags, e.g. \"process-run -l 5:50,5:50 -s 1\"")
	}
	switch name := strings.TrimSuffix(args[0], ".py"); name {
	case "process-run":
	case "x86-intro", "x86-locks":
		return openX86(name, args[1:], src)
	default:
		return nil, Run{}, Errorf(CodeBadField, "ostep: process-run, x86-intro and x86-locks open here; scheduler, mlfq and lottery workloads open in the scheduling view")
	}
	run, err := ostep.ProcessRun(args[1:])
	if err != nil {
		return nil, Run{}, Errorf(CodeBadField, "%v", err)
	}
	if len(run.Programs) == 0 || len(run.Programs) > MaxProcessRunProcs || len(run.Ticks) > MaxProcessRunTicks {
		return nil, Run{}, Errorf(CodeTooLarge, "ostep: the lab draws 1 to %d processes and at most %d ticks", MaxProcessRunProcs, MaxProcessRunTicks)
	}
	frames := processRunFrames(run)
	mode := "SWITCH_ON_IO"
	if !run.SwitchOnIO {
		mode = "SWITCH_ON_END"
	}
	later := "IO_RUN_LATER"
	if run.Immediate {
		later = "IO_RUN_IMMEDIATE"
	}
	r := Run{
		Scenario: "ostep " + cmdline, Total: frames.Total(), CPUs: 1, Policy: "ostep process-run", Picker: PickPolicy,
		Semantics: sim.SemanticsVersion,
		Title: Text{
			En: "OSTEP process-run: " + strings.Join(args[1:], " "),
			Zh: "OSTEP process-run：" + strings.Join(args[1:], " "),
		},
		Explain: Text{
			En: fmt.Sprintf("The workload of OSTEP's process-run.py, run exactly as the simulator runs it (%s, %s, I/O length %d).\n"+
				"Its states map onto ours: READY is R (runnable), RUNNING is R (on the CPU), BLOCKED is D (waiting for the disk), DONE is X. Process k of the simulator is P(k+2) here.\n"+
				"io_done is the instruction that runs after the I/O completes; io and io_done are drawn as kernel time.", mode, later, run.IOLength),
			Zh: fmt.Sprintf("OSTEP 的 process-run.py 的工作负载，完全按照该模拟器的方式运行（%s，%s，I/O 长度 %d）。\n"+
				"它的状态对应到我们的状态：READY 为就绪（R），RUNNING 为运行（R，在 CPU 上），BLOCKED 为不可中断睡眠（D，等待磁盘），DONE 为已销毁（X）。模拟器中的进程 k 在这里是 P(k+2)。\n"+
				"io_done 是 I/O 完成后运行的那条指令；io 和 io_done 显示为内核态时间。", mode, later, run.IOLength),
		},
	}
	for k, code := range run.Programs {
		p := Program{Name: fmt.Sprintf("proc%d", k), Code: []Line{}}
		for i, ins := range code {
			p.Code = append(p.Code, Line{Line: i + 1, Text: ins})
		}
		r.Programs = append(r.Programs, p)
	}
	return frames, r, nil
}

// processRunFrames turns a process-run simulation into one frame per tick.
func processRunFrames(run *ostep.PRRun) *frameSource {
	n := len(run.Programs)
	pid := func(k int) sim.PID { return sim.PID(k + 2) }
	b := &frameBuilder{tasks: make([]Task, n+1)}
	b.tasks[0] = Task{PID: 1, Name: "init", Program: -1, State: sim.StateSleeping, CPU: -1, Kernel: true, WaitObj: -1}
	pc := make([]int, n)
	for k := range n {
		b.tasks[k+1] = Task{PID: pid(k), PPID: 1, Name: fmt.Sprintf("proc%d", k), Program: k, State: sim.StateRunnable,
			CPU: -1, Line: 1, WaitObj: -1}
		if len(run.Programs[k]) == 0 {
			b.tasks[k+1].State, b.tasks[k+1].Line = sim.StateDead, 0
		}
	}
	src := &frameSource{frames: []Frame{b.frame(0, Shared{})}}
	tasks := b.tasks
	running := -1 // the process on the CPU after the previous tick
	for _, tick := range run.Ticks {
		for _, k := range tick.IODone {
			b.setState(k, sim.StateRunnable, sim.CauseIODone)
		}
		if r := tick.Running; r >= 0 && r != running {
			prev := sim.PID(0)
			if running >= 0 {
				prev = pid(running)
				if tasks[running+1].State == sim.StateRunning {
					b.setState(running, sim.StateRunnable, sim.CausePreempt)
					tasks[running+1].Involuntary++
				}
			}
			b.add(sim.Event{Kind: sim.EvSwitch, Task: pid(r), Other: prev, CPU: 0, Voluntary: running >= 0 && tasks[running+1].State != sim.StateRunnable})
			b.setState(r, sim.StateRunning, sim.CauseDispatch)
			running = r
		}
		if r := tick.Running; r >= 0 {
			t := &tasks[r+1]
			kernel := tick.Executed != "cpu"
			if t.Kernel != kernel {
				v := int64(0)
				if kernel {
					v = 1
				}
				b.add(sim.Event{Kind: sim.EvMode, Task: t.PID, CPU: 0, Value: v})
				t.Kernel = kernel
			}
			if kernel {
				t.KernelTicks++
			} else {
				t.UserTicks++
			}
			pc[r]++
			t.Line = pc[r] + 1
			if tick.Executed == "io" {
				b.add(sim.Event{Kind: sim.EvSyscall, Task: t.PID, CPU: 0, Value: int64(sim.SysDisk)})
			}
		}
		for k, s := range tick.States {
			switch s {
			case "BLOCKED":
				if tasks[k+1].State == sim.StateRunning {
					tasks[k+1].Voluntary++
				}
				b.setState(k, sim.StateDisk, sim.CauseDisk)
			case "DONE":
				if tasks[k+1].State != sim.StateDead {
					b.add(sim.Event{Kind: sim.EvExit, Task: pid(k), CPU: 0})
					b.setState(k, sim.StateDead, sim.CauseExit)
					tasks[k+1].Line = 0
				}
			case "READY", "RUNNING":
				if k != tick.Running && tasks[k+1].State == sim.StateRunning {
					b.setState(k, sim.StateRunnable, sim.CausePreempt)
					tasks[k+1].Involuntary++
				}
			}
		}
		if running >= 0 && tasks[running+1].State != sim.StateRunning {
			running = -1
		}
		on := sim.PID(0)
		if running >= 0 {
			on = pid(running)
		}
		src.frames = append(src.frames, b.frame(on, Shared{}))
	}
	return src
}
