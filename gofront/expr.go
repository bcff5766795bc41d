package gofront

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"proclab/sim"
)

// This file compiles expressions into micro-steps, as the scenario
// language does: a load for each shared variable read, one step per
// operation, the result in a temporary (r0, r1, ...) or in the local the
// statement assigns.

var cmpOf = map[token.Token]sim.Cmp{
	token.EQL: sim.CmpEq, token.NEQ: sim.CmpNe, token.LSS: sim.CmpLt,
	token.LEQ: sim.CmpLe, token.GTR: sim.CmpGt, token.GEQ: sim.CmpGe,
}

var arithOf = map[token.Token]byte{token.ADD: '+', token.SUB: '-', token.MUL: '*', token.QUO: '/', token.REM: '%'}

// typeOf returns the type of an expression.
func (c *compiler) typeOf(e ast.Expr) types.Type {
	if tv, ok := c.info.Types[e]; ok {
		return tv.Type
	}
	if id, ok := e.(*ast.Ident); ok {
		if obj := c.info.ObjectOf(id); obj != nil {
			return obj.Type()
		}
	}
	return nil
}

// constInt returns an integer, bool or string constant's int64 (a string
// is interned).
func (c *compiler) constInt(e ast.Expr, tv types.TypeAndValue) (int64, bool) {
	v := tv.Value
	switch v.Kind() {
	case constant.Bool:
		if constant.BoolVal(v) {
			return 1, true
		}
		return 0, true
	case constant.String:
		return c.intern(constant.StringVal(v)), true
	case constant.Int:
		n, exact := constant.Int64Val(v)
		if !exact {
			c.badType(e, c.typeOf(e))
			return 0, false
		}
		return n, true
	}
	c.badType(e, tv.Type)
	return 0, false
}

// constText is how a constant is shown in a micro-step.
func constText(v constant.Value) string {
	switch v.Kind() {
	case constant.String:
		return strconv.Quote(constant.StringVal(v))
	case constant.Bool:
		return strconv.FormatBool(constant.BoolVal(v))
	}
	return v.ExactString()
}

// eval compiles e and returns its value. hint, if not -1, is a slot the
// result may be computed into (the local the statement assigns).
func (c *compiler) eval(e ast.Expr, hint int) val {
	if c.err != nil {
		return imm(0)
	}
	if v, ok := c.override[e]; ok {
		return v
	}
	tv := c.info.Types[e]
	if tv.Value != nil {
		n, _ := c.constInt(e, tv)
		return val{op: sim.Operand{Kind: sim.Imm, V: n}, txt: constText(tv.Value)}
	}
	if tv.IsNil() {
		return val{op: sim.Operand{Kind: sim.Imm}, txt: "nil"}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return c.eval(e.X, hint)
	case *ast.Ident:
		return c.identVal(e, hint)
	case *ast.StarExpr:
		return c.identVal(e.X, hint)
	case *ast.BinaryExpr:
		return c.binary(e, hint)
	case *ast.UnaryExpr:
		switch e.Op {
		case token.SUB:
			x := c.eval(e.X, -1)
			d := c.dest(hint, x, val{})
			c.emit(sim.Instr{Op: sim.OpArith, Dst: int(d.op.V), X: sim.Operand{Kind: sim.Imm}, Y: x.op, Arith: '-'},
				fmt.Sprintf("%s = 0 - %s", d.txt, x.txt))
			return d
		case token.ADD:
			return c.eval(e.X, hint)
		case token.NOT:
			return c.boolVal(e, hint)
		case token.ARROW:
			return c.recv(e, hint)
		case token.AND:
			c.failN(e, "go_pointer")
			return imm(0)
		}
		c.failN(e, "go_operator", e.Op.String())
		return imm(0)
	case *ast.CallExpr:
		vs := c.call(e, []int{hint}, true)
		if len(vs) == 0 {
			if c.err == nil {
				c.failN(e, "go_call", exprText(e))
			}
			return imm(0)
		}
		return vs[0]
	case *ast.SelectorExpr:
		return c.selectorVal(e, hint)
	case *ast.CompositeLit:
		if kindOf(tv.Type) == kUnit && len(e.Elts) == 0 {
			return val{op: sim.Operand{Kind: sim.Imm}, txt: "struct{}{}"}
		}
		c.failN(e, "go_composite")
		return imm(0)
	case *ast.IndexExpr, *ast.IndexListExpr, *ast.SliceExpr:
		c.failN(e, "go_composite")
		return imm(0)
	case *ast.FuncLit:
		c.failN(e, "go_func_value", exprText(e))
		return imm(0)
	}
	c.unsupported(e)
	return imm(0)
}

// dest returns where an operation's result goes: the hint, else a
// temporary operand it may overwrite, else a new temporary.
func (c *compiler) dest(hint int, x, y val) val {
	if hint >= 0 {
		return slotVal(hint, c.slotName(hint))
	}
	if c.isTemp(x) {
		return x
	}
	if c.isTemp(y) {
		return y
	}
	return c.temp()
}

// slotName is the name slot s has now.
func (c *compiler) slotName(s int) string {
	if s >= 0 && s < len(c.prog.cur) && c.prog.cur[s] != "" {
		return c.prog.cur[s]
	}
	return "r?"
}

// identVal reads a variable.
func (c *compiler) identVal(e ast.Expr, hint int) val {
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		c.failN(e, "go_pointer")
		return imm(0)
	}
	v, ok := c.info.Uses[id].(*types.Var)
	if !ok {
		c.unsupported(e)
		return imm(0)
	}
	if sig, ok := c.osSignal(v); ok {
		return val{op: sim.Operand{Kind: sim.Imm, V: int64(sig)}, txt: sig.String()}
	}
	b := c.lookup(v)
	if b == nil {
		c.failN(e, "go_object_unbound", id.Name)
		return imm(0)
	}
	switch b.kind {
	case bSlot:
		return slotVal(b.slot, id.Name)
	case bShared:
		if c.prog.child && c.isGlobal(v) {
			c.failN(e, "go_child_shared", c.prog.prog.Name, id.Name)
			return imm(0)
		}
		d := c.dest(hint, val{}, val{})
		c.emit(sim.Instr{Op: sim.OpLoad, Var: b.v, Dst: int(d.op.V)}, fmt.Sprintf("load %s -> %s", b.name, d.txt))
		return d
	}
	c.failN(e, "go_object_value", id.Name)
	return imm(0)
}

// isGlobal reports whether v is a package-level variable.
func (c *compiler) isGlobal(v *types.Var) bool {
	_, ok := c.globals[v]
	return ok
}

// osSignal returns the signal of os.Interrupt and os.Kill.
func (c *compiler) osSignal(v *types.Var) (sim.Signal, bool) {
	if v.Pkg() == nil || v.Pkg().Path() != "os" {
		return 0, false
	}
	switch v.Name() {
	case "Interrupt":
		return sim.SIGINT, true
	case "Kill":
		return sim.SIGKILL, true
	}
	return 0, false
}

// selectorVal reads cmd.Process.Pid (and os.Interrupt, os.Kill).
func (c *compiler) selectorVal(e *ast.SelectorExpr, hint int) val {
	if v, ok := c.info.Uses[e.Sel].(*types.Var); ok {
		if sig, ok := c.osSignal(v); ok {
			return val{op: sim.Operand{Kind: sim.Imm, V: int64(sig)}, txt: sig.String()}
		}
	}
	if e.Sel.Name == "Pid" {
		if inner, ok := unparen(e.X).(*ast.SelectorExpr); ok && inner.Sel.Name == "Process" && isCmd(c.typeOf(inner.X)) {
			cmd := c.cmdOf(inner.X)
			if cmd == nil {
				return imm(0)
			}
			if !cmd.cmd.started {
				c.failN(e, "go_object_unbound", exprText(e))
				return imm(0)
			}
			return slotVal(cmd.slot, exprText(e))
		}
	}
	c.unsupported(e)
	return imm(0)
}

// binary compiles an arithmetic or comparison expression.
func (c *compiler) binary(e *ast.BinaryExpr, hint int) val {
	if _, ok := cmpOf[e.Op]; ok || e.Op == token.LAND || e.Op == token.LOR {
		return c.boolVal(e, hint)
	}
	op, ok := arithOf[e.Op]
	if !ok {
		c.failN(e, "go_operator", e.Op.String())
		return imm(0)
	}
	if k := kindOf(c.typeOf(e)); k == kString {
		c.failN(e, "go_string_concat")
		return imm(0)
	} else if k != kInt {
		c.badType(e, c.typeOf(e))
		return imm(0)
	}
	x := c.eval(e.X, -1)
	y := c.eval(e.Y, -1)
	d := c.dest(hint, x, y)
	c.emit(sim.Instr{Op: sim.OpArith, Dst: int(d.op.V), X: x.op, Y: y.op, Arith: op},
		fmt.Sprintf("%s = %s %c %s", d.txt, x.txt, op, y.txt))
	return d
}

// boolVal computes a condition into a slot: 1 if true, else 0.
func (c *compiler) boolVal(e ast.Expr, hint int) val {
	no, end := newLabel(), newLabel()
	c.cond(e, false, no)
	d := c.dest(hint, val{}, val{})
	c.emit(sim.Instr{Op: sim.OpSet, Dst: int(d.op.V), X: sim.Operand{Kind: sim.Imm, V: 1}}, d.txt+" = true")
	c.jump(end, "")
	c.place(no)
	c.emit(sim.Instr{Op: sim.OpSet, Dst: int(d.op.V), X: sim.Operand{Kind: sim.Imm}}, d.txt+" = false")
	c.place(end)
	return d
}

// cond compiles a condition that jumps to l when e is want, and goes on
// otherwise; && and || short-circuit.
func (c *compiler) cond(e ast.Expr, want bool, l *label) {
	if c.err != nil {
		return
	}
	if tv := c.info.Types[e]; tv.Value != nil && tv.Value.Kind() == constant.Bool {
		if constant.BoolVal(tv.Value) == want {
			c.jump(l, "")
		}
		return
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		c.cond(x.X, want, l)
		return
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			c.cond(x.X, !want, l)
			return
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND, token.LOR:
			// want true on &&: both true; want false on ||: both false.
			if (x.Op == token.LAND) == want {
				skip := newLabel()
				c.cond(x.X, !want, skip)
				c.cond(x.Y, want, l)
				c.place(skip)
			} else {
				c.cond(x.X, want, l)
				c.cond(x.Y, want, l)
			}
			return
		}
		if cm, ok := cmpOf[x.Op]; ok {
			if kindOf(c.typeOf(x.X)) == kString && cm != sim.CmpEq && cm != sim.CmpNe {
				c.failN(x, "go_string_order")
				return
			}
			p := c.prog
			top, temps := p.top, p.temps
			a := c.eval(x.X, -1)
			b := c.eval(x.Y, -1)
			c.test(a, b, cm, want, l)
			// The comparison's temporaries are dead after its test.
			if top >= p.keep {
				p.top, p.temps = top, temps
			}
			return
		}
	}
	p := c.prog
	top, temps := p.top, p.temps
	v := c.eval(e, -1)
	c.test(v, imm(0), sim.CmpNe, want, l)
	if top >= p.keep {
		p.top, p.temps = top, temps
	}
}

// test emits one test: jump to l if (a cmp b) == want.
func (c *compiler) test(a, b val, cm sim.Cmp, want bool, l *label) {
	micro := fmt.Sprintf("test %s %s %s", a.txt, cm, b.txt)
	if want {
		micro += " (true: jump)"
	}
	c.ref(l, c.emit(sim.Instr{Op: sim.OpTest, X: a.op, Y: b.op, Cmp: cm, JumpIfTrue: want}, micro))
}

// store writes v to the variable e names: a local (a move) or a shared
// variable (a store micro-step); _ discards it.
func (c *compiler) store(e ast.Expr, v val) {
	if c.err != nil {
		return
	}
	e = unparen(e)
	if st, ok := e.(*ast.StarExpr); ok {
		e = unparen(st.X)
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		c.unsupported(e)
		return
	}
	if id.Name == "_" {
		return
	}
	obj := c.info.ObjectOf(id)
	gv, ok := obj.(*types.Var)
	if !ok {
		c.unsupported(e)
		return
	}
	b := c.lookup(gv)
	if b == nil {
		c.failN(e, "go_object_unbound", id.Name)
		return
	}
	switch b.kind {
	case bSlot:
		if v.op.Kind == sim.Local && int(v.op.V) == b.slot {
			return
		}
		c.emit(sim.Instr{Op: sim.OpSet, Dst: b.slot, X: v.op}, fmt.Sprintf("%s = %s", id.Name, v.txt))
	case bShared:
		if c.prog.child && c.isGlobal(gv) {
			c.failN(e, "go_child_shared", c.prog.prog.Name, id.Name)
			return
		}
		c.emit(sim.Instr{Op: sim.OpStore, Var: b.v, X: v.op}, fmt.Sprintf("store %s -> %s", v.txt, b.name))
	default:
		c.failN(e, "go_object_value", id.Name)
	}
}

// hintFor returns the slot an assignment to e may compute into: a local's
// own slot, else -1.
func (c *compiler) hintFor(e ast.Expr) int {
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		return -1
	}
	v, ok := c.info.ObjectOf(id).(*types.Var)
	if !ok {
		return -1
	}
	if b := c.lookup(v); b != nil && b.kind == bSlot {
		return b.slot
	}
	return -1
}

// exprText is an expression as written, for messages.
func exprText(e ast.Expr) string {
	return types.ExprString(e)
}

// typeText is a type as a Go programmer writes it.
func typeText(t types.Type) string {
	if t == nil {
		return "?"
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
