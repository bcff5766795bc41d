package lab

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// This file guards the Go front end against source whose string constants
// grow by doubling: `const s1 = s0 + s0; const s2 = s1 + s1; ...` is a few
// hundred bytes of source, but thirty lines of it make an 8 GiB constant,
// and go/types (which gofront.Compile runs) builds it: minutes of CPU and
// tens of GiB of memory for one load. Before compiling, the lab bounds the
// bytes of every string constant expression in the source, without type
// checking, and refuses a program whose total passes MaxGoConstBytes.

// MaxGoConstBytes bounds, in bytes, the string constants a Go program's
// expressions may build, all together: each string-valued constant
// expression (a literal, a constant's name, a sum of them) counts its
// longest possible value, every time it appears.
const MaxGoConstBytes = 1 << 20

// checkGoConstants returns a CodeTooLarge error, at the line and column of
// the expression that passes the budget, when src's string constants would
// be larger than MaxGoConstBytes; nil otherwise (including when src does
// not parse: the compiler reports that).
//
// The bound is an over-estimate computed from the syntax alone: a
// constant's name stands for the longest value any constant of that name is
// given (scopes are ignored), a literal for its length in the source, a sum
// for the sum of its operands, a conversion of one argument for that
// argument. It is computed to a fixed point over the constant declarations
// (their order in the source does not matter), saturating just past the
// budget.
func checkGoConstants(src string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "prog.go", src, parser.SkipObjectResolution)
	if err != nil || f == nil {
		return nil
	}
	g := constGuard{consts: map[string]int64{}}
	var specs []constSpec
	ast.Inspect(f, func(n ast.Node) bool {
		d, ok := n.(*ast.GenDecl)
		if !ok || d.Tok != token.CONST {
			return true
		}
		var last []ast.Expr // a spec without values repeats the previous ones
		for _, s := range d.Specs {
			vs := s.(*ast.ValueSpec)
			if len(vs.Values) > 0 {
				last = vs.Values
			}
			for k, name := range vs.Names {
				if k < len(last) {
					specs = append(specs, constSpec{name.Name, last[k], len(vs.Values) == 0})
				}
			}
		}
		return true
	})
	for range len(specs) + 1 {
		changed := false
		for _, s := range specs {
			if n := g.size(s.value); n > g.consts[s.name] {
				g.consts[s.name] = n
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	// Every string constant expression counts where it appears; a value
	// that a constant group repeats implicitly counts once more per name.
	g.memo = map[ast.Expr]int64{} // the constants are final: each expression's size is too
	var total int64
	var over ast.Expr
	var count func(n ast.Node) bool
	count = func(n ast.Node) bool {
		if over != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.ValueSpec: // the names declared are not uses
			for _, v := range n.Values {
				ast.Inspect(v, count)
			}
			return false
		case *ast.SelectorExpr: // in pkg.Name or x.f, Name is not a constant of the file
			ast.Inspect(n.X, count)
			return false
		case ast.Expr:
			sz := g.size(n)
			if sz == 0 {
				return true // not a string constant: look inside
			}
			if total = sat(total + sz); total > MaxGoConstBytes {
				over = n
			}
			return false // counted whole: its parts are not counted again
		}
		return true
	}
	ast.Inspect(f, count)
	for _, s := range specs {
		if s.implicit {
			total = sat(total + g.size(s.value))
		}
	}
	if over == nil && total <= MaxGoConstBytes {
		return nil
	}
	e := Errorf(CodeTooLarge, "the program's string constants would be more than %d bytes (one built by repeated + can double at every line); keep string constants short", MaxGoConstBytes)
	if over != nil {
		p := fset.Position(over.Pos())
		e.Line, e.Col = p.Line, p.Column
	}
	return e
}

// constSpec is one constant's name and the expression that gives its
// value.
type constSpec struct {
	name     string
	value    ast.Expr
	implicit bool // the value is the previous spec's, repeated
}

// constGuard holds the longest value, in bytes, of each constant name.
type constGuard struct {
	consts map[string]int64
	memo   map[ast.Expr]int64 // once the constants are final: the sizes computed (nil before)
}

// sat saturates n just past MaxGoConstBytes, so that sums cannot overflow.
func sat(n int64) int64 { return min(n, MaxGoConstBytes+1) }

// size bounds the bytes of x's value if x may be a string constant, and
// is 0 for anything else.
func (g *constGuard) size(x ast.Expr) int64 {
	if g.memo == nil {
		return g.sizeOf(x)
	}
	n, ok := g.memo[x]
	if !ok {
		n = g.sizeOf(x)
		g.memo[x] = n
	}
	return n
}

// sizeOf is size without the memo (its operands' sizes come through size).
func (g *constGuard) sizeOf(x ast.Expr) int64 {
	switch x := x.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			return sat(int64(len(x.Value)))
		}
	case *ast.Ident:
		return g.consts[x.Name]
	case *ast.ParenExpr:
		return g.size(x.X)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return sat(g.size(x.X) + g.size(x.Y))
		}
	case *ast.CallExpr:
		if len(x.Args) == 1 { // a conversion such as string(s)
			return g.size(x.Args[0])
		}
	}
	return 0
}
