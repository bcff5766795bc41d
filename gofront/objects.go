package gofront

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"proclab/sim"
)

// This file binds channels, sync values, exec.Cmd values and function
// values statically: each declaration (or make, or sync.NewCond) site is
// one object of the scenario, and every variable or parameter of such a
// type must stand for one object known at compile time.

// objectDecl binds a new variable of an object, command or function type
// to what init makes (nil: the zero value).
func (c *compiler) objectDecl(id *ast.Ident, v *types.Var, init ast.Expr) *binding {
	t := v.Type()
	switch {
	case isFunc(t):
		if init == nil || c.an.funcVars[v] > 0 {
			c.failN(id, "go_func_value", id.Name)
			return nil
		}
		return c.funcBinding(init)
	case isCmd(t):
		if init == nil {
			return &binding{kind: bNoObj, name: id.Name}
		}
		return c.cmdOf(init)
	}
	kind, _ := objKindOf(t)
	if init == nil {
		_, isPtr := types.Unalias(t).(*types.Pointer)
		if kind == sim.ObjChan || isPtr || kind == sim.ObjCond {
			return &binding{kind: bNoObj, name: id.Name}
		}
		return c.newObject(id, id.Name, kind, 0)
	}
	return c.makeObject(id.Name, init)
}

// makeObject returns the object an initial value (or assigned value) makes
// or names: make(chan T, n), sync.Mutex{}, &sync.Mutex{}, new(sync.Mutex),
// sync.NewCond(&mu), time.After(d), or another variable's object.
func (c *compiler) makeObject(name string, e ast.Expr) *binding {
	x := unparen(e)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if cl, ok := unparen(u.X).(*ast.CompositeLit); ok {
			x = cl
		}
	}
	switch x := x.(type) {
	case *ast.CompositeLit:
		kind, ok := objKindOf(c.typeOf(x))
		if !ok || len(x.Elts) > 0 || kind == sim.ObjChan || kind == sim.ObjCond {
			c.failN(x, "go_composite")
			return nil
		}
		return c.newObject(x, name, kind, 0)
	case *ast.CallExpr:
		if id, ok := unparen(x.Fun).(*ast.Ident); ok {
			if b, ok := c.info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "make":
					return c.makeChan(name, x)
				case "new":
					kind, ok := objKindOf(c.typeOf(x))
					if !ok || kind == sim.ObjChan || kind == sim.ObjCond {
						c.failN(x, "go_builtin", "new")
						return nil
					}
					return c.newObject(x, name, kind, 0)
				}
			}
		}
		if path, fn := c.pkgFunc(x); path == "sync" && fn == "NewCond" {
			if len(x.Args) != 1 {
				return nil
			}
			mu, ok := c.objOf(x.Args[0])
			if !ok {
				return nil
			}
			if mu >= len(c.sc.Objects) || c.sc.Objects[mu].Kind != sim.ObjGoMutex {
				c.failN(x.Args[0], "go_cond_mutex")
				return nil
			}
			b := c.newObject(x, name, sim.ObjCond, 0)
			if b != nil {
				c.condMu[b.obj] = mu
			}
			return b
		} else if path == "time" && fn == "After" {
			return c.timer(x)
		} else if path == "os/exec" && fn == "Command" {
			return c.cmdOf(x)
		}
	}
	if c.syncCopy(e, c.typeOf(e)) {
		return nil
	}
	o, ok := c.objOf(e)
	if !ok {
		return nil
	}
	return &binding{kind: bObj, obj: o, name: c.objName(o)}
}

// syncCopy reports (as an error) a sync value or an atomic.Int64 copied
// by value: the copy would be a new, separate object in Go (go vet's
// copylocks check), not the one the program meant.
func (c *compiler) syncCopy(e ast.Expr, t types.Type) bool {
	if t == nil {
		return false
	}
	if _, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
		return false
	}
	kind, ok := objKindOf(t)
	if ok && kind != sim.ObjChan || isAtomicInt64(t) {
		c.failN(e, "go_sync_copy", typeText(t))
		return true
	}
	return false
}

// makeChan makes the channel of make(chan T[, n]).
func (c *compiler) makeChan(name string, x *ast.CallExpr) *binding {
	t := c.typeOf(x)
	ch, ok := types.Unalias(t).Underlying().(*types.Chan)
	if !ok {
		c.failN(x, "go_composite")
		return nil
	}
	if kindOf(ch.Elem()) == kNone {
		c.badType(x, ch.Elem())
		return nil
	}
	var capacity int64
	if len(x.Args) == 2 {
		tv := c.info.Types[x.Args[1]]
		if tv.Value == nil || tv.Value.Kind() != constant.Int {
			c.failN(x.Args[1], "go_const_needed", "the capacity of make")
			return nil
		}
		n, exact := constant.Int64Val(tv.Value)
		if !exact || n < 0 || n > sim.MaxChanCap {
			c.failN(x.Args[1], "go_chan_capacity", strconv.Itoa(sim.MaxChanCap))
			return nil
		}
		capacity = n
	}
	return c.newObject(x, name, sim.ObjChan, capacity)
}

// timer compiles time.After(d): a hidden channel of capacity 1 that gets a
// value d from now.
func (c *compiler) timer(x *ast.CallExpr) *binding {
	ticks, ok := c.durationTicks(x)
	if !ok {
		return nil
	}
	l, _ := c.pos(x.Pos())
	// Each call makes a new channel in Go; ProcLab has one per call site.
	// Run again (a loop), the site's timer starts afresh: the engine drops
	// the earlier timer and any value it left, which is what a new channel
	// means to this goroutine, the only one that can hold the old one. A
	// goroutine started in a loop runs as several instances, though, which
	// would share the site's channel.
	if c.prog.baseLoop > 0 {
		c.failN(x, "go_timer_in_loop")
		return nil
	}
	b := c.addObject(x, "time.After@"+strconv.Itoa(l), sim.ObjChan, 1)
	if b == nil {
		return nil
	}
	c.emit(sim.Instr{Op: sim.OpTimer, Obj: b.obj, A: ticks}, "start a timer: "+b.name+" gets a value in "+strconv.FormatInt(ticks, 10)+" ticks")
	return b
}

// durationTicks converts a call's constant duration argument to ticks (at
// least 1).
func (c *compiler) durationTicks(x *ast.CallExpr) (int64, bool) {
	if len(x.Args) != 1 {
		return 0, false
	}
	tv := c.info.Types[x.Args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.Int {
		c.failN(x.Args[0], "go_const_needed", exprText(x.Fun))
		return 0, false
	}
	ns, exact := constant.Int64Val(tv.Value)
	if !exact {
		c.badType(x.Args[0], c.typeOf(x.Args[0]))
		return 0, false
	}
	ticks := ns / c.gr.TickNanos
	if ticks > sim.MaxDuration {
		ticks = sim.MaxDuration
	}
	return max(ticks, 1), true
}

// pkgFunc returns the package path and name of a call of a package's
// function (sync.NewCond), or "", "".
func (c *compiler) pkgFunc(x *ast.CallExpr) (string, string) {
	sel, ok := unparen(x.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", ""
	}
	id, ok := unparen(sel.X).(*ast.Ident)
	if !ok {
		return "", ""
	}
	pkg, ok := c.info.Uses[id].(*types.PkgName)
	if !ok {
		return "", ""
	}
	return pkg.Imported().Path(), sel.Sel.Name
}

// rebind compiles an assignment to a variable of an object, command or
// function type: a nil variable gets its object; another object is an
// error.
func (c *compiler) rebind(id *ast.Ident, v *types.Var, rhs ast.Expr) {
	b := c.lookup(v)
	if b == nil {
		c.failN(id, "go_object_unbound", id.Name)
		return
	}
	if isFunc(v.Type()) {
		c.failN(id, "go_func_value", id.Name)
		return
	}
	if c.prog.child && c.isGlobal(v) {
		c.failN(id, "go_child_shared", c.prog.prog.Name, id.Name)
		return
	}
	nb := c.makeObject(id.Name, rhs)
	if isCmd(v.Type()) {
		nb = c.cmdOf(rhs)
	}
	if nb == nil {
		return
	}
	switch {
	case b.kind == bNoObj:
		*b = *nb
	case b.kind == bObj && nb.kind == bObj && b.obj == nb.obj:
	default:
		c.failN(id, "go_object_rebind", id.Name)
	}
}

// objOf returns the object an expression stands for.
func (c *compiler) objOf(e ast.Expr) (int, bool) {
	if c.err != nil {
		return 0, false
	}
	switch x := unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return c.objOf(x.X)
		}
	case *ast.StarExpr:
		return c.objOf(x.X)
	case *ast.Ident:
		v, ok := c.info.Uses[x].(*types.Var)
		if !ok {
			break
		}
		b := c.lookup(v)
		if b == nil || b.kind == bNoObj {
			c.failN(e, "go_object_unbound", x.Name)
			return 0, false
		}
		if c.prog.child && c.isGlobal(v) {
			c.failN(e, "go_child_shared", c.prog.prog.Name, x.Name)
			return 0, false
		}
		if b.kind == bObj {
			return b.obj, true
		}
	case *ast.SelectorExpr:
		if x.Sel.Name == "L" {
			if k, ok := objKindOf(c.typeOf(x.X)); ok && k == sim.ObjCond {
				cond, ok := c.objOf(x.X)
				if !ok {
					return 0, false
				}
				mu, ok := c.condMu[cond]
				if !ok {
					c.failN(e, "go_cond_mutex")
				}
				return mu, ok
			}
		}
	}
	c.failN(e, "go_object_dynamic", exprText(e))
	return 0, false
}

// objName returns an object's name.
func (c *compiler) objName(o int) string {
	if o >= 0 && o < len(c.sc.Objects) {
		return c.sc.Objects[o].Name
	}
	return "?"
}

// cmdOf returns the command an expression stands for: a variable bound
// to one, or an exec.Command call (a new command).
func (c *compiler) cmdOf(e ast.Expr) *binding {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		if v, ok := c.info.Uses[x].(*types.Var); ok {
			if b := c.lookup(v); b != nil && b.kind == bCmd {
				return b
			}
			c.failN(e, "go_object_unbound", x.Name)
			return nil
		}
	case *ast.CallExpr:
		if path, fn := c.pkgFunc(x); path == "os/exec" && fn == "Command" {
			return c.execCommand(x)
		}
	}
	c.failN(e, "go_object_dynamic", exprText(e))
	return nil
}

// execCommand compiles exec.Command(NAME): NAME is a function of the file
// that runs as the child process's main, compiled once as a program of
// its own.
func (c *compiler) execCommand(x *ast.CallExpr) *binding {
	if len(x.Args) == 0 {
		return nil
	}
	if len(x.Args) > 1 {
		c.failN(x.Args[1], "go_exec_args", exprText(x.Args[0]))
		return nil
	}
	tv := c.info.Types[x.Args[0]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		c.failN(x.Args[0], "go_exec_name", exprText(x.Args[0]))
		return nil
	}
	name := constant.StringVal(tv.Value)
	if c.prog == nil || c.prog.prog.Name == "package" {
		c.failN(x, "go_global_init", name)
		return nil
	}
	fd := c.byName[name]
	if fd == nil || name == "main" || len(fd.Type.Params.List) > 0 || fd.Type.Results != nil {
		c.failN(x.Args[0], "go_exec_name", strconv.Quote(name))
		return nil
	}
	prog, ok := c.children[name]
	if !ok {
		p := c.newProgram(name, fd.Pos(), true, 0)
		prog = p.idx
		c.children[name] = prog
		c.compileBody(p, fd, nil, fd.Body, true)
	}
	slot := c.alloc(name + ".Pid")
	c.declared()
	return &binding{kind: bCmd, slot: slot, cmd: &cmdInfo{prog: prog, name: name}, name: name}
}
