package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// parseErrorsFile holds one example of every parse error (code, arguments,
// English message). The page's unit tests (web/js/i18n-parse.test.mjs)
// render the catalog's templates with these arguments: the English template
// must give the message exactly, the Chinese one must leave no English.
const parseErrorsFile = "testdata/parse_errors.json"

// lines makes n numbered lines from a format with one %d.
func lines(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// parseErrorCases are scenarios with one error each, at least one per code
// the parser can reach.
var parseErrorCases = []struct {
	code, text string
}{
	{"assign_number", "thread a\n  5 = 3\n"},
	{"assign_syntax", "thread a\n  x = 1 +\n"},
	{"bad_decl_name", "var if\nthread a\n  compute 1\n"},
	{"bad_join", "var x\nthread a\n  if x == 1 xor x == 2\n  end\n"},
	{"bad_name", "process 9lives\n"},
	{"bad_target", "process a\n  kill @@ SIGTERM\n"},
	{"cannot_ignore", "process a\n  ignore SIGKILL\n"},
	{"cannot_catch", "process a\n  catch SIGSTOP\n"},
	{"thread_fork", "var x\nthread t\n  fork\n"},
	{"exec_thread", "var x\nthread t\n  exec a\nprocess a\n  compute 1\n"},
	{"fork_thread", "var x\nthread t\n  x = 1\nprocess a\n  spawn t\n"},
	{"trace_target", "process a\n  trace self\n"},
	{"chan_capacity", "chan c = 99\nthread a\n  compute 1\n"},
	{"condition_syntax", "var x\nthread a\n  if x ==\n  end\n"},
	{"declared_twice", "var x\nvar x\nthread a\n  compute 1\n"},
	{"defined_twice", "process a\nprogram a\n"},
	{"else_without_if", "thread a\n  else\n"},
	{"empty_range", "process a\n  io 5..2\n"},
	{"empty_repeat", "process a\n  repeat 2\n  end\n"},
	{"end_without_block", "process a\n  end\n"},
	{"expect_syntax", "var x\nexpect x ==\nthread a\n  compute 1\n"},
	{"fork_undefined", "process a\n  fork ghost\n"},
	{"indent_outside", "  compute 1\n"},
	{"io_reset_syntax", "mlfq io_reset=maybe\nprocess a\n"},
	{"mlfq_levels", "mlfq levels=2 quanta=1,2,3\nprocess a\n"},
	{"model_syntax", "model threads\nprocess a\n"},
	{"needs_name", "process\n"},
	{"needs_name", "mutex\nthread a\n  compute 1\n"},
	{"no_end", "process a\n  repeat 2\n    compute 1\n"},
	{"no_initial_value", "mutex m = 1\nthread a\n  compute 1\n"},
	{"no_process", "program a\n  compute 1\n"},
	{"no_quantum", "policy sjf 3\nprocess a\n"},
	{"not_a_name", "thread a\n  x = 9y\n"},
	{"not_channel", "var x\nthread a\n  y = recv x\n"},
	{"not_comparison", "var x\nexpect x ~ 1\nthread a\n  compute 1\n"},
	{"not_comparison", "var x\nthread a\n  assert x ~ 1\n"},
	{"not_declared", "thread a\n  lock m\n"},
	{"not_mutex", "var x\nthread a\n  y = trylock x\n"},
	{"not_number", "var x\nexpect x == y\nthread a\n  compute 1\n"},
	{"not_operator", "thread a\n  x = 1 ^ 2\n"},
	{"not_shared_var", "expect y == 1\nthread a\n  compute 1\n"},
	{"not_shared_var", "thread a\n  r = xchg y 1\n"},
	{"nothing_after", "process a\n  repeat 2\n    compute 1\n  end now\n"},
	{"nothing_after", "var x\nthread a\n  if x == 1\n  else now\n  end\n"},
	{"nul_byte", "process a\n  compute 1\x00\n"},
	{"number_range", "cpus 99\nprocess a\n"},
	{"number_range", "var x = 2000000000\nthread a\n  compute 1\n"},
	{"object_not_value", "mutex m\nthread a\n  x = m\n"},
	{"object_not_variable", "mutex m\nthread a\n  m = 1\n"},
	{"one_number", "cpus 1 2\nprocess a\n"},
	{"operands_not_shared", "var x\nvar y\nthread a\n  r = xchg x y\n"},
	{"options_syntax", "mlfq levels\nprocess a\n"},
	{"out_of_range", "thread a\n  x = 99999999999\n"},
	{"policy_syntax", "policy\nprocess a\n"},
	{"program_too_long", "process a\n" + lines(MaxInstructions+1, "  compute 1 # %d\n")},
	{"repeat_depth", "process a\n repeat 2\n  repeat 2\n   repeat 2\n    repeat 2\n     repeat 2\n"},
	{"scenario_too_large", "process a\n" + strings.Repeat("  compute 1\n", MaxScenarioBytes/12+1)},
	{"seed_range", "seed -1\nprocess a\n"},
	{"semaphore_range", "semaphore s = 2000\nthread a\n  compute 1\n"},
	{"starvation_syntax", "starvation\nprocess a\n"},
	{"switch_cost_syntax", "switch_cost\nprocess a\n"},
	{"switch_cost_mm", "switch_cost 1 tlb=2\nprocess a\n"},
	{"threads_only", "var x\nprocess a\n  x = x + 1\n"},
	{"title_syntax", "title hello\nprocess a\n"},
	{"title_twice", "title en: a\ntitle en: b\nprocess a\n"},
	{"too_many_expects", "var x\n" + lines(MaxExpects+1, "expect x == %d\n") + "thread a\n  compute 1\n"},
	{"too_many_levels", "mlfq quanta=1,1,1,1,1,1,1,1,1\nprocess a\n"},
	{"too_many_locals", "thread a\n" + lines(MaxLocals+1, "  v%d = 1\n")},
	{"too_many_objects", lines(MaxObjects+1, "mutex m%d\n") + "thread a\n  compute 1\n"},
	{"too_many_programs", lines(MaxPrograms+1, "program p%d\n") + "process a\n"},
	{"too_many_threads", lines(MaxThreads+1, "thread t%d\n  compute 1\n")},
	{"too_many_vars", lines(MaxVars+1, "var v%d\n") + "thread a\n  compute 1\n"},
	{"twice", "cpus 1\ncpus 2\nprocess a\n"},
	{"twice", "quantum 2\npolicy rr 3\nprocess a\n"},
	{"unexpected", "mutex m extra\nthread a\n  compute 1\n"},
	{"unexpected_attr", "program p x=1\n"},
	{"unknown_attr", "process a colour=red\n"},
	{"unknown_directive", "proces a\n"},
	{"unknown_language", "title fr: x\nprocess a\n"},
	{"unknown_option", "mlfq speed=9\nprocess a\n"},
	{"unknown_policy", "policy sjff\nprocess a\n"},
	{"unknown_signal", "process a\n  kill parent SIGFOO\n"},
	{"syscall_unknown", "process a\n  syscall fork\n"},
	{"syscall_vdso", "process a\n  syscall clock_gettime 3\n"},
	{"unknown_statement", "process a\n  comptue 3\n"},
	{"usage", "process a\n  exec\n"},
	{"usage", "process a\n  yield 1\n"},
	{"usage", "process a\n  wait 1\n"},
	{"usage", "process a\n  exit 1 2\n"},
	{"usage", "process a\n  ignore\n"},
	{"usage", "process a\n  repeat\n"},
	{"usage", "thread a\n  sem_wait\n"},
	{"usage", "thread a\n  sem_post\n"},
	{"usage", "thread a\n  cond_signal\n"},
	{"usage", "thread a\n  cond_broadcast\n"},
	{"usage", "thread a\n  wg_done\n"},
	{"usage", "thread a\n  wg_wait\n"},
	{"usage", "thread a\n  wg_add\n"},
	{"usage", "thread a\n  send\n"},
	{"usage", "thread a\n  critical 1\n"},
	{"usage", "thread a\n  assert 1\n"},
	{"usage", "thread a\n  lock\n"},
	{"usage", "thread a\n  unlock\n"},
	{"usage", "thread a\n  cond_wait c\n"},
	{"usage", "thread a\n  atomic_add x\n"},
	{"usage", "thread a\n  y = trylock\n"},
	{"usage", "thread a\n  y = recv\n"},
	{"usage", "var x\nthread a\n  y = xchg x\n"},
	{"usage", "var x\nthread a\n  y = fetch_add x\n"},
	{"usage", "var x\nthread a\n  y = cas x 1\n"},
	{"usage_duration", "process a\n  compute\n"},
	{"usage_duration", "process a\n  sleep 1 2\n"},
	{"usage_kill", "process a\n  kill parent\n"},
	{"var_syntax", "var x 3\nthread a\n  compute 1\n"},
	{"wrong_object", "mutex m\nthread a\n  sem_wait m\n"},
	// Pipes, FIFOs and message queues.
	{"usage", "pipe p size=9\nprocess a\n"},
	{"usage", "mqueue q posix capacity=9\nprocess a\n"},
	{"too_many_ipc", lines(MaxIPC+1, "pipe p%d\n") + "process a\n"},
	{"ipc_thread", "pipe p\nthread a\n  write p 1\n"},
	{"ipc_undeclared", "process a\n  write p 1\npipe p\n"},
	{"not_pipe", "mqueue q\nprocess a\n  write q 1\n"},
	{"not_anon_pipe", "fifo f\nprocess a\n  pipe f\n"},
	{"pipe_make_once", "pipe p\nprocess a\n  fork\n  pipe p\n"},
	{"pipe_make_once", "pipe p\nprocess a\n  pipe p\n  pipe p\n"},
	{"pipe_make_once", "pipe p\nprogram a\n  pipe p\nprocess b\n  spawn a\n"},
	{"pipe_make_once", "pipe p\nprocess a\n  repeat 2\n    pipe p\n  end\n"},
	{"not_fifo", "pipe p\nprocess a\n  open p read\n"},
	{"not_posix_mq", "mqueue q sysv\nprocess a\n  mq_receive q\n"},
	{"not_sysv_mq", "mqueue q\nprocess a\n  msgrcv q 0\n"},
	{"usage", "pipe p\nprocess a\n  close p both\n"},
	{"number_range", "pipe p capacity=100\nprocess a\n"},
}

// unreachableCodes are codes that guard a case the parser's other checks
// rule out today (they stay, so that a later change cannot produce an error
// without a code); each is shown here by a made-up example.
var unreachableCodes = map[string]*ParseError{
	// Every statement checks its number of arguments before naming objects.
	"needs_object": newParseError(1, 1, "needs_object", "%s needs the name of a %s", "lock", ObjMutex),
	// A process is a program too: MaxPrograms is reached first.
	"too_many_processes": newParseError(1, 1, "too_many_processes", "too many processes: the limit is %d", MaxProcessesAtTop),
}

// goErrorExamples are the Go front end's errors (package gofront, which
// this package cannot import), one per go_ code, made with GoParseError
// as gofront makes them; gofront's TestErrorCodes compiles a program for
// each code and checks that it uses every code listed here.
var goErrorExamples = []struct {
	code string
	args []string
}{
	{"go_syntax", []string{"expected ';', found x"}},
	{"go_type", []string{"undefined: y"}},
	{"go_source_too_large", []string{"70000", "65536"}},
	{"go_package", []string{"lib"}},
	{"go_import", []string{"net/http", "fmt, os, os/exec, os/signal, runtime, sync, sync/atomic, syscall, time"}},
	{"go_no_main", nil},
	{"go_api", []string{"time.Now", "time", "time.After, time.Duration, time.Sleep, time.Time"}},
	{"go_sync_map", nil},
	{"go_type_unsupported", []string{"float64"}},
	{"go_composite", nil},
	{"go_pointer", nil},
	{"go_decl", []string{"type point struct{ x, y int }"}},
	{"go_method", []string{"inc"}},
	{"go_global_init", []string{"n"}},
	{"go_stmt", []string{"switch v := x.(type) {"}},
	{"go_labels", []string{"goto done"}},
	{"go_builtin", []string{"append"}},
	{"go_operator", []string{"<<"}},
	{"go_string_concat", nil},
	{"go_string_order", nil},
	{"go_string_value", []string{"e.Error()"}},
	{"go_const_needed", []string{"time.Sleep"}},
	{"go_recursion", []string{"fib"}},
	{"go_inline_depth", []string{"16"}},
	{"go_variadic", []string{"sum"}},
	{"go_func_value", []string{"f"}},
	{"go_call", []string{"strings.ToUpper"}},
	{"go_go_form", []string{"wg.Wait"}},
	{"go_defer_loop", nil},
	{"go_defer_nested", nil},
	{"go_loop_var_shared", []string{"count"}},
	{"go_object_in_loop", []string{"ch"}},
	{"go_object_rebind", []string{"ch"}},
	{"go_object_unbound", []string{"ch"}},
	{"go_object_dynamic", []string{"pick()"}},
	{"go_object_value", []string{"mu"}},
	{"go_sync_copy", []string{"sync.WaitGroup"}},
	{"go_timer_in_loop", nil},
	{"go_cond_mutex", nil},
	{"go_chan_capacity", []string{"16"}},
	{"go_atomic_target", []string{"&n"}},
	{"go_printf_verb", []string{"%5d"}},
	{"go_printf_args", []string{"fmt.Printf"}},
	{"go_print_value", []string{"ch"}},
	{"go_exec_name", []string{`"ls"`}},
	{"go_exec_args", []string{`"child"`}},
	{"go_child_shared", []string{"child", "counter"}},
	{"go_cmd_twice", []string{"cmd"}},
	{"go_empty_loop", nil},
	{"go_select_case", nil},
	{"go_too_many_locals", []string{"main", "32"}},
	{"go_too_many_objects", []string{"16"}},
	{"go_too_many_vars", []string{"32"}},
	{"go_too_many_programs", []string{"64"}},
	{"go_too_many_calls", []string{"20000"}},
	{"go_program_too_long", []string{"main", "1000"}},
	{"go_header_number", []string{"cpus", "1", "16"}},
	{"go_header_policy", []string{"fifo"}},
	{"go_header_title", []string{"title"}},
	{"go_header_twice", []string{"cpus"}},
	{"go_header_expect", nil},
}

// argCount is the number of arguments a code's message names.
func argCount(names string) int {
	if names == "" {
		return 0
	}
	return len(strings.Split(names, ", "))
}

func TestParseErrorCodes(t *testing.T) {
	type example struct {
		Code    string   `json:"code"`
		Args    []string `json:"args"`
		Message string   `json:"message"`
	}
	var examples []example
	covered := map[string]bool{}
	for _, tc := range parseErrorCases {
		_, err := Parse(tc.text)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%.60q) = %v; want a *ParseError %s", tc.text, err, tc.code)
			continue
		}
		if pe.Code != tc.code {
			t.Errorf("Parse(%.60q): got code %q (%s); want %q", tc.text, pe.Code, pe.Msg, tc.code)
			continue
		}
		names, ok := ParseErrorArgs(pe.Code)
		if !ok {
			t.Errorf("code %q is not in ParseErrorCodes", pe.Code)
		}
		if got, want := len(pe.Args), argCount(names); got != want {
			t.Errorf("%s: got %d arguments %q; want %d (%s)", pe.Code, got, pe.Args, want, names)
		}
		if got, want := pe.Error(), fmt.Sprintf("line %d, column %d: %s", pe.Line, pe.Col, pe.Msg); got != want {
			t.Errorf("%s: Error() = %q; want %q", pe.Code, got, want)
		}
		covered[pe.Code] = true
		examples = append(examples, example{pe.Code, pe.Args, pe.Msg})
	}
	for _, code := range slices.Sorted(func(yield func(string) bool) {
		for c := range unreachableCodes {
			if !yield(c) {
				return
			}
		}
	}) {
		pe := unreachableCodes[code]
		covered[code] = true
		examples = append(examples, example{pe.Code, pe.Args, pe.Msg})
	}
	for _, x := range goErrorExamples {
		pe := GoParseError(3, 7, x.code, x.args...)
		names, ok := ParseErrorArgs(x.code)
		if !ok || !strings.HasPrefix(x.code, "go_") {
			t.Errorf("Go code %q is not in ParseErrorCodes (or lacks the go_ prefix)", x.code)
		}
		if got, want := len(pe.Args), argCount(names); got != want {
			t.Errorf("%s: got %d arguments %q; want %d (%s)", x.code, got, pe.Args, want, names)
		}
		if strings.Contains(pe.Msg, "%!") || strings.Contains(pe.Msg, "unknown error") {
			t.Errorf("%s: message %q is malformed", x.code, pe.Msg)
		}
		covered[x.code] = true
		examples = append(examples, example{pe.Code, pe.Args, pe.Msg})
	}
	for _, code := range ParseErrorCodes() {
		if !covered[code] {
			t.Errorf("no example of parse error %q", code)
		}
	}
	got, err := json.MarshalIndent(examples, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(parseErrorsFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(parseErrorsFile)
	if err != nil {
		t.Fatalf("%v (run go test ./sim -run TestParseErrorCodes -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: run go test ./sim -run TestParseErrorCodes -update", parseErrorsFile)
	}
}

// TestParseErrorCodesUsed reads the parser's source: every code it passes to
// fail or newParseError is listed, and every listed code is used, so that a
// new error cannot reach a client without a code the page can translate.
func TestParseErrorCodesUsed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	used := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := goparser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			at := -1
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if fn.Sel.Name == "fail" {
					at = 1
				}
			case *ast.Ident:
				if fn.Name == "newParseError" {
					at = 2
				}
			}
			if at < 0 || len(call.Args) <= at {
				return true
			}
			lit, ok := call.Args[at].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				if name != "parse_codes.go" && !(name == "parse.go" && at == 2) {
					t.Errorf("%s: the code of a parse error must be a string literal", fset.Position(call.Pos()))
				}
				return true
			}
			code, _ := strconv.Unquote(lit.Value)
			used[code] = true
			if _, ok := ParseErrorArgs(code); !ok {
				t.Errorf("%s: code %q is not in ParseErrorCodes", fset.Position(call.Pos()), code)
			}
			return true
		})
	}
	for _, code := range ParseErrorCodes() {
		if strings.HasPrefix(code, "go_") {
			if _, ok := goErrorFormats[code]; !ok {
				t.Errorf("Go code %q has no English format in goErrorFormats", code)
			}
			continue // gofront uses these (its TestErrorCodes checks them)
		}
		if !used[code] {
			t.Errorf("code %q is listed but the parser never uses it", code)
		}
	}
}

// TestParseErrorsSayWhatWasWritten checks two messages a QA pass found
// pointing the wrong way: a spawn of an undefined program said "fork names
// program", and a read from an undeclared pipe spoke of memory regions
// only.
func TestParseErrorsSayWhatWasWritten(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"process a\n  spawn nothere\n", `spawn names program "nothere"`},
		{"process a\n  exec nothere\n", `exec names program "nothere"`},
		{"process a\n  fork nothere\n", `fork names program "nothere"`},
		{"process a\n  read p 10\n", "declared with pipe p or fifo p"},
	} {
		_, err := Parse(tc.src)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v; want %q", tc.src, err, tc.want)
		}
	}
}
