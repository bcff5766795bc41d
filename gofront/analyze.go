package gofront

import (
	"go/ast"
	"go/token"
	"go/types"
)

// This file decides, before any code is compiled, how each local variable
// that a goroutine uses is passed to it. A goroutine is another program,
// so a local captured by its func literal is either copied into the
// goroutine's locals when the go statement runs (when nobody changes it
// afterwards: Go 1.22's per-iteration loop variables are such copies), or
// it is shared memory, a scenario variable named after it (when the
// goroutine or its starter changes it after the go statement).

// span is a range of source positions.
type span struct{ pos, end token.Pos }

func (s span) has(p token.Pos) bool { return s.pos <= p && p < s.end }

// goSite is one go statement: the outer locals its goroutine uses (through
// closures too) and the func literals it runs.
type goSite struct {
	at    token.Pos
	caps  map[*types.Var]bool
	lits  []span
	loops []span // loops around the go statement
}

// analysis is what the pre-pass learns about the file.
type analysis struct {
	info     *types.Info
	litOf    map[*types.Var]*ast.FuncLit // f := func() {...}
	direct   map[*ast.FuncLit]map[*types.Var]bool
	assigns  map[*types.Var][]token.Pos // assignments after the declaration (not a loop's own post statement)
	addr     map[*types.Var]bool        // &x was taken
	sites    []goSite
	funcVars map[*types.Var]int // assignments to function variables
}

func analyze(info *types.Info, f *ast.File) *analysis {
	a := &analysis{info: info, litOf: map[*types.Var]*ast.FuncLit{}, direct: map[*ast.FuncLit]map[*types.Var]bool{},
		assigns: map[*types.Var][]token.Pos{}, addr: map[*types.Var]bool{}, funcVars: map[*types.Var]int{}}
	var loops []span
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt:
			if n.Init != nil {
				ast.Inspect(n.Init, walk)
			}
			loops = append(loops, span{n.Pos(), n.End()})
			own := map[*types.Var]bool{}
			if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
				for _, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						if v, ok := info.Defs[id].(*types.Var); ok {
							own[v] = true
						}
					}
				}
			}
			if n.Cond != nil {
				ast.Inspect(n.Cond, walk)
			}
			if n.Post != nil {
				a.assignments(n.Post, own)
				ast.Inspect(n.Post, func(m ast.Node) bool {
					if _, ok := m.(*ast.FuncLit); ok {
						return walk(m)
					}
					return true
				})
			}
			ast.Inspect(n.Body, walk)
			loops = loops[:len(loops)-1]
			return false
		case *ast.RangeStmt:
			ast.Inspect(n.X, walk)
			if n.Tok == token.ASSIGN {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						if v, ok := info.Uses[id].(*types.Var); ok {
							a.assigns[v] = append(a.assigns[v], id.Pos())
						}
					}
				}
			}
			loops = append(loops, span{n.Pos(), n.End()})
			ast.Inspect(n.Body, walk)
			loops = loops[:len(loops)-1]
			return false
		case *ast.AssignStmt, *ast.IncDecStmt:
			a.assignments(n.(ast.Stmt), nil)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := unparen(n.X).(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok {
						a.addr[v] = true
						a.assigns[v] = append(a.assigns[v], id.Pos())
					}
				}
			}
		case *ast.FuncLit:
			a.direct[n] = a.captured(n)
		case *ast.GoStmt:
			a.sites = append(a.sites, goSite{at: n.Pos(), loops: append([]span(nil), loops...)})
		case *ast.CallExpr:
			if isWaitGroupGo(info, n) {
				a.sites = append(a.sites, goSite{at: n.Pos(), loops: append([]span(nil), loops...)})
			}
		}
		return true
	}
	ast.Inspect(f, walk)
	// The go sites' captures, now that every literal's are known.
	at := map[token.Pos]int{}
	for i, s := range a.sites {
		at[s.at] = i
	}
	ast.Inspect(f, func(n ast.Node) bool {
		var fun ast.Expr
		switch g := n.(type) {
		case *ast.GoStmt:
			fun = g.Call.Fun
		case *ast.CallExpr:
			if !isWaitGroupGo(info, g) {
				return true
			}
			fun = g.Args[0]
		default:
			return true
		}
		i, ok := at[n.Pos()]
		if !ok {
			return true
		}
		s := &a.sites[i]
		s.caps = map[*types.Var]bool{}
		var lit *ast.FuncLit
		switch fun := unparen(fun).(type) {
		case *ast.FuncLit:
			lit = fun
		case *ast.Ident:
			if v, ok := info.Uses[fun].(*types.Var); ok {
				lit = a.litOf[v]
			}
		}
		if lit != nil {
			a.closeOver(lit, s, map[*ast.FuncLit]bool{})
		}
		return true
	})
	return a
}

// assignments records the variables stmt assigns; those in skip (a loop's
// own variables, in its post statement) are not counted.
func (a *analysis) assignments(stmt ast.Stmt, skip map[*types.Var]bool) {
	rec := func(e ast.Expr, define bool) {
		id, ok := unparen(e).(*ast.Ident)
		if !ok {
			return
		}
		if define {
			if v, ok := a.info.Defs[id].(*types.Var); ok && v != nil {
				return // a new variable: its declaration
			}
		}
		v, ok := a.info.Uses[id].(*types.Var)
		if !ok || skip[v] {
			return
		}
		a.assigns[v] = append(a.assigns[v], id.Pos())
		if _, isFunc := v.Type().Underlying().(*types.Signature); isFunc {
			a.funcVars[v]++
		}
	}
	switch s := stmt.(type) {
	case *ast.AssignStmt:
		for _, l := range s.Lhs {
			rec(l, s.Tok == token.DEFINE)
		}
		if s.Tok == token.DEFINE && len(s.Lhs) == 1 && len(s.Rhs) == 1 {
			if lit, ok := unparen(s.Rhs[0]).(*ast.FuncLit); ok {
				if id, ok := s.Lhs[0].(*ast.Ident); ok {
					if v, ok := a.info.Defs[id].(*types.Var); ok {
						a.litOf[v] = lit
					}
				}
			}
		}
	case *ast.IncDecStmt:
		rec(s.X, false)
	}
}

// captured returns the locals a func literal uses that are declared
// outside it.
func (a *analysis) captured(lit *ast.FuncLit) map[*types.Var]bool {
	out := map[*types.Var]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := a.info.Uses[id].(*types.Var)
		if !ok || v.IsField() || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
			return true
		}
		if v.Pos() < lit.Pos() || v.Pos() >= lit.End() {
			out[v] = true
		}
		return true
	})
	return out
}

// closeOver adds to s what lit uses, following the func literals it calls
// through variables.
func (a *analysis) closeOver(lit *ast.FuncLit, s *goSite, seen map[*ast.FuncLit]bool) {
	if seen[lit] {
		return
	}
	seen[lit] = true
	s.lits = append(s.lits, span{lit.Pos(), lit.End()})
	for v := range a.direct[lit] {
		s.caps[v] = true
		if l := a.litOf[v]; l != nil {
			a.closeOver(l, s, seen)
		}
	}
}

// shared reports whether local v must be shared memory: a goroutine uses
// it, and it is assigned inside a goroutine, after the go statement, or in
// a loop around the go statement that v is declared outside of.
func (a *analysis) shared(v *types.Var) bool {
	if _, isFunc := v.Type().Underlying().(*types.Signature); isFunc {
		return false
	}
	for _, s := range a.sites {
		if !s.caps[v] {
			continue
		}
		for _, p := range a.assigns[v] {
			if p > s.at {
				return true
			}
			for _, l := range s.lits {
				if l.has(p) {
					return true
				}
			}
			for _, l := range s.loops {
				if l.has(p) && v.Pos() < l.pos {
					return true
				}
			}
		}
	}
	return false
}

// unparen removes parentheses.
func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}
