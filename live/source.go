package live

import (
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// The live lab shows students the real Go code each workload runs. The
// files that implement the workloads are embedded here as they are in the
// repository (go:embed takes a package's own .go files, whatever their
// build constraints), so what the page shows is what was compiled into
// this binary: there is no second copy that could drift from it.

//go:embed work_basic.go work_disk.go work_fork.go work_ipc.go worker.go rawfork.go work_sys.go
//go:embed work_fifo.go work_mqueue.go work_shm.go work_inet.go ipc_names_linux.go
var sourceFS embed.FS

// sourceDir is where the embedded files sit in the repository.
const sourceDir = "live/"

// sourceHelpers names, per workload, the functions besides its own run
// function that the page shows with it: its child's side (an internal
// worker or the raw fork's child), the lock it takes, how it starts a
// child or how it sleeps. The run function itself is found from the
// workload table (Workload.run), never written down twice.
var sourceHelpers = map[string][]string{
	"cpu":      {"sleepMS"},
	"sleep":    {"sleepMS"},
	"exit":     {"sleepMS"},
	"pipe":     {"runPipeReader", "startWorker"},
	"forker":   {"rawFork", "rawChild"},
	"orphans":  {"rawFork", "rawChild"},
	"vfork":    {"rawFork", "rawChild"},
	"cow":      {"rawFork", "rawChild"},
	"race":     {"runInc", "incPlain", "lock", "unlock", "startWorker"},
	"socket":   {"runSockRecv", "startWorker"},
	"signals":  nil,
	"diskread": nil,
}

// Roles of a function in a workload's source.
const (
	RoleRun    = "run"    // the workload's own function: what its worker runs
	RoleHelper = "helper" // a function it calls or starts a child with
)

// SourceFunc is one function of a workload's source, by its lines in its
// file (1-based, inclusive). First is the first line of its doc comment
// (which holds its //go: directives) when it has one.
type SourceFunc struct {
	Name  string `json:"name"`
	Role  string `json:"role"` // RoleRun or RoleHelper
	First int    `json:"first"`
	Last  int    `json:"last"`
}

// SourceFile is one Go file of the repository, exactly as it was compiled
// into this binary, with the functions of the workload it holds, in the
// order they appear.
type SourceFile struct {
	Path  string       `json:"path"` // from the module's root: live/work_fork.go
	Text  string       `json:"text"`
	Lines int          `json:"lines"`
	Funcs []SourceFunc `json:"funcs"`
}

// Source is the real Go code of one whitelisted workload: the file of its
// run function first, then the files of its helpers.
type Source struct {
	Workload string       `json:"workload"`
	Func     string       `json:"func"` // its run function
	Files    []SourceFile `json:"files"`
}

// sourceIndex is every top-level function of the embedded files: where it
// is declared.
type sourceIndex struct {
	text  map[string]string // file name -> text
	lines map[string]int    // file name -> number of lines
	funcs map[string]funcAt // function name -> where
}

type funcAt struct {
	file        string
	first, last int
}

var (
	sourceOnce sync.Once
	sourceIdx  sourceIndex
	sourceErr  error
)

// loadSources parses the embedded files once. It is safe for concurrent use;
// what it returns is never modified.
func loadSources() (sourceIndex, error) {
	sourceOnce.Do(func() {
		ents, err := sourceFS.ReadDir(".")
		if err != nil {
			sourceErr = err
			return
		}
		idx := sourceIndex{text: map[string]string{}, lines: map[string]int{}, funcs: map[string]funcAt{}}
		fset := token.NewFileSet()
		for _, e := range ents {
			b, err := sourceFS.ReadFile(e.Name())
			if err != nil {
				sourceErr = err
				return
			}
			f, err := parser.ParseFile(fset, e.Name(), b, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				sourceErr = err
				return
			}
			idx.text[e.Name()] = string(b)
			idx.lines[e.Name()] = lineCount(string(b))
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil {
					continue
				}
				start := fd.Pos()
				if fd.Doc != nil {
					start = fd.Doc.Pos()
				}
				if prev, dup := idx.funcs[fd.Name.Name]; dup {
					sourceErr = fmt.Errorf("live source: %s is declared in %s and %s", fd.Name.Name, prev.file, e.Name())
					return
				}
				idx.funcs[fd.Name.Name] = funcAt{file: e.Name(), first: fset.Position(start).Line, last: fset.Position(fd.End()).Line}
			}
		}
		sourceIdx = idx
	})
	return sourceIdx, sourceErr
}

// lineCount is the number of lines of text: a last line without a
// newline counts too.
func lineCount(text string) int {
	n := strings.Count(text, "\n")
	if text != "" && !strings.HasSuffix(text, "\n") {
		n++
	}
	return n
}

// runName is the name of the function a workload's worker runs, as the
// compiler recorded it ("proclab/live.runCOW" -> "runCOW").
func runName(w *Workload) string {
	f := runtime.FuncForPC(reflect.ValueOf(w.run).Pointer())
	if f == nil {
		return ""
	}
	n := f.Name()
	return n[strings.LastIndexByte(n, '.')+1:]
}

// WorkloadSource returns the real Go source of the whitelisted workload
// name: ErrUnknownWorkload for any other name. It is safe for concurrent
// use and the same on every platform (the text is embedded).
func WorkloadSource(name string) (Source, error) {
	w, ok := LookupWorkload(name)
	if !ok {
		return Source{}, fmt.Errorf("%w %q: the live lab shows the source of its own workloads only", ErrUnknownWorkload, truncate(name, 40))
	}
	idx, err := loadSources()
	if err != nil {
		return Source{}, err
	}
	run := runName(w)
	src := Source{Workload: w.Name, Func: run}
	byFile := map[string]int{} // file name -> index in src.Files
	for i, fn := range append([]string{run}, sourceHelpers[w.Name]...) {
		at, ok := idx.funcs[fn]
		if !ok {
			return Source{}, fmt.Errorf("live source: the function %q of workload %s is not in the embedded files", fn, w.Name)
		}
		j, seen := byFile[at.file]
		if !seen {
			j = len(src.Files)
			byFile[at.file] = j
			src.Files = append(src.Files, SourceFile{Path: sourceDir + at.file, Text: idx.text[at.file], Lines: idx.lines[at.file]})
		}
		role := RoleHelper
		if i == 0 {
			role = RoleRun
		}
		src.Files[j].Funcs = append(src.Files[j].Funcs, SourceFunc{Name: fn, Role: role, First: at.first, Last: at.last})
	}
	for _, f := range src.Files { // in the order they appear in the file
		slices.SortFunc(f.Funcs, func(a, b SourceFunc) int { return a.First - b.First })
	}
	return src, nil
}
