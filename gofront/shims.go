package gofront

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// This file holds the packages a Go program may import, as small Go
// sources that declare only what ProcLab's subset supports (docs/go.md).
// They are type-checked, never run: the bodies are empty. A program that
// uses anything else (sync.Map, time.Now, os.ReadFile) fails to
// type-check, and errors.go turns that into an error naming the construct.

// shimSources maps an import path to its source.
var shimSources = map[string]string{
	"fmt": `package fmt

func Println(a ...any) (n int, err error)
func Printf(format string, a ...any) (n int, err error)
func Print(a ...any) (n int, err error)
`,
	"sync": `package sync

type Locker interface {
	Lock()
	Unlock()
}

type Mutex struct{ state int }

func (m *Mutex) Lock()
func (m *Mutex) Unlock()
func (m *Mutex) TryLock() bool

type RWMutex struct{ state int }

func (rw *RWMutex) Lock()
func (rw *RWMutex) Unlock()
func (rw *RWMutex) RLock()
func (rw *RWMutex) RUnlock()
func (rw *RWMutex) TryLock() bool

type WaitGroup struct{ state int }

func (wg *WaitGroup) Add(delta int)
func (wg *WaitGroup) Done()
func (wg *WaitGroup) Wait()
func (wg *WaitGroup) Go(f func())

type Once struct{ state int }

func (o *Once) Do(f func())

type Cond struct {
	L     Locker
	state int
}

func NewCond(l Locker) *Cond
func (c *Cond) Wait()
func (c *Cond) Signal()
func (c *Cond) Broadcast()
`,
	"sync/atomic": `package atomic

func AddInt64(addr *int64, delta int64) (new int64)
func LoadInt64(addr *int64) (val int64)
func StoreInt64(addr *int64, val int64)
func CompareAndSwapInt64(addr *int64, old, new int64) (swapped bool)

type Int64 struct{ v int64 }

func (x *Int64) Add(delta int64) (new int64)
func (x *Int64) Load() int64
func (x *Int64) Store(val int64)
func (x *Int64) CompareAndSwap(old, new int64) (swapped bool)
`,
	"time": `package time

type Duration int64

const (
	Nanosecond  Duration = 1
	Microsecond          = 1000 * Nanosecond
	Millisecond          = 1000 * Microsecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
	Hour                 = 60 * Minute
)

type Time struct{ wall int64 }

func Sleep(d Duration)
func After(d Duration) <-chan Time
`,
	"runtime": `package runtime

func Gosched()
`,
	"syscall": `package syscall

type Signal int

func (s Signal) Signal()
func (s Signal) String() string

const (
	SIGHUP  = Signal(1)
	SIGINT  = Signal(2)
	SIGKILL = Signal(9)
	SIGUSR1 = Signal(10)
	SIGTERM = Signal(15)
	SIGCHLD = Signal(17)
	SIGCONT = Signal(18)
	SIGSTOP = Signal(19)
	SIGTSTP = Signal(20)
)

func Kill(pid int, sig Signal) (err error)
`,
	"os": `package os

import "syscall"

type Signal interface {
	String() string
	Signal()
}

var (
	Interrupt Signal = syscall.SIGINT
	Kill      Signal = syscall.SIGKILL
)

type Process struct{ Pid int }

func Getpid() int
func Getppid() int
func Exit(code int)
`,
	"os/exec": `package exec

import "os"

type Cmd struct{ Process *os.Process }

func Command(name string, arg ...string) *Cmd
func (c *Cmd) Start() error
func (c *Cmd) Run() error
func (c *Cmd) Wait() error
`,
	"os/signal": `package signal

import "os"

func Notify(c chan<- os.Signal, sig ...os.Signal)
func Ignore(sig ...os.Signal)
`,
}

// shimImporter type-checks the shims on demand, once per Compile (a
// types.Package is not shared between compilations, so that nothing is
// shared between goroutines that compile at the same time).
type shimImporter struct {
	fset *token.FileSet
	pkgs map[string]*types.Package
	busy map[string]bool
}

func newShimImporter(fset *token.FileSet) *shimImporter {
	return &shimImporter{fset: fset, pkgs: map[string]*types.Package{}, busy: map[string]bool{}}
}

// errNoPackage is returned for an import the subset does not have.
type errNoPackage struct{ path string }

func (e errNoPackage) Error() string { return "package " + e.path + " is not in ProcLab's Go subset" }

// Import returns the shim package for path.
func (im *shimImporter) Import(path string) (*types.Package, error) {
	if p, ok := im.pkgs[path]; ok {
		return p, nil
	}
	src, ok := shimSources[path]
	if !ok || im.busy[path] {
		return nil, errNoPackage{path}
	}
	im.busy[path] = true
	defer delete(im.busy, path)
	f, err := parser.ParseFile(im.fset, "$GOROOT/"+path+".go", src, 0)
	if err != nil {
		return nil, err
	}
	conf := types.Config{Importer: im}
	p, err := conf.Check(path, im.fset, []*ast.File{f}, nil)
	if err != nil {
		return nil, err
	}
	im.pkgs[path] = p
	return p, nil
}

// shimPaths returns the packages a program may import, sorted.
func shimPaths() []string {
	out := make([]string, 0, len(shimSources))
	for p := range shimSources {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// shimAPI lists what package path provides (its exported names, and the
// exported methods of its types as Type.Method), sorted, for error
// messages; typeName, if set, narrows it to that type's methods and fields.
func (im *shimImporter) shimAPI(path, typeName string) string {
	p, err := im.Import(path)
	if err != nil {
		return ""
	}
	short := path[strings.LastIndexByte(path, '/')+1:]
	var names []string
	sc := p.Scope()
	for _, n := range sc.Names() {
		obj := sc.Lookup(n)
		if !obj.Exported() {
			continue
		}
		tn, isType := obj.(*types.TypeName)
		if typeName == "" {
			names = append(names, short+"."+n)
			continue
		}
		if !isType || n != typeName {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		for m := range named.Methods() {
			if m.Exported() {
				names = append(names, short+"."+n+"."+m.Name())
			}
		}
		if st, ok := named.Underlying().(*types.Struct); ok {
			for f := range st.Fields() {
				if f.Exported() {
					names = append(names, short+"."+n+"."+f.Name())
				}
			}
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
