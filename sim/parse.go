package sim

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ParseError is a problem in a scenario's text, with the line and column
// (both 1-based, columns counted in bytes) where it was found.
//
// Code names the kind of problem and Args holds its arguments as text, in
// the order the message uses them, so that a client can say the same thing
// in another language (the codes are listed in ParseErrorCodes and in
// docs/protocol.md, "Errors"). Msg is the English sentence.
type ParseError struct {
	Line, Col int
	Msg       string
	Code      string
	Args      []string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// field is one whitespace-separated word of a line and its 1-based column.
type field struct {
	text string
	col  int
}

// fieldsOf splits a line into words, dropping a trailing "# comment".
func fieldsOf(line string) []field {
	var out []field
	i := 0
	for i < len(line) {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) || line[i] == '#' {
			break
		}
		start := i
		for i < len(line) && line[i] != ' ' && line[i] != '\t' {
			i++
		}
		out = append(out, field{line[start:i], start + 1})
	}
	return out
}

type parser struct {
	sc     *Scenario
	line   int
	cur    *Program    // the block being filled, or nil
	blocks []openBlock // open repeat/while/if/critical blocks in cur
	forks  []forkRef
	seen   map[string]bool // directives already given
}

type forkRef struct {
	prog, instr int
	word, name  string // the statement (fork, spawn, exec) and the program it names
	line, col   int
}

// fail is the error at column col of the current line: code names it, and
// format and args make the English message (args become ParseError.Args).
func (p *parser) fail(col int, code, format string, args ...any) error {
	return newParseError(p.line, col, code, format, args...)
}

// Parse reads a scenario in the format of docs/scenario.md. Errors are
// *ParseError values that name the line and column.
func Parse(text string) (*Scenario, error) {
	if len(text) > MaxScenarioBytes {
		return nil, newParseError(1, 1, "scenario_too_large", "scenario is %d bytes; the limit is %d", len(text), MaxScenarioBytes)
	}
	sc := &Scenario{
		CPUs: 1, Policy: RR, Quantum: DefaultQuantum, PIDMax: DefaultPIDMax,
		MaxTasks: DefaultMaxTasks, Seed: 1,
		Title: map[string]string{}, Explain: map[string]string{}, Source: text,
	}
	p := &parser{sc: sc, seen: map[string]bool{}}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	// Pass 1: shared variables and sync objects, so that code may use them
	// wherever they are declared.
	for i, raw := range lines {
		p.line = i + 1
		if f := fieldsOf(raw); len(f) > 0 && f[0].col == 1 && declWords[f[0].text] {
			if err := p.declaration(f); err != nil {
				return nil, err
			}
		}
	}
	for i, raw := range lines {
		p.line = i + 1
		if err := p.parseLine(raw); err != nil {
			return nil, err
		}
	}
	p.line = len(lines)
	if err := p.closeBlock(); err != nil {
		return nil, err
	}
	for _, f := range p.forks {
		idx := sc.ProgramIndex(f.name)
		if idx < 0 {
			return nil, newParseError(f.line, f.col, "fork_undefined", "%s names program %q, which is not defined", f.word, f.name)
		}
		if sc.Programs[idx].Thread {
			return nil, newParseError(f.line, f.col, "fork_thread", "%q is a thread: a process can only fork or exec a program or a process", f.name)
		}
		sc.Programs[f.prog].Code[f.instr].A = int64(idx)
	}
	sc.setSchedDefaults()
	if len(sc.Processes) == 0 {
		return nil, newParseError(1, 1, "no_process", `the scenario starts no process: add a "process NAME" block`)
	}
	sortByArrival(sc.Processes)
	return sc, nil
}

func (p *parser) parseLine(raw string) error {
	if strings.ContainsRune(raw, 0) {
		return p.fail(strings.IndexByte(raw, 0)+1, "nul_byte", "NUL byte in the text")
	}
	f := fieldsOf(raw)
	if len(f) == 0 {
		return nil
	}
	if f[0].col > 1 {
		if p.cur == nil {
			return p.fail(f[0].col, "indent_outside", "an indented statement must belong to a process or program block")
		}
		return p.statement(f, raw)
	}
	if err := p.closeBlock(); err != nil {
		return err
	}
	return p.directive(f, raw)
}

func (p *parser) closeBlock() error {
	if p.cur == nil {
		return nil
	}
	if n := len(p.blocks); n > 0 {
		b := p.blocks[n-1]
		return newParseError(b.line, b.col, "no_end", "%s has no matching end", b.word)
	}
	p.cur.Code = append(p.cur.Code, Instr{Op: OpExit, Line: p.cur.Line, Col: 1, Text: "exit 0 (end of program)"})
	p.showHidden()
	p.sc.Programs = append(p.sc.Programs, *p.cur)
	p.cur = nil
	return nil
}

func (p *parser) once(f field) error {
	if p.seen[f.text] {
		return p.fail(f.col, "twice", "%s is given twice", f.text)
	}
	p.seen[f.text] = true
	return nil
}

func (p *parser) directive(f []field, raw string) error {
	word := f[0].text
	switch word {
	case "title", "explain":
		// title en: text
		if len(f) < 2 || !strings.HasSuffix(f[1].text, ":") {
			return p.fail(f[0].col, "title_syntax", `write "%[1]s en: text" or "%[1]s zh: text"`, word)
		}
		lang := strings.TrimSuffix(f[1].text, ":")
		if lang != "en" && lang != "zh" {
			return p.fail(f[1].col, "unknown_language", "unknown language %q: use en or zh", lang)
		}
		rest := strings.TrimSpace(raw[f[1].col-1+len(f[1].text):])
		m := p.sc.Title
		if word == "explain" {
			m = p.sc.Explain
			if prev, ok := m[lang]; ok {
				rest = prev + "\n" + rest
			}
		} else if _, ok := m[lang]; ok {
			return p.fail(f[0].col, "title_twice", "title %s is given twice", lang)
		}
		m[lang] = rest
		return nil
	case "cpus", "quantum", "pid_max", "max_tasks", "seed":
		if err := p.once(f[0]); err != nil {
			return err
		}
		if len(f) != 2 {
			return p.fail(f[0].col, "one_number", "%s takes one number", word)
		}
		switch word {
		case "cpus":
			n, err := p.number(f[1], 1, MaxCPUs)
			p.sc.CPUs = int(n)
			return err
		case "quantum":
			n, err := p.number(f[1], 1, MaxQuantum)
			p.sc.Quantum = n
			return err
		case "pid_max":
			n, err := p.number(f[1], MinPIDMax, MaxPIDMax)
			p.sc.PIDMax = int(n)
			return err
		case "max_tasks":
			n, err := p.number(f[1], 2, MaxTaskLimit)
			p.sc.MaxTasks = int(n)
			return err
		default:
			n, err := strconv.ParseUint(f[1].text, 10, 64)
			if err != nil {
				return p.fail(f[1].col, "seed_range", "seed must be a whole number from 0 to %d", uint64(1<<64-1))
			}
			p.sc.Seed = n
			return nil
		}
	case "policy":
		if err := p.once(f[0]); err != nil {
			return err
		}
		if len(f) < 2 || len(f) > 3 {
			return p.fail(f[0].col, "policy_syntax", `write "policy NAME [QUANTUM]", e.g. "policy rr 2"`)
		}
		pol, ok := ParsePolicy(f[1].text)
		if !ok {
			return p.fail(f[1].col, "unknown_policy", "unknown policy %q: use fcfs, sjf, srtf, rr, priority, priority-preemptive, hrrn, mlfq, cfs, lottery or stride", f[1].text)
		}
		p.sc.Policy = pol
		if len(f) == 3 {
			switch pol {
			case RR, MLFQ, Lottery, Stride:
			default:
				return p.fail(f[2].col, "no_quantum", "%s takes no quantum", pol)
			}
			if p.seen["quantum"] {
				return p.fail(f[2].col, "twice", "%s is given twice", "quantum")
			}
			p.seen["quantum"] = true
			n, err := p.number(f[2], 1, MaxQuantum)
			if err != nil {
				return err
			}
			p.sc.Quantum = n
		}
		return nil
	case "switch_cost":
		if err := p.once(f[0]); err != nil {
			return err
		}
		return p.switchCost(f) // switchcost.go
	case "model":
		if err := p.once(f[0]); err != nil {
			return err
		}
		if len(f) != 2 || (f[1].text != "jobs" && f[1].text != "processes") {
			return p.fail(f[0].col, "model_syntax", `write "model processes" (the default) or "model jobs"`)
		}
		p.sc.Jobs = f[1].text == "jobs"
		return nil
	case "mlfq", "cfs":
		if err := p.once(f[0]); err != nil {
			return err
		}
		return p.schedOptions(word, f[1:])
	case "var", "mutex", "gomutex", "spinlock", "ticketlock", "semaphore", "cond", "chan", "waitgroup":
		return nil // read in the first pass
	// -- part 1, memory (memory*.go)
	case "memory":
		return p.memoryDirective(f)
	// -- part 2, system calls and modes (syscall*.go)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	case "pipe", "fifo", "mqueue":
		return p.pipeDeclaration(f) // pipe_parse.go
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go)
	case "shm", "socket":
		return nil // read in the first pass (shm.go, socket.go)
	case "expect":
		return p.expect(f)
	case "starvation":
		if err := p.once(f[0]); err != nil {
			return err
		}
		if len(f) != 2 {
			return p.fail(f[0].col, "starvation_syntax", "starvation takes one number of scheduling decisions")
		}
		n, err := p.number(f[1], 1, 10000)
		p.sc.Starvation = n
		return err
	case "process", "program", "thread":
		if len(f) < 2 {
			return p.fail(f[0].col, "needs_name", "%s needs a name", word)
		}
		name := f[1].text
		if !validName(name) {
			return p.fail(f[1].col, "bad_name", "%q is not a name: use letters, digits, _ and -, starting with a letter, at most 15 characters", name)
		}
		if p.sc.ProgramIndex(name) >= 0 || p.sc.VarIndex(name) >= 0 || p.sc.ObjIndex(name) >= 0 {
			return p.fail(f[1].col, "defined_twice", "%q is defined twice", name)
		}
		if len(p.sc.Programs) >= MaxPrograms {
			return p.fail(f[0].col, "too_many_programs", "too many programs: the limit is %d", MaxPrograms)
		}
		spec := ProcessSpec{Program: len(p.sc.Programs), Tickets: DefaultTickets}
		for _, a := range f[2:] {
			key, val, ok := strings.Cut(a.text, "=")
			if word == "program" || !ok {
				return p.fail(a.col, "unexpected_attr", "unexpected %q (a process takes at=T, priority=P, tickets=N, nice=N)", a.text)
			}
			v := field{val, a.col + len(key) + 1}
			var err error
			var n int64
			switch key {
			case "at":
				spec.Arrival, err = p.number(v, 0, MaxDuration)
			case "priority":
				n, err = p.number(v, -1000, 1000)
				spec.Priority = int(n)
			case "tickets":
				spec.Tickets, err = p.number(v, 1, MaxTickets)
			case "nice":
				n, err = p.number(v, -20, 19)
				spec.Nice = int(n)
			default:
				return p.fail(a.col, "unknown_attr", "unknown attribute %q (a process takes at=T, priority=P, tickets=N, nice=N)", key)
			}
			if err != nil {
				return err
			}
		}
		if word != "program" {
			if len(p.sc.Processes) >= MaxProcessesAtTop {
				return p.fail(f[0].col, "too_many_processes", "too many processes: the limit is %d", MaxProcessesAtTop)
			}
			p.sc.Processes = append(p.sc.Processes, spec)
		}
		p.cur = &Program{Name: name, Line: p.line, Locals: []string{hiddenMark + "r0", hiddenMark + "r1"}, Thread: word == "thread"}
		if word == "thread" {
			threads := 0
			for _, pr := range p.sc.Programs {
				if pr.Thread {
					threads++
				}
			}
			if threads >= MaxThreads {
				return p.fail(f[0].col, "too_many_threads", "too many threads: the limit is %d", MaxThreads)
			}
		}
		return nil
	}
	return p.fail(f[0].col, "unknown_directive", "unknown directive %q (statements must be indented under a process or program)", word)
}

func validName(s string) bool {
	if len(s) == 0 || len(s) > 15 {
		return false
	}
	for i, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return true
}

func (p *parser) number(f field, lo, hi int64) (int64, error) {
	n, err := strconv.ParseInt(f.text, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, p.fail(f.col, "number_range", "%q must be a whole number from %d to %d", f.text, lo, hi)
	}
	return n, nil
}

// duration parses "N" or "A..B" (a range drawn from the seeded generator).
func (p *parser) duration(f field) (int64, int64, error) {
	lo, hi, ok := strings.Cut(f.text, "..")
	if !ok {
		n, err := p.number(f, 1, MaxDuration)
		return n, n, err
	}
	a, err := p.number(field{lo, f.col}, 1, MaxDuration)
	if err != nil {
		return 0, 0, err
	}
	b, err := p.number(field{hi, f.col + len(lo) + 2}, 1, MaxDuration)
	if err != nil {
		return 0, 0, err
	}
	if b < a {
		return 0, 0, p.fail(f.col, "empty_range", "range %s is empty: the first number must not exceed the second", f.text)
	}
	return a, b, nil
}

func (p *parser) statement(f []field, raw string) error {
	prog := p.cur
	if len(prog.Code) >= MaxInstructions {
		return p.fail(f[0].col, "program_too_long", "program %s is too long: the limit is %d statements", prog.Name, MaxInstructions)
	}
	in := Instr{Line: p.line, Col: f[0].col, Text: strings.TrimSpace(raw[f[0].col-1:])}
	if i := strings.IndexByte(in.Text, '#'); i >= 0 {
		in.Text = strings.TrimSpace(in.Text[:i])
	}
	args := f[1:]
	want := func(n int, usage string) error {
		if len(args) != n {
			return p.fail(f[0].col, "usage", "usage: %s", usage)
		}
		return nil
	}
	var err error
	switch f[0].text {
	case "compute", "io", "disk", "sleep":
		if f[0].text == "disk" && len(args) == 2 && args[1].text == "killable" {
			in.Op, in.B = OpDisk, 0
			if in.A, in.B, err = p.duration(args[0]); err != nil {
				return err
			}
			in.Killable = true
			break
		}
		if len(args) != 1 && f[0].text == "disk" {
			return p.fail(f[0].col, "usage", "usage: %s", "disk TICKS [killable]")
		}
		if len(args) != 1 {
			return p.fail(f[0].col, "usage_duration", "usage: %s TICKS (or MIN..MAX)", f[0].text)
		}
		in.Op = map[string]Op{"compute": OpCompute, "io": OpIO, "disk": OpDisk, "sleep": OpSleep}[f[0].text]
		in.A, in.B, err = p.duration(args[0])
	case "yield":
		in.Op, err = OpYield, want(0, "yield")
	case "wait":
		in.Op = OpWait
		for _, a := range args {
			switch a.text {
			case "untraced":
				in.A |= WaitUntraced
			case "continued":
				in.A |= WaitContinued
			default:
				return p.fail(a.col, "usage", "usage: %s", "wait [untraced] [continued]")
			}
		}
	case "fork", "spawn":
		in.Op = OpFork
		if f[0].text == "fork" && len(args) == 0 {
			if p.cur.Thread {
				// The child, another process, would run the thread's code on
				// the variables it shares with its threads: fork gives it a
				// copy of the memory instead, which is not modelled.
				return p.fail(f[0].col, "thread_fork", "fork in a thread is not modelled (the child would need its own copy of the shared variables): use spawn PROGRAM")
			}
			in.A = -1 // the child runs the parent's code from the next statement
			break
		}
		if err = want(1, f[0].text+" PROGRAM"); err != nil {
			return err
		}
		in.B = 1 // fork, then exec PROGRAM in the child
		p.forks = append(p.forks, forkRef{len(p.sc.Programs), len(prog.Code), f[0].text, args[0].text, p.line, args[0].col})
	case "exec":
		if err = want(1, "exec PROGRAM"); err != nil {
			return err
		}
		if p.cur.Thread {
			// execve in one thread of a multithreaded process first ends
			// every other thread, and the thread that calls it takes over
			// the process's PID (de_thread): not modelled.
			return p.fail(f[0].col, "exec_thread", "exec in a thread is not modelled (Linux ends every other thread of the process first): use spawn PROGRAM")
		}
		in.Op = OpExec
		p.forks = append(p.forks, forkRef{len(p.sc.Programs), len(prog.Code), "exec", args[0].text, p.line, args[0].col})
	case "setpgid", "setsid", "subreaper":
		in.Op = map[string]Op{"setpgid": OpSetpgid, "setsid": OpSetsid, "subreaper": OpSubreaper}[f[0].text]
		err = want(0, f[0].text)
	case "trace", "cont", "detach":
		if err = want(1, f[0].text+" TARGET"); err != nil {
			return err
		}
		in.Op = map[string]Op{"trace": OpTrace, "cont": OpTraceCont, "detach": OpDetach}[f[0].text]
		if err = p.target(&in, args[0]); err != nil {
			return err
		}
		if in.Target == TargetGroup || in.Target == TargetSelf {
			return p.fail(args[0].col, "trace_target", "%s needs one other process: its PID, its name, child or parent", f[0].text)
		}
	case "exit":
		in.Op = OpExit
		if len(args) > 1 {
			return p.fail(args[1].col, "usage", "usage: %s", "exit [CODE]")
		}
		if len(args) == 1 {
			in.A, err = p.number(args[0], 0, 255)
		}
	case "kill":
		if len(args) != 2 {
			return p.fail(f[0].col, "usage_kill", "usage: kill TARGET SIGNAL (TARGET: parent, child, self, group, -PGID, a PID or a name)")
		}
		in.Op = OpKill
		if err = p.target(&in, args[0]); err != nil {
			return err
		}
		in.Sig, err = p.signal(args[1])
	case "ignore", "catch":
		if f[0].text == "catch" && len(args) == 2 && args[1].text == "restart" {
			in.A, args = 1, args[:1] // sigaction with SA_RESTART (syscall_eintr.go)
		}
		usage := "ignore SIGNAL"
		if f[0].text == "catch" {
			usage = "catch SIGNAL [restart]"
		}
		if err = want(1, usage); err != nil {
			return err
		}
		in.Op = OpIgnore
		if f[0].text == "catch" {
			in.Op = OpCatch
		}
		if in.Sig, err = p.signal(args[0]); err != nil {
			return err
		}
		if !in.Sig.catchable() {
			if in.Op == OpCatch {
				return p.fail(args[0].col, "cannot_catch", "%s cannot be caught", in.Sig)
			}
			return p.fail(args[0].col, "cannot_ignore", "%s cannot be ignored", in.Sig)
		}
	case "repeat":
		if err = want(1, "repeat COUNT ... end"); err != nil {
			return err
		}
		if p.depth(bkRepeat) >= MaxRepeatDepth {
			return p.fail(f[0].col, "repeat_depth", "repeat is nested too deeply: the limit is %d", MaxRepeatDepth)
		}
		in.Op = OpRepeat
		if in.A, err = p.number(args[0], 1, MaxDuration); err != nil {
			return err
		}
		p.blocks = append(p.blocks, openBlock{kind: bkRepeat, word: "repeat", at: len(prog.Code), line: p.line, col: f[0].col})
	// -- part 1, memory (memory*.go)
	case "memory":
		return p.memoryStatement(f)
	case "read", "write":
		// read and write name a page of memory (read heap 0), or bytes of a
		// declared pipe or FIFO (write p 100, part 4a): a declared pipe's
		// name wins; "read = 1" assigns a variable called read.
		if len(args) > 0 && args[0].text == "=" {
			return p.microStatement(f, in)
		}
		if len(args) > 0 && (p.sc.IPCIndex(args[0].text) >= 0 || !isRegion(args[0].text) && declaresPipe(p.sc.Source, args[0].text)) {
			err = p.pipeStatement(f, &in) // pipe_parse.go (a pipe declared further down: "declare it before use")
			break
		}
		return p.memoryAccess(f, in)
	// -- part 2, system calls and modes (syscall*.go)
	case "syscall":
		err = p.syscallStatement(&in, f[0], args)
	// -- part 3, context-switch cost (switchcost*.go)
	// -- part 4a, pipes, FIFOs, message queues (pipe*.go, mqueue*.go)
	//    (read and write are above, with memory's; close of a socket is part 4b's)
	case p.ipcWord(f): // part 4b (socket.go): socket statements, shmat, shmdt, close of a socket
		err = p.ipcStatement(f, &in)
	case "pipe":
		err = p.pipeMake(f, &in) // pipe_make.go
	case "close", "open", "mq_send", "mq_receive", "msgsnd", "msgrcv":
		if len(args) > 0 && args[0].text == "=" {
			return p.microStatement(f, in) // an assignment to a variable of that name
		}
		err = p.pipeStatement(f, &in) // pipe_parse.go
	// -- part 4b, shared memory and sockets (shm*.go, socket*.go): its case is above, before part 4a's close
	default:
		return p.microStatement(f, in)
	}
	if err != nil {
		return err
	}
	prog.Code = append(prog.Code, in)
	return nil
}

func (p *parser) target(in *Instr, f field) error {
	switch f.text {
	case "parent":
		in.Target = TargetParent
	case "child":
		in.Target = TargetChild
	case "self":
		in.Target = TargetSelf
	case "group":
		in.Target = TargetGroup // kill(0, sig): the sender's own process group
	default:
		if f.text[0] == '-' && len(f.text) > 1 {
			n, err := p.number(field{text: f.text[1:], col: f.col + 1}, 1, MaxPIDMax)
			in.Target, in.TargetPID = TargetGroup, PID(n)
			return err
		}
		if f.text[0] >= '0' && f.text[0] <= '9' {
			n, err := p.number(f, 1, MaxPIDMax)
			in.Target, in.TargetPID = TargetPID, PID(n)
			return err
		}
		if !validName(f.text) {
			return p.fail(f.col, "bad_target", "%q is not a target: use parent, child, self, group, -PGID, a PID or a name", f.text)
		}
		in.Target, in.TargetName = TargetName, f.text
	}
	return nil
}

func (p *parser) signal(f field) (Signal, error) {
	s, ok := ParseSignal(f.text)
	if !ok {
		return 0, p.fail(f.col, "unknown_signal", "unknown signal %q: use SIGSTOP, SIGCONT, SIGTERM, SIGKILL, SIGINT, SIGHUP, SIGUSR1, SIGCHLD, SIGTSTP, SIGSEGV or SIGPIPE", f.text)
	}
	return s, nil
}

// schedOptions parses "mlfq levels=3 quanta=2,4,8 allot=1,1,1 boost=50
// io_reset=yes" and "cfs latency=12 min_granularity=2".
func (p *parser) schedOptions(word string, args []field) error {
	levels := 0
	for _, a := range args {
		key, val, ok := strings.Cut(a.text, "=")
		if !ok {
			return p.fail(a.col, "options_syntax", "write %s options as key=value", word)
		}
		v := field{val, a.col + len(key) + 1}
		var err error
		switch word + "." + key {
		case "mlfq.levels":
			var n int64
			n, err = p.number(v, 1, MaxMLFQLevels)
			levels = int(n)
		case "mlfq.quanta":
			p.sc.MLFQ.Quanta, err = p.numberList(v, 1, MaxQuantum)
		case "mlfq.allot":
			p.sc.MLFQ.Allot, err = p.numberList(v, 1, MaxQuantum)
		case "mlfq.boost":
			p.sc.MLFQ.Boost, err = p.number(v, 0, MaxDuration)
		case "mlfq.io_reset":
			if val != "yes" && val != "no" {
				return p.fail(v.col, "io_reset_syntax", "io_reset is yes or no")
			}
			p.sc.MLFQ.IOReset = val == "yes"
		case "cfs.latency":
			p.sc.CFS.Latency, err = p.number(v, 1, MaxQuantum)
		case "cfs.min_granularity":
			p.sc.CFS.MinGranularity, err = p.number(v, 1, MaxQuantum)
		default:
			return p.fail(a.col, "unknown_option", "unknown %s option %q", word, key)
		}
		if err != nil {
			return err
		}
	}
	m := &p.sc.MLFQ
	if levels == 0 {
		levels = max(len(m.Quanta), len(m.Allot))
	}
	for _, l := range [][]int64{m.Quanta, m.Allot} {
		if l != nil && len(l) != levels {
			return p.fail(args[0].col, "mlfq_levels", "mlfq: levels, quanta and allot must agree on the number of levels (%d)", levels)
		}
	}
	if word == "mlfq" && levels > 0 && m.Quanta == nil {
		m.Quanta = make([]int64, levels) // filled from the quantum by setSchedDefaults
	}
	return nil
}

func (p *parser) numberList(f field, lo, hi int64) ([]int64, error) {
	var out []int64
	col := f.col
	for _, part := range strings.Split(f.text, ",") {
		n, err := p.number(field{part, col}, lo, hi)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		col += len(part) + 1
	}
	if len(out) > MaxMLFQLevels {
		return nil, p.fail(f.col, "too_many_levels", "at most %d levels", MaxMLFQLevels)
	}
	return out, nil
}

// setSchedDefaults fills the scheduler settings the text left out.
func (sc *Scenario) setSchedDefaults() {
	m := &sc.MLFQ
	if len(m.Quanta) == 0 {
		m.Quanta = make([]int64, 3)
	}
	for i := range m.Quanta {
		if m.Quanta[i] == 0 {
			m.Quanta[i] = min(sc.Quantum<<i, MaxQuantum)
		}
	}
	if len(m.Allot) == 0 {
		m.Allot = make([]int64, len(m.Quanta))
		for i := range m.Allot {
			m.Allot[i] = 1
		}
	}
	if sc.CFS.Latency == 0 {
		sc.CFS.Latency = 12
	}
	if sc.CFS.MinGranularity == 0 {
		sc.CFS.MinGranularity = 2
	}
}

// sortByArrival orders processes by arrival time, keeping text order among equals.
func sortByArrival(ps []ProcessSpec) {
	slices.SortStableFunc(ps, func(a, b ProcessSpec) int {
		switch {
		case a.Arrival < b.Arrival:
			return -1
		case a.Arrival > b.Arrival:
			return 1
		}
		return 0
	})
}
