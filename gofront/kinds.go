package gofront

import (
	"go/ast"
	"go/types"

	"proclab/sim"
)

// This file says what each Go type of the subset is in the engine: a value
// kind (a local or shared int64), an object kind, or something else the
// compiler binds statically.

// vkind is the kind of a value held in an int64.
type vkind uint8

const (
	kNone   vkind = iota
	kInt          // int, int64, time.Duration
	kBool         // 0 false, 1 true
	kString       // an index into GoRuntime.Strings
	kErr          // an exec.Cmd's wait result (sim.ArgErr); 0 is nil
	kSignal       // a signal number; 0 is nil
	kUnit         // struct{} or time.Time: always 0
)

// argKind is how OpPrint shows a value of kind k.
func (k vkind) argKind() sim.ArgKind {
	switch k {
	case kBool:
		return sim.ArgBool
	case kString:
		return sim.ArgString
	case kErr:
		return sim.ArgErr
	case kSignal:
		return sim.ArgSignal
	}
	return sim.ArgInt
}

// named returns the package path and name of a named type, or "", "".
func named(t types.Type) (string, string) {
	t = types.Unalias(t)
	n, ok := t.(*types.Named)
	if !ok {
		return "", ""
	}
	obj := n.Obj()
	if obj.Pkg() == nil {
		return "", obj.Name()
	}
	return obj.Pkg().Path(), obj.Name()
}

// kindOf returns the value kind of type t, or kNone.
func kindOf(t types.Type) vkind {
	if t == nil {
		return kNone
	}
	t = types.Unalias(t)
	switch path, name := named(t); {
	case path == "" && name == "error":
		return kErr
	case path == "time" && name == "Duration":
		return kInt
	case path == "time" && name == "Time":
		return kUnit
	case (path == "os" || path == "syscall") && name == "Signal":
		return kSignal
	case path != "" || name != "":
		return kNone
	}
	switch u := t.(type) {
	case *types.Basic:
		switch u.Kind() {
		case types.Int, types.Int64, types.UntypedInt, types.UntypedRune:
			return kInt
		case types.Bool, types.UntypedBool:
			return kBool
		case types.String, types.UntypedString:
			return kString
		}
	case *types.Struct:
		if u.NumFields() == 0 {
			return kUnit
		}
	}
	return kNone
}

// objKindOf returns the object kind of t (or of what t points to).
func objKindOf(t types.Type) (sim.ObjKind, bool) {
	if t == nil {
		return 0, false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if _, ok := t.(*types.Chan); ok {
		return sim.ObjChan, true
	}
	path, name := named(t)
	if path != "sync" {
		return 0, false
	}
	switch name {
	case "Mutex":
		return sim.ObjGoMutex, true
	case "RWMutex":
		return sim.ObjRWMutex, true
	case "WaitGroup":
		return sim.ObjWaitGroup, true
	case "Once":
		return sim.ObjOnce, true
	case "Cond":
		return sim.ObjCond, true
	}
	return 0, false
}

// isAtomicInt64 reports whether t is atomic.Int64 (or a pointer to one).
func isAtomicInt64(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	path, name := named(t)
	return path == "sync/atomic" && name == "Int64"
}

// isCmd reports whether t is *exec.Cmd (or exec.Cmd).
func isCmd(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	path, name := named(t)
	return path == "os/exec" && name == "Cmd"
}

// isFunc reports whether t is a function type.
func isFunc(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// isIntPointer reports whether t is *int64 or *int (an atomic's target).
func isIntPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && kindOf(p.Elem()) == kInt
}

// badType fails at n: values of type t are not in the subset. Pointers,
// slices, arrays and maps get their own errors.
func (c *compiler) badType(n ast.Node, t types.Type) {
	if t != nil {
		switch t.Underlying().(type) {
		case *types.Pointer:
			c.failN(n, "go_pointer")
			return
		case *types.Slice, *types.Array, *types.Map:
			c.failN(n, "go_composite")
			return
		}
	}
	c.failN(n, "go_type_unsupported", typeText(t))
}

// isWaitGroupGo reports whether call is wg.Go(f) on a sync.WaitGroup (Go
// 1.25): Add(1), then f in a new goroutine that calls Done when f returns.
func isWaitGroupGo(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Go" || len(call.Args) != 1 {
		return false
	}
	s := info.Selections[sel]
	if s == nil {
		return false
	}
	k, ok := objKindOf(s.Recv())
	return ok && k == sim.ObjWaitGroup
}
