package sim

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// This file parses shared-memory code: variable and sync-object
// declarations, and statements that expand into micro-steps (docs/scenario.md,
// "Threads").

var declWords = map[string]bool{
	"var": true, "mutex": true, "gomutex": true, "spinlock": true, "ticketlock": true,
	"semaphore": true, "cond": true, "chan": true, "waitgroup": true,
	"shm": true, "socket": true, // shm.go, socket.go
}

// keywords cannot name a variable or a local.
var keywords = map[string]bool{
	"if": true, "else": true, "while": true, "end": true, "and": true, "or": true, "repeat": true,
	"critical": true, "assert": true, "lock": true, "unlock": true, "trylock": true, "xchg": true,
	"fetch_add": true, "cas": true, "recv": true, "send": true, "compute": true, "io": true, "disk": true,
	"sleep": true, "yield": true, "fork": true, "wait": true, "exit": true, "kill": true, "ignore": true,
}

type blockKind uint8

const (
	bkRepeat blockKind = iota + 1
	bkWhile
	bkIf
	bkCritical
)

// openBlock is a block whose end has not been read yet.
type openBlock struct {
	kind      blockKind
	word      string
	at        int   // repeat: its instruction; while: the first instruction of its condition
	falses    []int // tests to patch to the end (or the else) of the block
	elseJump  int   // if with else: the jump over the else part, -1 if none
	line, col int
}

func (p *parser) depth(k blockKind) int {
	n := 0
	for _, b := range p.blocks {
		if b.kind == k {
			n++
		}
	}
	return n
}

// declaration reads "var x = 3", "mutex m", "spinlock s [cas]",
// "semaphore s = 1", "chan c [= CAP]" and the like.
func (p *parser) declaration(f []field) error {
	word := f[0].text
	if done, err := p.ipcDeclaration(f); done { // shm.go: shm, socket, "... in SEGMENT"
		return err
	}
	if len(f) < 2 {
		return p.fail(f[0].col, "needs_name", "%s needs a name", word)
	}
	name := f[1].text
	if !validName(name) || keywords[name] {
		return p.fail(f[1].col, "bad_decl_name", "%q is not a name for a %s", name, word)
	}
	if p.sc.VarIndex(name) >= 0 || p.sc.ObjIndex(name) >= 0 {
		return p.fail(f[1].col, "declared_twice", "%q is declared twice", name)
	}
	rest := f[2:]
	var init int64
	hasInit := len(rest) >= 2 && rest[0].text == "="
	if hasInit {
		n, err := strconv.ParseInt(rest[1].text, 10, 64)
		if err != nil || n < -1_000_000_000 || n > 1_000_000_000 {
			return p.fail(rest[1].col, "number_range", "%q must be a whole number from %d to %d", rest[1].text, -1_000_000_000, 1_000_000_000)
		}
		init, rest = n, rest[2:]
	}
	if word == "var" {
		if len(rest) > 0 {
			return p.fail(rest[0].col, "var_syntax", `write "var NAME" or "var NAME = N"`)
		}
		if len(p.sc.Vars) >= MaxVars {
			return p.fail(f[0].col, "too_many_vars", "too many variables: the limit is %d", MaxVars)
		}
		p.sc.Vars = append(p.sc.Vars, VarDecl{Name: name, Init: init})
		return nil
	}
	kind := map[string]ObjKind{"mutex": ObjMutex, "gomutex": ObjGoMutex, "spinlock": ObjSpinlock, "ticketlock": ObjTicket,
		"semaphore": ObjSemaphore, "cond": ObjCond, "chan": ObjChan, "waitgroup": ObjWaitGroup}[word]
	d := ObjDecl{Name: name, Kind: kind, Init: init}
	switch {
	case kind == ObjSpinlock && len(rest) == 1 && rest[0].text == "cas" && !hasInit:
		d.CAS = true
		rest = nil
	case kind == ObjSemaphore && (init < 0 || init > 1000):
		return p.fail(f[1].col, "semaphore_range", "a semaphore starts at 0 to 1000")
	case kind == ObjChan && (init < 0 || init > MaxChanCap):
		return p.fail(f[1].col, "chan_capacity", "a channel's capacity is 0 (unbuffered) to %d", MaxChanCap)
	case hasInit && kind != ObjSemaphore && kind != ObjChan:
		return p.fail(f[2].col, "no_initial_value", "a %s has no initial value", word)
	}
	if len(rest) > 0 {
		return p.fail(rest[0].col, "unexpected", "unexpected %q", rest[0].text)
	}
	if len(p.sc.Objects) >= MaxObjects {
		return p.fail(f[0].col, "too_many_objects", "too many synchronisation objects: the limit is %d", MaxObjects)
	}
	p.sc.Objects = append(p.sc.Objects, d)
	return nil
}

// expect reads "expect VAR CMP N".
func (p *parser) expect(f []field) error {
	if len(f) != 4 {
		return p.fail(f[0].col, "expect_syntax", `write "expect VARIABLE == NUMBER" (or !=, <, <=, >, >=)`)
	}
	v := p.sc.VarIndex(f[1].text)
	if v < 0 {
		return p.fail(f[1].col, "not_shared_var", "%q is not a shared variable (declare it with var)", f[1].text)
	}
	c, ok := parseCmp(f[2].text)
	if !ok {
		return p.fail(f[2].col, "not_comparison", "%q is not a comparison: use ==, !=, <, <=, > or >=", f[2].text)
	}
	n, err := strconv.ParseInt(f[3].text, 10, 64)
	if err != nil {
		return p.fail(f[3].col, "not_number", "%q must be a whole number", f[3].text)
	}
	if len(p.sc.Expects) >= MaxExpects {
		return p.fail(f[0].col, "too_many_expects", "too many expectations: the limit is %d", MaxExpects)
	}
	p.sc.Expects = append(p.sc.Expects, Expect{Var: v, Cmp: c, Value: n, Line: p.line, Text: fmt.Sprintf("%s %s %d", f[1].text, c, n)})
	return nil
}

func parseCmp(s string) (Cmp, bool) {
	for c, n := range cmpNames {
		if n != "" && n == s {
			return Cmp(c), true
		}
	}
	return 0, false
}

// local returns the slot of a local name, creating it.
func (p *parser) local(f field) (int, error) {
	if !validName(f.text) || keywords[f.text] {
		return 0, p.fail(f.col, "not_a_name", "%q is not a name", f.text)
	}
	if p.sc.ObjIndex(f.text) >= 0 {
		return 0, p.fail(f.col, "object_not_value", "%q is a %s, not a value", f.text, p.sc.Objects[p.sc.ObjIndex(f.text)].Kind)
	}
	for i, n := range p.cur.Locals {
		if n == f.text {
			return i, nil
		}
	}
	if len(p.cur.Locals) >= MaxLocals {
		return 0, p.fail(f.col, "too_many_locals", "too many local names in %s: the limit is %d", p.cur.Name, MaxLocals-2)
	}
	p.cur.Locals = append(p.cur.Locals, f.text)
	return len(p.cur.Locals) - 1, nil
}

// hiddenMark starts the name of a local slot the parser makes up (the
// temporaries r0 and r1, a ticket lock's my_NAME) while a program is being
// parsed. The text cannot contain it (a NUL byte is an error), so a local a
// person names r0 never finds the temporary r0: it gets a slot of its own.
// showHidden replaces the mark when the program is complete.
const hiddenMark = "\x00"

// hiddenLocal returns the slot of a local the parser makes up (it may be
// longer than a name a person can write), creating it.
func (p *parser) hiddenLocal(name string, col int) (int, error) {
	for i, n := range p.cur.Locals {
		if n == hiddenMark+name {
			return i, nil
		}
	}
	if len(p.cur.Locals) >= MaxLocals {
		return 0, p.fail(col, "too_many_locals", "too many local names in %s: the limit is %d", p.cur.Name, MaxLocals-2)
	}
	p.cur.Locals = append(p.cur.Locals, hiddenMark+name)
	return len(p.cur.Locals) - 1, nil
}

// showHidden gives the slots the parser made up their display names, in
// Locals and in the micro-steps' text: the plain name (r0, r1, my_t), or,
// when the program has a local of its own by that name, the name with a
// leading % (%r0, as an assembler writes a register), so that no two slots
// of a program look alike. The temporaries go together: a program with a
// local named r0 or r1 shows both as %r0 and %r1.
func (p *parser) showHidden() {
	prog := p.cur
	own := map[string]bool{}
	var hidden []int
	for i, n := range prog.Locals {
		if strings.HasPrefix(n, hiddenMark) {
			hidden = append(hidden, i)
		} else {
			own[n] = true
		}
	}
	regs := own["r0"] || own["r1"]
	// Longest names first, so that a name is never replaced inside a longer one.
	sort.SliceStable(hidden, func(a, b int) bool { return len(prog.Locals[hidden[a]]) > len(prog.Locals[hidden[b]]) })
	var pairs []string
	for _, i := range hidden {
		name := strings.TrimPrefix(prog.Locals[i], hiddenMark)
		show := name
		if own[name] || regs && (name == "r0" || name == "r1") {
			show = "%" + name
		}
		pairs = append(pairs, prog.Locals[i], show)
		prog.Locals[i] = show
	}
	r := strings.NewReplacer(pairs...)
	for k := range prog.Code {
		prog.Code[k].Micro = r.Replace(prog.Code[k].Micro)
	}
}

// value is an operand as written: a literal, a shared variable (Var >= 0)
// or a local.
type value struct {
	op  Operand
	v   int // shared variable, or -1
	txt string
}

func (p *parser) value(f field) (value, error) {
	if n, err := strconv.ParseInt(f.text, 10, 64); err == nil {
		if n < -1_000_000_000 || n > 1_000_000_000 {
			return value{}, p.fail(f.col, "out_of_range", "%q is out of range (%d to %d)", f.text, -1_000_000_000, 1_000_000_000)
		}
		return value{op: Operand{Imm, n}, v: -1, txt: f.text}, nil
	}
	if v := p.sc.VarIndex(f.text); v >= 0 {
		return value{v: v, txt: f.text}, nil
	}
	slot, err := p.local(f)
	return value{op: Operand{Local, int64(slot)}, v: -1, txt: f.text}, err
}

// stmt collects the micro-steps of one statement.
type stmt struct {
	p    *parser
	base Instr
}

func (s *stmt) emit(in Instr, micro string) int {
	in.Line, in.Col, in.Text, in.Micro = s.base.Line, s.base.Col, s.base.Text, micro
	s.p.cur.Code = append(s.p.cur.Code, in)
	return len(s.p.cur.Code) - 1
}

func (s *stmt) localName(slot int64) string { return s.p.cur.Locals[slot] }

func (s *stmt) opText(o Operand) string {
	if o.Kind == Imm {
		return strconv.FormatInt(o.V, 10)
	}
	return s.localName(o.V)
}

// operand makes a value usable by a micro-step: a shared variable is loaded
// into temporary slot tmp first (one micro-step).
func (s *stmt) operand(v value, tmp int) Operand {
	if v.v < 0 {
		return v.op
	}
	s.emit(Instr{Op: OpLoad, Var: v.v, Dst: tmp}, fmt.Sprintf("load %s -> %s", v.txt, s.localName(int64(tmp))))
	return Operand{Local, int64(tmp)}
}

// store writes o to the target: a shared variable (a store micro-step) or a
// local (a move, unless o is that local already).
func (s *stmt) store(target value, o Operand) {
	if target.v >= 0 {
		s.emit(Instr{Op: OpStore, Var: target.v, X: o}, fmt.Sprintf("store %s -> %s", s.opText(o), target.txt))
		return
	}
	if o.Kind == Local && o.V == target.op.V {
		return
	}
	s.emit(Instr{Op: OpSet, Dst: int(target.op.V), X: o}, fmt.Sprintf("%s = %s", target.txt, s.opText(o)))
}

// oneObject are the statements "WORD OBJECT".
var oneObject = map[string]struct {
	op   Op
	kind ObjKind
}{
	"sem_wait": {OpSemWait, ObjSemaphore}, "sem_post": {OpSemPost, ObjSemaphore},
	"cond_signal": {OpCondSignal, ObjCond}, "cond_broadcast": {OpCondBcast, ObjCond},
	"wg_done": {OpWgDone, ObjWaitGroup}, "wg_wait": {OpWgWait, ObjWaitGroup},
}

// objectValue are the statements "WORD OBJECT VALUE"; micro formats the
// micro-step from the object's name and the value.
var objectValue = map[string]struct {
	op    Op
	kind  ObjKind
	micro string
}{
	"wg_add": {OpWgAdd, ObjWaitGroup, "%[1]s += %[2]s"},
	"send":   {OpSend, ObjChan, "send %[2]s on %[1]s"},
}

// microStatement parses the statements of shared-memory code.
func (p *parser) microStatement(f []field, base Instr) error {
	if f[0].text == "if" && len(f) == 2 && (f[1].text == "child" || f[1].text == "parent") {
		// A branch on what fork returned: 0 in the child, the child's PID in the parent.
		s := &stmt{p: p, base: base}
		child := int64(0)
		if f[1].text == "child" {
			child = 1
		}
		at := s.emit(Instr{Op: OpForkTest, A: child}, "")
		p.blocks = append(p.blocks, openBlock{kind: bkIf, word: "if", at: at, falses: []int{at}, elseJump: -1, line: p.line, col: f[0].col})
		return nil
	}
	if f[0].text != "end" && f[0].text != "else" && !p.cur.Thread && !p.shmStatementOK(f) { // shm.go: a process may use a segment's
		if _, known := map[string]bool{"if": true, "while": true, "critical": true, "assert": true, "lock": true, "unlock": true,
			"sem_wait": true, "sem_post": true, "cond_wait": true, "cond_signal": true, "cond_broadcast": true,
			"wg_add": true, "wg_done": true, "wg_wait": true, "send": true, "atomic_add": true}[f[0].text]; known || len(f) > 1 && f[1].text == "=" {
			return p.fail(f[0].col, "threads_only", "only threads share variables and locks: declare %s with thread instead of process or program", p.cur.Name)
		}
	}
	s := &stmt{p: p, base: base}
	word := f[0].text
	args := f[1:]
	obj := func(k int, kinds ...ObjKind) (int, error) {
		if k >= len(args) {
			return 0, p.fail(f[0].col, "needs_object", "%s needs the name of a %s", word, kinds[0])
		}
		i := p.sc.ObjIndex(args[k].text)
		if i < 0 {
			return 0, p.fail(args[k].col, "not_declared", "%q is not declared (declare it with %s)", args[k].text, kinds[0])
		}
		for _, kd := range kinds {
			if p.sc.Objects[i].Kind == kd {
				return i, nil
			}
		}
		return 0, p.fail(args[k].col, "wrong_object", "%q is a %s; %s needs a %s", args[k].text, p.sc.Objects[i].Kind, word, kinds[0])
	}
	nargs := func(n int, usage string) error {
		if len(args) != n {
			return p.fail(f[0].col, "usage", "usage: %s", usage)
		}
		return nil
	}
	if d, ok := oneObject[word]; ok {
		if err := nargs(1, word+" "+strings.ToUpper(d.kind.String())); err != nil {
			return err
		}
		o, err := obj(0, d.kind)
		if err != nil {
			return err
		}
		s.emit(Instr{Op: d.op, Obj: o}, word+" "+args[0].text)
		return nil
	}
	if d, ok := objectValue[word]; ok {
		if err := nargs(2, word+" "+strings.ToUpper(d.kind.String())+" VALUE"); err != nil {
			return err
		}
		o, err := obj(0, d.kind)
		if err != nil {
			return err
		}
		v, err := p.value(args[1])
		if err != nil {
			return err
		}
		x := s.operand(v, 0)
		s.emit(Instr{Op: d.op, Obj: o, X: x}, fmt.Sprintf(d.micro, args[0].text, s.opText(x)))
		return nil
	}
	switch word {
	case "end":
		return p.endBlock(f, s)
	case "else":
		return p.elseBlock(f, s)
	case "if", "while":
		b := openBlock{kind: bkIf, word: word, at: len(p.cur.Code), elseJump: -1, line: p.line, col: f[0].col}
		if word == "while" {
			b.kind = bkWhile
		}
		falses, err := p.condition(s, args, f[0].col)
		if err != nil {
			return err
		}
		b.falses = falses
		p.blocks = append(p.blocks, b)
		return nil
	case "critical":
		if err := nargs(0, "critical ... end"); err != nil {
			return err
		}
		s.emit(Instr{Op: OpCSEnter}, "enter critical section")
		p.blocks = append(p.blocks, openBlock{kind: bkCritical, word: "critical", line: p.line, col: f[0].col})
		return nil
	case "assert":
		if err := nargs(3, "assert A CMP B"); err != nil {
			return err
		}
		x, y, c, err := p.comparison(s, args)
		if err != nil {
			return err
		}
		s.emit(Instr{Op: OpAssert, X: x, Y: y, Cmp: c}, fmt.Sprintf("assert %s %s %s", s.opText(x), c, s.opText(y)))
		return nil
	case "lock", "unlock":
		if err := nargs(1, word+" LOCK"); err != nil {
			return err
		}
		i, err := obj(0, ObjMutex, ObjGoMutex, ObjSpinlock, ObjTicket)
		if err != nil {
			return err
		}
		d := p.sc.Objects[i]
		name := d.Name
		switch {
		case word == "lock" && d.Kind == ObjSpinlock:
			how := "test-and-set"
			if d.CAS {
				how = "compare-and-swap 0 -> 1"
			}
			s.emit(Instr{Op: OpSpinLock, Obj: i}, fmt.Sprintf("spin: %s %s until it was 0", how, name))
		case word == "unlock" && d.Kind == ObjSpinlock:
			s.emit(Instr{Op: OpSpinUnlock, Obj: i}, fmt.Sprintf("store 0 -> %s", name))
		case word == "lock" && d.Kind == ObjTicket:
			slot, err := p.hiddenLocal("my_"+name, args[0].col)
			if err != nil {
				return err
			}
			my := s.localName(int64(slot))
			s.emit(Instr{Op: OpTicketTake, Obj: i, Dst: slot}, fmt.Sprintf("%s = fetch_add %s.next 1", my, name))
			s.emit(Instr{Op: OpTicketSpin, Obj: i, Dst: slot}, fmt.Sprintf("spin until %s.serving == %s", name, my))
		case word == "unlock" && d.Kind == ObjTicket:
			s.emit(Instr{Op: OpTicketNext, Obj: i}, fmt.Sprintf("%s.serving = %s.serving + 1", name, name))
		case word == "lock":
			s.emit(Instr{Op: OpLock, Obj: i}, "lock "+name)
		default:
			s.emit(Instr{Op: OpUnlock, Obj: i}, "unlock "+name)
		}
		return nil
	case "cond_wait":
		if err := nargs(2, "cond_wait COND MUTEX"); err != nil {
			return err
		}
		c, err := obj(0, ObjCond)
		if err != nil {
			return err
		}
		m, err := obj(1, ObjMutex, ObjGoMutex)
		if err != nil {
			return err
		}
		s.emit(Instr{Op: OpCondWait, Obj: c, Y: Operand{Imm, int64(m)}}, fmt.Sprintf("unlock %s and sleep on %s, then lock %s again", args[1].text, args[0].text, args[1].text))
		return nil
	case "atomic_add":
		if err := nargs(2, "atomic_add VARIABLE VALUE"); err != nil {
			return err
		}
		return p.atomic(s, value{v: -1}, "fetch_add", args, f[0].col)
	}
	if len(args) >= 2 && args[0].text == "=" {
		return p.assignment(s, f[0], args[1:])
	}
	return p.fail(f[0].col, "unknown_statement", "unknown statement %q", word)
}

// assignment compiles "target = ..." into micro-steps.
func (p *parser) assignment(s *stmt, tf field, rhs []field) error {
	if p.sc.ObjIndex(tf.text) >= 0 {
		return p.fail(tf.col, "object_not_variable", "%q is a %s, not a variable", tf.text, p.sc.Objects[p.sc.ObjIndex(tf.text)].Kind)
	}
	target, err := p.value(tf)
	if err != nil {
		return err
	}
	if target.v < 0 && target.op.Kind == Imm {
		return p.fail(tf.col, "assign_number", "cannot assign to a number")
	}
	switch rhs[0].text {
	case "xchg", "fetch_add", "cas":
		return p.atomic(s, target, rhs[0].text, rhs[1:], rhs[0].col)
	case "trylock":
		if len(rhs) != 2 {
			return p.fail(rhs[0].col, "usage", "usage: %s", "NAME = trylock MUTEX")
		}
		m := p.sc.ObjIndex(rhs[1].text)
		if m < 0 || p.sc.Objects[m].Kind != ObjMutex && p.sc.Objects[m].Kind != ObjGoMutex {
			return p.fail(rhs[1].col, "not_mutex", "%q is not a mutex", rhs[1].text)
		}
		dst := p.dstSlot(target)
		s.emit(Instr{Op: OpTryLock, Obj: m, Dst: dst}, fmt.Sprintf("%s = trylock %s", s.localName(int64(dst)), rhs[1].text))
		s.store(target, Operand{Local, int64(dst)})
		return nil
	case "recv":
		if len(rhs) != 2 {
			return p.fail(rhs[0].col, "usage", "usage: %s", "NAME = recv CHANNEL")
		}
		ch := p.sc.ObjIndex(rhs[1].text)
		if ch < 0 || p.sc.Objects[ch].Kind != ObjChan {
			return p.fail(rhs[1].col, "not_channel", "%q is not a channel", rhs[1].text)
		}
		dst := p.dstSlot(target)
		s.emit(Instr{Op: OpRecv, Obj: ch, Dst: dst}, fmt.Sprintf("%s = receive from %s", s.localName(int64(dst)), rhs[1].text))
		s.store(target, Operand{Local, int64(dst)})
		return nil
	}
	if len(rhs) != 1 && len(rhs) != 3 {
		return p.fail(rhs[0].col, "assign_syntax", "write NAME = VALUE or NAME = VALUE OP VALUE (OP: + - * / %%)")
	}
	a, err := p.value(rhs[0])
	if err != nil {
		return err
	}
	if len(rhs) == 1 {
		if a.v >= 0 && target.v < 0 { // load straight into the local
			s.emit(Instr{Op: OpLoad, Var: a.v, Dst: int(target.op.V)}, fmt.Sprintf("load %s -> %s", a.txt, target.txt))
			return nil
		}
		s.store(target, s.operand(a, 0))
		return nil
	}
	op := rhs[1].text
	if len(op) != 1 || !strings.Contains("+-*/%", op) {
		return p.fail(rhs[1].col, "not_operator", "%q is not an operator: use + - * / or %%", op)
	}
	b, err := p.value(rhs[2])
	if err != nil {
		return err
	}
	x := s.operand(a, 0)
	y := s.operand(b, 1)
	dst := p.dstSlot(target)
	s.emit(Instr{Op: OpArith, Dst: dst, X: x, Y: y, Arith: op[0]}, fmt.Sprintf("%s = %s %s %s", s.localName(int64(dst)), s.opText(x), op, s.opText(y)))
	s.store(target, Operand{Local, int64(dst)})
	return nil
}

// dstSlot is the local a result goes to: the target if it is a local,
// otherwise the temporary r0 (then stored).
func (p *parser) dstSlot(target value) int {
	if target.v < 0 {
		return int(target.op.V)
	}
	return 0
}

// atomic compiles xchg, fetch_add and cas (one atomic micro-step each).
func (p *parser) atomic(s *stmt, target value, word string, args []field, col int) error {
	want := map[string]int{"xchg": 2, "fetch_add": 2, "cas": 3}[word]
	if len(args) != want {
		return p.fail(col, "usage", "usage: %s", "NAME = "+word+" VARIABLE VALUE"+map[bool]string{true: " VALUE", false: ""}[word == "cas"])
	}
	v := p.sc.VarIndex(args[0].text)
	if v < 0 {
		return p.fail(args[0].col, "not_shared_var", "%q is not a shared variable (declare it with var)", args[0].text)
	}
	vals := make([]Operand, 0, 2)
	for k, a := range args[1:] {
		x, err := p.value(a)
		if err != nil {
			return err
		}
		if x.v >= 0 {
			return p.fail(a.col, "operands_not_shared", "the operands of %s are numbers or locals, not shared variables", word)
		}
		_ = k
		vals = append(vals, x.op)
	}
	in := Instr{Op: map[string]Op{"xchg": OpXchg, "fetch_add": OpFetchAdd, "cas": OpCAS}[word], Var: v, X: vals[0], Dst: -1}
	dstText := ""
	if target.v >= 0 || target.op.Kind == Local {
		in.Dst = p.dstSlot(target)
		dstText = s.localName(int64(in.Dst)) + " = "
	}
	switch word {
	case "xchg":
		s.emit(in, fmt.Sprintf("%satomically swap %s with %s", dstText, args[0].text, s.opText(in.X)))
	case "fetch_add":
		s.emit(in, fmt.Sprintf("%satomically add %s to %s", dstText, s.opText(in.X), args[0].text))
	case "cas":
		in.Y = vals[1]
		s.emit(in, fmt.Sprintf("%satomically: if %s == %s then %s = %s", dstText, args[0].text, s.opText(in.X), args[0].text, s.opText(in.Y)))
	}
	if target.v >= 0 {
		s.store(target, Operand{Local, int64(in.Dst)})
	}
	return nil
}

// comparison compiles "A CMP B", loading shared operands.
func (p *parser) comparison(s *stmt, args []field) (Operand, Operand, Cmp, error) {
	c, ok := parseCmp(args[1].text)
	if !ok {
		return Operand{}, Operand{}, 0, p.fail(args[1].col, "not_comparison", "%q is not a comparison: use ==, !=, <, <=, > or >=", args[1].text)
	}
	a, err := p.value(args[0])
	if err != nil {
		return Operand{}, Operand{}, 0, err
	}
	b, err := p.value(args[2])
	if err != nil {
		return Operand{}, Operand{}, 0, err
	}
	return s.operand(a, 0), s.operand(b, 1), c, nil
}

// condition compiles "A CMP B [and|or C CMP D]" and returns the tests that
// must jump to the false target (patched by the caller).
func (p *parser) condition(s *stmt, args []field, col int) ([]int, error) {
	if len(args) != 3 && len(args) != 7 {
		return nil, p.fail(col, "condition_syntax", "write a condition as A CMP B, or A CMP B and|or C CMP D")
	}
	x, y, c, err := p.comparison(s, args[:3])
	if err != nil {
		return nil, err
	}
	first := s.emit(Instr{Op: OpTest, X: x, Y: y, Cmp: c}, fmt.Sprintf("test %s %s %s", s.opText(x), c, s.opText(y)))
	if len(args) == 3 {
		return []int{first}, nil
	}
	join := args[3].text
	if join != "and" && join != "or" {
		return nil, p.fail(args[3].col, "bad_join", "join two comparisons with and or or, not %q", join)
	}
	x, y, c, err = p.comparison(s, args[4:])
	if err != nil {
		return nil, err
	}
	second := s.emit(Instr{Op: OpTest, X: x, Y: y, Cmp: c}, fmt.Sprintf("test %s %s %s", s.opText(x), c, s.opText(y)))
	if join == "and" {
		return []int{first, second}, nil
	}
	// or: a true first test skips the second and enters the body.
	in := &p.cur.Code[first]
	in.JumpIfTrue, in.Jump = true, second+1
	in.Micro = fmt.Sprintf("test %s %s %s (true: skip the rest)", s.opText(in.X), in.Cmp, s.opText(in.Y))
	return []int{second}, nil
}

func (p *parser) patch(tests []int, to int) {
	for _, i := range tests {
		p.cur.Code[i].Jump = to
	}
}

func (p *parser) elseBlock(f []field, s *stmt) error {
	n := len(p.blocks)
	if n == 0 || p.blocks[n-1].kind != bkIf || p.blocks[n-1].elseJump >= 0 {
		return p.fail(f[0].col, "else_without_if", "else without an if")
	}
	if len(f) != 1 {
		return p.fail(f[1].col, "nothing_after", "%s takes nothing after it", "else")
	}
	b := &p.blocks[n-1]
	b.elseJump = s.emit(Instr{Op: OpJump}, "jump over the else part")
	p.patch(b.falses, len(p.cur.Code))
	b.falses = nil
	return nil
}

func (p *parser) endBlock(f []field, s *stmt) error {
	n := len(p.blocks)
	if n == 0 {
		return p.fail(f[0].col, "end_without_block", "end without a repeat, while, if or critical")
	}
	if len(f) != 1 {
		return p.fail(f[1].col, "nothing_after", "%s takes nothing after it", "end")
	}
	b := p.blocks[n-1]
	p.blocks = p.blocks[:n-1]
	code := p.cur.Code
	switch b.kind {
	case bkRepeat:
		timed := false
		for _, in := range code[b.at+1:] {
			timed = timed || !in.Op.zeroTime()
		}
		if !timed {
			return p.fail(f[0].col, "empty_repeat", "the repeat on line %d has an empty body", code[b.at].Line)
		}
		i := s.emit(Instr{Op: OpEnd, B: int64(b.at)}, "")
		p.cur.Code[b.at].B = int64(i)
	case bkWhile:
		if last := len(code) - 1; last >= 0 && code[last].Op == OpTest && code[last].Line == b.line {
			for k := b.at; k < len(code); k++ { // an empty body: a busy-wait loop
				p.cur.Code[k].Spin = true
			}
		}
		s.emit(Instr{Op: OpJump, Jump: b.at}, "back to the loop's test")
		p.patch(b.falses, len(p.cur.Code))
	case bkIf:
		p.patch(b.falses, len(p.cur.Code))
		if b.elseJump >= 0 {
			p.cur.Code[b.elseJump].Jump = len(p.cur.Code)
		}
	case bkCritical:
		s.emit(Instr{Op: OpCSExit}, "leave critical section")
	}
	return nil
}
