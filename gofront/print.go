package gofront

import (
	"go/ast"
	"go/constant"
	"strconv"
	"strings"

	"proclab/sim"
)

// This file compiles fmt's print formats into a sim.PrintSpec: what is
// constant is formatted now, exactly as fmt would; the other arguments are
// formatted by the engine when the print runs.

// goSignalNames are the texts Go prints for a signal (syscall.Signal's
// String method on Linux).
var goSignalNames = map[sim.Signal]string{
	sim.SIGHUP: "hangup", sim.SIGINT: "interrupt", sim.SIGKILL: "killed", sim.SIGUSR1: "user defined signal 1",
	sim.SIGTERM: "terminated", sim.SIGCHLD: "child exited", sim.SIGCONT: "continued", sim.SIGSTOP: "stopped (signal)", sim.SIGTSTP: "stopped",
}

// printSpec builds the spec of a print call and returns the arguments
// that are formatted at run time.
func (c *compiler) printSpec(e *ast.CallExpr, name string) (sim.PrintSpec, []ast.Expr, bool) {
	var spec sim.PrintSpec
	var args []ast.Expr
	cur := ""
	add := func(a ast.Expr, verb byte) bool {
		k := kindOf(c.typeOf(a))
		tv := c.info.Types[a]
		if tv.IsNil() {
			cur += "<nil>"
			return true
		}
		if path, name := named(tv.Type); path == "time" && name == "Time" {
			c.failN(a, "go_print_value", exprText(a))
			return false
		}
		if k == kUnit && tv.Value == nil {
			c.eval(a, -1) // a receive of struct{}{}: it happens; it prints {}
		}
		if tv.Value != nil || k == kUnit {
			s, ok := c.constFormat(a, verb)
			if !ok {
				return false
			}
			cur += s
			return true
		}
		if k == kNone {
			c.failN(a, "go_print_value", exprText(a))
			return false
		}
		if !verbFits(verb, k) {
			c.failN(a, "go_printf_args", "fmt."+name)
			return false
		}
		spec.Parts = append(spec.Parts, cur)
		cur = ""
		spec.Args = append(spec.Args, k.argKind())
		spec.Verbs = append(spec.Verbs, verb)
		args = append(args, a)
		return true
	}
	switch name {
	case "Println", "Print":
		prevString := true
		for i, a := range e.Args {
			isStr := kindOf(c.typeOf(a)) == kString
			if i > 0 && (name == "Println" || !isStr && !prevString) {
				cur += " "
			}
			prevString = isStr
			if !add(a, 'v') {
				return spec, nil, false
			}
		}
		if name == "Println" {
			cur += "\n"
		}
	case "Printf":
		if len(e.Args) == 0 {
			return spec, nil, false
		}
		tv := c.info.Types[e.Args[0]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			c.failN(e.Args[0], "go_const_needed", "fmt.Printf")
			return spec, nil, false
		}
		format := constant.StringVal(tv.Value)
		rest := e.Args[1:]
		k := 0
		for i := 0; i < len(format); i++ {
			if format[i] != '%' {
				cur += format[i : i+1]
				continue
			}
			if i+1 >= len(format) {
				c.failN(e.Args[0], "go_printf_verb", "%")
				return spec, nil, false
			}
			i++
			verb := format[i]
			switch verb {
			case '%':
				cur += "%"
				continue
			case 'v', 'd', 's', 't', 'q':
			default:
				end := i + 1
				for end < len(format) && strings.IndexByte("vdstqxXcfegbo", format[end-1]) < 0 {
					end++
				}
				c.failN(e.Args[0], "go_printf_verb", "%"+format[i:min(end, len(format))])
				return spec, nil, false
			}
			if k >= len(rest) {
				c.failN(e, "go_printf_args", "fmt.Printf")
				return spec, nil, false
			}
			if !add(rest[k], verb) {
				return spec, nil, false
			}
			k++
		}
		if k != len(rest) {
			c.failN(e, "go_printf_args", "fmt.Printf")
			return spec, nil, false
		}
	}
	spec.Parts = append(spec.Parts, cur)
	return spec, args, true
}

// verbFits reports whether fmt formats a value of kind k with verb as the
// value itself (rather than %!d(string=...)).
func verbFits(verb byte, k vkind) bool {
	switch verb {
	case 'v':
		return true
	case 'd':
		return k == kInt || k == kSignal
	case 't':
		return k == kBool
	case 's':
		return k == kString || k == kErr || k == kSignal
	case 'q':
		return k == kString || k == kInt || k == kErr || k == kSignal
	}
	return false
}

// constFormat formats a constant argument as fmt does with verb.
func (c *compiler) constFormat(a ast.Expr, verb byte) (string, bool) {
	k := kindOf(c.typeOf(a))
	if k == kUnit {
		if verb != 'v' {
			c.failN(a, "go_printf_args", "fmt.Printf")
			return "", false
		}
		return "{}", true
	}
	v := c.info.Types[a].Value
	if !verbFits(verb, k) {
		c.failN(a, "go_printf_args", "fmt.Printf")
		return "", false
	}
	switch v.Kind() {
	case constant.String:
		if verb == 'q' {
			return strconv.Quote(constant.StringVal(v)), true
		}
		return constant.StringVal(v), true
	case constant.Bool:
		return strconv.FormatBool(constant.BoolVal(v)), true
	case constant.Int:
		n, exact := constant.Int64Val(v)
		if !exact {
			c.badType(a, c.typeOf(a))
			return "", false
		}
		if k == kSignal && verb != 'd' {
			if s, ok := goSignalNames[sim.Signal(n)]; ok && n > 0 && n < 65 {
				return s, true
			}
			return "signal " + strconv.FormatInt(n, 10), true
		}
		if k == kInt {
			if _, name := named(c.typeOf(a)); name == "Duration" && verb == 'v' {
				return durationString(n), true
			}
			if verb == 'q' { // a quoted character, as fmt prints an integer with %q
				r := rune(n)
				if int64(r) != n {
					r = 0xFFFD
				}
				return strconv.QuoteRune(r), true
			}
		}
		return strconv.FormatInt(n, 10), true
	}
	c.failN(a, "go_print_value", exprText(a))
	return "", false
}

// durationString formats nanoseconds as time.Duration's String method.
func durationString(ns int64) string {
	if ns == 0 {
		return "0s"
	}
	neg := ns < 0
	u := uint64(ns)
	if neg {
		u = -u
	}
	var s string
	switch {
	case u < 1000:
		s = strconv.FormatUint(u, 10) + "ns"
	case u < 1_000_000:
		s = fracText(u, 1000) + "µs"
	case u < 1_000_000_000:
		s = fracText(u, 1_000_000) + "ms"
	default:
		h := u / 3_600_000_000_000
		rest := u % 3_600_000_000_000
		m := rest / 60_000_000_000
		sec := rest % 60_000_000_000
		s = fracText(sec, 1_000_000_000) + "s"
		if h > 0 {
			s = strconv.FormatUint(h, 10) + "h" + strconv.FormatUint(m, 10) + "m" + s
		} else if m > 0 {
			s = strconv.FormatUint(m, 10) + "m" + s
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// fracText writes u/unit with its fraction, without trailing zeros.
func fracText(u, unit uint64) string {
	s := strconv.FormatUint(u/unit, 10)
	f := u % unit
	if f == 0 {
		return s
	}
	digits := len(strconv.FormatUint(unit, 10)) - 1
	fs := strconv.FormatUint(f, 10)
	fs = strings.Repeat("0", digits-len(fs)) + fs
	return s + "." + strings.TrimRight(fs, "0")
}
