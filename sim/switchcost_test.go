package sim

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestSwitchCostSyntax(t *testing.T) {
	tests := []struct {
		name       string
		line       string
		base, mm   int64
		code       string
		wantErrCol int
	}{
		{"base only", "switch_cost 2", 2, 0, "", 0},
		{"base and penalty", "switch_cost 1 mm=2", 1, 2, "", 0},
		{"penalty alone", "switch_cost 0 mm=3", 0, 3, "", 0},
		{"no number", "switch_cost", 0, 0, "switch_cost_syntax", 1},
		{"too many words", "switch_cost 1 mm=2 x", 0, 0, "switch_cost_syntax", 1},
		{"another key", "switch_cost 1 tlb=2", 0, 0, "switch_cost_mm", 15},
		{"no equals", "switch_cost 1 2", 0, 0, "switch_cost_mm", 15},
		{"penalty out of range", "switch_cost 1 mm=101", 0, 0, "number_range", 18},
		{"penalty not a number", "switch_cost 1 mm=x", 0, 0, "number_range", 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse(tt.line + "\nprocess a\n  compute 1\n")
			if tt.code != "" {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("got error %v; want a parse error %s", err, tt.code)
				}
				if pe.Code != tt.code || pe.Col != tt.wantErrCol {
					t.Errorf("got code %s at column %d; want %s at %d (%v)", pe.Code, pe.Col, tt.code, tt.wantErrCol, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sc.SwitchCost != tt.base || sc.MMSwitchCost != tt.mm {
				t.Errorf("got switch cost %d, mm %d; want %d, %d", sc.SwitchCost, sc.MMSwitchCost, tt.base, tt.mm)
			}
		})
	}
}

// goldenScenario reads the scenario section of a golden file.
func goldenScenario(t *testing.T, path string) *Scenario {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(b), "-- scenario --\n")
	text, _, _ := strings.Cut(rest, "-- trace --\n")
	sc, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestStepSwitchesSayWhatWasSavedAndRestored(t *testing.T) {
	sc := goldenScenario(t, "testdata/switchcost-mm.txtar")
	e := New(sc, Options{})
	got := map[int64]ContextSwitch{}
	for !e.Done() {
		e.Step()
		for _, r := range e.StepSwitches() {
			got[e.StepNum()] = r
		}
	}
	tests := []struct {
		step int64
		want ContextSwitch
	}{
		{1, ContextSwitch{In: TaskContext{PID: 2, TGID: 2, Line: 6}, MMAfter: 2, Reload: true}},
		{2, ContextSwitch{Out: TaskContext{PID: 2, TGID: 2, PC: 1}, In: TaskContext{PID: 3, TGID: 3, Line: 8, Locals: []int64{0, 0}}, MMBefore: 2, MMAfter: 3, Reload: true, Base: 1, Refill: 2}},
		{8, ContextSwitch{In: TaskContext{PID: 3, TGID: 3, PC: 2, Line: 10, Locals: []int64{0, 0}}, MMBefore: 3, MMAfter: 3}},
		{11, ContextSwitch{In: TaskContext{PID: 4, TGID: 3, Line: 14, Locals: []int64{0, 0}}, MMBefore: 3, MMAfter: 3, Base: 1}},
		{13, ContextSwitch{Out: TaskContext{PID: 4, TGID: 3, PC: 1, Locals: []int64{0, 0}}, In: TaskContext{PID: 3, TGID: 3, PC: 4, Line: 12, Locals: []int64{0, 0}}, MMBefore: 3, MMAfter: 3, Base: 1}},
	}
	for _, tt := range tests {
		r, ok := got[tt.step]
		if !ok {
			t.Errorf("step %d: no switch recorded", tt.step)
			continue
		}
		if !sameSwitch(r, tt.want) {
			t.Errorf("step %d: got %+v; want %+v", tt.step, r, tt.want)
		}
	}
	if len(got) != len(tests) {
		t.Errorf("got switches at %d steps; want %d", len(got), len(tests))
	}
	c := e.SwitchCounters()
	want := SwitchCounters{Switches: 3, AddressSpace: 1, SwitchTicks: 5, BusyTicks: 5}
	if c != want {
		t.Errorf("got counters %+v; want %+v", c, want)
	}
	if st := e.Stats(); st.SwitchTicks != 5 || st.BusyTicks != 5 {
		t.Errorf("got stats switch ticks %d, busy %d; want 5, 5", st.SwitchTicks, st.BusyTicks)
	}
}

func sameSwitch(a, b ContextSwitch) bool {
	ctx := func(x, y TaskContext) bool {
		return x.PID == y.PID && x.TGID == y.TGID && x.PC == y.PC && x.Line == y.Line && slices.Equal(x.Locals, y.Locals)
	}
	return a.CPU == b.CPU && ctx(a.Out, b.Out) && ctx(a.In, b.In) && a.MMBefore == b.MMBefore && a.MMAfter == b.MMAfter &&
		a.Reload == b.Reload && a.Base == b.Base && a.Refill == b.Refill
}

func TestStepSwitchesSaveTheRegistersOfTheThreadThatLeft(t *testing.T) {
	sc, err := Parse("model jobs\npolicy rr 2\nswitch_cost 1\nthread web\n  sum = 0\n  sum = sum + 5\n  compute 4\nthread log\n  lines = 1\n  compute 4\n")
	if err != nil {
		t.Fatal(err)
	}
	e := New(sc, Options{})
	e.Step()
	e.Step()
	e.Step() // web's quantum ends: log takes the CPU
	recs := e.StepSwitches()
	if len(recs) != 1 {
		t.Fatalf("got %d switches at step 3; want 1", len(recs))
	}
	r := recs[0]
	if r.Out.PID != 2 || r.In.PID != 3 || r.Out.Locals[2] != 5 || r.Reload || r.Base != 1 {
		t.Errorf("got %+v; want web (sum=5) saved, log restored, same page tables, 1 tick", r)
	}
	// A clone keeps the records of its step while the original moves on.
	c := e.Clone()
	e.Step()
	if got := c.StepSwitches(); len(got) != 1 || got[0].Out.Locals[2] != 5 {
		t.Errorf("the clone's records changed: %+v", got)
	}
	if len(e.StepSwitches()) != 0 {
		t.Errorf("step 4 has records %+v; want none", e.StepSwitches())
	}
}

// A scenario without an address-space penalty keeps its state digest: the
// link corpus stores digests of older scenarios.
func TestSwitchStateHashOnlyWithPenalty(t *testing.T) {
	base := "model jobs\npolicy rr 1\n%s\nprocess a\n  compute 3\nprocess b\n  compute 3\n"
	hash := func(line string) uint64 {
		sc, err := Parse(strings.Replace(base, "%s", line, 1))
		if err != nil {
			t.Fatal(err)
		}
		e := New(sc, Options{})
		for !e.Done() {
			e.Step()
		}
		d := newDigest()
		e.hashSwitches(d)
		return d.sum()
	}
	if got, want := hash("switch_cost 1"), newDigest().sum(); got != want {
		t.Errorf("switch_cost 1 adds to the digest: got %x; want %x", got, want)
	}
	if got, empty := hash("switch_cost 1 mm=2"), newDigest().sum(); got == empty {
		t.Errorf("switch_cost 1 mm=2 adds nothing to the digest")
	}
}
