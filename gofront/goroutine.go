package gofront

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"proclab/sim"
)

// This file compiles go statements (each site is a program of its own,
// started with OpGo), defer, and the channel operations: send, receive
// and select.

// goStmt compiles "go f(x)" and a go statement of a func literal.
func (c *compiler) goStmt(s *ast.GoStmt) {
	c.startGoroutine(s, s.Call.Fun, s.Call.Args, s.Call.Ellipsis.IsValid(), -1)
}

// startGoroutine compiles the start of a goroutine that runs fun(args) at
// site at (a go statement, or wg.Go(fun) with wg the object wg, else -1):
// the arguments, and the locals the goroutine captures by value, are
// evaluated here and copied into the new goroutine's first locals.
func (c *compiler) startGoroutine(at ast.Node, fun ast.Expr, args []ast.Expr, ellipsis bool, wg int) {
	var fd *ast.FuncDecl
	var lit *ast.FuncLit
	switch f := unparen(fun).(type) {
	case *ast.FuncLit:
		lit = f
	case *ast.Ident:
		switch obj := c.info.Uses[f].(type) {
		case *types.Func:
			fd = c.funcs[obj]
		case *types.Var:
			if b := c.lookup(obj); b != nil && b.kind == bFunc {
				fd, lit = b.decl, b.lit
				if lit != nil && c.an.litOf[obj] != lit && len(c.an.direct[lit]) > 0 {
					c.failN(at, "go_func_value", f.Name)
					return
				}
			}
		}
	}
	if fd == nil && lit == nil {
		c.failN(fun, "go_go_form", exprText(fun))
		return
	}
	ft := funcType(fd, lit)
	if ellipsis || isVariadic(ft) {
		c.failN(at, "go_variadic", exprText(fun))
		return
	}
	var body *ast.BlockStmt
	name := ""
	if fd != nil {
		body, name = fd.Body, fd.Name.Name
	} else {
		body, name = lit.Body, c.progName(lit)
	}
	var pass []val
	var passVars []*types.Var
	copied := map[*types.Var]*binding{}
	// Captured locals: values are copied, everything else is bound as it is.
	if lit != nil {
		for _, site := range c.an.sites {
			if site.at != at.Pos() {
				continue
			}
			for _, v := range sortedVars(site.caps) {
				b := c.lookup(v)
				if b == nil {
					continue
				}
				if b.kind == bSlot {
					pass = append(pass, slotVal(b.slot, v.Name()))
					passVars = append(passVars, v)
				} else {
					copied[v] = b
				}
			}
		}
	}
	// Parameters.
	if ft.Params != nil {
		k := 0
		for _, f := range ft.Params.List {
			names := f.Names
			if len(names) == 0 {
				names = []*ast.Ident{nil}
			}
			for _, id := range names {
				if k >= len(args) {
					return
				}
				arg := args[k]
				k++
				var v *types.Var
				if id != nil {
					v, _ = c.info.Defs[id].(*types.Var)
				}
				t := c.typeOf(arg)
				if v != nil {
					t = v.Type()
				}
				if kindOf(t) != kNone {
					pass = append(pass, c.eval(arg, -1))
					passVars = append(passVars, v)
					continue
				}
				if v == nil {
					continue
				}
				if b := c.bindArg(v, arg); b != nil {
					copied[v] = b
				}
			}
		}
	}
	if c.err != nil {
		return
	}
	if len(pass) > MaxLocals {
		c.failN(at, "go_too_many_locals", name, strconv.Itoa(MaxLocals))
		return
	}
	first, texts := c.block2(pass)
	p := c.newProgram(name, at.Pos(), c.prog.child, c.prog.loop)
	if c.err != nil {
		return
	}
	c.emit(sim.Instr{Op: sim.OpGo, A: int64(p.idx), B: int64(len(pass)), X: argsAt(first, len(pass))},
		fmt.Sprintf("start a goroutine: %s(%s)", p.prog.Name, strings.Join(texts, ", ")))
	for v, b := range copied {
		p.vars[v] = b
	}
	save := c.prog
	c.prog = p
	p.base = save.base
	var shared []*types.Var
	for _, v := range passVars {
		name := "_"
		if v != nil {
			name = v.Name()
		}
		slot := c.alloc(name)
		if v != nil {
			p.vars[v] = &binding{kind: bSlot, slot: slot, name: name}
			if c.an.addr[v] || c.an.shared(v) {
				shared = append(shared, v)
			}
		}
	}
	p.keep = p.top
	// A parameter the goroutine shares with goroutines it starts, or whose
	// address it takes, moves to shared memory first.
	for _, v := range shared {
		old := p.vars[v]
		if p.loop > 0 {
			c.failN(at, "go_loop_var_shared", v.Name())
			break
		}
		b := c.newShared(at, v.Name(), 0)
		c.emit(sim.Instr{Op: sim.OpStore, Var: b.v, X: sim.Operand{Kind: sim.Local, V: int64(old.slot)}},
			fmt.Sprintf("store %s -> %s", v.Name(), b.name))
		p.vars[v] = b
	}
	c.prog = save
	if wg >= 0 {
		// wg.Go: Done when the function returns, after its defers.
		p.atExit = func() {
			c.emit(sim.Instr{Op: sim.OpWgDone, Obj: wg}, c.objName(wg)+" counter -= 1 (wg.Go's Done)")
		}
	}
	c.compileBody(p, fd, lit, body, false)
}

// deferStmt records a deferred call; its arguments are evaluated now.
func (c *compiler) deferStmt(s *ast.DeferStmt) {
	p := c.prog
	fr := p.fr
	if fr == nil {
		return
	}
	if p.loop > fr.loopBase {
		c.failN(s, "go_defer_loop")
		return
	}
	if fr.nest > 0 {
		c.failN(s, "go_defer_nested")
		return
	}
	d := deferred{call: s.Call, args: map[ast.Expr]val{}, line: p.base.Line, col: p.base.Col, text: p.base.Text}
	for _, a := range s.Call.Args {
		if tv := c.info.Types[a]; tv.Value != nil || kindOf(tv.Type) == kNone {
			continue
		}
		slot := c.alloc("defer-arg")
		c.declared()
		x := c.eval(a, slot)
		if x.op.Kind != sim.Local || int(x.op.V) != slot {
			c.emit(sim.Instr{Op: sim.OpSet, Dst: slot, X: x.op}, fmt.Sprintf("defer-arg = %s", x.txt))
		}
		d.args[a] = slotVal(slot, exprText(a))
	}
	fr.defers = append(fr.defers, d)
}

// runDefers compiles a frame's deferred calls, last first, where the
// function returns.
func (c *compiler) runDefers(fr *frame) {
	p := c.prog
	for i := len(fr.defers) - 1; i >= 0 && c.err == nil; i-- {
		d := fr.defers[i]
		save := c.override
		c.override = d.args
		p.base = sim.Instr{Line: d.line, Col: d.col, Text: d.text}
		saveMark, saveTemps, saveKeep := c.stmtMark, p.temps, p.keep
		c.stmtMark, p.temps, p.keep = p.top, 0, p.top
		mark := p.top
		c.exprStmt(d.call)
		p.top = mark
		c.stmtMark, p.temps, p.keep = saveMark, saveTemps, saveKeep
		c.override = save
	}
}

// send compiles ch <- v.
func (c *compiler) send(s *ast.SendStmt) {
	o, ok := c.objOf(s.Chan)
	if !ok {
		return
	}
	x := c.eval(s.Value, -1)
	c.emit(sim.Instr{Op: sim.OpSend, Obj: o, X: x.op}, fmt.Sprintf("send %s on %s", x.txt, c.objName(o)))
}

// recvChan returns the channel a receive reads: a variable's, or a new
// timer's for <-time.After(d).
func (c *compiler) recvChan(e ast.Expr) (int, bool) {
	if call, ok := unparen(e).(*ast.CallExpr); ok {
		if path, fn := c.pkgFunc(call); path == "time" && fn == "After" {
			b := c.timer(call)
			if b == nil {
				return 0, false
			}
			return b.obj, true
		}
	}
	return c.objOf(e)
}

// recv compiles <-ch.
func (c *compiler) recv(e *ast.UnaryExpr, hint int) val {
	o, ok := c.recvChan(e.X)
	if !ok {
		return imm(0)
	}
	d := c.dest(hint, val{}, val{})
	c.emit(sim.Instr{Op: sim.OpRecv, Obj: o, Dst: int(d.op.V)}, fmt.Sprintf("%s = receive from %s", d.txt, c.objName(o)))
	return d
}

// recvOK compiles v, ok := <-ch as a select with that one case (the
// receive that also says whether the channel was closed).
func (c *compiler) recvOK(e *ast.UnaryExpr, vslot, okslot int) []val {
	o, ok := c.recvChan(e.X)
	if !ok {
		return nil
	}
	v := c.dest(vslot, val{}, val{})
	okv := c.dest(okslot, val{}, val{})
	name := c.objName(o)
	c.emit(sim.Instr{Op: sim.OpSelect, A: 1}, "receive from "+name+" (or learn it is closed)")
	c.emit(sim.Instr{Op: sim.OpSelectCase, Obj: o, Dst: int(v.op.V), B: 1 + okv.op.V, Jump: c.here() + 1},
		fmt.Sprintf("%s, %s = receive from %s", v.txt, okv.txt, name))
	return []val{v, okv}
}

// selCase is one case of a select being compiled.
type selCase struct {
	in     sim.Instr
	micro  string
	body   []ast.Stmt
	lbl    *label
	stores []func() // assignments to shared variables after the receive
	at     ast.Node
}

func (c *compiler) selectStmt(s *ast.SelectStmt) {
	mark := c.prog.top
	var cases []*selCase
	var def *ast.CommClause
	for _, st := range s.Body.List {
		cc, ok := st.(*ast.CommClause)
		if !ok {
			continue
		}
		if cc.Comm == nil {
			def = cc
			continue
		}
		c.setBase(cc)
		sc := &selCase{body: cc.Body, lbl: newLabel(), at: cc}
		sc.in = sim.Instr{Op: sim.OpSelectCase, Dst: -1}
		switch comm := cc.Comm.(type) {
		case *ast.SendStmt:
			o, ok := c.objOf(comm.Chan)
			if !ok {
				return
			}
			x := c.eval(comm.Value, -1)
			sc.in.A, sc.in.Obj, sc.in.X = 1, o, x.op
			sc.micro = fmt.Sprintf("case: send %s on %s", x.txt, c.objName(o))
		case *ast.ExprStmt:
			u, ok := unparen(comm.X).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				c.failN(comm, "go_select_case")
				return
			}
			o, ok := c.recvChan(u.X)
			if !ok {
				return
			}
			sc.in.Obj = o
			sc.micro = "case: receive from " + c.objName(o)
		case *ast.AssignStmt:
			u, ok := unparen(comm.Rhs[0]).(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW || len(comm.Rhs) != 1 || len(comm.Lhs) > 2 {
				c.failN(comm, "go_select_case")
				return
			}
			o, ok := c.recvChan(u.X)
			if !ok {
				return
			}
			sc.in.Obj = o
			var txt []string
			for i, l := range comm.Lhs {
				slot := -1
				id, isId := l.(*ast.Ident)
				switch {
				case !isId:
					c.failN(l, "go_select_case")
					return
				case id.Name == "_":
				case comm.Tok == token.DEFINE && c.info.Defs[id] != nil:
					b, _ := c.declare(id, false)
					if b == nil {
						return
					}
					if b.kind == bSlot {
						slot = b.slot
					} else {
						t := c.temp()
						slot = int(t.op.V)
						c.declared()
						lhs, tv := l, t
						sc.stores = append(sc.stores, func() { c.store(lhs, tv) })
					}
				default:
					slot = c.hintFor(l)
					if slot < 0 {
						t := c.temp()
						slot = int(t.op.V)
						c.declared()
						lhs, tv := l, t
						sc.stores = append(sc.stores, func() { c.store(lhs, tv) })
					}
				}
				if i == 0 {
					sc.in.Dst = slot
				} else if slot >= 0 {
					sc.in.B = 1 + int64(slot)
				}
				txt = append(txt, id.Name)
			}
			sc.micro = fmt.Sprintf("case: %s = receive from %s", strings.Join(txt, ", "), c.objName(o))
		default:
			c.failN(cc, "go_select_case")
			return
		}
		cases = append(cases, sc)
	}
	c.declared()
	c.setBase(s)
	end, dl := newLabel(), newLabel()
	hasDef := int64(0)
	micro := fmt.Sprintf("select: wait until one of %d cases can go on", len(cases))
	if def != nil {
		hasDef = 1
		micro = fmt.Sprintf("select: take one of %d ready cases, else the default", len(cases))
	}
	if len(cases) == 0 && def == nil {
		c.emit(sim.Instr{Op: sim.OpSelect}, "select {}: block for ever")
		c.place(end)
		c.prog.top = mark
		return
	}
	sel := c.emit(sim.Instr{Op: sim.OpSelect, A: int64(len(cases)), B: hasDef}, micro)
	if def != nil {
		c.ref(dl, sel)
	}
	for _, sc := range cases {
		c.setBase(sc.at)
		c.ref(sc.lbl, c.emit(sc.in, sc.micro))
	}
	p := c.prog
	p.brk = append(p.brk, end)
	for _, sc := range cases {
		c.place(sc.lbl)
		c.setBase(sc.at)
		for _, st := range sc.stores {
			st()
		}
		c.nested(func() { c.block(sc.body) })
		c.jump(end, "")
	}
	if def != nil {
		c.place(dl)
		c.nested(func() { c.block(def.Body) })
	}
	p.brk = p.brk[:len(p.brk)-1]
	c.place(end)
	c.prog.top = mark
}
