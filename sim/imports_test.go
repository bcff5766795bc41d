package sim

import (
	goparser "go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImportsStayPure keeps sim free of the clock, the network, the file
// system, goroutine synchronisation and third-party code (DESIGN §3).
func TestImportsStayPure(t *testing.T) {
	forbidden := []string{"os", "net", "time", "sync", "math/rand", "crypto/rand", "unsafe", "syscall", "os/exec", "io/ioutil", "runtime"}
	files, _ := filepath.Glob("*.go")
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := goparser.ParseFile(token.NewFileSet(), f, src, goparser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, imp := range af.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(strings.Split(path, "/")[0], ".") || strings.HasPrefix(path, "proclab/") {
				t.Errorf("%s imports %q: sim may use only the standard library", f, path)
			}
			for _, bad := range forbidden {
				if path == bad || strings.HasPrefix(path, bad+"/") {
					t.Errorf("%s imports %q: sim must stay pure (no clock, I/O, goroutines)", f, path)
				}
			}
		}
		if strings.Contains(string(src), "go func") {
			t.Errorf("%s starts a goroutine", f)
		}
	}
	if checked == 0 {
		t.Fatal("no files checked")
	}
}
