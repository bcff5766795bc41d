package gofront

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"proclab/sim"
)

// src wraps a main body (and declarations before it) into a program that
// imports every package of the subset.
func src(decls, body string) string {
	return `package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

var (
	_ = fmt.Println
	_ = os.Getpid
	_ = exec.Command
	_ = signal.Notify
	_ = runtime.Gosched
	_ sync.Mutex
	_ = atomic.AddInt64
	_ = syscall.Kill
	_ = time.Sleep
)
` + decls + `
func main() {
` + body + `
}
`
}

// bodyLine is the line of the first statement of main in src("", body).
const bodyLine = 28

// errorCases are programs with one error each: the code, and where.
var errorCases = []struct {
	name, code string
	text       string
	line, col  int
}{
	{"syntax", "go_syntax", "package main\nfunc main() {\n\tx :=\n}\n", 4, 1},
	{"undefined", "go_type", src("", "\ty = 1"), bodyLine, 2},
	{"too large", "go_source_too_large", "package main\n" + strings.Repeat("//", MaxSourceBytes/2), 1, 1},
	{"package", "go_package", "package lib\nfunc main() {}\n", 1, 9},
	{"import", "go_import", "package main\nimport \"net/http\"\nvar _ = http.Get\nfunc main() {}\n", 2, 8},
	{"no main", "go_no_main", "package main\nfunc f() {}\n", 1, 1},
	{"time.Now", "go_api", src("", "\t_ = time.Now()"), bodyLine, 11},
	{"sync.Map", "go_sync_map", src("var m sync.Map\n", ""), 26, 12},
	{"float", "go_type_unsupported", src("", "\tx := 1.5\n\tfmt.Println(x)"), bodyLine, 2},
	{"slice", "go_composite", src("", "\tx := []int{1, 2}\n\tfmt.Println(x[0])"), bodyLine, 2},
	{"pointer", "go_pointer", src("", "\tx := 1\n\tp := &x\n\tfmt.Println(*p)"), bodyLine + 1, 2},
	{"type decl", "go_decl", src("type point struct{ x, y int }\n", ""), 26, 1},
	{"method", "go_method", "package main\nfunc (c *C) inc() {}\ntype C struct{}\nfunc main() {}\n", 2, 1},
	{"global init", "go_global_init", src("var n = f()\nfunc f() int { return 1 }\n", ""), 26, 9},
	{"type switch", "go_stmt", src("", "\tvar e error\n\tswitch e.(type) {\n\t}"), bodyLine + 1, 2},
	{"goto", "go_labels", src("", "\tgoto done\ndone:\n\tfmt.Println()"), bodyLine, 2},
	{"min", "go_builtin", src("", "\tn := 1\n\tm := min(n, 2)\n\tfmt.Println(m)"), bodyLine + 1, 7},
	{"shift", "go_operator", src("", "\tx := 1\n\tx = x << 2\n\tfmt.Println(x)"), bodyLine + 1, 6},
	{"concat", "go_string_concat", src("", "\ts := \"a\"\n\ts = s + \"b\"\n\tfmt.Println(s)"), bodyLine + 1, 6},
	{"string order", "go_string_order", src("", "\ts := \"a\"\n\tif s < \"b\" {\n\t}"), bodyLine + 1, 5},
	{"print value", "go_print_value", src("", "\tch := make(chan int)\n\tfmt.Println(ch)"), bodyLine + 1, 14},
	{"string value", "go_string_value", src("", "\tvar e error\n\tfmt.Println(e.Error())"), bodyLine + 1, 14},
	{"uint64", "go_type_unsupported", src("", "\tvar x uint64 = 1 << 63\n\t_ = x"), bodyLine, 6},
	{"sleep var", "go_const_needed", src("", "\td := time.Millisecond\n\ttime.Sleep(d)"), bodyLine + 1, 13},
	{"recursion", "go_recursion", src("func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\n", "\tfmt.Println(fib(3))"), 30, 9},
	{"inline depth", "go_inline_depth", src(deepCalls(20), "\tf0()"), 26 + MaxInlineDepth - 1, 14},
	{"variadic", "go_variadic", src("func sum(xs ...int) int { return 0 }\n", "\tfmt.Println(sum(1, 2))"), bodyLine + 1, 14},
	{"func value", "go_func_value", src("", "\tf := func() {}\n\tf = func() {}\n\tf()"), bodyLine, 2},
	{"call", "go_call", src("", "\tsyscall.SIGINT.Signal()"), bodyLine, 2},
	{"go form", "go_go_form", src("", "\tvar wg sync.WaitGroup\n\tgo wg.Wait()"), bodyLine + 1, 5},
	{"defer loop", "go_defer_loop", src("", "\tfor i := 0; i < 2; i++ {\n\t\tdefer fmt.Println(i)\n\t}"), bodyLine + 1, 3},
	{"defer nested", "go_defer_nested", src("", "\tif os.Getpid() > 0 {\n\t\tdefer fmt.Println()\n\t}"), bodyLine + 1, 3},
	{"loop var shared", "go_loop_var_shared", src("", "\tfor i := 0; i < 2; i++ {\n\t\tn := 0\n\t\tgo func() { n++ }()\n\t\tn++\n\t}"), bodyLine + 1, 3},
	{"object in loop", "go_object_in_loop", src("", "\tfor i := 0; i < 2; i++ {\n\t\tch := make(chan int, 1)\n\t\tch <- i\n\t}"), bodyLine + 1, 9},
	{"object rebind", "go_object_rebind", src("", "\tch := make(chan int)\n\tch = make(chan int)\n\tclose(ch)"), bodyLine + 1, 2},
	{"nil channel", "go_object_unbound", src("", "\tvar ch chan int\n\tclose(ch)"), bodyLine + 1, 8},
	{"rebind pointer", "go_object_rebind", src("", "\tvar a, b sync.Mutex\n\tm := &a\n\tif os.Getpid() > 1 {\n\t\tm = &b\n\t}\n\tm.Lock()"), bodyLine + 3, 3},
	{"dynamic object", "go_object_dynamic", src("", "\tvar mu sync.Mutex\n\tsync.NewCond(&mu).Signal()"), bodyLine + 1, 2},
	{"object value", "go_object_value", src("", "\tch := make(chan int)\n\tif ch == nil {\n\t}"), bodyLine + 1, 5},
	{"waitgroup by value", "go_sync_copy", src("func worker(wg sync.WaitGroup) {\n\twg.Done()\n}\n", "\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo worker(wg)\n\twg.Wait()"), bodyLine + 5, 12},
	{"mutex copied", "go_sync_copy", src("", "\tvar mu sync.Mutex\n\tm2 := mu\n\tm2.Lock()"), bodyLine + 1, 8},
	{"timer in a goroutine started in a loop", "go_timer_in_loop", src("", "\tch := make(chan int)\n\tfor range 2 {\n\t\tgo func() {\n\t\t\tselect {\n\t\t\tcase <-ch:\n\t\t\tcase <-time.After(time.Millisecond):\n\t\t\t}\n\t\t}()\n\t}"), bodyLine + 5, 11},
	{"cond mutex", "go_cond_mutex", src("", "\tvar rw sync.RWMutex\n\tc := sync.NewCond(&rw)\n\tc.Signal()"), bodyLine + 1, 20},
	{"chan capacity", "go_chan_capacity", src("", "\tch := make(chan int, 99)\n\tclose(ch)"), bodyLine, 23},
	{"atomic target", "go_atomic_target", src("", "\tatomic.AddInt64(new(int64), 1)"), bodyLine, 18},
	{"printf verb", "go_printf_verb", src("", "\tfmt.Printf(\"%5d\\n\", 3)"), bodyLine, 13},
	{"printf args", "go_printf_args", src("", "\tfmt.Printf(\"%d %d\\n\", 3)"), bodyLine, 2},
	{"exec name", "go_exec_name", src("", "\tcmd := exec.Command(\"ls\")\n\tcmd.Run()"), bodyLine, 22},
	{"exec args", "go_exec_args", src("func child() {}\n", "\tcmd := exec.Command(\"child\", \"-v\")\n\tcmd.Run()"), bodyLine + 1, 31},
	{"child shared", "go_child_shared", src("var counter int\nfunc child() { counter++ }\n", "\tcmd := exec.Command(\"child\")\n\tcmd.Run()"), 27, 16},
	{"cmd twice", "go_cmd_twice", src("func child() {}\n", "\tcmd := exec.Command(\"child\")\n\tcmd.Run()\n\tcmd.Run()"), bodyLine + 3, 2},
	{"empty loop", "go_empty_loop", src("", "\tfor {\n\t}"), bodyLine, 2},
	{"select case", "go_select_case", src("func child() {}\n", "\tch := make(chan int)\n\tcmd := exec.Command(\"child\")\n\tcmd.Start()\n\tselect {\n\tcase cmd.Process.Pid = <-ch:\n\t}"), bodyLine + 5, 7},
	{"too many locals", "go_too_many_locals", src("", manyLocals(MaxLocals+1)), bodyLine + MaxLocals, 2},
	{"too many objects", "go_too_many_objects", src(manyDecls(sim.MaxObjects+1, "var m%d sync.Mutex\n"), ""), 26 + sim.MaxObjects, 5},
	{"too many vars", "go_too_many_vars", src(manyDecls(sim.MaxVars+1, "var v%d int\n"), ""), 26 + sim.MaxVars, 5},
	{"too many programs", "go_too_many_programs", src("", manyGo(sim.MaxPrograms)), bodyLine + sim.MaxPrograms - 1, 2},
	{"too long", "go_program_too_long", src("var x int\n", strings.Repeat("\tx++\n", sim.MaxInstructions/3+1)), bodyLine + 1 + sim.MaxInstructions/3, 2},
	{"too many calls", "go_too_many_calls", src(fanOut(8, 4), "\tg0()"), 0, 0},
	{"deep literals", "go_inline_depth", "package main\nfunc main() {\n" + strings.Repeat("func() {\n", MaxLiteralDepth+1) + strings.Repeat("}()\n", MaxLiteralDepth+1) + "}\n", MaxLiteralDepth + 3, 1},
	{"header number", "go_header_number", "// cpus 99\npackage main\nfunc main() {}\n", 1, 4},
	{"header policy", "go_header_policy", "// policy fifo\npackage main\nfunc main() {}\n", 1, 4},
	{"header title", "go_header_title", "// title fr: x\npackage main\nfunc main() {}\n", 1, 4},
	{"header twice", "go_header_twice", "// cpus 1\n// cpus 2\npackage main\nfunc main() {}\n", 2, 4},
	{"header expect", "go_header_expect", "// expect nothing == 1\npackage main\nfunc main() {}\n", 1, 4},
}

func deepCalls(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("func f" + strconv.Itoa(i) + "() { f" + strconv.Itoa(i+1) + "() }\n")
	}
	b.WriteString("func f" + strconv.Itoa(n) + "() {}\n")
	return b.String()
}

// fanOut makes functions g0..g(depth) where each calls the next width times.
func fanOut(depth, width int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString("func g" + strconv.Itoa(i) + "() {\n" + strings.Repeat("\tg"+strconv.Itoa(i+1)+"()\n", width) + "}\n")
	}
	b.WriteString("func g" + strconv.Itoa(depth) + "() {}\n")
	return b.String()
}

func manyLocals(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("\tv" + strconv.Itoa(i) + " := " + strconv.Itoa(i) + "\n")
	}
	for i := range n {
		b.WriteString("\t_ = v" + strconv.Itoa(i) + "\n")
	}
	return b.String()
}

func manyDecls(n int, format string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.ReplaceAll(format, "%d", strconv.Itoa(i)))
	}
	return b.String()
}

func manyGo(n int) string {
	return strings.Repeat("\tgo func() {}()\n", n)
}

func TestErrors(t *testing.T) {
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Compile(tc.text)
			var pe *sim.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Compile: got %v (scenario %v); want a *sim.ParseError %s", err, sc != nil, tc.code)
			}
			if pe.Code != tc.code {
				t.Fatalf("got code %s (%s) at %d:%d; want %s", pe.Code, pe.Msg, pe.Line, pe.Col, tc.code)
			}
			if tc.line > 0 && (pe.Line != tc.line || pe.Col != tc.col) {
				t.Errorf("got %s at line %d, column %d; want %d:%d (%s)", tc.code, pe.Line, pe.Col, tc.line, tc.col, pe.Msg)
			}
			if got, want := pe, sim.GoParseError(pe.Line, pe.Col, pe.Code, pe.Args...); got.Msg != want.Msg {
				t.Errorf("message %q; want the code's %q", got.Msg, want.Msg)
			}
		})
	}
}

// TestErrorCodes checks that every go_ code of sim.ParseErrorCodes is one
// gofront makes (its source names it) and has a case in errorCases, and
// that gofront makes no other code.
func TestErrorCodes(t *testing.T) {
	used := map[string]bool{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, data, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			if strings.HasPrefix(s, "go_") {
				used[s] = true
				if _, ok := sim.ParseErrorArgs(s); !ok {
					t.Errorf("%s: code %q is not in sim.ParseErrorCodes", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
	}
	cased := map[string]bool{}
	for _, tc := range errorCases {
		cased[tc.code] = true
	}
	for _, code := range sim.ParseErrorCodes() {
		if !strings.HasPrefix(code, "go_") {
			continue
		}
		if !used[code] {
			t.Errorf("code %q is listed but gofront never makes it", code)
		}
		if !cased[code] {
			t.Errorf("code %q has no case in errorCases", code)
		}
	}
}
