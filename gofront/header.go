package gofront

import (
	"go/types"
	"regexp"
	"strconv"
	"strings"

	"proclab/sim"
)

// This file reads the scenario settings a Go program gives in comment
// lines before its package clause (docs/go.md, "Settings"), and turns
// type-checking errors into the subset's errors.

// headerExpect is an expect line, checked once the variables are known.
type headerExpect struct {
	name, cmp, value string
	line, col        int
}

// header reads the leading comment lines: "// title en: ...", "// explain
// zh: ...", "// cpus N", "// policy NAME [QUANTUM]", "// seed N" and
// "// expect VAR CMP VALUE". Other comments are left alone.
func (c *compiler) header() error {
	seen := map[string]bool{}
	for i, raw := range c.lines {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "//") {
			break
		}
		text := strings.TrimSpace(line[2:])
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		ln := i + 1
		col := strings.Index(raw, f[0]) + 1
		word := f[0]
		once := func() error {
			if seen[word] {
				return sim.GoParseError(ln, col, "go_header_twice", word)
			}
			seen[word] = true
			return nil
		}
		number := func(s string, lo, hi int64) (int64, error) {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < lo || n > hi {
				return 0, sim.GoParseError(ln, col, "go_header_number", word, strconv.FormatInt(lo, 10), strconv.FormatInt(hi, 10))
			}
			return n, nil
		}
		switch word {
		case "title", "explain":
			if len(f) < 2 || (f[1] != "en:" && f[1] != "zh:") {
				return sim.GoParseError(ln, col, "go_header_title", word)
			}
			lang := strings.TrimSuffix(f[1], ":")
			rest := strings.TrimSpace(text[strings.Index(text, f[1])+len(f[1]):])
			if word == "title" {
				if _, ok := c.sc.Title[lang]; ok {
					return sim.GoParseError(ln, col, "go_header_twice", "title "+lang)
				}
				c.sc.Title[lang] = rest
			} else if prev, ok := c.sc.Explain[lang]; ok {
				c.sc.Explain[lang] = prev + "\n" + rest
			} else {
				c.sc.Explain[lang] = rest
			}
		case "cpus":
			if err := once(); err != nil {
				return err
			}
			if len(f) != 2 {
				return sim.GoParseError(ln, col, "go_header_number", word, "1", strconv.Itoa(sim.MaxCPUs))
			}
			n, err := number(f[1], 1, sim.MaxCPUs)
			if err != nil {
				return err
			}
			c.sc.CPUs = int(n)
		case "seed":
			if err := once(); err != nil {
				return err
			}
			n, err := strconv.ParseUint(strings.Join(f[1:], " "), 10, 64)
			if err != nil {
				return sim.GoParseError(ln, col, "go_header_number", word, "0", strconv.FormatUint(1<<64-1, 10))
			}
			c.sc.Seed = n
		case "policy":
			if err := once(); err != nil {
				return err
			}
			if len(f) < 2 || len(f) > 3 {
				return sim.GoParseError(ln, col, "go_header_policy", strings.Join(f[1:], " "))
			}
			pol, ok := sim.ParsePolicy(f[1])
			if !ok {
				return sim.GoParseError(ln, col, "go_header_policy", f[1])
			}
			c.sc.Policy = pol
			if len(f) == 3 {
				word = "quantum"
				n, err := number(f[2], 1, sim.MaxQuantum)
				if err != nil {
					return err
				}
				c.sc.Quantum = n
			}
		case "expect":
			if len(f) != 4 {
				return sim.GoParseError(ln, col, "go_header_expect")
			}
			c.expects = append(c.expects, headerExpect{f[1], f[2], f[3], ln, col})
		}
	}
	return nil
}

// headerExpects resolves the expect lines against the package-level
// variables.
func (c *compiler) headerExpects() error {
	cmps := map[string]sim.Cmp{"==": sim.CmpEq, "!=": sim.CmpNe, "<": sim.CmpLt, "<=": sim.CmpLe, ">": sim.CmpGt, ">=": sim.CmpGe}
	for _, x := range c.expects {
		v := c.sc.VarIndex(x.name)
		cm, ok := cmps[x.cmp]
		n, err := strconv.ParseInt(x.value, 10, 64)
		switch x.value {
		case "true":
			n, err = 1, nil
		case "false":
			n, err = 0, nil
		}
		if v < 0 || !ok || err != nil || len(c.sc.Expects) >= sim.MaxExpects {
			return sim.GoParseError(x.line, x.col, "go_header_expect")
		}
		c.sc.Expects = append(c.sc.Expects, sim.Expect{Var: v, Cmp: cm, Value: n, Line: x.line, Text: x.name + " " + x.cmp + " " + x.value})
	}
	return nil
}

// The type checker's messages typeError rewrites. They are compiled when a
// program has a type error, not at package initialisation, which every
// `proclab` command would pay for at start-up.
const (
	undefinedPkg = `^undefined: ([A-Za-z_]\w*)\.([A-Za-z_]\w*)$`
	noMember     = `^\S+ undefined \(type (\*?)([A-Za-z_]\w*)\.([A-Za-z_]\w*) has no field or method ([A-Za-z_]\w*)`
)

// typeError turns a type-checking error into the subset's error: a name a
// supported package does not provide (in ProcLab's shim of it) says what
// the package does provide.
func (c *compiler) typeError(te types.Error) error {
	p := c.fset.Position(te.Pos)
	line, col := max(p.Line, 1), max(p.Column, 1)
	if m := regexp.MustCompile(undefinedPkg).FindStringSubmatch(te.Msg); m != nil {
		if path := c.importPath(m[1]); path != "" {
			full := m[1] + "." + m[2]
			if full == "sync.Map" {
				return sim.GoParseError(line, col, "go_sync_map")
			}
			return sim.GoParseError(line, col, "go_api", full, path, c.imp.shimAPI(path, ""))
		}
	}
	if m := regexp.MustCompile(noMember).FindStringSubmatch(te.Msg); m != nil {
		if path := c.importPath(m[2]); path != "" {
			return sim.GoParseError(line, col, "go_api", m[2]+"."+m[3]+"."+m[4], m[2]+"."+m[3], c.imp.shimAPI(path, m[3]))
		}
	}
	return sim.GoParseError(line, col, "go_type", te.Msg)
}

// importPath returns the path of the import named name, or "".
func (c *compiler) importPath(name string) string {
	for _, imp := range c.file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		short := path[strings.LastIndexByte(path, '/')+1:]
		if imp.Name != nil {
			short = imp.Name.Name
		}
		if short == name {
			return path
		}
	}
	return ""
}
