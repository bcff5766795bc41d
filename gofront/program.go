package gofront

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"proclab/sim"
)

// This file holds the machinery every construct uses: the program being
// filled (its code, its local slots), jump labels, and the bindings of Go
// variables to slots, shared variables and objects.

// MaxLocals is the number of local slots a compiled goroutine program may
// use: its variables, its parameters and the temporaries of expressions
// (r0, r1, ...), counted as the compiler reuses them when a block ends.
const MaxLocals = sim.MaxGoLocals

// MaxInlineDepth bounds how deep calls may nest: every call is inlined.
const MaxInlineDepth = 16

// MaxLiteralDepth bounds how deep func literals may nest in the source.
const MaxLiteralDepth = 64

// MaxInlinedCalls bounds the calls one compilation inlines, so that
// calls that emit no micro-step cannot make compiling take long.
const MaxInlinedCalls = 20000

// bindKind says what a Go variable stands for in the compiled program.
type bindKind uint8

const (
	bSlot   bindKind = iota + 1 // a local slot of the program
	bShared                     // a shared variable (sim.Scenario.Vars)
	bObj                        // a sync object or channel (sim.Scenario.Objects)
	bNoObj                      // a variable of an object type that no object was assigned to yet (nil)
	bFunc                       // a function value: a func literal or a function of the file
	bCmd                        // an *exec.Cmd
	bTimer                      // a channel from time.After: its hidden object and delay
)

// binding is what one Go variable is bound to.
type binding struct {
	kind  bindKind
	slot  int // bSlot; bCmd: the slot of the child's PID
	v     int // bShared
	obj   int // bObj, bTimer
	lit   *ast.FuncLit
	decl  *ast.FuncDecl
	cmd   *cmdInfo
	ticks int64 // bTimer
	name  string
}

// cmdInfo is an exec.Command: the program its child runs.
type cmdInfo struct {
	prog    int
	name    string
	started bool
}

// label is a jump target: instructions jump to it before it is placed.
type label struct {
	at   int
	refs []int
}

func newLabel() *label { return &label{at: -1} }

// frame is one inlined call (or a program's body): its results, the label
// of its exit, its defers.
type frame struct {
	parent   *frame
	fn       *types.Func // nil for a func literal
	name     string
	results  []int // slots the results go to (-1: discarded)
	resKinds []vkind
	exit     *label
	defers   []deferred
	loopBase int      // the program's loop depth when the call began
	nest     int      // blocks (if, for, switch, select) open in this call's body
	last     ast.Stmt // the body's last statement: a return there needs no jump
}

// deferred is a call run when its function returns.
type deferred struct {
	call *ast.CallExpr
	args map[ast.Expr]val // arguments evaluated when the defer ran
	line int
	col  int
	text string
}

// progCtx is a program being compiled.
type progCtx struct {
	prog   *sim.Program
	idx    int
	vars   map[*types.Var]*binding
	names  [][]string // names each slot had
	cur    []string   // the name each slot has now
	top    int        // slots in use (a stack)
	used   int        // the most slots ever in use
	temps  int        // temporaries live in the current statement
	isTemp []bool     // the slot holds a temporary now
	keep   int        // slots the current statement keeps (its declared variables); temporaries are above
	loop   int        // loops around the code being compiled (and around the go statement that started it)
	// baseLoop is the loop depth around the go statement that started the
	// program: above 0, several instances of it may run at once.
	baseLoop int
	fr       *frame
	child    bool   // a child process's main: no package-level variables
	atExit   func() // emits what runs when the body returns, after its defers (wg.Go's Done)
	base     sim.Instr
	brk      []*label
	cont     []*label
	inline   int
}

// val is an operand and how the code pane shows it.
type val struct {
	op  sim.Operand
	txt string
}

func imm(n int64) val {
	return val{op: sim.Operand{Kind: sim.Imm, V: n}, txt: strconv.FormatInt(n, 10)}
}

// setBase makes n's statement the one new instructions belong to: its line,
// column and trimmed text.
func (c *compiler) setBase(n ast.Node) {
	p := c.fset.Position(n.Pos())
	c.prog.base = sim.Instr{Line: p.Line, Col: p.Column, Text: c.lineText(p.Line)}
}

// lineText returns line n of the source, trimmed.
func (c *compiler) lineText(n int) string {
	if n < 1 || n > len(c.lines) {
		return ""
	}
	return strings.TrimSpace(c.lines[n-1])
}

// emit appends an instruction to the current program and returns its index
// (-1 once the program is too long, which is then the error).
func (c *compiler) emit(in sim.Instr, micro string) int {
	p := c.prog
	if len(p.prog.Code) >= sim.MaxInstructions-1 { // room for the final exit
		c.failAt(p.base.Line, p.base.Col, "go_program_too_long", p.prog.Name, strconv.Itoa(sim.MaxInstructions))
		return -1
	}
	in.Line, in.Col, in.Text, in.Micro = p.base.Line, p.base.Col, p.base.Text, micro
	p.prog.Code = append(p.prog.Code, in)
	return len(p.prog.Code) - 1
}

// here is the index the next instruction will have.
func (c *compiler) here() int { return len(c.prog.prog.Code) }

// jump emits an OpJump to l.
func (c *compiler) jump(l *label, micro string) {
	c.ref(l, c.emit(sim.Instr{Op: sim.OpJump}, micro))
}

// ref makes instruction i jump to l.
func (c *compiler) ref(l *label, i int) {
	if i < 0 {
		return
	}
	if l.at >= 0 {
		c.prog.prog.Code[i].Jump = l.at
		return
	}
	l.refs = append(l.refs, i)
}

// place puts l at the next instruction.
func (c *compiler) place(l *label) {
	l.at = c.here()
	code := c.prog.prog.Code
	for _, i := range l.refs {
		if i >= 0 && i < len(code) {
			code[i].Jump = l.at
		}
	}
	l.refs = nil
}

// alloc takes the next free slot and names it.
func (c *compiler) alloc(name string) int {
	p := c.prog
	if p.top >= MaxLocals {
		c.fail(p.base.Line, p.base.Col, "go_too_many_locals", p.prog.Name, strconv.Itoa(MaxLocals))
		return 0
	}
	s := p.top
	p.top++
	if p.top > p.used {
		p.used = p.top
	}
	for len(p.names) <= s {
		p.names = append(p.names, nil)
	}
	add := true
	for _, n := range p.names[s] {
		if n == name {
			add = false
		}
	}
	if add {
		p.names[s] = append(p.names[s], name)
	}
	c.nameSlot(s, name)
	for len(p.isTemp) <= s {
		p.isTemp = append(p.isTemp, false)
	}
	p.isTemp[s] = false
	return s
}

// nameSlot records the name slot s has from now on (a variable bound to
// a slot its caller gave).
func (c *compiler) nameSlot(s int, name string) {
	p := c.prog
	if s < 0 {
		return
	}
	for len(p.cur) <= s {
		p.cur = append(p.cur, "")
	}
	p.cur[s] = name
}

// temp takes a slot for a temporary of the current statement: r0, r1, ...
// (Other slots the compiler makes up have names with a hyphen, which no Go
// identifier has: a range loop's counter range-i and bound range-n, its
// range-ok, a deferred call's defer-arg.)
func (c *compiler) temp() val {
	name := "r" + strconv.Itoa(c.prog.temps)
	c.prog.temps++
	s := c.alloc(name)
	if s < len(c.prog.isTemp) {
		c.prog.isTemp[s] = true
	}
	return val{op: sim.Operand{Kind: sim.Local, V: int64(s)}, txt: name}
}

// isTemp reports whether v is a temporary of the current statement.
func (c *compiler) isTemp(v val) bool {
	s := int(v.op.V)
	return v.op.Kind == sim.Local && s >= c.stmtMark && s < len(c.prog.isTemp) && c.prog.isTemp[s]
}

// slotVal is the operand of slot s, shown as name.
func slotVal(s int, name string) val {
	return val{op: sim.Operand{Kind: sim.Local, V: int64(s)}, txt: name}
}

// finishProgram gives the program its local names.
func (c *compiler) finishProgram(p *progCtx) {
	p.prog.Locals = make([]string, p.used)
	for s := range p.used {
		if s < len(p.names) {
			p.prog.Locals[s] = strings.Join(p.names[s], "/")
		}
	}
}

// lookup returns the binding of a Go variable in the current program.
func (c *compiler) lookup(v *types.Var) *binding {
	if b, ok := c.prog.vars[v]; ok {
		return b
	}
	if b, ok := c.globals[v]; ok {
		return b
	}
	return nil
}

// pos returns the line and column of a position.
func (c *compiler) pos(p token.Pos) (int, int) {
	q := c.fset.Position(p)
	return q.Line, q.Column
}
