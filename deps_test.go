package main

import (
	goparser "go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// packageRules are the imports each package may have (DESIGN §3:
// dependencies point inward). A rule lists the allowed module packages
// (proclab/...) and third-party prefixes, and the standard-library
// packages it may not use. Test files are not checked.
var packageRules = map[string]struct {
	proclab   []string // allowed proclab/... packages
	thirdPty  []string // allowed third-party path prefixes
	forbidStd []string // standard-library packages (and their subpackages) not allowed
	noGo      bool     // may not start goroutines
	// concurrent lists the files of a noGo package that may start
	// goroutines and use sync and sync/atomic all the same (DESIGN §3).
	concurrent []string
}{
	"sim":     {forbidStd: []string{"os", "net", "time", "sync", "math/rand", "crypto/rand", "unsafe", "syscall", "os/exec", "runtime", "encoding/json"}, noGo: true},
	"gofront": {proclab: []string{"proclab/sim"}, forbidStd: []string{"os", "net", "time", "sync", "math/rand", "crypto/rand", "unsafe", "syscall", "os/exec", "runtime", "encoding/json", "go/build", "go/importer"}, noGo: true},
	"ostep":   {forbidStd: []string{"os", "net", "time", "sync", "math/rand", "crypto/rand", "unsafe", "syscall", "runtime"}, noGo: true},
	"lab": {proclab: []string{"proclab/sim", "proclab/ostep", "proclab/live", "proclab/gofront"},
		forbidStd: []string{"net", "encoding/json", "time", "sync", "os", "os/exec", "syscall", "unsafe"}, noGo: true,
		// An exploration's two passes, one per core (issue 14, part 3);
		// the recordings that sessions on many goroutines share (a class
		// opening one share link, issue 14).
		concurrent: []string{"lab/explore_run.go", "lab/recordings.go"}},
	"live": {proclab: []string{"proclab/sim"}, thirdPty: []string{"github.com/prometheus/procfs", "golang.org/x/sys"}},
	"server": {proclab: []string{"proclab/lab", "proclab/live", "proclab/sim", "proclab/bus", "proclab/web", "proclab/internal/qrcode"},
		thirdPty: []string{"github.com/go-chi/chi/v5", "github.com/coder/websocket", "github.com/prometheus/procfs",
			"github.com/nats-io/nats.go"}},
	// The NATS backbone: the embedded server and the client (issue 13).
	"bus": {thirdPty: []string{"github.com/nats-io/nats-server/v2", "github.com/nats-io/nats.go"}},
	"web": {forbidStd: []string{"net", "os"}},
	// The front end's bundler (go generate ./web): esbuild, never linked
	// into the server's binary (internal/bundle's test checks).
	"internal/bundle": {proclab: []string{"proclab/web"}, thirdPty: []string{"github.com/evanw/esbuild"}},
	"cmd/webbundle":   {proclab: []string{"proclab/internal/bundle"}},
	"assets":          {forbidStd: []string{"net", "os"}},
	"docs":            {forbidStd: []string{"net", "os"}},
	// The server's QR codes: the standard library only, its tables constant
	// data (no work at start-up), no goroutines (issue 13, part 3).
	"internal/qrcode": {forbidStd: []string{"net", "os", "sync", "time", "unsafe", "syscall", "runtime"}, noGo: true},
	// The benchmarks' scenarios, shared by the server's and the browser's.
	"internal/workload": {forbidStd: []string{"net", "os"}, noGo: true},
	// A test helper (a comparison sees every field), for tests only.
	"internal/fieldtest": {forbidStd: []string{"net", "os"}, noGo: true},
	// The lessons' Go programs (//go:build ignore: each is its own
	// program, embedded as data) are what a student would write.
	"assets/lessons":    {},
	"assets/lessons/go": {},
	// The load tool speaks to a server over HTTP and websockets only; it
	// may open the benchmarks' largest run (--open-largest).
	"cmd/proclab-load": {proclab: []string{"proclab/internal/workload"}, thirdPty: []string{"github.com/coder/websocket"}},
	// The OSTEP bench runs binaries and Python scripts: the standard library only.
	"cmd/proclab-bench": {},
	// The lean OSTEP binary: the simulators and the standard library only,
	// so that it starts fast (cmd/ostep's own test checks the whole graph).
	"cmd/ostep": {proclab: []string{"proclab/ostep"}, forbidStd: []string{"net", "os/exec"}},
}

// TestPackageImports enforces packageRules on every package of the module,
// and that every package has a rule (a new package must say what it may
// depend on). It is the one place the rules live: sim and ostep stay pure
// (no clock, I/O, goroutines or third-party code) because of it.
func TestPackageImports(t *testing.T) {
	dirs := map[string][]string{} // package dir -> its non-test Go files
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules") && path != "." {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			dir := filepath.ToSlash(filepath.Dir(path))
			dirs[dir] = append(dirs[dir], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, files := range dirs {
		if dir == "." {
			continue // package main wires everything together
		}
		rule, ok := packageRules[dir]
		if !ok {
			t.Errorf("package %s has no import rule in deps_test.go", dir)
			continue
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			af, err := goparser.ParseFile(token.NewFileSet(), f, src, goparser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range af.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				switch {
				case strings.HasPrefix(p, "proclab/"):
					if !slices.Contains(rule.proclab, p) {
						t.Errorf("%s imports %s: %s may import only %v of this module", f, p, dir, rule.proclab)
					}
				case strings.Contains(strings.Split(p, "/")[0], "."):
					if !slices.ContainsFunc(rule.thirdPty, func(pre string) bool { return p == pre || strings.HasPrefix(p, pre+"/") }) {
						t.Errorf("%s imports %s: %s may use only %v from outside", f, p, dir, rule.thirdPty)
					}
				default:
					if slices.Contains(rule.concurrent, filepath.ToSlash(f)) && (p == "sync" || p == "sync/atomic") {
						continue
					}
					for _, bad := range rule.forbidStd {
						if p == bad || strings.HasPrefix(p, bad+"/") {
							t.Errorf("%s imports %s, which %s may not use", f, p, dir)
						}
					}
				}
			}
			if rule.noGo && !slices.Contains(rule.concurrent, filepath.ToSlash(f)) && strings.Contains(string(src), "go func") {
				t.Errorf("%s starts a goroutine; %s may not", f, dir)
			}
		}
	}
}

// notLinked are packages the proclab binary must not link: every process
// of the one binary, `proclab ostep` too, runs the initialiser of every
// package linked, and these cost start-up for what the server does in a
// few lines of its own (issue 14, part 4; docs/benchmarks.md, "Start-up:
// fewer initialisers").
var notLinked = []string{
	"github.com/prometheus/client_golang", // server/promtext.go writes the text format
	"google.golang.org/protobuf",          // came with client_golang
	"github.com/go-chi/chi/v5/middleware", // server/requestid.go; it linked expvar and pprof
	"github.com/piglig/go-qr",             // internal/qrcode; its init filled a 512 KB table (a test oracle only)
}

// TestBinaryLeavesOut checks the proclab binary's dependencies against
// notLinked.
func TestBinaryLeavesOut(t *testing.T) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps .: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "proclab/server") {
		t.Fatalf("go list -deps . does not list proclab/server:\n%s", out)
	}
	for _, d := range deps {
		for _, bad := range notLinked {
			if d == bad || strings.HasPrefix(d, bad+"/") {
				t.Errorf("the proclab binary links %s", d)
			}
		}
	}
}
