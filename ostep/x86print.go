package ostep

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// x86.py's command line and trace output (SEMANTICS §5.1 and §5.4), for
// both versions: x86-intro (threads-intro/x86.py) and x86-locks
// (threads-locks/x86.py).

// ReadFile reads the program file named by -p. It is nil by default, and
// then -p fails with an error; the proclab command sets it to os.ReadFile
// at start-up (the package itself does no I/O). Set it once, before any
// call to Main; it is the package's only mutable global. One call of Main
// reads a file once, though it simulates the run twice.
var ReadFile func(name string) ([]byte, error)

// x86Config is a parsed x86.py command line.
type x86Config struct {
	locks      bool
	opt        X86Options
	program    string // -p
	argv       string
	memtrace   string
	regtrace   string
	cctrace    bool
	printStats bool
	verbose    bool
	compute    bool
	headers    int   // -H
	seed       pyInt // -s, of any size (opt.Seed holds it when it fits)
}

func x86Flags(args []string, locks bool) (*x86Config, error) {
	c := &x86Config{locks: locks}
	o := &c.opt
	fs := newFlagSet("x86.py")
	fs.seedVar(&c.seed, "-s", "--seed", 0, "the random seed")
	fs.intVar(&o.Threads, "-t", "--threads", 2, "number of threads")
	fs.stringVar(&c.program, "-p", "--program", "", "source program (in .s)")
	fs.intVar(&o.Interrupt, "-i", "--interrupt", 50, "interrupt frequency")
	if locks {
		fs.stringVar(&o.Schedule, "-P", "--procsched", "", "control exactly which thread runs when (e.g. 0011 runs thread 0 twice, then thread 1 twice)")
	}
	fs.boolVar(&o.Random, "-r", "--randints", "if interrupts are random")
	fs.stringVar(&o.Argv, "-a", "--argv", "", "comma-separated per-thread args (e.g., ax=1,ax=2 sets thread 0 ax reg to 1 and thread 1 ax reg to 2); specify multiple regs per thread via colon-separated list (e.g., ax=1:bx=2,cx=3 sets thread 0 ax and bx and just cx for thread 1)")
	fs.intVar(&o.LoadAddr, "-L", "--loadaddr", 1000, "address where to load code")
	fs.intVar(&o.MemSizeKB, "-m", "--memsize", 128, "size of address space (KB)")
	fs.stringVar(&c.memtrace, "-M", "--memtrace", "", "comma-separated list of addrs to trace (e.g., 20000,20001)")
	fs.stringVar(&c.regtrace, "-R", "--regtrace", "", "comma-separated list of regs to trace (e.g., ax,bx,cx,dx)")
	fs.boolVar(&c.cctrace, "-C", "--cctrace", "should we trace condition codes")
	fs.boolVar(&c.printStats, "-S", "--printstats", "print some extra stats")
	fs.boolVar(&c.verbose, "-v", "--verbose", "print some extra info")
	if locks {
		fs.intVar(&c.headers, "-H", "--headercount", 0, "how often to print a row header")
	}
	fs.boolVar(&c.compute, "-c", "--compute", "compute answers for me")
	if err := fs.parse(args); err != nil {
		return nil, err
	}
	if n, fits := c.seed.int64(); fits {
		o.Seed = int(n)
	}
	o.seed = &c.seed
	if c.printStats {
		return nil, x86OptError("option -S prints a wall-clock rate, so its output cannot be reproduced; it is not supported")
	}
	return c, nil
}

// load reads the -p program with read and parses it.
func (c *x86Config) load(read func(name string) ([]byte, error)) (*X86Program, error) {
	if c.program == "" {
		return nil, x86OptError("no program: give one with -p FILE")
	}
	src, err := read(c.program)
	if errors.Is(err, errNoReadFile) {
		return nil, x86OptError("cannot read %s: %v", c.program, err)
	}
	if err != nil {
		return nil, x86OptError("cannot read program: %v", err)
	}
	return c.parse(string(src))
}

func (c *x86Config) parse(src string) (*X86Program, error) {
	p, err := ParseX86(src, c.locks)
	if err != nil {
		name := c.program
		if name == "" {
			name = "program"
		}
		return nil, x86OptError("%s: %v", name, err)
	}
	return p, nil
}

// X86 simulates x86.py with the given flags (those of the threads-locks
// version if locks, else of the threads-intro version) and returns every
// step. The program named by -p is read through ReadFile.
func X86(args []string, locks bool) (*X86Run, error) {
	c, err := x86Flags(args, locks)
	if err != nil {
		return nil, err
	}
	p, err := c.load((&printer{}).readFile)
	if err != nil {
		return nil, err
	}
	return RunX86(p, c.opt)
}

// X86Source is X86 with the program given as source text; -p is ignored.
// A stepLimit above 0 stops the run after that many instructions.
func X86Source(args []string, locks bool, src string, stepLimit int) (*X86Run, error) {
	c, err := x86Flags(args, locks)
	if err != nil {
		return nil, err
	}
	c.opt.StepLimit = stepLimit
	p, err := c.parse(src)
	if err != nil {
		return nil, err
	}
	run, err := RunX86(p, c.opt)
	if run != nil {
		for _, item := range strings.Split(c.memtrace, ",") {
			if n, err := strconv.ParseInt(item, 10, 64); err == nil && n >= 0 {
				run.Traced = append(run.Traced, n)
			}
		}
	}
	return run, err
}

func runX86Intro(args []string, out *printer) error { return runX86(args, false, out) }
func runX86Locks(args []string, out *printer) error { return runX86(args, true, out) }

// x86Trace is one traced memory word: the header label and the address.
type x86Trace struct {
	label string
	addr  int64
}

func runX86(args []string, locks bool, out *printer) error {
	c, err := x86Flags(args, locks)
	if err != nil {
		return err
	}
	p, err := c.load(out.readFile)
	if err != nil {
		return err
	}
	m, err := newX86Machine(p, c.opt)
	if err != nil {
		return err
	}
	// What to trace.
	var mems []x86Trace
	if c.memtrace != "" {
		for _, item := range strings.Split(c.memtrace, ",") {
			var tr x86Trace
			if item != "" && item[0] >= '0' && item[0] <= '9' {
				n, err := strconv.ParseInt(item, 10, 64)
				if err != nil {
					return x86OptError("option -M: bad address %s", pyQuote(item))
				}
				tr = x86Trace{label: fmt.Sprintf("%5d", n), addr: n}
			} else {
				a, ok := p.varAddr(item)
				if !ok {
					return x86OptError("option -M: %s is neither an address nor a .var of the program", pyQuote(item))
				}
				tr = x86Trace{label: fmt.Sprintf("%5s", item), addr: int64(a)}
			}
			if err := m.check(tr.addr); err != nil {
				return x86OptError("option -M: cannot trace %s: %v", item, err)
			}
			mems = append(mems, tr)
		}
	}
	var regs []int
	if c.regtrace != "" {
		for _, item := range strings.Split(c.regtrace, ",") {
			r := x86Reg(item, locks)
			if r < 0 {
				return x86OptError("option -R: bad register %s", pyQuote(item))
			}
			regs = append(regs, r)
		}
	}
	traced := len(mems) > 0 || len(regs) > 0 || c.cctrace

	// The header.
	var hb strings.Builder
	for _, tr := range mems {
		hb.WriteString(tr.label + " ")
	}
	if len(mems) > 0 {
		hb.WriteString("  ")
	}
	for _, r := range regs {
		fmt.Fprintf(&hb, "%5s ", x86RegNames[r])
	}
	if len(regs) > 0 {
		hb.WriteString("  ")
	}
	if c.cctrace {
		hb.WriteString(">= >  <= <  != == ")
	}
	for k := range m.th {
		fmt.Fprintf(&hb, "       Thread %d         ", k)
	}
	header := hb.String()

	// appendValues appends the traced values of the current thread to b.
	// The rows are built in one reused slice: a long run allocates nothing
	// per instruction.
	num := func(b []byte, v int64) []byte {
		if !c.compute {
			return append(b, "    ? "...)
		}
		var digits [24]byte
		d := strconv.AppendInt(digits[:0], v, 10)
		for i := len(d); i < 5; i++ { // %5d
			b = append(b, ' ')
		}
		return append(append(b, d...), ' ')
	}
	appendValues := func(b []byte) []byte {
		for _, tr := range mems {
			b = num(b, m.mem[tr.addr])
		}
		if len(mems) > 0 {
			b = append(b, "  "...)
		}
		t := &m.th[m.cur]
		for _, r := range regs {
			b = num(b, t.regs[r])
		}
		if len(regs) > 0 {
			b = append(b, "  "...)
		}
		if c.cctrace {
			for _, f := range t.flags {
				switch {
				case !c.compute:
					b = append(b, "?  "...)
				case f:
					b = append(b, "1  "...)
				default:
					b = append(b, "0  "...)
				}
			}
		}
		return b
	}
	values := func() string { return string(appendValues(nil)) }
	haltRow := strings.Repeat("----- Halt;Switch -----  ", len(m.th)) + "\n"
	interruptRow := strings.Repeat("------ Interrupt ------  ", len(m.th)) + "\n"
	var rowBuf []byte

	out.f("ARG seed %s\n", c.seed.String())
	out.f("ARG numthreads %d\n", c.opt.Threads)
	out.f("ARG program %s\n", c.program)
	out.f("ARG interrupt frequency %d\n", c.opt.Interrupt)
	out.f("ARG interrupt randomness %s\n", pyBool(c.opt.Random))
	if locks {
		out.f("ARG procsched %s\n", c.opt.Schedule)
	}
	out.f("ARG argv %s\n", c.opt.Argv)
	out.f("ARG load address %d\n", c.opt.LoadAddr)
	out.f("ARG memsize %d\n", c.opt.MemSizeKB)
	out.f("ARG memtrace %s\n", c.memtrace)
	out.f("ARG regtrace %s\n", c.regtrace)
	out.f("ARG cctrace %s\n", pyBool(c.cctrace))
	out.f("ARG printstats %s\n", pyBool(c.printStats))
	out.f("ARG verbose %s\n", pyBool(c.verbose))
	out.line("")
	if locks {
		out.line("")
	}
	out.line(header)
	if locks {
		out.line("")
	}
	if traced {
		out.line(values())
	}

	err = m.run(func(ev x86Event) {
		if out.dry() || out.full() {
			return
		}
		switch ev.kind {
		case x86EvBefore:
			if c.headers != 0 && m.icount > 0 && m.icount%c.headers == 0 {
				out.line("")
				out.line(header)
				out.line("")
				if traced {
					rowBuf = append(appendValues(rowBuf[:0]), '\n')
					out.bytes(rowBuf)
				}
			}
		case x86EvInstr:
			b := appendValues(rowBuf[:0])
			for range 25 * ev.tid {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, ev.pc, 10)
			b = append(append(append(b, ' '), ev.in.Text...), '\n')
			out.bytes(b)
			rowBuf = b
		case x86EvHalt:
			rowBuf = append(appendValues(rowBuf[:0]), haltRow...)
			out.bytes(rowBuf)
		case x86EvInterrupt:
			rowBuf = append(appendValues(rowBuf[:0]), interruptRow...)
			out.bytes(rowBuf)
		}
	})
	if err == nil {
		err = out.err
	}
	return err
}
