package ostep

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
)

// x86.py's machine and scheduler (SEMANTICS §5.3): threads sharing one
// word-addressed memory, switched by a countdown of instructions, by
// random countdowns (-r) or by a manual schedule (-P).

// Limits of a run.
const (
	// MaxX86Threads bounds -t.
	MaxX86Threads = 100
	// MaxX86MemKB bounds -m (memory is sparse, so this only bounds addresses).
	MaxX86MemKB = 1_000_000
	// maxX86Load bounds -L.
	maxX86Load = 1 << 40
)

// X86Regs holds one thread's registers, indexed by X86AX..X86BP.
type X86Regs [x86NumRegs]int64

// X86Flags holds the condition codes in trace order: >=, >, <=, <, !=, ==.
type X86Flags [6]bool

const (
	x86GTE = iota
	x86GT
	x86LTE
	x86LT
	x86NEQ
	x86EQ
)

// X86Options are the run settings of x86.py's flags.
type X86Options struct {
	Threads   int    // -t: threads, each starting at the load address
	Interrupt int    // -i: instructions between interrupts
	Random    bool   // -r: random interrupt intervals, int(random()*Interrupt)+1
	Seed      int    // -s: the seed of the -r draws
	seed      *pyInt // x86.py's -s whole, of any size: when set, Seed is not read
	Schedule  string // -P (locks version only): manual schedule of thread ids, e.g. "0011"
	Argv      string // -a: initial registers, e.g. "bx=3" or "ax=1,ax=0" or "ax=1:bx=2"
	LoadAddr  int    // -L: address of the first instruction
	MemSizeKB int    // -m: memory size in KB (memsize*1000 words)
	// StepLimit, if above 0, stops the run after that many instructions
	// (a caller that draws at most so many need not run more); 0 means
	// MaxSteps. It is not a flag of x86.py.
	StepLimit int
}

// DefaultX86Options are x86.py's defaults.
func DefaultX86Options() X86Options {
	return X86Options{Threads: 2, Interrupt: 50, LoadAddr: 1000, MemSizeKB: 128}
}

// rng is the generator of the -r draws, seeded as random.seed(seed).
func (o X86Options) rng() *pyRandom {
	if o.seed != nil {
		return o.seed.rng()
	}
	return newPyRandom(int64(o.Seed))
}

// X86Write is one memory word an instruction wrote, with its new value.
type X86Write struct {
	Addr  int64
	Value int64
}

// X86Switch is a context switch after an instruction, as the trace prints
// it: Kind "halt" (a Halt;Switch row) or "interrupt" (an Interrupt row,
// possibly landing on the same thread), To the thread that runs next.
type X86Switch struct {
	Kind string
	To   int
}

// X86Step is one executed instruction.
type X86Step struct {
	Thread   int         // the thread that ran it
	PC       int64       // its address
	Text     string      // its source text, as the trace prints it
	Regs     X86Regs     // that thread's registers after it
	Flags    X86Flags    // that thread's condition codes after it
	Writes   []X86Write  // the memory words it wrote (xchg, push, ...), in order
	Halted   bool        // it was halt: the thread is done
	Switches []X86Switch // the switch rows printed after it, in order
}

// X86Run is a whole simulation, instruction by instruction.
type X86Run struct {
	Program *X86Program
	Options X86Options
	Start   []X86Regs // each thread's registers before the first instruction
	First   int       // the thread that runs first
	Steps   []X86Step
	// Traced are the addresses that -M names by number (x86.py's memory
	// trace, e.g. 2000 for the homework's counter), in order; the words it
	// names by .var are the program's Vars. Set by X86Source.
	Traced []int64
}

// MemoryAfter returns the data memory after step i (-1: before the first
// step) as address -> value; words never written are 0 and are left out.
func (r *X86Run) MemoryAfter(i int) map[int64]int64 {
	mem := map[int64]int64{}
	for k := 0; k <= i && k < len(r.Steps); k++ {
		for _, w := range r.Steps[k].Writes {
			mem[w.Addr] = w.Value
		}
	}
	return mem
}

// RunX86 runs p with the options o and returns every step. On a run-time
// error (a bad address, a PC outside the program, an integer overflow,
// more than MaxSteps instructions) it returns the steps so far and the
// error.
func RunX86(p *X86Program, o X86Options) (*X86Run, error) {
	m, err := newX86Machine(p, o)
	if err != nil {
		return nil, err
	}
	run := &X86Run{Program: p, Options: o, First: m.cur}
	for _, t := range m.th {
		run.Start = append(run.Start, t.regs)
	}
	err = m.run(func(ev x86Event) {
		switch ev.kind {
		case x86EvInstr:
			t := &m.th[ev.tid]
			run.Steps = append(run.Steps, X86Step{
				Thread: ev.tid, PC: ev.pc, Text: ev.in.Text,
				Regs: t.regs, Flags: t.flags,
				Writes: append([]X86Write(nil), m.writes...),
				Halted: ev.in.Op == "halt",
			})
		case x86EvHalt, x86EvInterrupt:
			kind := "halt"
			if ev.kind == x86EvInterrupt {
				kind = "interrupt"
			}
			s := &run.Steps[len(run.Steps)-1]
			s.Switches = append(s.Switches, X86Switch{Kind: kind, To: m.cur})
		}
	})
	return run, err
}

type x86Thread struct {
	regs  X86Regs
	flags X86Flags
	pc    int64
	done  bool
}

type x86Machine struct {
	prog     *X86Program
	load     int64
	memSize  int64
	mem      map[int64]int64
	th       []x86Thread
	cur      int
	interval int // K
	left     int // the interrupt countdown
	random   bool
	rng      *pyRandom
	sched    []int // -P, or nil
	pos      int   // position in sched
	icount   int
	limit    int // StepLimit, or MaxSteps
	writes   []X86Write
}

// Events of a run, in the order the trace prints them.
const (
	x86EvBefore    = iota // before an instruction (for -H)
	x86EvInstr            // an instruction ran
	x86EvHalt             // a halt switched to m.cur
	x86EvInterrupt        // an interrupt or yield switched to m.cur
)

type x86Event struct {
	kind int
	tid  int
	pc   int64
	in   *X86Instr
}

func x86OptError(format string, a ...any) error {
	return inputError("x86.py", format, a...)
}

// newX86Machine sets up the threads (SEMANTICS §5.3 "Thread start state").
func newX86Machine(p *X86Program, o X86Options) (*x86Machine, error) {
	if o.Threads < 1 || o.Threads > MaxX86Threads {
		return nil, x86OptError("option -t: the number of threads must be in 1..%d, not %d", MaxX86Threads, o.Threads)
	}
	if o.MemSizeKB < 0 || o.MemSizeKB > MaxX86MemKB {
		return nil, x86OptError("option -m: the memory size must be in 0..%d KB, not %d", MaxX86MemKB, o.MemSizeKB)
	}
	if o.LoadAddr < 0 || o.LoadAddr > maxX86Load {
		return nil, x86OptError("option -L: the load address must be in 0..%d, not %d", maxX86Load, o.LoadAddr)
	}
	for _, v := range p.Vars {
		if last := v.Addr + 4*(v.Words-1); last >= o.LoadAddr {
			return nil, x86OptError("variable %s (address %d) does not fit below the load address %d", v.Name, last, o.LoadAddr)
		}
	}
	m := &x86Machine{
		prog:     p,
		load:     int64(o.LoadAddr),
		memSize:  int64(o.MemSizeKB) * 1000,
		mem:      map[int64]int64{},
		th:       make([]x86Thread, o.Threads),
		interval: o.Interrupt,
		random:   o.Random,
		rng:      o.rng(),
	}
	for k := range m.th {
		m.th[k].pc = m.load
		m.th[k].regs[X86SP] = m.memSize - 1000*int64(k)
	}
	if err := m.setArgv(o.Argv, p.Locks); err != nil {
		return nil, err
	}
	if o.Schedule != "" {
		seen := make([]bool, o.Threads)
		for _, c := range o.Schedule {
			id := int(c - '0')
			if c < '0' || c > '9' || id >= o.Threads {
				return nil, x86OptError("option -P: %q is not a thread id (0..%d)", string(c), o.Threads-1)
			}
			m.sched = append(m.sched, id)
			seen[id] = true
		}
		for id, ok := range seen {
			if !ok {
				return nil, x86OptError("option -P: thread %d never appears in the schedule %q", id, o.Schedule)
			}
		}
		if len(m.sched) > MaxSteps {
			return nil, x86OptError("option -P: the schedule is longer than %d", MaxSteps)
		}
		// A manual schedule switches after every instruction.
		m.interval, m.random = 1, false
		m.cur = m.sched[0]
	}
	m.left = m.reset()
	m.limit = MaxSteps
	if o.StepLimit > 0 && o.StepLimit < MaxSteps {
		m.limit = o.StepLimit
	}
	return m, nil
}

// setArgv applies -a: one item for all threads, or one per thread; each
// item is reg=value settings joined by ':'.
func (m *x86Machine) setArgv(argv string, locks bool) error {
	if argv == "" {
		return nil
	}
	items := strings.Split(argv, ",")
	if len(items) != 1 && len(items) != len(m.th) {
		return x86OptError("option -a: %d comma-separated items for %d threads (give one for all threads or one per thread)", len(items), len(m.th))
	}
	for k, item := range items {
		if item == "" {
			continue
		}
		for _, set := range strings.Split(item, ":") {
			name, val, ok := strings.Cut(set, "=")
			r := x86Reg(strings.TrimSpace(name), locks)
			n, okN := parsePyInt(val)
			if !ok || r < 0 || !okN {
				return x86OptError("option -a: bad register setting %s (want e.g. ax=1)", pyQuote(set))
			}
			for t := range m.th {
				if len(items) == 1 || t == k {
					m.th[t].regs[r] = int64(n)
				}
			}
		}
	}
	return nil
}

// reset is a fresh interrupt countdown.
func (m *x86Machine) reset() int {
	if m.random {
		return pyTrunc(float64(m.interval)*m.rng.random()) + 1
	}
	return m.interval
}

// advance moves to the next thread that is not done: round robin over the
// thread order, or the next position of the manual schedule. At least one
// thread must not be done.
func (m *x86Machine) advance() {
	if m.sched != nil {
		for {
			m.pos = (m.pos + 1) % len(m.sched)
			if !m.th[m.sched[m.pos]].done {
				m.cur = m.sched[m.pos]
				return
			}
		}
	}
	for i := 1; i <= len(m.th); i++ {
		if c := (m.cur + i) % len(m.th); !m.th[c].done {
			m.cur = c
			return
		}
	}
}

func (m *x86Machine) allDone() bool {
	for _, t := range m.th {
		if !t.done {
			return false
		}
	}
	return true
}

// run executes until every thread is done (SEMANTICS §5.3 "The run loop"),
// reporting each event to observe.
func (m *x86Machine) run(observe func(x86Event)) error {
	for {
		if m.icount >= m.limit {
			return x86OptError("run exceeds the limit of %d instructions", m.limit)
		}
		observe(x86Event{kind: x86EvBefore})
		tid := m.cur
		t := &m.th[tid]
		pc := t.pc
		idx := pc - m.load
		if idx < 0 || idx >= int64(len(m.prog.Instrs)) {
			return x86OptError("thread %d: PC %d is outside the program (%d..%d)", tid, pc, m.load, m.load+int64(len(m.prog.Instrs))-1)
		}
		in := &m.prog.Instrs[idx]
		t.pc++
		m.writes = m.writes[:0]
		if err := m.exec(t, in); err != nil {
			return x86OptError("thread %d, %d %s: %v", tid, pc, in.Text, err)
		}
		observe(x86Event{kind: x86EvInstr, tid: tid, pc: pc, in: in})
		m.icount++
		if in.Op == "halt" {
			t.done = true
			if m.allDone() {
				return nil
			}
			m.advance()
			observe(x86Event{kind: x86EvHalt})
		}
		m.left--
		if m.left == 0 || in.Op == "yield" {
			m.left = m.reset()
			prev := m.cur
			m.advance()
			if m.sched == nil || m.cur != prev {
				observe(x86Event{kind: x86EvInterrupt})
			}
		}
	}
}

var errX86Overflow = fmt.Errorf("integer overflow (values are limited to 64 bits)")

func x86Add(a, b int64) (int64, error) {
	s := a + b
	if (s > a) != (b > 0) {
		return 0, errX86Overflow
	}
	return s, nil
}

func x86Mul(a, b int64) (int64, error) {
	if a == 0 || b == 0 {
		return 0, nil
	}
	hi, lo := bits.Mul64(uint64(absI64(a)), uint64(absI64(b)))
	neg := (a < 0) != (b < 0)
	if a == math.MinInt64 || b == math.MinInt64 || hi != 0 || lo > math.MaxInt64 {
		if neg && hi == 0 && lo == 1<<63 {
			return math.MinInt64, nil
		}
		return 0, errX86Overflow
	}
	if neg {
		return -int64(lo), nil
	}
	return int64(lo), nil
}

func absI64(a int64) int64 {
	if a < 0 {
		return -a // MinInt64 stays negative; x86Mul handles it
	}
	return a
}

// addr computes a memory operand's address: disp + r1 + scale*r2, or
// disp + r1 + r2 without the scale (xchg and fetchadd).
func (m *x86Machine) addr(t *x86Thread, a x86Operand, useScale bool) (int64, error) {
	v := a.disp
	var err error
	if a.r1 >= 0 {
		if v, err = x86Add(v, t.regs[a.r1]); err != nil {
			return 0, err
		}
	}
	if a.r2 >= 0 {
		s := t.regs[a.r2]
		if useScale {
			if s, err = x86Mul(a.scale, s); err != nil {
				return 0, err
			}
		}
		if v, err = x86Add(v, s); err != nil {
			return 0, err
		}
	}
	return v, nil
}

// check reports a data address outside memory or inside the code.
func (m *x86Machine) check(a int64) error {
	if m.memSize <= 0 {
		return fmt.Errorf("address %d is outside memory: -m %d gives the program none", a, m.memSize/1000)
	}
	if a < 0 || a >= m.memSize {
		return fmt.Errorf("address %d is outside memory (0..%d)", a, m.memSize-1)
	}
	if a >= m.load && a < m.load+int64(len(m.prog.Instrs)) {
		return fmt.Errorf("address %d holds an instruction, not data", a)
	}
	return nil
}

func (m *x86Machine) read(a int64) (int64, error) {
	if err := m.check(a); err != nil {
		return 0, err
	}
	return m.mem[a], nil
}

func (m *x86Machine) write(a, v int64) error {
	if err := m.check(a); err != nil {
		return err
	}
	m.mem[a] = v
	m.writes = append(m.writes, X86Write{Addr: a, Value: v})
	return nil
}

// value reads an immediate, register or memory operand.
func (m *x86Machine) value(t *x86Thread, a x86Operand) (int64, error) {
	switch a.kind {
	case x86Imm:
		return a.imm, nil
	case x86RegOp:
		return t.regs[a.reg], nil
	}
	ad, err := m.addr(t, a, true)
	if err != nil {
		return 0, err
	}
	return m.read(ad)
}

func (m *x86Machine) push(t *x86Thread, v func() (int64, error)) error {
	sp, err := x86Add(t.regs[X86SP], -4)
	if err != nil {
		return err
	}
	t.regs[X86SP] = sp
	x, err := v()
	if err != nil {
		return err
	}
	return m.write(sp, x)
}

// exec runs one instruction for thread t, whose PC already points past it.
func (m *x86Machine) exec(t *x86Thread, in *X86Instr) error {
	args := in.args
	var err error
	switch in.Op {
	case "mov":
		v, err := m.value(t, args[0])
		if err != nil {
			return err
		}
		if args[1].kind == x86RegOp {
			t.regs[args[1].reg] = v
			return nil
		}
		a, err := m.addr(t, args[1], true)
		if err != nil {
			return err
		}
		return m.write(a, v)
	case "lea":
		a, err := m.addr(t, args[0], true)
		if err != nil {
			return err
		}
		t.regs[args[1].reg] = a
	case "add", "sub", "mul":
		v, _ := m.value(t, args[0]) // an immediate or register: cannot fail
		r := &t.regs[args[1].reg]
		switch in.Op {
		case "add":
			*r, err = x86Add(*r, v)
		case "sub":
			if v == math.MinInt64 {
				return errX86Overflow
			}
			*r, err = x86Add(*r, -v)
		case "mul":
			*r, err = x86Mul(*r, v)
		}
		return err
	case "neg":
		r := &t.regs[args[0].reg]
		if *r == math.MinInt64 {
			return errX86Overflow
		}
		*r = -*r
	case "test":
		a, _ := m.value(t, args[0])
		b, _ := m.value(t, args[1])
		t.flags = X86Flags{x86GTE: b >= a, x86GT: b > a, x86LTE: b <= a, x86LT: b < a, x86NEQ: b != a, x86EQ: b == a}
	case "xchg", "fetchadd":
		a, err := m.addr(t, args[1], false)
		if err != nil {
			return err
		}
		old, err := m.read(a)
		if err != nil {
			return err
		}
		r := &t.regs[args[0].reg]
		nv := *r
		if in.Op == "fetchadd" {
			if nv, err = x86Add(old, *r); err != nil {
				return err
			}
		}
		if err := m.write(a, nv); err != nil {
			return err
		}
		*r = old
	case "push":
		if args[0].kind == x86RegOp {
			return m.push(t, func() (int64, error) { return t.regs[args[0].reg], nil })
		}
		return m.push(t, func() (int64, error) { return m.addr(t, args[0], true) })
	case "pop":
		sp := t.regs[X86SP]
		if len(args) == 1 {
			v := sp // the intro version's bug: the register gets sp itself
			if m.prog.Locks {
				if v, err = m.read(sp); err != nil {
					return err
				}
			}
			t.regs[args[0].reg] = v
			sp = t.regs[X86SP]
		}
		t.regs[X86SP], err = x86Add(sp, 4)
		return err
	case "call":
		ret := t.pc
		if err := m.push(t, func() (int64, error) { return ret, nil }); err != nil {
			return err
		}
		t.pc = m.load + int64(args[0].target)
	case "ret":
		v, err := m.read(t.regs[X86SP])
		if err != nil {
			return err
		}
		t.pc = v
		t.regs[X86SP], err = x86Add(t.regs[X86SP], 4)
		return err
	case "j", "je", "jne", "jgt", "jgte", "jlt", "jlte":
		take := true
		switch in.Op {
		case "je":
			take = t.flags[x86EQ]
		case "jne":
			take = t.flags[x86NEQ]
		case "jgt":
			take = t.flags[x86GT]
		case "jgte":
			take = t.flags[x86GTE]
		case "jlt":
			take = t.flags[x86LT]
		case "jlte":
			take = t.flags[x86LTE]
		}
		if take {
			t.pc = m.load + int64(args[0].target)
		}
	case "nop", "halt", "yield":
	default:
		return fmt.Errorf("unknown opcode %q", in.Op)
	}
	return nil
}
