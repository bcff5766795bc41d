package gofront

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"

	"proclab/sim"
)

// This file compiles calls: every call of a function of the file (or of a
// func literal) is inlined at its call site; library calls become the
// engine's operations (library.go).

// call compiles a call. results are the slots the caller wants the results
// in (-1 or missing: anywhere); used says the results are used. It returns
// the results' values.
func (c *compiler) call(e *ast.CallExpr, results []int, used bool) []val {
	if c.err != nil {
		return nil
	}
	if tv, ok := c.info.Types[e.Fun]; ok && tv.IsType() {
		// A conversion: int64(x), time.Duration(n), int(d).
		if len(e.Args) != 1 || kindOf(tv.Type) != kInt || kindOf(c.typeOf(e.Args[0])) != kInt {
			c.badType(e, tv.Type)
			return nil
		}
		return []val{c.eval(e.Args[0], hintAt(results, 0))}
	}
	fun := unparen(e.Fun)
	switch f := fun.(type) {
	case *ast.Ident:
		switch obj := c.info.Uses[f].(type) {
		case *types.Builtin:
			return c.builtin(e, f.Name, results)
		case *types.Func:
			fd := c.funcs[obj]
			if fd == nil {
				break
			}
			return c.inline(e, fd, nil, obj, results)
		case *types.Var:
			b := c.lookup(obj)
			if b == nil || b.kind != bFunc {
				c.failN(e, "go_func_value", f.Name)
				return nil
			}
			fn, _ := c.info.Defs[nameOf(b.decl)].(*types.Func)
			return c.inline(e, b.decl, b.lit, fn, results)
		}
	case *ast.FuncLit:
		return c.inline(e, nil, f, nil, results)
	case *ast.SelectorExpr:
		if id, ok := unparen(f.X).(*ast.Ident); ok {
			if pkg, ok := c.info.Uses[id].(*types.PkgName); ok {
				return c.libCall(e, pkg.Imported().Path(), f.Sel.Name, results, used)
			}
		}
		return c.methodCall(e, f, results, used)
	}
	c.failN(e, "go_call", exprText(e.Fun))
	return nil
}

func nameOf(fd *ast.FuncDecl) *ast.Ident {
	if fd == nil {
		return nil
	}
	return fd.Name
}

// hintAt returns results[i], or -1.
func hintAt(results []int, i int) int {
	if i < len(results) {
		return results[i]
	}
	return -1
}

// inline compiles a call of fd (a function of the file) or lit at the call
// site: its parameters are bound to the arguments (values are copied into
// new slots, objects and functions bound statically), its body compiled,
// and returns jump to its end, where its defers run.
func (c *compiler) inline(e *ast.CallExpr, fd *ast.FuncDecl, lit *ast.FuncLit, fn *types.Func, results []int) []val {
	p := c.prog
	name := "func literal"
	if fd != nil {
		name = fd.Name.Name
	}
	for fr := p.fr; fr != nil; fr = fr.parent {
		if fn != nil && fr.fn == fn {
			c.failN(e, "go_recursion", name)
			return nil
		}
	}
	c.calls++
	if c.calls > MaxInlinedCalls {
		c.failN(e, "go_too_many_calls", strconv.Itoa(MaxInlinedCalls))
		return nil
	}
	if p.inline >= MaxInlineDepth {
		c.failN(e, "go_inline_depth", strconv.Itoa(MaxInlineDepth))
		return nil
	}
	ft := funcType(fd, lit)
	var body *ast.BlockStmt
	if fd != nil {
		body = fd.Body
	} else if lit != nil {
		body = lit.Body
	}
	if ft == nil || body == nil {
		c.failN(e, "go_call", exprText(e.Fun))
		return nil
	}
	if e.Ellipsis.IsValid() || isVariadic(ft) {
		c.failN(e, "go_variadic", name)
		return nil
	}
	saveKeep, saveMark, saveTemps, saveBase := p.keep, c.stmtMark, p.temps, p.base
	saveCur := append([]string(nil), p.cur...)
	// Result slots first, so that they outlive the call's own slots.
	fr := &frame{parent: p.fr, fn: fn, name: name, exit: newLabel(), loopBase: p.loop}
	c.bindResults(fr, ft, results)
	tempsAfter := p.temps
	mark := p.top
	c.bindParams(e, ft, e.Args)
	if c.err != nil {
		return nil
	}
	p.keep = p.top
	saveBrk, saveCont := p.brk, p.cont
	p.brk, p.cont = nil, nil
	p.fr = fr
	if n := len(body.List); n > 0 {
		fr.last = body.List[n-1]
	}
	p.inline++
	c.block(body.List)
	c.place(fr.exit)
	c.runDefers(fr)
	p.inline--
	p.fr = fr.parent
	p.brk, p.cont = saveBrk, saveCont
	c.stmtMark, p.temps, p.base = saveMark, max(saveTemps, tempsAfter), saveBase
	p.top, p.keep = mark, saveKeep
	out := make([]val, len(fr.results))
	for i, s := range fr.results {
		out[i] = slotVal(s, c.slotName(s))
	}
	p.cur = append(p.cur[:0], saveCur...)
	for i, s := range fr.results {
		if s >= len(p.cur) || p.cur[s] == "" {
			c.nameSlot(s, out[i].txt)
		}
	}
	return out
}

func isVariadic(ft *ast.FuncType) bool {
	if ft.Params == nil || len(ft.Params.List) == 0 {
		return false
	}
	_, ok := ft.Params.List[len(ft.Params.List)-1].Type.(*ast.Ellipsis)
	return ok
}

// bindResults gives a frame its result slots: the caller's where it has
// them, else new ones (a named result is a variable of the call).
func (c *compiler) bindResults(fr *frame, ft *ast.FuncType, want []int) {
	if ft == nil || ft.Results == nil {
		return
	}
	k := 0
	for _, f := range ft.Results.List {
		t := c.typeOf(f.Type)
		if tv, ok := c.info.Types[f.Type]; ok {
			t = tv.Type
		}
		if kindOf(t) == kNone {
			c.badType(f, t)
			return
		}
		n := max(len(f.Names), 1)
		for j := range n {
			slot := hintAt(want, k)
			name := "result"
			if j < len(f.Names) {
				name = f.Names[j].Name
			}
			if slot < 0 {
				if j < len(f.Names) {
					slot = c.alloc(name)
				} else {
					slot = int(c.temp().op.V)
				}
				c.declared()
			}
			if j < len(f.Names) {
				if v, ok := c.info.Defs[f.Names[j]].(*types.Var); ok {
					c.prog.vars[v] = &binding{kind: bSlot, slot: slot, name: name}
					c.nameSlot(slot, name)
					c.emit(sim.Instr{Op: sim.OpSet, Dst: slot, X: sim.Operand{Kind: sim.Imm}}, name+" = 0")
				}
			}
			fr.results = append(fr.results, slot)
			fr.resKinds = append(fr.resKinds, kindOf(t))
			k++
		}
	}
}

// bindParams binds a call's parameters to its arguments.
func (c *compiler) bindParams(at ast.Node, ft *ast.FuncType, args []ast.Expr) {
	if ft.Params == nil {
		return
	}
	k := 0
	for _, f := range ft.Params.List {
		names := f.Names
		if len(names) == 0 {
			names = []*ast.Ident{nil}
		}
		for _, id := range names {
			if k >= len(args) {
				c.unsupported(at)
				return
			}
			arg := args[k]
			k++
			var v *types.Var
			if id != nil {
				v, _ = c.info.Defs[id].(*types.Var)
			}
			if v == nil || id.Name == "_" {
				if kindOf(c.typeOf(arg)) != kNone {
					c.eval(arg, -1)
				}
				continue
			}
			if b := c.bindArg(v, arg); b != nil {
				c.prog.vars[v] = b
			}
		}
	}
}

// bindArg binds parameter v to argument arg: an object, a function, a
// command or a shared variable statically, a value in a new slot.
func (c *compiler) bindArg(v *types.Var, arg ast.Expr) *binding {
	t := v.Type()
	if c.syncCopy(arg, t) {
		return nil
	}
	switch {
	case isFunc(t):
		return c.funcBinding(arg)
	case isCmd(t):
		return c.cmdOf(arg)
	case isAtomicInt64(t) || isIntPointer(t):
		return c.sharedOf(arg)
	}
	if _, ok := objKindOf(t); ok {
		o, ok := c.objOf(arg)
		if !ok {
			return nil
		}
		return &binding{kind: bObj, obj: o, name: c.objName(o)}
	}
	if kindOf(t) == kNone {
		c.badType(arg, t)
		return nil
	}
	if c.an.addr[v] || c.an.shared(v) {
		b := c.newShared(arg, v.Name(), 0)
		x := c.eval(arg, -1)
		c.emit(sim.Instr{Op: sim.OpStore, Var: b.v, X: x.op}, fmt.Sprintf("store %s -> %s", x.txt, b.name))
		return b
	}
	s := c.alloc(v.Name())
	x := c.eval(arg, s)
	if x.op.Kind != sim.Local || int(x.op.V) != s {
		c.emit(sim.Instr{Op: sim.OpSet, Dst: s, X: x.op}, fmt.Sprintf("%s = %s", v.Name(), x.txt))
	}
	return &binding{kind: bSlot, slot: s, name: v.Name()}
}

// funcBinding returns the function an expression names: a func literal, a
// function of the file, or a variable bound to one.
func (c *compiler) funcBinding(e ast.Expr) *binding {
	switch f := unparen(e).(type) {
	case *ast.FuncLit:
		return &binding{kind: bFunc, lit: f}
	case *ast.Ident:
		switch obj := c.info.Uses[f].(type) {
		case *types.Func:
			if fd := c.funcs[obj]; fd != nil {
				return &binding{kind: bFunc, decl: fd}
			}
		case *types.Var:
			if b := c.lookup(obj); b != nil && b.kind == bFunc {
				return b
			}
		}
	}
	c.failN(e, "go_func_value", exprText(e))
	return nil
}

// sharedOf returns the shared variable &x (or a pointer parameter bound to
// one) stands for.
func (c *compiler) sharedOf(e ast.Expr) *binding {
	x := unparen(e)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op.String() == "&" {
		x = unparen(u.X)
	}
	if id, ok := x.(*ast.Ident); ok {
		if v, ok := c.info.Uses[id].(*types.Var); ok {
			if b := c.lookup(v); b != nil && b.kind == bShared {
				if c.prog.child && c.isGlobal(v) {
					c.failN(e, "go_child_shared", c.prog.prog.Name, id.Name)
					return nil
				}
				return b
			}
		}
	}
	c.failN(e, "go_atomic_target", exprText(e))
	return nil
}

// builtin compiles make, close, panic and the conversions' neighbours.
func (c *compiler) builtin(e *ast.CallExpr, name string, results []int) []val {
	switch name {
	case "close":
		o, ok := c.objOf(e.Args[0])
		if !ok {
			return nil
		}
		c.emit(sim.Instr{Op: sim.OpClose, Obj: o}, "close "+c.objName(o))
		return nil
	case "panic":
		c.panicCall(e)
		return nil
	case "make":
		c.failN(e, "go_object_dynamic", exprText(e))
		return nil
	}
	c.failN(e, "go_builtin", name)
	return nil
}
