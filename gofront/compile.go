package gofront

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"proclab/sim"
)

// compiler holds one compilation.
type compiler struct {
	fset    *token.FileSet
	src     string
	lines   []string
	file    *ast.File
	info    *types.Info
	imp     *shimImporter
	sc      *sim.Scenario
	gr      *sim.GoRuntime
	err     *sim.ParseError
	funcs   map[*types.Func]*ast.FuncDecl
	byName  map[string]*ast.FuncDecl
	globals map[*types.Var]*binding
	an      *analysis
	progs   []*progCtx
	prog    *progCtx
	// stmtMark is the first slot of the current statement's temporaries.
	stmtMark  int
	strIdx    map[string]int
	names     map[string]bool // names of shared variables and objects
	progNames map[string]bool
	children  map[string]int // child function name -> program
	condMu    map[int]int    // cond object -> its mutex
	litNames  map[*ast.FuncLit]string
	override  map[ast.Expr]val // a deferred call's arguments, evaluated earlier
	expects   []headerExpect
	calls     int // calls inlined so far (MaxInlinedCalls)
}

// Compile parses and type-checks a Go program in ProcLab's subset
// (docs/go.md) and compiles it into a scenario the engine runs micro-step
// by micro-step. Errors are *sim.ParseError values with a go_ code, the
// line and the column. It never compiles or runs the program, and never
// panics, whatever src holds. It is safe to call from several goroutines.
func Compile(src string) (*sim.Scenario, error) {
	if len(src) > MaxSourceBytes {
		return nil, sim.GoParseError(1, 1, "go_source_too_large", strconv.Itoa(len(src)), strconv.Itoa(MaxSourceBytes))
	}
	c := &compiler{
		fset: token.NewFileSet(), src: src,
		lines:   strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n"),
		funcs:   map[*types.Func]*ast.FuncDecl{},
		byName:  map[string]*ast.FuncDecl{},
		globals: map[*types.Var]*binding{},
		strIdx:  map[string]int{}, names: map[string]bool{}, progNames: map[string]bool{},
		children: map[string]int{}, condMu: map[int]int{}, litNames: map[*ast.FuncLit]string{},
	}
	c.gr = &sim.GoRuntime{TickNanos: sim.DefaultGoTickNanos, StarveTicks: sim.DefaultGoStarveTicks}
	c.sc = &sim.Scenario{
		CPUs: 2, Policy: sim.RR, Quantum: 10, PIDMax: sim.DefaultPIDMax, MaxTasks: sim.DefaultMaxTasks, Seed: 1,
		Title: map[string]string{}, Explain: map[string]string{}, Source: src, Go: c.gr,
	}
	c.intern("")
	if err := c.compile(); err != nil {
		return nil, err
	}
	return c.sc, nil
}

func (c *compiler) compile() error {
	f, err := parser.ParseFile(c.fset, "main.go", c.src, parser.SkipObjectResolution)
	if err != nil {
		var list scanner.ErrorList
		if errors.As(err, &list) && len(list) > 0 {
			return sim.GoParseError(list[0].Pos.Line, max(list[0].Pos.Column, 1), "go_syntax", list[0].Msg)
		}
		return sim.GoParseError(1, 1, "go_syntax", err.Error())
	}
	c.file = f
	if err := c.header(); err != nil {
		return err
	}
	if f.Name.Name != "main" {
		l, col := c.pos(f.Name.Pos())
		return sim.GoParseError(l, col, "go_package", f.Name.Name)
	}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if _, ok := shimSources[path]; !ok {
			l, col := c.pos(imp.Path.Pos())
			return sim.GoParseError(l, col, "go_import", path, strings.Join(shimPaths(), ", "))
		}
	}
	if err := c.declsFirst(); err != nil {
		return err
	}
	c.imp = newShimImporter(c.fset)
	c.info = &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	var first *types.Error
	conf := types.Config{Importer: c.imp, GoVersion: "go1.22", Error: func(err error) {
		var te types.Error
		if first == nil && errors.As(err, &te) && !te.Soft {
			first = &te
		}
	}}
	if _, err := conf.Check("main", c.fset, []*ast.File{f}, c.info); err != nil {
		if first == nil {
			var te types.Error
			if errors.As(err, &te) {
				first = &te
			}
		}
		if first != nil {
			return c.typeError(*first)
		}
		return sim.GoParseError(1, 1, "go_type", err.Error())
	}
	var mainDecl *ast.FuncDecl
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if obj, ok := c.info.Defs[fd.Name].(*types.Func); ok {
			c.funcs[obj] = fd
			c.byName[fd.Name.Name] = fd
		}
		if fd.Name.Name == "main" && fd.Recv == nil {
			mainDecl = fd
		}
	}
	if mainDecl == nil || mainDecl.Body == nil {
		return sim.GoParseError(1, 1, "go_no_main")
	}
	if lit := deepLiteral(f); lit != nil {
		l, col := c.pos(lit.Pos())
		return sim.GoParseError(l, col, "go_inline_depth", strconv.Itoa(MaxLiteralDepth))
	}
	c.an = analyze(c.info, f)
	if err := c.packageVars(); err != nil {
		return err
	}
	if err := c.headerExpects(); err != nil {
		return err
	}
	main := c.newProgram("main", mainDecl.Pos(), false, 0)
	c.compileBody(main, mainDecl, nil, mainDecl.Body, true)
	if c.err != nil {
		return c.err
	}
	c.sc.Processes = []sim.ProcessSpec{{Program: 0, Tickets: sim.DefaultTickets}}
	c.sc.Programs = make([]sim.Program, len(c.progs))
	for i, p := range c.progs {
		c.sc.Programs[i] = *p.prog
	}
	c.setSchedDefaults()
	return nil
}

// declsFirst rejects the declarations the subset does not have before
// type-checking, so that their error names the construct.
func (c *compiler) declsFirst() error {
	for _, d := range c.file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				l, col := c.pos(d.Pos())
				return sim.GoParseError(l, col, "go_method", d.Name.Name)
			}
			if d.Type.TypeParams != nil {
				l, col := c.pos(d.Pos())
				return sim.GoParseError(l, col, "go_decl", c.snippet(d))
			}
			if d.Body == nil {
				l, col := c.pos(d.Pos())
				return sim.GoParseError(l, col, "go_stmt", c.snippet(d))
			}
		case *ast.GenDecl:
			if d.Tok == token.TYPE {
				l, col := c.pos(d.Pos())
				return sim.GoParseError(l, col, "go_decl", c.snippet(d))
			}
		}
	}
	return nil
}

// fail records the first error.
func (c *compiler) fail(line, col int, code string, args ...string) {
	if c.err == nil {
		c.err = sim.GoParseError(max(line, 1), max(col, 1), code, args...)
	}
}

// failAt records the first error (the same as fail; it names the line a
// limit was reached at).
func (c *compiler) failAt(line, col int, code string, args ...string) {
	c.fail(line, col, code, args...)
}

// failN records the first error at node n.
func (c *compiler) failN(n ast.Node, code string, args ...string) {
	l, col := c.pos(n.Pos())
	c.fail(l, col, code, args...)
}

// intern returns the index of a string constant in GoRuntime.Strings.
func (c *compiler) intern(s string) int64 {
	if i, ok := c.strIdx[s]; ok {
		return int64(i)
	}
	c.strIdx[s] = len(c.gr.Strings)
	c.gr.Strings = append(c.gr.Strings, s)
	return int64(len(c.gr.Strings) - 1)
}

// uniqueName returns name, or name_2, name_3, ... if it is taken.
func uniqueName(taken map[string]bool, name string) string {
	n := name
	for k := 2; taken[n]; k++ {
		n = name + "_" + strconv.Itoa(k)
	}
	taken[n] = true
	return n
}

// newProgram starts a program; it is not the current one until the caller
// makes it so.
func (c *compiler) newProgram(name string, at token.Pos, child bool, loop int) *progCtx {
	if len(c.progs) >= sim.MaxPrograms {
		l, col := c.pos(at)
		c.fail(l, col, "go_too_many_programs", strconv.Itoa(sim.MaxPrograms))
	}
	l, _ := c.pos(at)
	p := &progCtx{
		prog: &sim.Program{Name: uniqueName(c.progNames, name), Line: l, Thread: true},
		idx:  len(c.progs), vars: map[*types.Var]*binding{}, child: child, loop: loop, baseLoop: loop,
	}
	c.progs = append(c.progs, p)
	return p
}

// compileBody compiles a program's body: a function's (fd) or a func
// literal's (lit), with its parameters already bound in p. exits says the
// program is a process's main: returning exits the process.
func (c *compiler) compileBody(p *progCtx, fd *ast.FuncDecl, lit *ast.FuncLit, body *ast.BlockStmt, exits bool) {
	save, saveMark := c.prog, c.stmtMark
	c.prog = p
	c.stmtMark = p.top
	fr := &frame{exit: newLabel(), loopBase: p.loop, name: p.prog.Name}
	if fd != nil {
		fr.fn, _ = c.info.Defs[fd.Name].(*types.Func)
	}
	p.fr = fr
	if n := len(body.List); n > 0 {
		fr.last = body.List[n-1]
	}
	c.setBase(body)
	c.bindResults(fr, funcType(fd, lit), nil)
	c.block(body.List)
	c.place(fr.exit)
	c.runDefers(fr)
	if p.atExit != nil && c.err == nil {
		c.setBase(body)
		p.base = sim.Instr{Line: p.prog.Line, Col: p.base.Col, Text: c.lineText(p.prog.Line)}
		p.atExit()
	}
	end := body.Rbrace
	l, col := c.pos(end)
	p.base = sim.Instr{Line: l, Col: col, Text: c.lineText(l)}
	micro := "the goroutine ends"
	if exits {
		micro = "main returns: the process exits (exit 0)"
	}
	if c.err == nil {
		p.prog.Code = append(p.prog.Code, sim.Instr{Op: sim.OpExit, Line: l, Col: col, Text: c.lineText(l), Micro: micro})
	}
	c.finishProgram(p)
	c.prog, c.stmtMark = save, saveMark
}

func funcType(fd *ast.FuncDecl, lit *ast.FuncLit) *ast.FuncType {
	if fd != nil {
		return fd.Type
	}
	if lit != nil {
		return lit.Type
	}
	return nil
}

// setSchedDefaults fills the scheduler settings the header left out, as
// the scenario parser does.
func (c *compiler) setSchedDefaults() {
	sc := c.sc
	m := &sc.MLFQ
	if len(m.Quanta) == 0 {
		m.Quanta = make([]int64, 3)
	}
	for i := range m.Quanta {
		if m.Quanta[i] == 0 {
			m.Quanta[i] = min(sc.Quantum<<i, sim.MaxQuantum)
		}
	}
	if len(m.Allot) == 0 {
		m.Allot = []int64{1, 1, 1}
	}
	if sc.CFS.Latency == 0 {
		sc.CFS.Latency = 12
	}
	if sc.CFS.MinGranularity == 0 {
		sc.CFS.MinGranularity = 2
	}
}

// packageVars binds the package-level variables: values become shared
// variables, sync values and channels objects.
func (c *compiler) packageVars() error {
	for _, d := range c.file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			vs, ok := spec.(*ast.ValueSpec)
			if !ok {
				continue
			}
			if len(vs.Values) != 0 && len(vs.Values) != len(vs.Names) {
				c.failN(vs, "go_global_init", vs.Names[0].Name)
				return c.err
			}
			for i, id := range vs.Names {
				v, ok := c.info.Defs[id].(*types.Var)
				if !ok || id.Name == "_" {
					continue
				}
				var init ast.Expr
				if len(vs.Values) > 0 {
					init = vs.Values[i]
				}
				c.globalVar(id, v, init)
				if c.err != nil {
					return c.err
				}
			}
		}
	}
	return nil
}

func (c *compiler) globalVar(id *ast.Ident, v *types.Var, init ast.Expr) {
	t := v.Type()
	if isAtomicInt64(t) {
		if init != nil {
			c.failN(init, "go_global_init", id.Name)
			return
		}
		c.globals[v] = c.newShared(id, id.Name, 0)
		return
	}
	if k := kindOf(t); k != kNone {
		var n int64
		if init != nil {
			tv := c.info.Types[init]
			if tv.Value == nil {
				c.failN(init, "go_global_init", id.Name)
				return
			}
			var ok bool
			n, ok = c.constInt(init, tv)
			if !ok {
				return
			}
		}
		c.globals[v] = c.newShared(id, id.Name, n)
		return
	}
	// Objects: a main program does not exist yet, so a placeholder
	// context holds the position for errors.
	save := c.prog
	c.prog = &progCtx{vars: map[*types.Var]*binding{}, prog: &sim.Program{Name: "package"}}
	c.setBase(id)
	b := c.objectDecl(id, v, init)
	if len(c.prog.prog.Code) > 0 {
		c.failN(id, "go_global_init", id.Name)
	}
	c.prog = save
	if b != nil {
		c.globals[v] = b
	}
}

// newShared makes a shared variable for a Go variable.
func (c *compiler) newShared(at ast.Node, name string, init int64) *binding {
	if len(c.sc.Vars) >= sim.MaxVars {
		c.failN(at, "go_too_many_vars", strconv.Itoa(sim.MaxVars))
		return &binding{kind: bShared}
	}
	n := uniqueName(c.names, name)
	c.sc.Vars = append(c.sc.Vars, sim.VarDecl{Name: n, Init: init})
	return &binding{kind: bShared, v: len(c.sc.Vars) - 1, name: n}
}

// newObject makes a sync object or channel for a Go variable.
func (c *compiler) newObject(at ast.Node, name string, kind sim.ObjKind, capacity int64) *binding {
	if c.prog != nil && c.prog.loop > 0 {
		c.failN(at, "go_object_in_loop", name)
		return nil
	}
	return c.addObject(at, name, kind, capacity)
}

// addObject declares a sync object or channel, wherever it is made: the
// caller has checked that one object can stand for every run of the site.
func (c *compiler) addObject(at ast.Node, name string, kind sim.ObjKind, capacity int64) *binding {
	if len(c.sc.Objects) >= sim.MaxObjects {
		c.failN(at, "go_too_many_objects", strconv.Itoa(sim.MaxObjects))
		return nil
	}
	n := uniqueName(c.names, name)
	c.sc.Objects = append(c.sc.Objects, sim.ObjDecl{Name: n, Kind: kind, Init: capacity})
	return &binding{kind: bObj, obj: len(c.sc.Objects) - 1, name: n}
}

// progName returns a func literal's program name: its function's name and
// .funcN, as Go's runtime names it.
func (c *compiler) progName(lit *ast.FuncLit) string {
	if n, ok := c.litNames[lit]; ok {
		return n
	}
	for _, d := range c.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || lit.Pos() < fd.Pos() || lit.Pos() >= fd.End() {
			continue
		}
		k := 0
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if l, ok := n.(*ast.FuncLit); ok {
				k++
				c.litNames[l] = fd.Name.Name + ".func" + strconv.Itoa(k)
			}
			return true
		})
	}
	if n, ok := c.litNames[lit]; ok {
		return n
	}
	return "func"
}

// sortedVars orders variables by where they are declared.
func sortedVars(vs map[*types.Var]bool) []*types.Var {
	out := make([]*types.Var, 0, len(vs))
	for v := range vs {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *types.Var) int { return int(a.Pos()) - int(b.Pos()) })
	return out
}

// snippet returns the source of n's first line, shortened, for a message.
func (c *compiler) snippet(n ast.Node) string {
	f := c.fset.File(n.Pos())
	if f == nil || !n.End().IsValid() {
		return "?"
	}
	from, to := f.Offset(n.Pos()), f.Offset(n.End())
	if from < 0 || to > len(c.src) || from > to {
		return "?"
	}
	s := c.src[from:to]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = strings.TrimSpace(s[:i]) + " …"
	}
	if len(s) > 48 {
		cut := 45
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// unsupported fails at n: the construct is not in the subset.
func (c *compiler) unsupported(n ast.Node) {
	c.failN(n, "go_stmt", c.snippet(n))
}

// deepLiteral returns a func literal nested in more than MaxLiteralDepth
// others, or nil (the analysis walks each literal's body once per literal
// around it).
func deepLiteral(f *ast.File) *ast.FuncLit {
	var stack []ast.Node
	lits := 0
	var found *ast.FuncLit
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			if k := len(stack) - 1; k >= 0 {
				if _, ok := stack[k].(*ast.FuncLit); ok {
					lits--
				}
				stack = stack[:k]
			}
			return true
		}
		if found != nil {
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok {
			lits++
			if lits > MaxLiteralDepth {
				found = lit
			}
		}
		stack = append(stack, n)
		return true
	})
	return found
}
