package gofront

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"

	"proclab/sim"
)

// This file compiles the library calls of the subset (the shims in
// shims.go declare exactly these) into the engine's operations.

// libCall compiles pkg.Name(args) for an imported package.
func (c *compiler) libCall(e *ast.CallExpr, path, name string, results []int, used bool) []val {
	full := path + "." + name
	switch full {
	case "fmt.Println", "fmt.Print", "fmt.Printf":
		if used {
			c.unsupported(e)
			return nil
		}
		c.printCall(e, name)
		return nil
	case "time.Sleep":
		ticks, ok := c.durationTicks(e)
		if !ok {
			return nil
		}
		c.emit(sim.Instr{Op: sim.OpSleep, A: ticks, B: ticks}, fmt.Sprintf("sleep %d ticks (%s)", ticks, durText(ticks*c.gr.TickNanos)))
		return nil
	case "runtime.Gosched":
		c.emit(sim.Instr{Op: sim.OpYield}, "yield the CPU")
		return nil
	case "os.Getpid", "os.Getppid":
		d := c.dest(hintAt(results, 0), val{}, val{})
		a, fn := int64(0), "getpid"
		if name == "Getppid" {
			a, fn = 1, "getppid"
		}
		c.emit(sim.Instr{Op: sim.OpGetpid, A: a, Dst: int(d.op.V)}, fmt.Sprintf("%s = %s()", d.txt, fn))
		return []val{d}
	case "os.Exit":
		tv := c.info.Types[e.Args[0]]
		if tv.Value == nil || tv.Value.Kind() != constant.Int {
			c.failN(e.Args[0], "go_const_needed", "os.Exit")
			return nil
		}
		n, exact := constant.Int64Val(tv.Value)
		if !exact || n < 0 || n > 255 {
			n &= 255
		}
		c.emit(sim.Instr{Op: sim.OpExit, A: n}, fmt.Sprintf("exit(%d): every goroutine ends", n))
		return nil
	case "sync/atomic.AddInt64", "sync/atomic.LoadInt64", "sync/atomic.StoreInt64", "sync/atomic.CompareAndSwapInt64":
		b := c.sharedOf(e.Args[0])
		if b == nil {
			return nil
		}
		op := map[string]string{"AddInt64": "Add", "LoadInt64": "Load", "StoreInt64": "Store", "CompareAndSwapInt64": "CompareAndSwap"}[name]
		return c.atomicOp(b, op, e.Args[1:], results, used)
	case "syscall.Kill":
		if used {
			c.unsupported(e)
			return nil
		}
		c.kill(e)
		return nil
	case "os/signal.Notify":
		ch, ok := c.objOf(e.Args[0])
		if !ok {
			return nil
		}
		if len(e.Args) < 2 {
			c.unsupported(e)
			return nil
		}
		for _, a := range e.Args[1:] {
			sig, ok := c.signal(a)
			if !ok {
				return nil
			}
			c.emit(sim.Instr{Op: sim.OpNotify, Obj: ch, Sig: sig}, fmt.Sprintf("catch %s: send it on %s", sig, c.objName(ch)))
		}
		return nil
	case "os/signal.Ignore":
		for _, a := range e.Args {
			sig, ok := c.signal(a)
			if !ok {
				return nil
			}
			c.emit(sim.Instr{Op: sim.OpIgnore, Sig: sig}, "ignore "+sig.String())
		}
		return nil
	case "time.After", "sync.NewCond", "os/exec.Command":
		c.failN(e, "go_object_dynamic", exprText(e))
		return nil
	}
	c.failN(e, "go_call", full)
	return nil
}

// signal returns the constant signal an expression names.
func (c *compiler) signal(e ast.Expr) (sim.Signal, bool) {
	if sel, ok := unparen(e).(*ast.SelectorExpr); ok {
		if v, ok := c.info.Uses[sel.Sel].(*types.Var); ok {
			if sig, ok := c.osSignal(v); ok {
				return sig, true
			}
		}
	}
	tv := c.info.Types[e]
	if tv.Value == nil || tv.Value.Kind() != constant.Int {
		c.failN(e, "go_const_needed", "a signal")
		return 0, false
	}
	n, _ := constant.Int64Val(tv.Value)
	sig := sim.Signal(n)
	if n < 1 || n > 64 || sig.String() == "SIG?" {
		c.failN(e, "go_const_needed", "a signal")
		return 0, false
	}
	return sig, true
}

// kill compiles syscall.Kill(pid, sig).
func (c *compiler) kill(e *ast.CallExpr) {
	sig, ok := c.signal(e.Args[1])
	if !ok {
		return
	}
	pid := c.eval(e.Args[0], -1)
	in := sim.Instr{Op: sim.OpKill, Sig: sig}
	if pid.op.Kind == sim.Imm {
		switch {
		case pid.op.V > 0:
			in.Target, in.TargetPID = sim.TargetPID, sim.PID(pid.op.V)
		case pid.op.V == 0:
			in.Target = sim.TargetGroup
		default:
			in.Target, in.TargetPID = sim.TargetGroup, sim.PID(-pid.op.V)
		}
	} else {
		in.Target, in.X = sim.TargetLocal, pid.op
	}
	c.emit(in, fmt.Sprintf("kill(%s, %s)", pid.txt, sig))
}

// atomicOp compiles one atomic operation on shared variable b: Add, Load,
// Store or CompareAndSwap (one micro-step; Add's new value takes one more
// when it is used).
func (c *compiler) atomicOp(b *binding, op string, args []ast.Expr, results []int, used bool) []val {
	switch op {
	case "Add":
		delta := c.eval(args[0], -1)
		if !used {
			c.emit(sim.Instr{Op: sim.OpFetchAdd, Var: b.v, X: delta.op, Dst: -1}, fmt.Sprintf("atomically add %s to %s", delta.txt, b.name))
			return nil
		}
		d := c.dest(hintAt(results, 0), val{}, val{})
		c.emit(sim.Instr{Op: sim.OpFetchAdd, Var: b.v, X: delta.op, Dst: int(d.op.V)}, fmt.Sprintf("%s = atomically add %s to %s (the old value)", d.txt, delta.txt, b.name))
		c.emit(sim.Instr{Op: sim.OpArith, Dst: int(d.op.V), X: d.op, Y: delta.op, Arith: '+'}, fmt.Sprintf("%s = %s + %s (the new value)", d.txt, d.txt, delta.txt))
		return []val{d}
	case "Load":
		d := c.dest(hintAt(results, 0), val{}, val{})
		c.emit(sim.Instr{Op: sim.OpAtomicLoad, Var: b.v, Dst: int(d.op.V)}, fmt.Sprintf("%s = atomically load %s", d.txt, b.name))
		return []val{d}
	case "Store":
		x := c.eval(args[0], -1)
		c.emit(sim.Instr{Op: sim.OpXchg, Var: b.v, X: x.op, Dst: -1}, fmt.Sprintf("atomically store %s -> %s", x.txt, b.name))
		return nil
	case "CompareAndSwap":
		old := c.eval(args[0], -1)
		nw := c.eval(args[1], -1)
		d := c.dest(hintAt(results, 0), val{}, val{})
		c.emit(sim.Instr{Op: sim.OpCAS, Var: b.v, X: old.op, Y: nw.op, Dst: int(d.op.V)},
			fmt.Sprintf("%s = atomically: if %s == %s then %s = %s", d.txt, b.name, old.txt, b.name, nw.txt))
		return []val{d}
	}
	return nil
}

// methodCall compiles a method call on a sync value, an atomic.Int64 or an
// exec.Cmd.
func (c *compiler) methodCall(e *ast.CallExpr, sel *ast.SelectorExpr, results []int, used bool) []val {
	recv := c.typeOf(sel.X)
	name := sel.Sel.Name
	if isAtomicInt64(recv) {
		b := c.sharedOf(sel.X)
		if b == nil {
			return nil
		}
		return c.atomicOp(b, name, e.Args, results, used)
	}
	if isCmd(recv) {
		return c.cmdCall(e, sel, results)
	}
	if k := kindOf(recv); k == kErr || k == kSignal {
		if name == "Error" || name == "String" {
			c.failN(e, "go_string_value", c.snippet(e))
			return nil
		}
	}
	kind, ok := objKindOf(recv)
	if !ok {
		if path, n := named(recv); path == "sync" && n == "Locker" {
			kind, ok = sim.ObjGoMutex, true
		}
	}
	if !ok {
		c.failN(e, "go_call", exprText(e.Fun))
		return nil
	}
	o, ok := c.objOf(sel.X)
	if !ok {
		return nil
	}
	on := c.objName(o)
	switch kind {
	case sim.ObjGoMutex, sim.ObjRWMutex:
		switch name {
		case "Lock":
			c.emit(sim.Instr{Op: sim.OpLock, Obj: o}, "lock "+on)
		case "Unlock":
			c.emit(sim.Instr{Op: sim.OpUnlock, Obj: o}, "unlock "+on)
		case "RLock":
			c.emit(sim.Instr{Op: sim.OpRLock, Obj: o}, "read-lock "+on)
		case "RUnlock":
			c.emit(sim.Instr{Op: sim.OpRUnlock, Obj: o}, "read-unlock "+on)
		case "TryLock":
			d := c.dest(hintAt(results, 0), val{}, val{})
			c.emit(sim.Instr{Op: sim.OpTryLock, Obj: o, Dst: int(d.op.V)}, fmt.Sprintf("%s = trylock %s", d.txt, on))
			return []val{d}
		}
	case sim.ObjWaitGroup:
		switch name {
		case "Add":
			x := c.eval(e.Args[0], -1)
			c.emit(sim.Instr{Op: sim.OpWgAdd, Obj: o, X: x.op}, fmt.Sprintf("%s counter += %s", on, x.txt))
		case "Done":
			c.emit(sim.Instr{Op: sim.OpWgDone, Obj: o}, on+" counter -= 1")
		case "Wait":
			c.emit(sim.Instr{Op: sim.OpWgWait, Obj: o}, "wait until "+on+" counter is 0")
		case "Go":
			c.emit(sim.Instr{Op: sim.OpWgAdd, Obj: o, X: sim.Operand{Kind: sim.Imm, V: 1}}, on+" counter += 1 (wg.Go's Add)")
			c.startGoroutine(e, e.Args[0], nil, false, o)
		}
	case sim.ObjOnce:
		b := c.funcBinding(e.Args[0])
		if b == nil {
			return nil
		}
		done := newLabel()
		c.ref(done, c.emit(sim.Instr{Op: sim.OpOnce, Obj: o}, on+".Do: run the function unless it has run"))
		if b.decl != nil {
			fn, _ := c.info.Defs[b.decl.Name].(*types.Func)
			c.inline(&ast.CallExpr{Fun: e.Args[0], Lparen: e.Lparen, Rparen: e.Rparen}, b.decl, nil, fn, nil)
		} else {
			c.inline(&ast.CallExpr{Fun: e.Args[0], Lparen: e.Lparen, Rparen: e.Rparen}, nil, b.lit, nil, nil)
		}
		c.setBase(e)
		c.emit(sim.Instr{Op: sim.OpOnceDone, Obj: o}, on+": the function has returned")
		c.place(done)
	case sim.ObjCond:
		switch name {
		case "Wait":
			mu, ok := c.condMu[o]
			if !ok {
				c.failN(e, "go_cond_mutex")
				return nil
			}
			mn := c.objName(mu)
			c.emit(sim.Instr{Op: sim.OpCondWait, Obj: o, Y: sim.Operand{Kind: sim.Imm, V: int64(mu)}},
				fmt.Sprintf("unlock %s and sleep on %s, then lock %s again", mn, on, mn))
		case "Signal":
			c.emit(sim.Instr{Op: sim.OpCondSignal, Obj: o}, "wake one goroutine waiting on "+on)
		case "Broadcast":
			c.emit(sim.Instr{Op: sim.OpCondBcast, Obj: o}, "wake every goroutine waiting on "+on)
		}
	}
	return nil
}

// cmdCall compiles cmd.Start(), cmd.Run() and cmd.Wait().
func (c *compiler) cmdCall(e *ast.CallExpr, sel *ast.SelectorExpr, results []int) []val {
	b := c.cmdOf(sel.X)
	if b == nil || b.cmd == nil {
		return nil
	}
	pid := slotVal(b.slot, b.name+".Pid")
	switch sel.Sel.Name {
	case "Start", "Run":
		if b.cmd.started {
			c.failN(e, "go_cmd_twice", exprText(sel.X))
			return nil
		}
		b.cmd.started = true
		c.emit(sim.Instr{Op: sim.OpStart, A: int64(b.cmd.prog), Dst: b.slot},
			fmt.Sprintf("%s = start a child process running %s (fork and exec)", pid.txt, b.cmd.name))
		if sel.Sel.Name == "Start" {
			return []val{imm(0)}
		}
	case "Wait":
		if !b.cmd.started {
			c.failN(e, "go_object_unbound", exprText(sel.X)+".Process")
			return nil
		}
	}
	d := c.dest(hintAt(results, 0), val{}, val{})
	c.emit(sim.Instr{Op: sim.OpWait, X: pid.op, Dst: int(d.op.V)}, fmt.Sprintf("%s = wait for child %s to exit", d.txt, pid.txt))
	return []val{d}
}

// printCall compiles fmt.Println, fmt.Print and fmt.Printf: constants are
// formatted now, the other arguments when it runs (OpPrint).
func (c *compiler) printCall(e *ast.CallExpr, name string) {
	spec, args, ok := c.printSpec(e, name)
	if !ok {
		return
	}
	first, texts := c.argBlock(args)
	c.gr.Prints = append(c.gr.Prints, spec)
	c.emit(sim.Instr{Op: sim.OpPrint, A: int64(len(c.gr.Prints) - 1), B: int64(len(args)), X: argsAt(first, len(args))},
		"print "+printMicro(spec, texts))
}

// printMicro shows a print with its arguments' names in place.
func printMicro(spec sim.PrintSpec, texts []string) string {
	s := ""
	for i, p := range spec.Parts {
		s += p
		if i < len(texts) {
			s += "{" + texts[i] + "}"
		}
	}
	return strconv.Quote(s)
}

// argBlock evaluates values into consecutive slots (OpGo, OpPrint and
// OpPanic take their arguments so) and returns the first slot and how each
// is shown.
func (c *compiler) argBlock(args []ast.Expr) (int, []string) {
	vals := make([]val, len(args))
	for i, a := range args {
		vals[i] = c.eval(a, -1)
	}
	return c.block2(vals)
}

// block2 puts values into consecutive slots, copying only when they are
// not already so.
func (c *compiler) block2(vals []val) (int, []string) {
	texts := make([]string, len(vals))
	consecutive := len(vals) > 0
	for i, v := range vals {
		texts[i] = v.txt
		if v.op.Kind != sim.Local || v.op.V != vals[0].op.V+int64(i) {
			consecutive = false
		}
	}
	if len(vals) == 0 {
		return 0, texts
	}
	if consecutive {
		return int(vals[0].op.V), texts
	}
	slots := make([]val, len(vals))
	for i := range vals {
		slots[i] = c.temp()
	}
	for i, v := range vals {
		c.emit(sim.Instr{Op: sim.OpSet, Dst: int(slots[i].op.V), X: v.op}, fmt.Sprintf("%s = %s", slots[i].txt, v.txt))
	}
	return int(slots[0].op.V), texts
}

// panicCall compiles panic(v): its spec is the value as Go prints it after
// "panic: " (the engine adds that, and the goroutine's trace), and the
// process exits with status 2.
func (c *compiler) panicCall(e *ast.CallExpr) {
	arg := e.Args[0]
	t := c.typeOf(arg)
	tv := c.info.Types[arg]
	if tv.Value != nil || tv.IsNil() {
		// Go prints a constant as fmt's %v does (a Duration or a signal
		// through its String method); panic(nil) is a PanicNilError.
		text := "panic called with nil argument"
		if tv.Value != nil {
			var ok bool
			if text, ok = c.constFormat(arg, 'v'); !ok {
				return
			}
		}
		c.gr.Prints = append(c.gr.Prints, sim.PrintSpec{Parts: []string{text}, Stderr: true})
		c.emit(sim.Instr{Op: sim.OpPanic, A: int64(len(c.gr.Prints) - 1)}, "panic: "+text)
		return
	}
	k := kindOf(t)
	if k == kNone || k == kUnit {
		c.failN(arg, "go_print_value", exprText(arg))
		return
	}
	first, texts := c.argBlock([]ast.Expr{arg})
	parts := []string{"", ""}
	c.gr.Prints = append(c.gr.Prints, sim.PrintSpec{Parts: parts, Args: []sim.ArgKind{k.argKind()}, Verbs: []byte{'v'}, Stderr: true})
	c.emit(sim.Instr{Op: sim.OpPanic, A: int64(len(c.gr.Prints) - 1), B: 1, X: argsAt(first, 1)}, "panic: {"+texts[0]+"}")
}

func isUntypedOrString(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	return ok && (b.Kind() == types.String || b.Kind() == types.UntypedString)
}

// durText shows a duration in nanoseconds as Go writes a round one.
func durText(ns int64) string {
	switch {
	case ns%1_000_000_000 == 0:
		return strconv.FormatInt(ns/1_000_000_000, 10) + "s"
	case ns%1_000_000 == 0:
		return strconv.FormatInt(ns/1_000_000, 10) + "ms"
	case ns%1000 == 0:
		return strconv.FormatInt(ns/1000, 10) + "µs"
	}
	return strconv.FormatInt(ns, 10) + "ns"
}

// argsAt is the operand that names the first of n argument slots (none: 0).
func argsAt(first, n int) sim.Operand {
	if n == 0 {
		return sim.Operand{Kind: sim.Imm}
	}
	return sim.Operand{Kind: sim.Local, V: int64(first)}
}
