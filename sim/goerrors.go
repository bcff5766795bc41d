package sim

import (
	"fmt"
	"strings"
)

// goErrorFormats are the English messages of the Go front end's errors
// (package gofront, docs/go.md), one per go_ code of parseErrorCodes: a
// format whose %[n]s verbs are the code's arguments in order. They live
// here, beside the scenario parser's codes, so that one list (and one test,
// and the page's catalog web/js/i18n-parse.js) covers every parse error.
var goErrorFormats = map[string]string{
	"go_syntax":            "Go syntax error: %[1]s",
	"go_type":              "Go type error: %[1]s",
	"go_source_too_large":  "the program is %[1]s bytes; the limit is %[2]s",
	"go_package":           `the package is %[1]s: a program in ProcLab is package main`,
	"go_import":            `ProcLab's Go subset cannot import %[1]q: use %[2]s`,
	"go_no_main":           "the program has no func main()",
	"go_api":               "%[1]s is not in ProcLab's Go subset; %[2]s provides only %[3]s",
	"go_sync_map":          "sync.Map is not in ProcLab's Go subset (nor are maps): keep each value in a package-level variable and guard them with a sync.Mutex",
	"go_type_unsupported":  "values of type %[1]s are not in ProcLab's Go subset: use int, bool or string (and sync values, channels, atomic.Int64)",
	"go_composite":         "slices, arrays, maps and composite literals are not in ProcLab's Go subset: use separate variables (or a buffered channel as a queue)",
	"go_pointer":           "pointers are not in ProcLab's Go subset, except &x passed to sync/atomic and a pointer to a sync value (such as *sync.WaitGroup): use a package-level variable",
	"go_decl":              "%[1]s: type declarations and generics are not in ProcLab's Go subset: use functions and package-level variables of the supported types",
	"go_method":            "methods are not in ProcLab's Go subset: write %[1]s as a plain function",
	"go_global_init":       "the package-level variable %[1]s must start with a constant (or a make, sync.NewCond or time.After value): give it its value in main",
	"go_stmt":              "%[1]s is not in ProcLab's Go subset",
	"go_labels":            "%[1]s is not in ProcLab's Go subset: use for with break and continue (without labels)",
	"go_builtin":           "the built-in %[1]s is not in ProcLab's Go subset (make, close and panic are)",
	"go_operator":          "the operator %[1]s is not in ProcLab's Go subset: use + - * / %% and comparisons",
	"go_string_concat":     "joining strings at run time is not in ProcLab's Go subset: pass the parts as separate arguments to fmt.Println or fmt.Printf",
	"go_string_order":      "strings can only be compared with == and != in ProcLab's Go subset",
	"go_string_value":      "a string in ProcLab's Go subset is a constant or a variable holding one: %[1]s cannot give a string",
	"go_const_needed":      "%[1]s needs a constant (such as 100*time.Millisecond), not a value computed at run time",
	"go_recursion":         "%[1]s calls itself: ProcLab inlines every call, so recursion is not in its Go subset; use a for loop",
	"go_inline_depth":      "calls nest more than %[1]s deep: ProcLab inlines every call",
	"go_variadic":          "the function %[1]s takes a variable number of arguments, which is not in ProcLab's Go subset: pass a fixed number",
	"go_func_value":        "function values are not in ProcLab's Go subset beyond f := func() {...} (never reassigned) and passing a function directly: %[1]s",
	"go_call":              "cannot call %[1]s in ProcLab's Go subset: call a function of this file, a func literal or a supported library function",
	"go_go_form":           "go needs a call of a function of this file or of a func literal, not %[1]s",
	"go_defer_loop":        "defer inside a loop is not in ProcLab's Go subset: move the loop body into a function and defer there",
	"go_defer_nested":      "defer must be a statement of the function body itself in ProcLab's Go subset, not inside if, switch or select",
	"go_loop_var_shared":   "%[1]s is declared inside a loop and changed while a goroutine uses it: every iteration would need its own shared variable; declare it before the loop (or at package level)",
	"go_object_in_loop":    "%[1]s is made inside a loop (or in a goroutine started in a loop): ProcLab binds each channel and sync value to one object at compile time; make it before the loop",
	"go_object_rebind":     "%[1]s is given a second channel or sync value: ProcLab binds each variable to one object at compile time",
	"go_object_unbound":    "%[1]s is nil here: make the channel (or declare the sync value) before using it",
	"go_object_dynamic":    "cannot tell at compile time which channel or sync value %[1]s is: use a variable that is given one object",
	"go_object_value":      "%[1]s is a channel or a sync value: it cannot be used as a number, bool or string",
	"go_sync_copy":         "this copies a %[1]s: the copy is a separate value (go vet reports it); pass a pointer, such as &wg to a *sync.WaitGroup parameter",
	"go_timer_in_loop":     "time.After in a goroutine started inside a loop is not in ProcLab's Go subset: ProcLab has one channel per call site, and the goroutine's instances would share it; make one timeout before the loop (timeout := time.After(d)) and pass it to them, as Go would then share it too",
	"go_cond_mutex":        "sync.NewCond needs &mu for a sync.Mutex mu in ProcLab's Go subset",
	"go_chan_capacity":     "a channel's capacity is 0 (unbuffered) to %[1]s",
	"go_atomic_target":     "%[1]s needs &x for a package-level int64 variable (or one that goroutines share)",
	"go_printf_verb":       "the format %[1]s is not in ProcLab's Go subset: use %%v, %%d, %%s, %%t, %%q or %%%%",
	"go_printf_args":       "the format of %[1]s does not match its arguments (go vet would report it)",
	"go_print_value":       "%[1]s cannot be printed in ProcLab's Go subset: print ints, bools, strings, errors and signals",
	"go_exec_name":         "exec.Command needs the name of a function of this file, as a string constant, that takes nothing and returns nothing; %[1]s is not one",
	"go_exec_args":         "exec.Command takes only the name in ProcLab's Go subset: %[1]s runs that function as the child's main",
	"go_child_shared":      "%[1]s runs as a child process, which has its own memory: it cannot use the package-level variable %[2]s",
	"go_cmd_twice":         "%[1]s is started twice: an exec.Cmd starts once",
	"go_empty_loop":        "this loop never ends and takes no time: give it a body (runtime.Gosched, time.Sleep) or a condition",
	"go_select_case":       "this select case is not in ProcLab's Go subset: use v := <-ch, v, ok := <-ch, <-ch, ch <- v or <-time.After(d)",
	"go_too_many_locals":   "%[1]s needs more than %[2]s local slots (variables and temporaries)",
	"go_too_many_objects":  "too many channels and sync values: the limit is %[1]s",
	"go_too_many_vars":     "too many shared variables: the limit is %[1]s",
	"go_too_many_programs": "too many goroutine sites and child processes: the limit is %[1]s programs",
	"go_too_many_calls":    "the program makes more than %[1]s calls once every call is inlined: call fewer functions, or use loops",
	"go_program_too_long":  "%[1]s compiles to more than %[2]s micro-steps",
	"go_header_number":     "// %[1]s takes a whole number from %[2]s to %[3]s",
	"go_header_policy":     "unknown policy %[1]q: use fcfs, sjf, srtf, rr, priority, priority-preemptive, hrrn, mlfq, cfs, lottery or stride",
	"go_header_title":      `write "// %[1]s en: text" or "// %[1]s zh: text"`,
	"go_header_twice":      "// %[1]s is given twice",
	"go_header_expect":     `write "// expect VARIABLE == NUMBER" with a package-level variable (or !=, <, <=, >, >=)`,
}

// GoParseError makes the Go front end's error with code at line and col
// (1-based): its message is the code's English format filled with args. An
// unknown code gives a message that says so, not a panic.
func GoParseError(line, col int, code string, args ...string) *ParseError {
	format, ok := goErrorFormats[code]
	if !ok {
		format = "unknown error " + code + strings.Repeat(" %s", len(args))
	}
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a
	}
	return &ParseError{Line: line, Col: col, Msg: fmt.Sprintf(format, vals...), Code: code, Args: append(make([]string, 0, len(args)), args...)}
}
