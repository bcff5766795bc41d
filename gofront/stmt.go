package gofront

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"proclab/sim"
)

// This file compiles statements: declarations and assignments, control
// flow (as tests and jumps), and the statements that end a function.

// block compiles a list of statements in a new scope: the slots its
// variables take are free again after it.
func (c *compiler) block(list []ast.Stmt) {
	mark := c.prog.top
	for _, s := range list {
		if c.err != nil {
			return
		}
		c.stmt(s)
	}
	c.prog.top = mark
}

// freeTemps ends the temporaries of the current statement's header (a
// condition), before its body.
func (c *compiler) freeTemps() {
	p := c.prog
	p.top, p.temps = p.keep, 0
	c.stmtMark = p.top
}

// declared records that the current statement declared a variable in a
// slot, which outlives the statement.
func (c *compiler) declared() {
	p := c.prog
	p.keep = p.top
	c.stmtMark = p.top
}

func (c *compiler) stmt(s ast.Stmt) {
	if c.err != nil || s == nil {
		return
	}
	p := c.prog
	saveKeep, saveMark, saveTemps, saveBase := p.keep, c.stmtMark, p.temps, p.base
	p.keep, c.stmtMark, p.temps = p.top, p.top, 0
	c.setBase(s)
	c.stmt1(s)
	// Temporaries end with the statement; a block statement (if, for, ...)
	// has already freed the variables of its header.
	p.top = min(p.top, p.keep)
	p.keep, c.stmtMark, p.temps, p.base = saveKeep, saveMark, saveTemps, saveBase
}

func (c *compiler) stmt1(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.EmptyStmt:
	case *ast.BlockStmt:
		c.nested(func() { c.block(s.List) })
	case *ast.ExprStmt:
		c.exprStmt(s.X)
	case *ast.AssignStmt:
		c.assign(s)
	case *ast.IncDecStmt:
		op := token.ADD
		if s.Tok == token.DEC {
			op = token.SUB
		}
		c.compound(s.X, op, nil, s.Tok.String())
	case *ast.DeclStmt:
		c.declStmt(s)
	case *ast.IfStmt:
		c.ifStmt(s)
	case *ast.ForStmt:
		c.forStmt(s)
	case *ast.RangeStmt:
		c.rangeStmt(s)
	case *ast.SwitchStmt:
		c.switchStmt(s)
	case *ast.SelectStmt:
		c.selectStmt(s)
	case *ast.SendStmt:
		c.send(s)
	case *ast.GoStmt:
		c.goStmt(s)
	case *ast.DeferStmt:
		c.deferStmt(s)
	case *ast.ReturnStmt:
		c.returnStmt(s)
	case *ast.BranchStmt:
		c.branch(s)
	case *ast.LabeledStmt:
		c.failN(s, "go_labels", c.snippet(s))
	case *ast.TypeSwitchStmt:
		c.unsupported(s)
	default:
		c.unsupported(s)
	}
}

// nested compiles a block nested in the current function's body (for the
// rule that defer is at the top level).
func (c *compiler) nested(f func()) {
	fr := c.prog.fr
	if fr != nil {
		fr.nest++
		defer func() { fr.nest-- }()
	}
	f()
}

// exprStmt compiles an expression used as a statement: a call or a receive.
func (c *compiler) exprStmt(e ast.Expr) {
	switch x := unparen(e).(type) {
	case *ast.CallExpr:
		c.call(x, nil, false)
		return
	case *ast.UnaryExpr:
		if x.Op == token.ARROW {
			c.recv(x, -1)
			return
		}
	}
	c.unsupported(e)
}

// declare binds a new Go variable defined at id to a slot, a shared
// variable (a goroutine shares it) or an object, and returns the slot the
// value goes to (-1: none). inLoop says it is a loop's own variable.
func (c *compiler) declare(id *ast.Ident, inLoop bool) (*binding, *types.Var) {
	v, ok := c.info.Defs[id].(*types.Var)
	if !ok || v == nil {
		return nil, nil
	}
	t := v.Type()
	if isAtomicInt64(t) || kindOf(t) != kNone && (c.an.shared(v) || c.an.addr[v]) {
		if inLoop || c.prog.loop > 0 {
			c.failN(id, "go_loop_var_shared", id.Name)
			return nil, v
		}
		b := c.newShared(id, id.Name, 0)
		c.prog.vars[v] = b
		return b, v
	}
	if kindOf(t) == kNone {
		return nil, v
	}
	b := &binding{kind: bSlot, slot: c.alloc(id.Name), name: id.Name}
	c.prog.vars[v] = b
	c.declared()
	return b, v
}

// declStmt compiles var (and const) declarations inside a function.
func (c *compiler) declStmt(s *ast.DeclStmt) {
	g, ok := s.Decl.(*ast.GenDecl)
	if !ok {
		return
	}
	switch g.Tok {
	case token.CONST:
		return // constants are folded where they are used
	case token.TYPE:
		c.failN(s, "go_decl", c.snippet(s))
		return
	}
	for _, spec := range g.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok {
			continue
		}
		if len(vs.Values) > 1 && len(vs.Values) != len(vs.Names) || len(vs.Values) == 1 && len(vs.Names) > 1 {
			c.unsupported(vs)
			return
		}
		for i, id := range vs.Names {
			var init ast.Expr
			if i < len(vs.Values) {
				init = vs.Values[i]
			}
			c.define(id, init, false)
		}
	}
}

// define declares the variable at id with init (nil: the zero value).
func (c *compiler) define(id *ast.Ident, init ast.Expr, inLoop bool) {
	if c.err != nil {
		return
	}
	if id.Name == "_" {
		if init != nil {
			c.eval(init, -1)
		}
		return
	}
	v, _ := c.info.Defs[id].(*types.Var)
	if v == nil {
		return
	}
	t := v.Type()
	if _, ok := objKindOf(t); ok || isCmd(t) || isFunc(t) {
		if b := c.objectDecl(id, v, init); b != nil {
			c.prog.vars[v] = b
		}
		return
	}
	if kindOf(t) == kNone && !isAtomicInt64(t) {
		c.badType(id, t)
		return
	}
	b, _ := c.declare(id, inLoop)
	if b == nil {
		return
	}
	if b.kind == bShared {
		if init == nil {
			return
		}
		if tv := c.info.Types[init]; tv.Value != nil {
			n, _ := c.constInt(init, tv)
			if b.v < len(c.sc.Vars) {
				c.sc.Vars[b.v].Init = n
			}
			return
		}
		x := c.eval(init, -1)
		c.emit(sim.Instr{Op: sim.OpStore, Var: b.v, X: x.op}, fmt.Sprintf("store %s -> %s", x.txt, b.name))
		return
	}
	if init == nil {
		c.emit(sim.Instr{Op: sim.OpSet, Dst: b.slot, X: sim.Operand{Kind: sim.Imm}}, id.Name+" = 0")
		return
	}
	x := c.eval(init, b.slot)
	if x.op.Kind != sim.Local || int(x.op.V) != b.slot {
		c.emit(sim.Instr{Op: sim.OpSet, Dst: b.slot, X: x.op}, fmt.Sprintf("%s = %s", id.Name, x.txt))
	}
}

// assign compiles =, := and the compound assignments.
func (c *compiler) assign(s *ast.AssignStmt) {
	if s.Tok != token.ASSIGN && s.Tok != token.DEFINE {
		op, ok := map[token.Token]token.Token{token.ADD_ASSIGN: token.ADD, token.SUB_ASSIGN: token.SUB,
			token.MUL_ASSIGN: token.MUL, token.QUO_ASSIGN: token.QUO, token.REM_ASSIGN: token.REM}[s.Tok]
		if !ok || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
			c.failN(s, "go_operator", s.Tok.String())
			return
		}
		c.compound(s.Lhs[0], op, s.Rhs[0], s.Tok.String())
		return
	}
	if len(s.Rhs) == 1 && len(s.Lhs) > 1 {
		c.tupleAssign(s)
		return
	}
	if len(s.Lhs) != len(s.Rhs) {
		c.unsupported(s)
		return
	}
	if len(s.Lhs) == 1 {
		c.assign1(s.Lhs[0], s.Rhs[0], s.Tok == token.DEFINE)
		return
	}
	// a, b = b, a: every value first, then the assignments.
	vals := make([]val, len(s.Rhs))
	for i, r := range s.Rhs {
		if t := c.typeOf(r); kindOf(t) == kNone {
			c.unsupported(r)
			return
		}
		v := c.eval(r, -1)
		if v.op.Kind == sim.Local && !c.isTemp(v) {
			t := c.temp()
			c.emit(sim.Instr{Op: sim.OpSet, Dst: int(t.op.V), X: v.op}, fmt.Sprintf("%s = %s", t.txt, v.txt))
			v = t
		}
		vals[i] = v
	}
	for i, l := range s.Lhs {
		if s.Tok == token.DEFINE {
			if id, ok := l.(*ast.Ident); ok && c.info.Defs[id] != nil {
				b, _ := c.declare(id, false)
				if b == nil {
					continue
				}
			}
		}
		c.store(l, vals[i])
	}
}

// assign1 compiles one assignment (or definition) lhs = rhs.
func (c *compiler) assign1(lhs, rhs ast.Expr, define bool) {
	if id, ok := lhs.(*ast.Ident); ok && define && c.info.Defs[id] != nil {
		c.define(id, rhs, false)
		return
	}
	if id, ok := unparen(lhs).(*ast.Ident); ok && id.Name != "_" {
		if v, ok := c.info.Uses[id].(*types.Var); ok {
			t := v.Type()
			if _, isObj := objKindOf(t); isObj || isCmd(t) || isFunc(t) {
				c.rebind(id, v, rhs)
				return
			}
		}
	}
	if id, ok := unparen(lhs).(*ast.Ident); ok && id.Name == "_" {
		if t := c.typeOf(rhs); kindOf(t) == kNone {
			return
		}
	}
	x := c.eval(rhs, c.hintFor(lhs))
	c.store(lhs, x)
}

// compound compiles x op= y (y nil: x++ or x--).
func (c *compiler) compound(lhs ast.Expr, op token.Token, rhs ast.Expr, tok string) {
	if kindOf(c.typeOf(lhs)) != kInt {
		if kindOf(c.typeOf(lhs)) == kString {
			c.failN(lhs, "go_string_concat")
			return
		}
		c.failN(lhs, "go_operator", tok)
		return
	}
	x := c.eval(lhs, -1)
	y := imm(1)
	if rhs != nil {
		y = c.eval(rhs, -1)
	}
	d := c.dest(c.hintFor(lhs), x, y)
	ar := arithOf[op]
	c.emit(sim.Instr{Op: sim.OpArith, Dst: int(d.op.V), X: x.op, Y: y.op, Arith: ar}, fmt.Sprintf("%s = %s %c %s", d.txt, x.txt, ar, y.txt))
	c.store(lhs, d)
}

// tupleAssign compiles a, b := f() and v, ok := <-ch.
func (c *compiler) tupleAssign(s *ast.AssignStmt) {
	define := s.Tok == token.DEFINE
	slots := make([]int, len(s.Lhs))
	for i, l := range s.Lhs {
		slots[i] = -1
		id, ok := l.(*ast.Ident)
		if !ok {
			c.unsupported(l)
			return
		}
		if define && c.info.Defs[id] != nil {
			if b, _ := c.declare(id, false); b != nil && b.kind == bSlot {
				slots[i] = b.slot
			}
			continue
		}
		slots[i] = c.hintFor(l)
	}
	if c.err != nil {
		return
	}
	var vals []val
	switch r := unparen(s.Rhs[0]).(type) {
	case *ast.UnaryExpr:
		if r.Op != token.ARROW || len(s.Lhs) != 2 {
			c.unsupported(r)
			return
		}
		vals = c.recvOK(r, slots[0], slots[1])
	case *ast.CallExpr:
		vals = c.call(r, slots, true)
	default:
		c.unsupported(r)
		return
	}
	if len(vals) != len(s.Lhs) {
		if c.err == nil {
			c.unsupported(s)
		}
		return
	}
	for i, l := range s.Lhs {
		c.store(l, vals[i])
	}
}

func (c *compiler) ifStmt(s *ast.IfStmt) {
	mark := c.prog.top
	if s.Init != nil {
		c.stmt(s.Init)
		c.declared()
	}
	c.setBase(s)
	no, end := newLabel(), newLabel()
	c.cond(s.Cond, false, no)
	c.freeTemps()
	c.nested(func() { c.block(s.Body.List) })
	if s.Else != nil {
		c.setBase(s.Else)
		c.jump(end, "jump over the else part")
	}
	c.place(no)
	if s.Else != nil {
		c.nested(func() { c.stmt(s.Else) })
	}
	c.place(end)
	c.prog.top = mark
}

// loop compiles a loop's body with break and continue targets.
func (c *compiler) loopBody(body *ast.BlockStmt, brk, cont *label) {
	p := c.prog
	p.brk = append(p.brk, brk)
	p.cont = append(p.cont, cont)
	p.loop++
	c.nested(func() { c.block(body.List) })
	p.loop--
	p.brk = p.brk[:len(p.brk)-1]
	p.cont = p.cont[:len(p.cont)-1]
}

// checkLoop reports a loop whose code from start on takes no time: it
// would spin for ever without a step.
func (c *compiler) checkLoop(n ast.Node, start int) {
	if c.err != nil {
		return
	}
	code := c.prog.prog.Code
	for _, in := range code[min(start, len(code)):] {
		if in.Op != sim.OpJump {
			return
		}
	}
	c.failN(n, "go_empty_loop")
}

func (c *compiler) forStmt(s *ast.ForStmt) {
	mark := c.prog.top
	if s.Init != nil {
		if as, ok := s.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			c.setBase(s)
			for i, l := range as.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || i >= len(as.Rhs) || len(as.Lhs) != len(as.Rhs) {
					c.unsupported(as)
					return
				}
				c.defineLoopVar(id, as.Rhs[i])
			}
		} else {
			c.stmt(s.Init)
		}
		c.declared()
	}
	c.setBase(s)
	top, cont, brk := newLabel(), newLabel(), newLabel()
	c.place(top)
	start := c.here()
	if s.Cond != nil {
		c.cond(s.Cond, false, brk)
		c.freeTemps()
	}
	condEnd := c.here()
	c.loopBody(s.Body, brk, cont)
	c.place(cont)
	if s.Post != nil {
		c.stmt(s.Post)
	}
	c.setBase(s)
	c.jump(top, "back to the loop's test")
	if len(s.Body.List) == 0 && s.Post == nil && c.err == nil {
		for k := start; k < condEnd && k < len(c.prog.prog.Code); k++ {
			c.prog.prog.Code[k].Spin = true // a busy wait: its tests are not progress
		}
	}
	c.checkLoop(s, start)
	c.place(brk)
	c.prog.top = mark
}

// defineLoopVar declares a for loop's own variable (per iteration).
func (c *compiler) defineLoopVar(id *ast.Ident, init ast.Expr) {
	v, _ := c.info.Defs[id].(*types.Var)
	if v == nil || id.Name == "_" {
		c.define(id, init, true)
		return
	}
	if kindOf(v.Type()) == kNone {
		c.badType(id, v.Type())
		return
	}
	c.define(id, init, true)
}

func (c *compiler) rangeStmt(s *ast.RangeStmt) {
	mark := c.prog.top
	t := c.typeOf(s.X)
	if t == nil {
		c.unsupported(s)
		return
	}
	switch u := t.Underlying().(type) {
	case *types.Chan:
		c.rangeChan(s)
	case *types.Basic:
		if kindOf(u) != kInt {
			c.unsupported(s.X)
			return
		}
		c.rangeInt(s)
	default:
		c.failN(s.X, "go_composite")
	}
	c.prog.top = mark
}

// rangeInt compiles for i := range n: i counts from 0 to n-1.
func (c *compiler) rangeInt(s *ast.RangeStmt) {
	n := c.eval(s.X, -1)
	if n.op.Kind == sim.Local {
		// n is evaluated once: keep it for the whole loop.
		keep := slotVal(c.alloc("range-n"), "range-n")
		c.emit(sim.Instr{Op: sim.OpSet, Dst: int(keep.op.V), X: n.op}, fmt.Sprintf("%%n = %s", n.txt))
		n = keep
	}
	c.declared()
	var iv val
	id, _ := s.Key.(*ast.Ident)
	var v *types.Var
	if id != nil && id.Name != "_" {
		if s.Tok == token.DEFINE {
			v, _ = c.info.Defs[id].(*types.Var)
		} else {
			v, _ = c.info.Uses[id].(*types.Var)
		}
	}
	direct := false
	if v != nil && s.Tok == token.DEFINE {
		b, _ := c.declare(id, true)
		if b == nil {
			return
		}
		// Only the loop changes i: count in i itself.
		direct = len(c.an.assigns[v]) == 0
		iv = slotVal(b.slot, id.Name)
	}
	ctr := iv
	if !direct {
		ctr = slotVal(c.alloc("range-i"), "range-i")
		c.declared()
	}
	c.emit(sim.Instr{Op: sim.OpSet, Dst: int(ctr.op.V), X: sim.Operand{Kind: sim.Imm}}, ctr.txt+" = 0")
	top, cont, brk := newLabel(), newLabel(), newLabel()
	c.place(top)
	start := c.here()
	c.test(ctr, n, sim.CmpGe, true, brk)
	if !direct && id != nil && id.Name != "_" {
		if v != nil && s.Tok == token.DEFINE {
			c.emit(sim.Instr{Op: sim.OpSet, Dst: int(iv.op.V), X: ctr.op}, fmt.Sprintf("%s = %s", iv.txt, ctr.txt))
		} else {
			c.store(s.Key, ctr)
		}
	}
	c.loopBody(s.Body, brk, cont)
	c.place(cont)
	c.setBase(s)
	c.emit(sim.Instr{Op: sim.OpArith, Dst: int(ctr.op.V), X: ctr.op, Y: sim.Operand{Kind: sim.Imm, V: 1}, Arith: '+'},
		fmt.Sprintf("%s = %s + 1", ctr.txt, ctr.txt))
	c.jump(top, "back to the loop's test")
	c.checkLoop(s, start)
	c.place(brk)
}

// rangeChan compiles for v := range ch: receive until the channel is
// closed and empty.
func (c *compiler) rangeChan(s *ast.RangeStmt) {
	ch, ok := c.objOf(s.X)
	if !ok {
		return
	}
	dst := -1
	dstTxt := ""
	if id, ok := s.Key.(*ast.Ident); ok && id.Name != "_" {
		if s.Tok == token.DEFINE {
			b, _ := c.declare(id, true)
			if b == nil {
				return
			}
			if b.kind == bSlot {
				dst, dstTxt = b.slot, id.Name
			}
		} else {
			dst, dstTxt = c.hintFor(id), id.Name
		}
	}
	okv := slotVal(c.alloc("range-ok"), "range-ok")
	c.declared()
	top, brk := newLabel(), newLabel()
	c.place(top)
	start := c.here()
	name := c.objName(ch)
	c.emit(sim.Instr{Op: sim.OpSelect, A: 1}, "receive from "+name+" (or learn it is closed)")
	micro := fmt.Sprintf("%s, range-ok = receive from %s", dstTxt, name)
	if dst < 0 {
		micro = "range-ok = receive from " + name
	}
	c.emit(sim.Instr{Op: sim.OpSelectCase, Obj: ch, Dst: dst, B: 1 + okv.op.V, Jump: c.here() + 1}, micro)
	c.test(okv, imm(0), sim.CmpEq, true, brk)
	if id, ok := s.Key.(*ast.Ident); ok && id.Name != "_" && s.Tok == token.ASSIGN && dst < 0 {
		c.unsupported(id)
		return
	}
	c.loopBody(s.Body, brk, top)
	c.setBase(s)
	c.jump(top, "back to the receive")
	c.checkLoop(s, start)
	c.place(brk)
}

func (c *compiler) switchStmt(s *ast.SwitchStmt) {
	mark := c.prog.top
	if s.Init != nil {
		c.stmt(s.Init)
		c.declared()
	}
	c.setBase(s)
	var tag val
	if s.Tag != nil {
		tag = c.eval(s.Tag, -1)
		if tag.op.Kind == sim.Local && c.isTemp(tag) {
			c.declared() // keep the tag's temporary through the cases
		}
	}
	end := newLabel()
	var clauses []*ast.CaseClause
	for _, st := range s.Body.List {
		if cc, ok := st.(*ast.CaseClause); ok {
			clauses = append(clauses, cc)
		}
	}
	bodies := make([]*label, len(clauses))
	def := -1
	for i, cc := range clauses {
		bodies[i] = newLabel()
		if cc.List == nil {
			def = i
			continue
		}
		for _, e := range cc.List {
			c.setBase(e)
			if s.Tag == nil {
				c.cond(e, true, bodies[i])
				continue
			}
			x := c.eval(e, -1)
			c.test(tag, x, sim.CmpEq, true, bodies[i])
		}
	}
	c.setBase(s)
	if def >= 0 {
		c.jump(bodies[def], "no case matched: default")
	} else {
		c.jump(end, "no case matched")
	}
	p := c.prog
	p.brk = append(p.brk, end)
	for i, cc := range clauses {
		c.place(bodies[i])
		body := cc.Body
		fall := false
		if n := len(body); n > 0 {
			if br, ok := body[n-1].(*ast.BranchStmt); ok && br.Tok == token.FALLTHROUGH {
				body, fall = body[:n-1], true
			}
		}
		c.nested(func() { c.block(body) })
		if fall && i+1 < len(clauses) {
			c.jump(bodies[i+1], "fallthrough")
		} else {
			c.jump(end, "")
		}
	}
	p.brk = p.brk[:len(p.brk)-1]
	c.place(end)
	c.prog.top = mark
}

func (c *compiler) branch(s *ast.BranchStmt) {
	p := c.prog
	if s.Label != nil || s.Tok == token.GOTO {
		c.failN(s, "go_labels", c.snippet(s))
		return
	}
	switch s.Tok {
	case token.BREAK:
		if len(p.brk) == 0 {
			c.unsupported(s)
			return
		}
		c.jump(p.brk[len(p.brk)-1], "break")
	case token.CONTINUE:
		if len(p.cont) == 0 {
			c.unsupported(s)
			return
		}
		c.jump(p.cont[len(p.cont)-1], "continue")
	default:
		c.failN(s, "go_labels", c.snippet(s))
	}
}

// returnStmt sets the results and leaves the function (after its defers).
func (c *compiler) returnStmt(s *ast.ReturnStmt) {
	fr := c.prog.fr
	if fr == nil {
		return
	}
	if len(s.Results) == 1 && len(fr.results) > 1 {
		c.unsupported(s)
		return
	}
	if len(s.Results) > 0 && len(s.Results) != len(fr.results) {
		c.unsupported(s)
		return
	}
	for i, r := range s.Results {
		slot := fr.results[i]
		x := c.eval(r, slot)
		if slot >= 0 && (x.op.Kind != sim.Local || int(x.op.V) != slot) {
			c.emit(sim.Instr{Op: sim.OpSet, Dst: slot, X: x.op}, fmt.Sprintf("%s = %s", c.slotName(slot), x.txt))
		}
	}
	if ast.Stmt(s) == fr.last && fr.nest == 0 {
		return // the function ends here anyway
	}
	c.jump(fr.exit, "return")
}
