package ostep

import (
	"fmt"
	"strconv"
	"strings"
)

// x86.py's assembly language (SEMANTICS §5.2), in its two versions: the
// threads-intro one (x86-intro) and the threads-locks one (x86-locks).

// Limits of a parsed program.
const (
	// MaxX86Instrs bounds the instructions of one program.
	MaxX86Instrs = 100_000
	// MaxX86VarWords bounds the words one .var may reserve.
	MaxX86VarWords = 1_000_000
	// x86VarBase is where .var allocation starts; each word is 4 apart.
	x86VarBase = 100
)

// The registers, in the order of X86Regs. The intro version has no ex, fx.
const (
	X86AX = iota
	X86BX
	X86CX
	X86DX
	X86EX
	X86FX
	X86SP
	X86BP
	x86NumRegs
)

var x86RegNames = [x86NumRegs]string{"ax", "bx", "cx", "dx", "ex", "fx", "sp", "bp"}

// X86RegName is the name of register r (X86AX..X86BP), e.g. "ax".
func X86RegName(r int) string {
	if r < 0 || r >= x86NumRegs {
		return ""
	}
	return x86RegNames[r]
}

// x86Reg returns the index of a register name ("ax", no "%"), or -1. The
// intro version has no ex and fx.
func x86Reg(name string, locks bool) int {
	for i, n := range x86RegNames {
		if n == name {
			if !locks && (i == X86EX || i == X86FX) {
				return -1
			}
			return i
		}
	}
	return -1
}

// X86Program is a parsed .s file. Instructions are numbered from 0; the
// machine places instruction i at address load+i.
type X86Program struct {
	Locks  bool           // parsed with the threads-locks rules (else threads-intro)
	Instrs []X86Instr     // in address order
	Labels map[string]int // label (with its ".") -> index of the next instruction
	Vars   []X86Var       // in declaration order
}

// X86Var is one .var declaration.
type X86Var struct {
	Name  string
	Addr  int // the first word's address (100, 104, ...)
	Words int // words reserved, each 4 addresses apart
}

// X86Instr is one instruction.
type X86Instr struct {
	Text string // the source text as the trace prints it (comment removed, trimmed)
	Line int    // 1-based line number in the source
	Op   string // the opcode, e.g. "mov"

	args []x86Operand
}

type x86OpKind int

const (
	x86Imm x86OpKind = iota
	x86RegOp
	x86Mem
	x86Label
)

// x86Operand is one operand. A memory operand's address is
// disp + regs[r1] + scale*regs[r2], with -1 for an empty register slot.
type x86Operand struct {
	kind   x86OpKind
	imm    int64
	reg    int
	disp   int64
	r1, r2 int
	scale  int64
	target int // instruction index of a label
}

// X86SyntaxError is a line x86.py would refuse to load.
type X86SyntaxError struct {
	Line int // 1-based
	Msg  string
}

func (e *X86SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// x86Shapes lists, per opcode, the operand kinds it accepts: each string is
// one accepted form, a letter per operand (i immediate, r register, m
// memory, l label). locksOnly opcodes are missing from the intro version.
var x86Shapes = map[string][]string{
	"mov":      {"ir", "mr", "rr", "rm", "im"},
	"lea":      {"mr"},
	"add":      {"ir", "rr"},
	"sub":      {"ir", "rr"},
	"mul":      {"ir", "rr"},
	"neg":      {"r"},
	"test":     {"ir", "rr", "ri"},
	"xchg":     {"rm"},
	"fetchadd": {"rm"},
	"push":     {"r", "m"},
	"pop":      {"", "r"},
	"call":     {"l"},
	"ret":      {""},
	"j":        {"l"},
	"je":       {"l"},
	"jne":      {"l"},
	"jgt":      {"l"},
	"jgte":     {"l"},
	"jlt":      {"l"},
	"jlte":     {"l"},
	"nop":      {""},
	"halt":     {""},
	"yield":    {""},
}

var x86LocksOnly = map[string]bool{"lea": true, "mul": true, "neg": true}

// ParseX86 parses the source of an x86.py program with the rules of the
// threads-locks version (locksVersion) or of the threads-intro version.
// A rejected line gives an *X86SyntaxError.
func ParseX86(src string, locksVersion bool) (*X86Program, error) {
	p := &X86Program{Locks: locksVersion, Labels: map[string]int{}}
	type pending struct {
		instr  int
		arg    int
		label  string
		lineNo int
	}
	var fixups []pending
	next := x86VarBase
	type srcLine struct {
		no         int
		line, text string
	}
	var code []srcLine
	// Pass 1: the .var declarations (so an instruction may name a
	// variable declared below it) and the lines that remain.
	for n, raw := range strings.Split(src, "\n") {
		lineNo := n + 1
		bad := func(format string, a ...any) error {
			return &X86SyntaxError{Line: lineNo, Msg: fmt.Sprintf(format, a...)}
		}
		if strings.Count(raw, "#") > 1 {
			return nil, bad("a line may contain at most one '#'")
		}
		line, _, _ := strings.Cut(raw, "#")
		text := strings.TrimSpace(line)
		if text == "" {
			continue
		}
		if f := strings.Fields(line); line[0] == '.' && f[0] == ".var" {
			if len(f) < 2 || len(f) > 3 || (len(f) == 3 && !locksVersion) {
				if locksVersion {
					return nil, bad("want .var name [words]")
				}
				return nil, bad("want .var name (this version has no word count)")
			}
			if !x86ValidName(f[1]) {
				return nil, bad("bad variable name %q", f[1])
			}
			words := 1
			if len(f) == 3 {
				w, err := strconv.Atoi(f[2])
				if err != nil || w < 1 || w > MaxX86VarWords {
					return nil, bad("bad word count %q in .var (want 1..%d)", f[2], MaxX86VarWords)
				}
				words = w
			}
			if len(p.Vars) >= MaxX86Instrs {
				return nil, bad("more than %d variables", MaxX86Instrs)
			}
			p.Vars = append(p.Vars, X86Var{Name: f[1], Addr: next, Words: words})
			next += 4 * words
			continue
		}
		code = append(code, srcLine{no: lineNo, line: line, text: text})
	}
	// Pass 2: labels and instructions.
	for _, sl := range code {
		lineNo, line, text := sl.no, sl.line, sl.text
		bad := func(format string, a ...any) error {
			return &X86SyntaxError{Line: lineNo, Msg: fmt.Sprintf(format, a...)}
		}
		if line[0] == '.' {
			// A label, which only column 0 allows.
			if f := strings.Fields(line); len(f) != 1 {
				return nil, bad("a label is a single token, not %q", text)
			}
			p.Labels[text] = len(p.Instrs)
			continue
		}
		if len(p.Instrs) >= MaxX86Instrs {
			return nil, bad("the program has more than %d instructions", MaxX86Instrs)
		}
		op, rest := text, ""
		if i := strings.IndexAny(text, " \t"); i >= 0 {
			op, rest = text[:i], text[i+1:]
		}
		shapes, ok := x86Shapes[op]
		if !ok || (x86LocksOnly[op] && !locksVersion) {
			if op == "rdump" || op == "mdump" {
				return nil, bad("the debug instruction %q is not supported", op)
			}
			return nil, bad("illegal opcode %q", op)
		}
		in := X86Instr{Text: text, Line: lineNo, Op: op}
		words := x86SplitOperands(rest, len(shapes[0]) == 2 || (len(shapes) > 1 && len(shapes[1]) == 2), locksVersion)
		shape := ""
		for k, w := range words {
			a, err := x86ParseOperand(w, locksVersion, p)
			if err != nil {
				return nil, bad("%s: %v", op, err)
			}
			if a.kind == x86Label {
				fixups = append(fixups, pending{instr: len(p.Instrs), arg: k, label: w, lineNo: lineNo})
			}
			shape += string("irml"[a.kind])
			in.args = append(in.args, a)
		}
		okShape := false
		for _, s := range shapes {
			okShape = okShape || s == shape
		}
		if !okShape {
			return nil, bad("%s does not take operands %q (forms: %s)", op, strings.TrimSpace(rest), x86Forms(shapes))
		}
		p.Instrs = append(p.Instrs, in)
	}
	for _, f := range fixups {
		idx, ok := p.Labels[f.label]
		if !ok {
			return nil, &X86SyntaxError{Line: f.lineNo, Msg: fmt.Sprintf("unknown label %q", f.label)}
		}
		p.Instrs[f.instr].args[f.arg].target = idx
	}
	return p, nil
}

// x86Forms describes accepted operand shapes for an error message.
func x86Forms(shapes []string) string {
	names := map[byte]string{'i': "$imm", 'r': "%reg", 'm': "mem", 'l': ".label"}
	var forms []string
	for _, s := range shapes {
		var parts []string
		for k := 0; k < len(s); k++ {
			parts = append(parts, names[s[k]])
		}
		if len(parts) == 0 {
			forms = append(forms, "none")
		} else {
			forms = append(forms, strings.Join(parts, ","))
		}
	}
	return strings.Join(forms, " or ")
}

// x86SplitOperands splits the text after the opcode. The locks version
// splits at the commas outside parentheses. The intro version splits a
// two-operand instruction at its first comma only (so a two-register
// source such as "2000(%bx,%cx), %ax" falls apart) and never splits a
// one-operand one.
func x86SplitOperands(rest string, twoOperands, locks bool) []string {
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return nil
	}
	var parts []string
	if !locks {
		if twoOperands {
			parts = strings.SplitN(rest, ",", 2)
		} else {
			parts = []string{rest}
		}
	} else {
		depth, start := 0, 0
		for i := 0; i < len(rest); i++ {
			switch rest[i] {
			case '(':
				depth++
			case ')':
				depth--
			case ',':
				if depth == 0 {
					parts = append(parts, rest[start:i])
					start = i + 1
				}
			}
		}
		parts = append(parts, rest[start:])
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// x86ValidName accepts a variable name: a letter or '_' first, then
// letters, digits and '_'.
func x86ValidName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// x86Int parses an optionally negative decimal integer.
func x86Int(s string) (int64, bool) {
	d := strings.TrimPrefix(s, "-")
	if d == "" {
		return 0, false
	}
	for _, c := range d {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

func (p *X86Program) varAddr(name string) (int, bool) {
	// A redeclared name refers to its last declaration.
	for i := len(p.Vars) - 1; i >= 0; i-- {
		if p.Vars[i].Name == name {
			return p.Vars[i].Addr, true
		}
	}
	return 0, false
}

// x86ParseOperand parses one operand (SEMANTICS §5.2 "Operands").
func x86ParseOperand(s string, locks bool, p *X86Program) (x86Operand, error) {
	switch {
	case s == "":
		return x86Operand{}, fmt.Errorf("missing operand")
	case s[0] == '$':
		if !locks {
			// The intro version reads exactly one digit.
			if len(s) != 2 || s[1] < '0' || s[1] > '9' {
				return x86Operand{}, fmt.Errorf("bad immediate %q: correct form is $number (this version takes one digit, 0-9)", s)
			}
			return x86Operand{kind: x86Imm, imm: int64(s[1] - '0')}, nil
		}
		n, ok := x86Int(s[1:])
		if !ok {
			return x86Operand{}, fmt.Errorf("bad immediate %q: correct form is $number or $-number", s)
		}
		return x86Operand{kind: x86Imm, imm: n}, nil
	case s[0] == '%':
		r := x86Reg(s[1:], locks)
		if r < 0 {
			return x86Operand{}, fmt.Errorf("bad register %q", s)
		}
		return x86Operand{kind: x86RegOp, reg: r}, nil
	case s[0] == '.':
		if strings.ContainsAny(s, " \t,()") {
			return x86Operand{}, fmt.Errorf("bad label %q", s)
		}
		return x86Operand{kind: x86Label}, nil
	}
	m := x86Operand{kind: x86Mem, r1: -1, r2: -1, scale: 1}
	open := strings.IndexByte(s, '(')
	dispText := s
	if open >= 0 {
		dispText = strings.TrimSpace(s[:open])
		if !strings.HasSuffix(s, ")") || strings.Count(s, "(") != 1 || strings.Count(s, ")") != 1 {
			return m, fmt.Errorf("bad memory operand %q", s)
		}
		slots := strings.Split(s[open+1:len(s)-1], ",")
		for i := range slots {
			slots[i] = strings.TrimSpace(slots[i])
		}
		if !locks {
			// Only (%r) and N(%r); further slots are ignored.
			r := -1
			if strings.HasPrefix(slots[0], "%") {
				r = x86Reg(slots[0][1:], false)
			}
			if r < 0 {
				return m, fmt.Errorf("bad memory operand %q (this version takes N(%%reg))", s)
			}
			m.r1 = r
		} else {
			if len(slots) > 3 {
				return m, fmt.Errorf("bad memory operand %q", s)
			}
			for k, slot := range slots {
				if k == 2 {
					sc, ok := x86Int(slot)
					if !ok {
						return m, fmt.Errorf("bad scale %q in %q", slot, s)
					}
					m.scale = sc
					continue
				}
				if slot == "" {
					continue
				}
				r := -1
				if strings.HasPrefix(slot, "%") {
					r = x86Reg(slot[1:], true)
				}
				if r < 0 {
					return m, fmt.Errorf("bad register %q in %q", slot, s)
				}
				if k == 0 {
					m.r1 = r
				} else {
					m.r2 = r
				}
			}
			if len(slots) == 1 && m.r1 < 0 {
				return m, fmt.Errorf("bad memory operand %q", s)
			}
		}
		if dispText == "" {
			return m, nil
		}
	}
	if n, ok := x86Int(dispText); ok {
		m.disp = n
		return m, nil
	}
	if a, ok := p.varAddr(dispText); ok {
		m.disp = int64(a)
		return m, nil
	}
	if x86ValidName(dispText) {
		return m, fmt.Errorf("unknown variable %q", dispText)
	}
	return m, fmt.Errorf("bad operand %q", s)
}
