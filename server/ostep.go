package server

import (
	"fmt"
	"strings"

	"proclab/sim"
	"proclab/sim/ostep"
)

// loadOstep runs an OSTEP homework simulator's workload so that the lab can
// draw it. process-run is drawn exactly as the simulator runs it, with its
// states mapped onto ours: READY -> R (runnable), RUNNING -> R (on the
// CPU), BLOCKED -> D (waiting for the disk), DONE -> X.
func loadOstep(cmdline, src string) (source, wireLoaded, error) {
	args, err := ostep.SplitArgs(cmdline)
	if err != nil {
		return nil, wireLoaded{}, errf("bad_field", "ostep: %v", err)
	}
	if len(args) == 0 {
		return nil, wireLoaded{}, errf("bad_field", "ostep: give a simulator and its flags, e.g. \"process-run -l 5:50,5:50 -s 1\"")
	}
	switch name := strings.TrimSuffix(args[0], ".py"); name {
	case "process-run":
	case "x86-intro", "x86-locks":
		return loadX86(name, args[1:], src)
	default:
		return nil, wireLoaded{}, errf("bad_field", "ostep: process-run, x86-intro and x86-locks open here; scheduler, mlfq and lottery workloads open in the scheduling view")
	}
	run, err := ostep.ProcessRun(args[1:])
	if err != nil {
		return nil, wireLoaded{}, errf("bad_field", "%v", err)
	}
	if len(run.Programs) == 0 || len(run.Programs) > 32 || len(run.Ticks) > 10000 {
		return nil, wireLoaded{}, errf("bad_field", "ostep: the lab draws 1 to 32 processes and at most 10,000 ticks")
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
	loaded := wireLoaded{
		V: ProtocolVersion, Type: "loaded", Scenario: "ostep " + cmdline, Choices: []sim.PID{},
		Total: frames.Total(), CPUs: 1, Policy: "ostep process-run",
		Title: bilingual{
			En: "OSTEP process-run: " + strings.Join(args[1:], " "),
			Zh: "OSTEP process-run：" + strings.Join(args[1:], " "),
		},
		Explain: bilingual{
			En: fmt.Sprintf("The workload of OSTEP's process-run.py, run exactly as the simulator runs it (%s, %s, I/O length %d).\n"+
				"Its states map onto ours: READY is R (runnable), RUNNING is R (on the CPU), BLOCKED is D (waiting for the disk), DONE is X. Process k of the simulator is P(k+2) here.\n"+
				"io_done is the instruction that runs after the I/O completes; io and io_done are drawn as kernel time.", mode, later, run.IOLength),
			Zh: fmt.Sprintf("OSTEP 的 process-run.py 的工作负载，完全按照该模拟器的方式运行（%s，%s，I/O 长度 %d）。\n"+
				"它的状态对应到我们的状态：READY 为 R（可运行），RUNNING 为 R（在 CPU 上），BLOCKED 为 D（等待磁盘），DONE 为 X。模拟器中的进程 k 在这里是 P(k+2)。\n"+
				"io_done 是 I/O 完成后运行的那条指令；io 和 io_done 显示为内核态时间。", mode, later, run.IOLength),
		},
	}
	for k, code := range run.Programs {
		p := wireProgram{Name: fmt.Sprintf("proc%d", k), Line: 0, Code: []wireLine{}}
		for i, ins := range code {
			p.Code = append(p.Code, wireLine{Line: i + 1, Text: ins})
		}
		loaded.Programs = append(loaded.Programs, p)
	}
	return frames, loaded, nil
}

// processRunFrames turns a process-run simulation into one frame per tick,
// with the events our own engine would emit for the same changes.
func processRunFrames(run *ostep.PRRun) *frameSource {
	n := len(run.Programs)
	pid := func(k int) sim.PID { return sim.PID(k + 2) }
	tasks := make([]wireTask, n+1)
	tasks[0] = wireTask{PID: 1, Name: "init", Program: -1, State: "sleeping", CPU: -1, Mode: "kernel", Pending: []string{}}
	pc := make([]int, n)
	for k := range n {
		tasks[k+1] = wireTask{PID: pid(k), PPID: 1, Name: fmt.Sprintf("proc%d", k), Program: k, State: "runnable",
			CPU: -1, Line: 1, Mode: "user", Pending: []string{}}
		if len(run.Programs[k]) == 0 {
			tasks[k+1].State, tasks[k+1].Line = "dead", 0
		}
	}
	copyTasks := func() []wireTask {
		out := make([]wireTask, len(tasks))
		copy(out, tasks)
		return out
	}
	src := &frameSource{frames: []frame{{events: []wireEvent{}, tasks: copyTasks(), cpus: []sim.PID{0}}}}
	running := -1 // the process on the CPU after the previous tick
	for i, tick := range run.Ticks {
		step := int64(i + 1)
		var evs []wireEvent
		state := func(k int, to, cause string) { setFrameState(&evs, tasks, step, k, to, cause) }
		for _, k := range tick.IODone {
			state(k, "runnable", "io_done")
		}
		if r := tick.Running; r >= 0 && r != running {
			prev := sim.PID(0)
			if running >= 0 {
				prev = pid(running)
				if tasks[running+1].State == "running" {
					state(running, "runnable", "preempt")
					tasks[running+1].NVCSW++
				}
			}
			evs = append(evs, wireEvent{Step: step, Kind: "switch", PID: pid(r), Other: prev, CPU: 0, Voluntary: running >= 0 && tasks[running+1].State != "runnable"})
			state(r, "running", "dispatch")
			running = r
		}
		if r := tick.Running; r >= 0 {
			t := &tasks[r+1]
			mode := "user"
			if tick.Executed != "cpu" {
				mode = "kernel"
			}
			if t.Mode != mode {
				v := int64(0)
				if mode == "kernel" {
					v = 1
				}
				evs = append(evs, wireEvent{Step: step, Kind: "mode", PID: t.PID, CPU: 0, Value: v})
				t.Mode = mode
			}
			if mode == "user" {
				t.UserTicks++
			} else {
				t.KernelTicks++
			}
			pc[r]++
			t.Line = pc[r] + 1
			if tick.Executed == "io" {
				evs = append(evs, wireEvent{Step: step, Kind: "syscall", PID: t.PID, CPU: 0, Value: int64(sim.SysDisk), Syscall: sim.SysDisk.String()})
			}
		}
		for k, s := range tick.States {
			switch s {
			case "BLOCKED":
				if tasks[k+1].State == "running" {
					tasks[k+1].VCSW++
				}
				state(k, "disk", "disk")
			case "DONE":
				if tasks[k+1].State != "dead" {
					evs = append(evs, wireEvent{Step: step, Kind: "exit", PID: pid(k), CPU: 0})
					state(k, "dead", "exit")
					tasks[k+1].Line = 0
				}
			case "READY", "RUNNING":
				if k != tick.Running && tasks[k+1].State == "running" {
					state(k, "runnable", "preempt")
					tasks[k+1].NVCSW++
				}
			}
		}
		if running >= 0 && tasks[running+1].State != "running" {
			running = -1
		}
		cpus := []sim.PID{0}
		if running >= 0 {
			cpus[0] = pid(running)
		}
		if evs == nil {
			evs = []wireEvent{}
		}
		src.frames = append(src.frames, frame{events: evs, tasks: copyTasks(), cpus: cpus})
	}
	return src
}
