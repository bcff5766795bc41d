package gofront

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"proclab/sim"
)

// validate checks what the engine relies on in a compiled scenario: every
// index (jump, slot, variable, object, program, print) is in range.
func validate(sc *sim.Scenario) error {
	if sc.Go == nil || len(sc.Programs) == 0 || len(sc.Processes) != 1 || sc.Programs[0].Name != "main" {
		return fmt.Errorf("not a Go program's scenario")
	}
	if len(sc.Programs) > sim.MaxPrograms || len(sc.Vars) > sim.MaxVars || len(sc.Objects) > sim.MaxObjects {
		return fmt.Errorf("limits: %d programs, %d vars, %d objects", len(sc.Programs), len(sc.Vars), len(sc.Objects))
	}
	for pi, p := range sc.Programs {
		n := len(p.Locals)
		if n > MaxLocals {
			return fmt.Errorf("%s: %d locals", p.Name, n)
		}
		if len(p.Code) == 0 || len(p.Code) > sim.MaxInstructions || p.Code[len(p.Code)-1].Op != sim.OpExit || !p.Thread {
			return fmt.Errorf("%s: %d instructions, not ending in exit", p.Name, len(p.Code))
		}
		slot := func(s int, none bool) bool { return s >= 0 && s < n || none && s == -1 }
		operand := func(o sim.Operand) bool { return o.Kind == sim.Imm || o.Kind == sim.Local && slot(int(o.V), false) }
		for k, in := range p.Code {
			bad := func(what string) error {
				return fmt.Errorf("%s[%d] %s %q: %s", p.Name, k, opNames[in.Op], in.Micro, what)
			}
			if in.Jump < 0 || in.Jump > len(p.Code) {
				return bad("jump out of range")
			}
			if !operand(in.X) || !operand(in.Y) {
				return bad("operand out of range")
			}
			if in.Line < 1 || in.Col < 1 {
				return bad("no position")
			}
			switch in.Op {
			case sim.OpLoad, sim.OpStore, sim.OpXchg, sim.OpFetchAdd, sim.OpCAS, sim.OpAtomicLoad:
				if in.Var < 0 || in.Var >= len(sc.Vars) {
					return bad("variable out of range")
				}
			}
			switch in.Op {
			case sim.OpLoad, sim.OpSet, sim.OpArith, sim.OpAtomicLoad, sim.OpTryLock, sim.OpRecv, sim.OpGetpid, sim.OpStart, sim.OpWait:
				if !slot(in.Dst, false) {
					return bad("destination out of range")
				}
			case sim.OpXchg, sim.OpFetchAdd, sim.OpCAS, sim.OpSelectCase:
				if !slot(in.Dst, true) {
					return bad("destination out of range")
				}
			}
			switch in.Op {
			case sim.OpLock, sim.OpUnlock, sim.OpTryLock, sim.OpRLock, sim.OpRUnlock, sim.OpWgAdd, sim.OpWgDone, sim.OpWgWait,
				sim.OpSend, sim.OpRecv, sim.OpClose, sim.OpSelectCase, sim.OpOnce, sim.OpOnceDone, sim.OpCondWait,
				sim.OpCondSignal, sim.OpCondBcast, sim.OpNotify, sim.OpTimer:
				if in.Obj < 0 || in.Obj >= len(sc.Objects) {
					return bad("object out of range")
				}
			}
			switch in.Op {
			case sim.OpGo:
				if in.A < 0 || int(in.A) >= len(sc.Programs) || int(in.A) == pi {
					return bad("program out of range")
				}
				if in.B > 0 && (in.X.Kind != sim.Local || int(in.X.V)+int(in.B) > n || int(in.B) > len(sc.Programs[in.A].Locals)) {
					return bad("arguments out of range")
				}
			case sim.OpStart:
				if in.A < 1 || int(in.A) >= len(sc.Programs) {
					return bad("program out of range")
				}
			case sim.OpPrint, sim.OpPanic:
				if in.A < 0 || int(in.A) >= len(sc.Go.Prints) {
					return bad("print out of range")
				}
				ps := sc.Go.Prints[in.A]
				if len(ps.Parts) != len(ps.Args)+1 || len(ps.Verbs) != len(ps.Args) || int(in.B) != len(ps.Args) {
					return bad("print spec does not match")
				}
				if in.B > 0 && (in.X.Kind != sim.Local || int(in.X.V)+int(in.B) > n) {
					return bad("arguments out of range")
				}
			case sim.OpSelect:
				if k+int(in.A) >= len(p.Code) {
					return bad("select cases out of range")
				}
				for j := 1; j <= int(in.A); j++ {
					c := p.Code[k+j]
					if c.Op != sim.OpSelectCase || c.B < 0 || c.B > int64(n) {
						return bad("select case malformed")
					}
				}
			case sim.OpCondWait:
				if in.Y.Kind != sim.Imm || in.Y.V < 0 || int(in.Y.V) >= len(sc.Objects) {
					return bad("cond's mutex out of range")
				}
			}
		}
	}
	return nil
}

// seeds are the fuzz corpus's starting points: every program the other
// tests compile.
func seeds(t testing.TB) []string {
	var out []string
	for _, tc := range errorCases {
		if len(tc.text) < 4096 {
			out = append(out, tc.text)
		}
	}
	for _, tc := range constructCases {
		out = append(out, src(tc.decls, tc.body))
	}
	for _, body := range oddBodies {
		out = append(out, src("", body))
	}
	for _, tc := range runCases {
		out = append(out, tc.src)
	}
	files, _ := filepath.Glob("testdata/*.go")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(data))
	}
	return out
}

// FuzzCompile: Compile never panics; an error is a *sim.ParseError with a
// listed code, a position and its arguments; a scenario is valid.
func FuzzCompile(f *testing.F) {
	for _, s := range seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sc, err := Compile(text)
		if err != nil {
			var pe *sim.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *sim.ParseError", err)
			}
			names, ok := sim.ParseErrorArgs(pe.Code)
			if !ok || !strings.HasPrefix(pe.Code, "go_") {
				t.Fatalf("code %q is not a listed go_ code", pe.Code)
			}
			want := 0
			if names != "" {
				want = len(strings.Split(names, ", "))
			}
			if len(pe.Args) != want || pe.Line < 1 || pe.Col < 1 || badFormat(pe.Msg) {
				t.Fatalf("malformed error %+v", pe)
			}
			return
		}
		if err := validate(sc); err != nil {
			t.Fatal(err)
		}
	})
}

func TestConstructsValid(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.go")
	if len(files) == 0 {
		t.Fatal("no programs in testdata")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Compile(string(data)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, s := range seeds(t) {
		sc, err := Compile(s)
		if err != nil {
			continue
		}
		if err := validate(sc); err != nil {
			t.Errorf("%v\n%s", err, s)
		}
	}
}

// badFormat reports whether a message shows a fmt mistake (a missing or
// extra argument), not a % the program itself wrote.
func badFormat(msg string) bool {
	for _, s := range []string{"(MISSING)", "(BADINDEX)", "%!(EXTRA", "(NOVERB)"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
