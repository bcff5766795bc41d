package ostep

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// flagSet is a small optparse work-alike: it accepts the command lines the
// OSTEP scripts accept ("-s 0", "-s0", "--seed=0", "--seed 0", grouped
// booleans such as "-cp", a short option ending a group taking the rest as
// its value as in "-cs0", unique prefixes of long names, "--" ending the
// options) and rejects what optparse rejects, with optparse's wording.
// Positional arguments are ignored, as the scripts ignore them.
type flagSet struct {
	prog string // the script name used in messages, e.g. "mlfq.py"
	defs []*flagDef
}

type flagKind int

const (
	flagBool flagKind = iota
	flagInt
	flagFloat
	flagString
	flagSeed // an int of any size (random.seed takes any)
)

// flagDef is one option. Exactly one of the destination pointers is set,
// matching kind.
type flagDef struct {
	short string // "-s", or "" for none
	long  string // "--seed", or "" for none
	kind  flagKind
	help  string
	b     *bool
	i     *int
	f     *float64
	s     *string
	seed  *pyInt

	isHelp bool // the implicit -h/--help option
}

// usageError is a rejected command line or input value; Main reports it on
// stderr as "<prog>: error: <msg>" and returns exit status 2.
type usageError struct {
	prog, msg string
}

func (e *usageError) Error() string { return e.prog + ": error: " + e.msg }

// helpRequest is returned by parse for -h/--help; Main prints the help text
// on stdout and returns 0, as optparse does.
type helpRequest struct{ text string }

func (h *helpRequest) Error() string { return "help requested" }

// newFlagSet returns a parser for the script prog, with optparse's implicit
// -h/--help option.
func newFlagSet(prog string) *flagSet {
	var help bool
	return &flagSet{prog: prog, defs: []*flagDef{{short: "-h", long: "--help", kind: flagBool, b: &help, isHelp: true}}}
}

func (fs *flagSet) usagef(format string, args ...any) error {
	return &usageError{prog: fs.prog, msg: fmt.Sprintf(format, args...)}
}

func (fs *flagSet) add(d *flagDef) { fs.defs = append(fs.defs, d) }

func (fs *flagSet) boolVar(p *bool, short, long, help string) {
	fs.add(&flagDef{short: short, long: long, kind: flagBool, help: help, b: p})
}

func (fs *flagSet) intVar(p *int, short, long string, def int, help string) {
	*p = def
	fs.add(&flagDef{short: short, long: long, kind: flagInt, help: help, i: p})
}

// seedVar is an int option kept whole, of any size: a seed.
func (fs *flagSet) seedVar(p *pyInt, short, long string, def int, help string) {
	*p = intOf(int64(def))
	fs.add(&flagDef{short: short, long: long, kind: flagSeed, help: help, seed: p})
}

func (fs *flagSet) floatVar(p *float64, short, long string, def float64, help string) {
	*p = def
	fs.add(&flagDef{short: short, long: long, kind: flagFloat, help: help, f: p})
}

func (fs *flagSet) stringVar(p *string, short, long, def, help string) {
	*p = def
	fs.add(&flagDef{short: short, long: long, kind: flagString, help: help, s: p})
}

// name is the option's canonical spelling in messages: optparse uses the
// spelling that matched, expanded to the full long name.
func (d *flagDef) name(asTyped string) string {
	if strings.HasPrefix(asTyped, "--") {
		return d.long
	}
	return d.short
}

// parse applies args (the flags after the script name) to the destinations.
func (fs *flagSet) parse(args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return nil // everything after is positional
		case strings.HasPrefix(a, "--"):
			name, val, hasVal := strings.Cut(a, "=")
			d, err := fs.long(name)
			if err != nil {
				return err
			}
			if d.isHelp {
				return &helpRequest{text: fs.helpText()}
			}
			if d.kind == flagBool {
				if hasVal {
					return fs.usagef("%s option does not take a value", d.long)
				}
				*d.b = true
				continue
			}
			if !hasVal {
				if i+1 >= len(args) {
					return fs.usagef("%s option requires 1 argument", d.long)
				}
				i++
				val = args[i]
			}
			if err := fs.set(d, d.long, val); err != nil {
				return err
			}
		case strings.HasPrefix(a, "-") && len(a) > 1:
			for j := 1; j < len(a); j++ {
				opt := "-" + a[j:j+1]
				d := fs.short(opt)
				if d == nil {
					return fs.usagef("no such option: %s", opt)
				}
				if d.isHelp {
					return &helpRequest{text: fs.helpText()}
				}
				if d.kind == flagBool {
					*d.b = true
					continue
				}
				var val string
				if j+1 < len(a) {
					val = a[j+1:]
				} else {
					if i+1 >= len(args) {
						return fs.usagef("%s option requires 1 argument", opt)
					}
					i++
					val = args[i]
				}
				if err := fs.set(d, opt, val); err != nil {
					return err
				}
				break
			}
		default:
			// A positional argument: the scripts ignore them.
		}
	}
	return nil
}

func (fs *flagSet) short(opt string) *flagDef {
	for _, d := range fs.defs {
		if d.short == opt {
			return d
		}
	}
	return nil
}

// matchLong returns the options whose long name is name or starts with it.
func (fs *flagSet) matchLong(name string) []*flagDef {
	var m []*flagDef
	for _, d := range fs.defs {
		if d.long == "" {
			continue
		}
		if d.long == name {
			return []*flagDef{d}
		}
		if strings.HasPrefix(d.long, name) {
			m = append(m, d)
		}
	}
	return m
}

func (fs *flagSet) long(name string) (*flagDef, error) {
	m := fs.matchLong(name)
	switch len(m) {
	case 0:
		return nil, fs.usagef("no such option: %s", name)
	case 1:
		return m[0], nil
	}
	names := make([]string, len(m))
	for k, d := range m {
		names[k] = d.long
	}
	sort.Strings(names)
	return nil, fs.usagef("ambiguous option: %s (%s?)", name, strings.Join(names, ", "))
}

// set converts val as optparse's "int", "float" and "string" types do.
func (fs *flagSet) set(d *flagDef, opt, val string) error {
	switch d.kind {
	case flagInt, flagSeed:
		p, ok, tooLarge := parseOptInt(val)
		if tooLarge {
			return fs.usagef("option %s: %s is larger than this simulator takes", opt, pyQuote(val))
		}
		if !ok {
			return fs.usagef("option %s: invalid integer value: %s", opt, pyQuote(val))
		}
		if d.kind == flagSeed {
			*d.seed = p
			break
		}
		n, fits := p.int64()
		if !fits {
			return fs.usagef("option %s: %s is larger than this simulator takes", opt, pyQuote(val))
		}
		*d.i = int(n)
	case flagFloat:
		f, ok := parsePyFloat(val)
		if !ok {
			return fs.usagef("option %s: invalid floating-point value: %s", opt, pyQuote(val))
		}
		*d.f = f
	case flagString:
		*d.s = val
	}
	return nil
}

// parseOptInt is optparse's int conversion: a "0x" prefix means hex, "0b"
// binary, any other leading "0" octal, otherwise decimal, each read as
// Python's int(s, base) reads it (parsePyIntBase). tooLarge: a number
// Python takes that is beyond Go's int64 (only a seed is kept whole).
func parseOptInt(val string) (n pyInt, ok, tooLarge bool) {
	lower := strings.ToLower(val)
	switch {
	case strings.HasPrefix(lower, "0x"):
		return parsePyIntBase(val, 16)
	case strings.HasPrefix(lower, "0b"):
		rest := val[2:]
		if rest == "" {
			rest = "0"
		}
		return parsePyIntBase(rest, 2)
	case strings.HasPrefix(val, "0"):
		return parsePyIntBase(val, 8)
	}
	return parsePyIntBase(val, 10)
}

// parsePyInt is Python's int(s) for the decimal fields of list arguments
// such as "-l 5:100": optional spaces and sign, decimal digits with single
// underscores between them. Values beyond Go's int are refused.
func parsePyInt(s string) (int, bool) {
	p, ok, _ := parsePyIntBase(s, 10)
	if !ok {
		return 0, false
	}
	n, fits := p.int64()
	return int(n), fits
}

// parsePyFloat is Python's float(s) for decimal input: spaces around,
// "nan", "inf" and "infinity" in any case, underscores between digits
// (hexadecimal forms are rejected, as float() rejects them).
func parsePyFloat(s string) (float64, bool) {
	v, ok := pyDigitsFloat(strings.TrimSpace(s))
	if !ok || v == "" || strings.ContainsAny(v, "xXpP_") {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return f, true // Python's float() rounds to ±inf or 0 as well
		}
		return 0, false
	}
	return f, true
}

// pyQuote is Python's repr of a simple string, as optparse shows bad values.
func pyQuote(s string) string {
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}

// helpText lists the options, one a line, in definition order.
func (fs *flagSet) helpText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s [options]\n\nOptions:\n  -h, --help            show this help message and exit\n", fs.prog)
	for _, d := range fs.defs {
		if d.isHelp {
			continue
		}
		var names []string
		for _, n := range []string{d.short, d.long} {
			if n == "" {
				continue
			}
			if d.kind != flagBool {
				if strings.HasPrefix(n, "--") {
					n += "=" + strings.ToUpper(strings.TrimLeft(n, "-"))
				} else {
					n += " " + strings.ToUpper(strings.TrimLeft(firstNonEmpty(d.long, d.short), "-"))
				}
			}
			names = append(names, n)
		}
		lines := wrapWords(d.help, helpWidth)
		if opts := strings.Join(names, ", "); len(opts) <= 20 {
			fmt.Fprintf(&b, "  %-22s%s\n", opts, lines[0])
		} else {
			fmt.Fprintf(&b, "  %s\n%24s%s\n", opts, "", lines[0])
		}
		for _, l := range lines[1:] {
			fmt.Fprintf(&b, "%24s%s\n", "", l)
		}
	}
	return b.String()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// helpWidth is the width of an option's help text in -h: optparse's, 78
// columns (an 80-column terminal less 2) less the 24 the option names take.
const helpWidth = 78 - 24

// wrapWords breaks text into lines of at most width bytes at its spaces, as
// optparse's help formatter does (a word longer than width is a line of its
// own). It returns at least one line.
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}
