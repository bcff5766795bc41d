package ostep

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
)

// Limits. The Python scripts have none (a huge I/O length simply runs for a
// very long time); ProcLab stops a run that would exceed one and reports a
// usage error instead.
const (
	// MaxSteps bounds the loop iterations of one run: ticks for
	// process-run and mlfq, trace lines for scheduler and lottery.
	MaxSteps = 1_000_000
	// MaxJobs bounds the number of processes, jobs or fork actions.
	MaxJobs = 10_000
	// MaxOutput bounds the bytes of text WorkloadOf reads from a run (it
	// holds them in memory). Main streams its output and has no such limit.
	MaxOutput = 32 << 20
)

// outBufBytes is the size in bytes of the writes a run's printer makes to
// stdout: every write is this size but the last, which is smaller.
const outBufBytes = 64 << 10

// simulator runs one OSTEP simulator: args are its flags (without the
// script name); the text it prints goes to out.
type simulator func(args []string, out *printer) error

// lookup maps a simulator name, with or without ".py", to its function.
func lookup(name string) (simulator, string) {
	name = strings.TrimSuffix(name, ".py")
	switch name {
	case "process-run":
		return runProcessRun, name
	case "scheduler":
		return runScheduler, name
	case "mlfq":
		return runMLFQ, name
	case "lottery":
		return runLottery, name
	case "fork":
		return runFork, name
	case "x86-intro":
		return runX86Intro, name
	case "x86-locks":
		return runX86Locks, name
	}
	return nil, name
}

// IsSimulator reports whether name (with or without ".py") is a simulator
// Main knows, as its args[0].
func IsSimulator(name string) bool {
	sim, _ := lookup(name)
	return sim != nil
}

// Main runs the OSTEP simulator named by args[0] ("process-run",
// "scheduler", "mlfq", "lottery", "fork", "x86-intro" or "x86-locks"; a
// ".py" suffix is accepted) with
// the flags args[1:], exactly as the Python script would receive them. It
// writes the script's output to stdout and returns the exit status: 0 on
// success (also for -h/--help), 2 for a usage error (an unknown simulator, a
// bad flag or value, an input the script cannot run, or a run that would
// exceed a limit), reported as one line on stderr, and 1 when writing to
// stdout fails. On a usage error nothing is written to stdout.
//
// The output is streamed: it reaches stdout in writes of at most 64 KiB
// while the run goes on, and memory stays the same however long the run
// is; there is no limit on its size. So that an error found part-way still
// leaves stdout empty, each run is simulated twice: first without
// formatting any text, to find every error, then for real; the first pass
// of scheduler's round robin and of mlfq ends early where a bound proves
// the rest of the run cannot reach the step limit. The simulators are
// deterministic and a -p file is read only once, so both passes agree.
func Main(args []string, stdout, stderr io.Writer) int {
	return mainLimit(args, stdout, stderr, 0)
}

// mainLimit is Main with at most limit bytes of output (0: no limit); a
// run that would print more is a usage error, found in the first pass, so
// nothing is written.
func mainLimit(args []string, stdout, stderr io.Writer, limit int64) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "ostep: error: missing simulator name (process-run, scheduler, mlfq, lottery, fork, x86-intro or x86-locks)")
		return 2
	}
	sim, name := lookup(args[0])
	if sim == nil {
		fmt.Fprintf(stderr, "ostep: error: unknown simulator %q (want process-run, scheduler, mlfq, lottery, fork, x86-intro or x86-locks)\n", name)
		return 2
	}
	read := readOnce()
	// The first pass formats nothing, unless it must count bytes.
	check := &printer{limit: limit, read: read}
	if limit > 0 {
		check.w = io.Discard
	}
	err := sim(args[1:], check)
	if err == nil {
		err = check.err
	}
	var help *helpRequest
	switch {
	case errors.As(err, &help):
		io.WriteString(stdout, help.text)
		return 0
	case err != nil:
		fmt.Fprintln(stderr, err)
		return 2
	}
	out := &printer{w: stdout, limit: limit, read: read}
	err = sim(args[1:], out)
	if err == nil {
		out.flush()
		err = out.err
	}
	var we *writeError
	switch {
	case errors.As(err, &we):
		fmt.Fprintln(stderr, err)
		return 1
	case err != nil: // the passes disagree: a bug, but still reported
		fmt.Fprintln(stderr, err)
		return 2
	}
	return 0
}

// readOnce returns a reader of -p files for one call of Main: it reads each
// file through ReadFile the first time and returns the same bytes (or
// error) after that, so both passes of a run see the same program.
func readOnce() func(name string) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	seen := map[string]result{}
	return func(name string) ([]byte, error) {
		if r, ok := seen[name]; ok {
			return r.data, r.err
		}
		if ReadFile == nil {
			return nil, errNoReadFile
		}
		data, err := ReadFile(name)
		seen[name] = result{data, err}
		return data, err
	}
}

// MaxProgramBytes bounds an x86 program file (-p): more than any program
// of MaxX86Instrs instructions with its comments. x86.py would read
// /dev/zero until memory runs out; a file read through FileReader stops
// here.
const MaxProgramBytes = 16 << 20

// FileReader returns a ReadFile hook that reads a file opened by open (the
// commands pass os.Open) up to MaxProgramBytes, and refuses a larger one.
func FileReader(open func(name string) (io.ReadCloser, error)) func(name string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		f, err := open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, MaxProgramBytes+1))
		if err != nil {
			return nil, err
		}
		if len(data) > MaxProgramBytes {
			return nil, fmt.Errorf("%s is larger than %d MiB, more than any x86 program", name, MaxProgramBytes>>20)
		}
		return data, nil
	}
}

// errNoReadFile is what reading a -p file gives while ReadFile is nil.
var errNoReadFile = errors.New("reading program files is not enabled (ostep.ReadFile is nil)")

// writeError is a failure to write the output (exit status 1).
type writeError struct{ err error }

func (e *writeError) Error() string { return "ostep: error: writing the output: " + e.err.Error() }

// printer is where a run prints. A printer without a writer (w == nil) is a
// dry run: it formats and keeps nothing, and full reports false. Otherwise
// text is appended to the printer's own buffer, pend, and goes to w in
// writes of exactly outBufBytes while the run goes on (the rest at the
// end, by flush): a line is formatted in place at the end of the pending
// output, so no byte is copied between formatting and the write. After a
// write fails, or once more than limit bytes (when limit > 0) were
// printed, every further write is dropped and err is set. A printer is
// used by one goroutine.
type printer struct {
	w     io.Writer
	n     int64 // bytes printed so far
	limit int64 // the most bytes the run may print, 0 for no limit
	err   error
	// pend is the output not yet written: at most outBufBytes plus one
	// line. Its array, of outBufBytes+lineSlack bytes, is allocated on the
	// first print.
	pend []byte
	// read reads a -p program file; nil reads through ReadFile directly.
	read func(name string) ([]byte, error)
}

// lineSlack is the room in bytes past outBufBytes in a printer's buffer,
// so that a line that starts just below a full buffer needs no bigger
// array; a longer line still works (append grows the array).
const lineSlack = 4 << 10

// dry reports whether the printer formats nothing, so a simulator can skip
// the work of building text that would be dropped.
func (p *printer) dry() bool { return p.w == nil }

// f is fmt.Printf into the printer for the verbs the simulators use: %d
// (int, int64), %s (string), %f (float64), each with an optional width and
// precision (%3d, %14s, %3.2f, %.2f), and %%. It formats in place at the
// end of the pending output with its own digit formatting and lets no
// argument escape, so a printed line allocates nothing (fmt.Fprintf boxed
// every argument on the heap). A verb or argument type it does not know
// prints as %!v(UNSUPPORTED), never silently.
func (p *printer) f(format string, args ...any) {
	if b, ok := p.start(); ok {
		p.done(appendPyf(b, format, args...))
	}
}

// start returns the pending output for a line to be appended to it, for a
// hot loop that builds its line with append, appendInt, appendPadInt and
// appendFixed instead of a format string (three times faster for mlfq's
// seven-number line); ok is false when nothing would be printed (a dry run,
// or printing has stopped), and then the line is not built. done takes the
// slice back with the line appended.
func (p *printer) start() (pend []byte, ok bool) {
	if p.w == nil || p.err != nil {
		return nil, false
	}
	if p.pend == nil {
		p.pend = make([]byte, 0, outBufBytes+lineSlack)
	}
	return p.pend, true
}

// done takes back the pending output from start with a line appended,
// counts the line and writes every full outBufBytes.
func (p *printer) done(pend []byte) {
	p.n += int64(len(pend) - len(p.pend))
	p.pend = pend
	if p.limit > 0 && p.n > p.limit {
		p.err = fmt.Errorf("ostep: error: output exceeds the limit of %d bytes", p.limit)
		p.pend = p.pend[:0]
		return
	}
	if len(pend) >= outBufBytes {
		p.writeFull()
	}
}

// writeFull writes the pending output in writes of exactly outBufBytes and
// keeps the rest (less than outBufBytes) at the front of the buffer.
func (p *printer) writeFull() {
	b := p.pend
	for len(b) >= outBufBytes {
		if _, err := p.w.Write(b[:outBufBytes]); err != nil {
			p.err = &writeError{err}
			p.pend = p.pend[:0]
			return
		}
		b = b[outBufBytes:]
	}
	p.pend = p.pend[:copy(p.pend, b)]
}

// flush writes the pending output (at the end of a run).
func (p *printer) flush() {
	if p.w == nil || p.err != nil || len(p.pend) == 0 {
		return
	}
	if _, err := p.w.Write(p.pend); err != nil {
		p.err = &writeError{err}
	}
	p.pend = p.pend[:0]
}

// appendPadInt appends v right-justified in width columns, as %<width>d.
func appendPadInt(b []byte, v, width int) []byte {
	for n := intLen(int64(v)); n < width; n++ {
		b = append(b, ' ')
	}
	return appendInt(b, int64(v))
}

// padLeft right-justifies b[start:] in width columns, filling with spaces.
func padLeft(b []byte, start, width int) []byte {
	pad := width - (len(b) - start)
	if pad <= 0 {
		return b
	}
	for range pad {
		b = append(b, ' ')
	}
	copy(b[start+pad:], b[start:len(b)-pad])
	for j := start; j < start+pad; j++ {
		b[j] = ' '
	}
	return b
}

// twoDigits holds "00" to "99", the pairs appendInt writes.
const twoDigits = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// pow10 holds 10^0 to 10^19, for decimalLen.
var pow10 = [20]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// decimalLen is the number of decimal digits of u (1 for 0), without a
// loop: bits.Len64(u)*1233>>12 is log10 of u's highest power of two,
// rounded down, which is u's digit count less one or less two.
func decimalLen(u uint64) int {
	l := bits.Len64(u) * 1233 >> 12
	if u >= pow10[l] {
		l++
	}
	return max(l, 1)
}

// intLen is the number of bytes of v in decimal, its sign included.
func intLen(v int64) int {
	if v < 0 {
		return 1 + decimalLen(-uint64(v))
	}
	return decimalLen(uint64(v))
}

// appendInt appends v in decimal, as strconv.AppendInt(b, v, 10) does,
// writing the digits in place two at a time: the simulators' hot lines
// print several small numbers each, where strconv's general path (a
// scratch buffer, then a copy) cost a third of a line's time.
func appendInt(b []byte, v int64) []byte {
	if uint64(v) < 100 {
		if v < 10 {
			return append(b, byte('0'+v))
		}
		return append(b, twoDigits[2*v], twoDigits[2*v+1])
	}
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u
	}
	n := decimalLen(u)
	l := len(b)
	if cap(b)-l < n {
		b = slices.Grow(b, n)
	}
	b = b[:l+n]
	d := b[l : l+n]
	i := n
	for u >= 100 {
		q := u / 100
		r := (u - q*100) * 2
		i -= 2
		d[i], d[i+1] = twoDigits[r], twoDigits[r+1]
		u = q
	}
	if u >= 10 {
		d[0], d[1] = twoDigits[2*u], twoDigits[2*u+1]
	} else {
		d[0] = byte('0' + u)
	}
	return b
}

// appendFixed appends v with prec digits after the point, as %.<prec>f
// does. A whole number below 2^53 (the simulators' times and averages,
// mostly) is printed as an integer and zeros, which is what rounding it
// gives, and cheaper than strconv's general float formatting.
func appendFixed(b []byte, v float64, prec int) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 && !(v == 0 && math.Signbit(v)) {
		b = appendInt(b, int64(v))
		if prec > 0 {
			b = append(b, '.')
			for range prec {
				b = append(b, '0')
			}
		}
		return b
	}
	switch {
	case math.IsNaN(v):
		return append(b, "nan"...) // Python's spelling, not strconv's NaN and +Inf
	case math.IsInf(v, 1):
		return append(b, "inf"...)
	case math.IsInf(v, -1):
		return append(b, "-inf"...)
	}
	return strconv.AppendFloat(b, v, 'f', prec, 64)
}

// appendPyf appends format, with args in place of its verbs, to b: the
// formatter of printer.f (see there for what it knows).
func appendPyf(b []byte, format string, args ...any) []byte {
	next := 0
	for i := 0; i < len(format); i++ {
		// Copy the text up to the next verb in one go.
		j := strings.IndexByte(format[i:], '%')
		if j < 0 {
			b = append(b, format[i:]...)
			break
		}
		b = append(b, format[i:i+j]...)
		i += j + 1
		width, prec := 0, -1
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			width = width*10 + int(format[i]-'0')
			i++
		}
		if i < len(format) && format[i] == '.' {
			i++
			prec = 0
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				prec = prec*10 + int(format[i]-'0')
				i++
			}
		}
		if i == len(format) {
			b = append(b, "%!(NOVERB)"...)
			break
		}
		verb := format[i]
		if verb == '%' {
			b = append(b, '%')
			continue
		}
		if next == len(args) {
			b = append(b, '%', '!', verb)
			b = append(b, "(MISSING)"...)
			continue
		}
		arg := args[next]
		next++
		start := len(b)
		ok := true
		switch verb {
		case 'd':
			switch v := arg.(type) {
			case int:
				b = appendInt(b, int64(v))
			case int64:
				b = appendInt(b, v)
			default:
				ok = false
			}
		case 's':
			if v, isString := arg.(string); isString {
				b = append(b, v...)
			} else {
				ok = false
			}
		case 'f':
			if v, isFloat := arg.(float64); isFloat {
				if prec < 0 {
					prec = 6
				}
				b = appendFixed(b, v, prec)
			} else {
				ok = false
			}
		default:
			ok = false
		}
		if !ok {
			b = append(b[:start], '%', '!', verb)
			b = append(b, "(UNSUPPORTED)"...)
			continue
		}
		b = padLeft(b, start, width)
	}
	if next < len(args) {
		b = append(b, "%!(EXTRA)"...)
	}
	return b
}

// line writes s and a newline, like Python's print(s).
func (p *printer) line(s string) {
	if b, ok := p.start(); ok {
		p.done(append(append(b, s...), '\n'))
	}
}

// bytes writes b as it is (b holds its own newline, if any).
func (p *printer) bytes(b []byte) {
	if pend, ok := p.start(); ok {
		p.done(append(pend, b...))
	}
}

// full reports whether printing has stopped (a write failed or the limit
// was hit), so loops can stop early.
func (p *printer) full() bool { return p.err != nil }

// readFile reads a -p program file for this run.
func (p *printer) readFile(name string) ([]byte, error) {
	if p.read != nil {
		return p.read(name)
	}
	if ReadFile == nil {
		return nil, errNoReadFile
	}
	return ReadFile(name)
}

// inputError is a value the script would reject or crash on.
func inputError(prog, format string, args ...any) error {
	return &usageError{prog: prog, msg: fmt.Sprintf(format, args...)}
}

// stepLimit is the error for a run longer than MaxSteps.
func stepLimit(prog string) error {
	return inputError(prog, "run exceeds the limit of %d steps", MaxSteps)
}

// counter is an integer that a hot loop prints after every step of one
// (mlfq's clock and a job's time left, scheduler's clock), kept in
// decimal digits as well: a step of one updates the digits in place, from
// the last one until a carry or borrow stops, and printing it is one copy,
// with no division. A negative value is printed with appendInt.
type counter struct {
	v     int64
	first int      // the index of the first digit in d
	d     [20]byte // the digits of v, right-aligned, while v >= 0
}

// set makes the counter v.
func (c *counter) set(v int64) {
	c.v = v
	if v < 0 {
		return
	}
	n := decimalLen(uint64(v))
	c.first = len(c.d) - n
	appendInt(c.d[c.first:c.first], v)
}

// inc adds one.
func (c *counter) inc() {
	c.v++
	if c.v <= 0 {
		if c.v == 0 {
			c.set(0)
		}
		return
	}
	i := len(c.d) - 1
	for c.d[i] == '9' {
		c.d[i] = '0'
		i--
	}
	if i < c.first {
		c.first, c.d[i] = i, '1'
		return
	}
	c.d[i]++
}

// dec subtracts one.
func (c *counter) dec() {
	c.v--
	if c.v < 0 {
		return
	}
	i := len(c.d) - 1
	for c.d[i] == '0' {
		c.d[i] = '9'
		i--
	}
	c.d[i]--
	if i == c.first && c.d[i] == '0' && i < len(c.d)-1 {
		c.first++
	}
}

// appendTo appends the counter in decimal, as appendInt(b, c.v) does.
func (c *counter) appendTo(b []byte) []byte {
	if c.v < 0 {
		return appendInt(b, c.v)
	}
	return append(b, c.d[c.first:]...)
}
