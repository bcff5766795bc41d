package sim

import (
	"fmt"
	"slices"
)

// parseErrorCodes are the codes a *ParseError can carry, each with the
// arguments (ParseError.Args, in this order) its message names. Clients
// translate a parse error by its code (the page's catalog web/js/i18n-parse.js
// has a template per code in each language; a test checks that it does), so
// a code, once given, keeps its meaning and its arguments. Argument kinds
// are written as words: "usage" is a syntax such as "fork PROGRAM", whose
// upper-case words are placeholders; "kind" is an object kind as the
// scenario spells it (mutex, semaphore, cond, ...).
var parseErrorCodes = map[string]string{
	"assign_number":       "",
	"assign_syntax":       "",
	"bad_decl_name":       "name, keyword",
	"bad_join":            "word",
	"bad_name":            "name",
	"bad_target":          "text",
	"cannot_catch":        "signal",
	"cannot_ignore":       "signal",
	"chan_capacity":       "max",
	"condition_syntax":    "",
	"declared_twice":      "name",
	"defined_twice":       "name",
	"else_without_if":     "",
	"empty_range":         "text",
	"empty_repeat":        "line",
	"end_without_block":   "",
	"expect_syntax":       "",
	"exec_thread":         "",
	"thread_fork":         "",
	"fork_thread":         "name",
	"fork_undefined":      "keyword, name",
	"indent_outside":      "",
	"io_reset_syntax":     "",
	"mlfq_levels":         "levels",
	"model_syntax":        "",
	"needs_name":          "keyword",
	"trace_target":        "keyword",
	"needs_object":        "keyword, kind",
	"no_end":              "keyword",
	"no_initial_value":    "keyword",
	"no_process":          "",
	"no_quantum":          "policy",
	"not_a_name":          "text",
	"not_channel":         "name",
	"not_comparison":      "text",
	"not_declared":        "name, kind",
	"not_mutex":           "name",
	"not_number":          "text",
	"not_operator":        "text",
	"not_shared_var":      "name",
	"nothing_after":       "keyword",
	"nul_byte":            "",
	"number_range":        "text, min, max",
	"object_not_value":    "name, kind",
	"object_not_variable": "name, kind",
	"one_number":          "keyword",
	"operands_not_shared": "keyword",
	"options_syntax":      "keyword",
	"out_of_range":        "text, min, max",
	"policy_syntax":       "",
	"program_too_long":    "program, max",
	"repeat_depth":        "max",
	"scenario_too_large":  "bytes, max",
	"seed_range":          "max",
	"semaphore_range":     "",
	"starvation_syntax":   "",
	"switch_cost_syntax":  "",
	"syscall_unknown":     "text, list",
	"syscall_vdso":        "name",
	"switch_cost_mm":      "",
	"threads_only":        "program",
	"title_syntax":        "keyword",
	"title_twice":         "language",
	"too_many_expects":    "max",
	"too_many_levels":     "max",
	"too_many_locals":     "program, max",
	"too_many_objects":    "max",
	"too_many_processes":  "max",
	"too_many_programs":   "max",
	"too_many_threads":    "max",
	"too_many_vars":       "max",
	"twice":               "keyword",
	"unexpected":          "text",
	"unexpected_attr":     "text",
	"unknown_attr":        "text",
	"unknown_directive":   "word",
	"unknown_language":    "text",
	"unknown_option":      "keyword, text",
	"unknown_policy":      "text",
	"unknown_signal":      "text",
	"unknown_statement":   "word",
	"usage":               "usage",
	// Pipes, FIFOs and message queues (pipe_parse.go).
	"too_many_ipc":   "max",
	"ipc_thread":     "keyword",
	"ipc_undeclared": "name",
	"not_pipe":       "name",
	"not_anon_pipe":  "name",
	"pipe_make_once": "name",
	"not_fifo":       "name",
	"not_posix_mq":   "name",
	"not_sysv_mq":    "name",
	"usage_duration": "keyword",
	"usage_kill":     "",
	"var_syntax":     "",
	"wrong_object":   "name, kind, keyword, kind",

	// The Go front end's codes (package gofront); their English messages
	// are goErrorFormats in goerrors.go.
	"go_syntax":            "text",
	"go_type":              "text",
	"go_source_too_large":  "bytes, max",
	"go_package":           "name",
	"go_import":            "path, list",
	"go_no_main":           "",
	"go_api":               "name, package, list",
	"go_sync_map":          "",
	"go_type_unsupported":  "type",
	"go_composite":         "",
	"go_pointer":           "",
	"go_decl":              "code",
	"go_method":            "name",
	"go_global_init":       "name",
	"go_stmt":              "code",
	"go_labels":            "code",
	"go_builtin":           "name",
	"go_operator":          "operator",
	"go_string_concat":     "",
	"go_string_order":      "",
	"go_string_value":      "text",
	"go_const_needed":      "construct",
	"go_recursion":         "name",
	"go_inline_depth":      "max",
	"go_variadic":          "name",
	"go_func_value":        "text",
	"go_call":              "text",
	"go_go_form":           "text",
	"go_defer_loop":        "",
	"go_defer_nested":      "",
	"go_loop_var_shared":   "name",
	"go_object_in_loop":    "name",
	"go_object_rebind":     "name",
	"go_object_unbound":    "name",
	"go_object_dynamic":    "text",
	"go_object_value":      "name",
	"go_sync_copy":         "type",
	"go_timer_in_loop":     "",
	"go_cond_mutex":        "",
	"go_chan_capacity":     "max",
	"go_atomic_target":     "text",
	"go_printf_verb":       "verb",
	"go_printf_args":       "name",
	"go_print_value":       "text",
	"go_exec_name":         "text",
	"go_exec_args":         "text",
	"go_child_shared":      "function, name",
	"go_cmd_twice":         "name",
	"go_empty_loop":        "",
	"go_select_case":       "",
	"go_too_many_locals":   "function, max",
	"go_too_many_objects":  "max",
	"go_too_many_vars":     "max",
	"go_too_many_programs": "max",
	"go_too_many_calls":    "max",
	"go_program_too_long":  "function, max",
	"go_header_number":     "keyword, min, max",
	"go_header_policy":     "text",
	"go_header_title":      "keyword",
	"go_header_twice":      "keyword",
	"go_header_expect":     "",
}

// ParseErrorCodes returns every code a *ParseError can carry, sorted.
func ParseErrorCodes() []string {
	out := make([]string, 0, len(parseErrorCodes))
	for c := range parseErrorCodes {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// ParseErrorArgs returns the names of the arguments of a code's message, in
// order ("" for none, "usage" and "kind" as described at parseErrorCodes),
// and whether the code exists.
func ParseErrorArgs(code string) (string, bool) {
	a, ok := parseErrorCodes[code]
	return a, ok
}

// newParseError makes the error at line and col (1-based): code names it,
// format and args make the English message, and each arg, printed with
// %v, becomes one of ParseError.Args.
func newParseError(line, col int, code, format string, args ...any) *ParseError {
	texts := make([]string, len(args))
	for i, a := range args {
		texts[i] = fmt.Sprint(a)
	}
	return &ParseError{Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Code: code, Args: texts}
}
