package ostep

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// withSource makes ReadFile serve src for every name, for one test.
func withSource(t *testing.T, src string) {
	t.Helper()
	old := ReadFile
	ReadFile = func(name string) ([]byte, error) {
		if name == "missing.s" {
			return nil, errors.New("open missing.s: no such file or directory")
		}
		return []byte(src), nil
	}
	t.Cleanup(func() { ReadFile = old })
}

// x86Trace runs Main on src and returns the lines after the ARG block and
// the empty lines that follow it.
func x86TraceLines(t *testing.T, sim, src string, args ...string) []string {
	t.Helper()
	withSource(t, src)
	out := mustRun(t, append([]string{sim, "-p", "t.s"}, args...)...)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	i := 0
	for i < len(lines) && (strings.HasPrefix(lines[i], "ARG ") || lines[i] == "") {
		i++
	}
	return lines[i:]
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\ngot:\n%s\nwant:\n%s", what, strings.Join(got, "|\n")+"|", strings.Join(want, "|\n")+"|")
	}
}

const (
	x86Int2  = "------ Interrupt ------  ------ Interrupt ------  "
	x86Halt2 = "----- Halt;Switch -----  ----- Halt;Switch -----  "
	x86Hdr2  = "       Thread 0                Thread 1         "
	x86Pad1  = "                         "
)

// TestX86Traces checks the output quirks of SEMANTICS §5.4 and the
// scheduling of §5.3 on small programs.
func TestX86Traces(t *testing.T) {
	tests := []struct {
		name, sim, src string
		args           []string
		want           []string
	}{
		{
			name: "intro pop %r bug: the register gets sp", sim: "x86-intro",
			src:  "push %bx\npop %ax\nhalt\n",
			args: []string{"-t", "1", "-a", "bx=7", "-R", "ax,sp", "-c"},
			want: []string{
				"   ax    sp          Thread 0         ",
				"    0 128000   ",
				"    0 127996   1000 push %bx",
				"127996 128000   1001 pop %ax",
				"127996 128000   1002 halt",
			},
		},
		{
			name: "locks pop %r reads the stack", sim: "x86-locks",
			src:  "push %bx\npop %ax\nhalt\n",
			args: []string{"-t", "1", "-a", "bx=7", "-R", "ax,sp", "-c"},
			want: []string{
				"   ax    sp          Thread 0         ",
				"",
				"    0 128000   ",
				"    0 127996   1000 push %bx",
				"    7 128000   1001 pop %ax",
				"    7 128000   1002 halt",
			},
		},
		{
			name: "locks: manual schedule, rows only on a change, halt advances twice", sim: "x86-locks",
			src:  "nop\nnop\nhalt\n",
			args: []string{"-P", "0011", "-i", "7", "-r"},
			want: []string{
				x86Hdr2, "",
				"1000 nop",
				"1001 nop",
				x86Int2,
				x86Pad1 + "1000 nop",
				x86Pad1 + "1001 nop",
				x86Int2,
				"1002 halt",
				x86Halt2,
				x86Pad1 + "1002 halt",
			},
		},
		{
			name: "locks: manual schedule starts with its first id", sim: "x86-locks",
			src:  "halt\n",
			args: []string{"-P", "10"},
			want: []string{x86Hdr2, "", x86Pad1 + "1000 halt", x86Halt2, "1000 halt"},
		},
		{
			name: "halt then an expiring countdown prints both rows", sim: "x86-intro",
			src:  "nop\nhalt\n",
			args: []string{"-i", "4", "-R", "ax", "-a", "ax=1,ax=2", "-c"},
			want: []string{
				"   ax          Thread 0                Thread 1         ",
				"    1   ",
				"    1   1000 nop",
				"    1   1001 halt",
				"    2   " + x86Halt2,
				"    2   " + x86Pad1 + "1000 nop",
				"    2   " + x86Pad1 + "1001 halt",
			},
		},
		{
			name: "halt and interrupt back to back, then one thread interrupts itself", sim: "x86-intro",
			src:  "test $0, %ax\nje .out\nnop\nnop\nnop\nnop\n.out\nhalt\n",
			args: []string{"-i", "3", "-a", "ax=0,ax=1"},
			want: []string{
				x86Hdr2,
				"1000 test $0, %ax",
				"1001 je .out",
				"1006 halt",
				x86Halt2,
				x86Int2,
				x86Pad1 + "1000 test $0, %ax",
				x86Pad1 + "1001 je .out",
				x86Pad1 + "1002 nop",
				x86Int2,
				x86Pad1 + "1003 nop",
				x86Pad1 + "1004 nop",
				x86Pad1 + "1005 nop",
				x86Int2,
				x86Pad1 + "1006 halt",
			},
		},
		{
			name: "locks: -H reprints the header before every nth instruction", sim: "x86-locks",
			src:  "add $1, %ax\nadd $1, %ax\nadd $1, %ax\nhalt\n",
			args: []string{"-t", "1", "-H", "2", "-R", "ax", "-c"},
			want: []string{
				"   ax          Thread 0         ", "",
				"    0   ",
				"    1   1000 add $1, %ax",
				"    2   1001 add $1, %ax",
				"", "   ax          Thread 0         ", "",
				"    2   ",
				"    3   1002 add $1, %ax",
				"    3   1003 halt",
			},
		},
		{
			name: "yield switches at once; the countdown is reset", sim: "x86-locks",
			src:  "yield\nnop\nhalt\n",
			args: []string{"-i", "2"},
			want: []string{
				x86Hdr2, "",
				"1000 yield", x86Int2,
				x86Pad1 + "1000 yield", x86Int2,
				"1001 nop", "1002 halt", x86Halt2, x86Int2,
				x86Pad1 + "1001 nop",
				x86Pad1 + "1002 halt",
			},
		},
		{
			name: "no -c: question marks, flags included", sim: "x86-intro",
			src:  "test $1, %ax\nhalt\n",
			args: []string{"-t", "1", "-M", "2000", "-R", "ax", "-C"},
			want: []string{
				" 2000      ax   >= >  <= <  != ==        Thread 0         ",
				"    ?       ?   ?  ?  ?  ?  ?  ?  ",
				"    ?       ?   ?  ?  ?  ?  ?  ?  1000 test $1, %ax",
				"    ?       ?   ?  ?  ?  ?  ?  ?  1001 halt",
			},
		},
		{
			name: "test compares the second operand against the first", sim: "x86-locks",
			src:  "test $5, %ax\ntest %ax, $5\nhalt\n",
			args: []string{"-t", "1", "-a", "ax=3", "-C", "-c"},
			want: []string{
				">= >  <= <  != ==        Thread 0         ", "",
				"0  0  0  0  0  0  ",
				"0  0  1  1  1  0  1000 test $5, %ax",
				"1  1  0  0  1  0  1001 test %ax, $5",
				"1  1  0  0  1  0  1002 halt",
			},
		},
		{
			name: "names and numbers in the memory header, wide values", sim: "x86-locks",
			src:  ".var longname\nmov $-123456, longname\nmov $99, 0104\nhalt\n",
			args: []string{"-t", "1", "-M", "longname,0104", "-c"},
			want: []string{
				"longname   104          Thread 0         ", "",
				"    0     0   ",
				"-123456     0   1000 mov $-123456, longname",
				"-123456    99   1001 mov $99, 0104",
				"-123456    99   1002 halt",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sameLines(t, tc.name, x86TraceLines(t, tc.sim, tc.src, tc.args...), tc.want)
		})
	}
}

// TestX86HeaderLines checks the empty lines around the header: one after
// the ARG lines in the intro version; two, and one after the header, in the
// locks version; and no values line when nothing is traced.
func TestX86HeaderLines(t *testing.T) {
	withSource(t, "halt\n")
	intro := mustRun(t, "x86-intro", "-p", "t.s", "-t", "1")
	if !strings.HasSuffix(intro, "ARG verbose False\n\n       Thread 0         \n1000 halt\n") {
		t.Errorf("intro layout:\n%q", intro)
	}
	locks := mustRun(t, "x86-locks", "-p", "t.s", "-t", "1", "-P", "0", "-H", "5")
	if !strings.Contains(locks, "ARG interrupt randomness False\nARG procsched 0\nARG argv \n") ||
		!strings.HasSuffix(locks, "ARG verbose False\n\n\n       Thread 0         \n\n1000 halt\n") {
		t.Errorf("locks layout:\n%q", locks)
	}
}

// TestX86RandomInterrupts checks -r: one draw at start-up and one per
// interrupt, int(random()*K)+1, and none for a halt switch.
func TestX86RandomInterrupts(t *testing.T) {
	// Python: random.seed(0); [int(random.random()*10)+1 for _ in range(6)]
	gaps := []int{9, 8, 5, 3, 6, 5}
	src := strings.Repeat("nop\n", 40) + "halt\n"
	run, err := X86Source([]string{"-t", "1", "-r", "-i", "10", "-s", "0"}, false, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	last := 0
	for i, s := range run.Steps {
		if len(s.Switches) > 0 {
			got = append(got, i+1-last)
			last = i + 1
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(gaps) {
		t.Errorf("interrupt gaps %v; want %v", got, gaps)
	}

	// Two threads; thread 0 halts after 2 instructions. The countdown
	// (9) keeps running across the halt switch without a draw.
	src = "test $0, %ax\nje .out\n" + strings.Repeat("nop\n", 30) + ".out\nhalt\n"
	run, err = X86Source([]string{"-r", "-i", "10", "-a", "ax=0,ax=1"}, true, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for i, s := range run.Steps {
		for _, sw := range s.Switches {
			rows = append(rows, fmt.Sprintf("%d:%s->%d", i+1, sw.Kind, sw.To))
		}
	}
	want := "[3:halt->1 9:interrupt->1 17:interrupt->1 22:interrupt->1 25:interrupt->1 31:interrupt->1]"
	if fmt.Sprint(rows) != want {
		t.Errorf("switches %v; want %s", rows, want)
	}
}

// TestX86Semantics checks single instructions through the step API.
func TestX86Semantics(t *testing.T) {
	tests := []struct {
		name  string
		locks bool
		src   string
		args  []string
		check func(r *X86Run) string // "" if fine
	}{
		{"xchg and fetchadd ignore the scale", true,
			".var a 4\nlea a, %fx\nmov $1, %bx\nmov $5, %ax\nxchg %ax, 0(%fx,%bx,4)\nmov $2, %ax\nfetchadd %ax, 0(%fx,%bx,4)\nhalt\n",
			[]string{"-t", "1"},
			func(r *X86Run) string {
				mem := r.MemoryAfter(len(r.Steps) - 1)
				if mem[101] != 7 || mem[104] != 0 {
					return fmt.Sprintf("memory %v; want 101=7 (100+1+1, the scale ignored)", mem)
				}
				return ""
			}},
		{"scaled addressing for mov", true,
			"mov $2, %cx\nmov $9, 16(,%cx,2)\nmov 20(,%cx), %ax\nhalt\n",
			[]string{"-t", "1"},
			func(r *X86Run) string {
				if m := r.MemoryAfter(1); m[20] != 9 {
					return fmt.Sprintf("memory %v; want 20=9", m)
				}
				return ""
			}},
		{"push of memory pushes the address", false,
			".var v\npush v\npop %ax\nhalt\n", []string{"-t", "1"},
			func(r *X86Run) string {
				if w := r.Steps[0].Writes; len(w) != 1 || w[0] != (X86Write{127996, 100}) {
					return fmt.Sprintf("writes %v", w)
				}
				return ""
			}},
		{"call and ret", true,
			"call .f\nhalt\n.f\nmov $4, %ax\nret\n", []string{"-t", "1", "-L", "500"},
			func(r *X86Run) string {
				var pcs []int64
				for _, s := range r.Steps {
					pcs = append(pcs, s.PC)
				}
				if fmt.Sprint(pcs) != "[500 502 503 501]" || r.Steps[0].Writes[0] != (X86Write{127996, 501}) {
					return fmt.Sprintf("pcs %v, writes %v", pcs, r.Steps[0].Writes)
				}
				return ""
			}},
		{"intro: the second register of a destination is ignored", false,
			"mov $3, 2000(%bx,%cx)\nhalt\n", []string{"-t", "1", "-a", "bx=1:cx=50"},
			func(r *X86Run) string {
				if w := r.Steps[0].Writes; len(w) != 1 || w[0].Addr != 2001 {
					return fmt.Sprintf("writes %v; want 2001", w)
				}
				return ""
			}},
		{"registers, -a per thread, stacks", true,
			"neg %bx\nmul $3, %bx\nsub %bx, %cx\nhalt\n", []string{"-t", "3", "-a", "bx=1,bx=2:cx=1,ex=5", "-i", "100"},
			func(r *X86Run) string {
				var got []string
				for _, s := range r.Steps {
					if s.Halted {
						got = append(got, fmt.Sprintf("t%d bx=%d cx=%d ex=%d sp=%d", s.Thread, s.Regs[X86BX], s.Regs[X86CX], s.Regs[X86EX], s.Regs[X86SP]))
					}
				}
				want := "[t0 bx=-3 cx=3 ex=0 sp=128000 t1 bx=-6 cx=7 ex=0 sp=127000 t2 bx=0 cx=0 ex=5 sp=126000]"
				if fmt.Sprint(got) != want {
					return fmt.Sprint(got)
				}
				return ""
			}},
		{"labels: forward jumps, .main is ordinary, variables declared below", false,
			"j .main\nmov $1, x\n.main\nmov $2, x\nhalt\n.var x\n", []string{"-t", "1"},
			func(r *X86Run) string {
				if len(r.Steps) != 3 || r.MemoryAfter(2)[100] != 2 {
					return fmt.Sprintf("%d steps, memory %v", len(r.Steps), r.MemoryAfter(2))
				}
				return ""
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := X86Source(tc.args, tc.locks, tc.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tc.check(r); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// TestX86Errors: bad input is one line on stderr and exit status 2.
func TestX86Errors(t *testing.T) {
	loop := ".top\nj .top\n"
	tests := []struct {
		name, sim, src string
		args           []string
		wantErr        string
	}{
		{"intro: two-digit immediate", "x86-intro", "mov $10, %ax\n", nil, "correct form is $number"},
		{"intro: negative immediate", "x86-intro", "mov $-1, %ax\n", nil, "correct form is $number"},
		{"locks: bad immediate", "x86-locks", "mov $1x, %ax\n", nil, "correct form is $number"},
		{"intro: two-register source", "x86-intro", "mov 2000(%bx,%cx), %ax\n", nil, "line 1: mov"},
		{"intro: no lea", "x86-intro", "lea 2000, %ax\n", nil, `illegal opcode "lea"`},
		{"intro: no ex", "x86-intro", "mov $1, %ex\n", nil, `bad register "%ex"`},
		{"intro: no .var n", "x86-intro", ".var a 2\nhalt\n", nil, "no word count"},
		{"indented label", "x86-locks", "  .top\nhalt\n", nil, `line 1: illegal opcode ".top"`},
		{"unknown opcode", "x86-locks", "halt\nfrob %ax\n", nil, `line 2: illegal opcode "frob"`},
		{"debug print", "x86-locks", "rdump\n", nil, "not supported"},
		{"two comments", "x86-locks", "halt # a # b\n", nil, "at most one '#'"},
		{"memory to memory", "x86-locks", "mov 100, 104\n", nil, "does not take operands"},
		{"immediate destination", "x86-locks", "add %ax, $1\n", nil, "does not take operands"},
		{"unknown label", "x86-locks", "j .nowhere\n", nil, `unknown label ".nowhere"`},
		{"unknown variable", "x86-locks", "mov count, %ax\n", nil, `unknown variable "count"`},
		{"bad memory operand", "x86-locks", "mov 4(%ax, %ax\n", nil, "line 1"},
		{"program too long", "x86-locks", strings.Repeat("nop\n", MaxX86Instrs+1), nil, "more than 100000 instructions"},
		{"runaway loop", "x86-locks", loop, []string{"-t", "1"}, "exceeds the limit of 1000000 instructions"},
		{"falls off the end", "x86-locks", "nop\n", []string{"-t", "1"}, "PC 1001 is outside the program"},
		{"write to code", "x86-locks", "mov $1, 1000\n", []string{"-t", "1"}, "holds an instruction"},
		{"outside memory", "x86-locks", "mov 200000, %ax\n", []string{"-t", "1"}, "outside memory"},
		{"stack outside memory", "x86-intro", "push %ax\nhalt\n", []string{"-m", "0", "-t", "1"}, "outside memory"},
		{"overflow", "x86-locks", "mov $4611686018427387904, %ax\nadd %ax, %ax\nhalt\n", nil, "overflow"},
		{"memory size", "x86-locks", "halt\n", []string{"-m", "2000000"}, "option -m"},
		{"threads", "x86-locks", "halt\n", []string{"-t", "0"}, "option -t"},
		{"variables over the code", "x86-locks", ".var a 300\nhalt\n", nil, "below the load address"},
		{"-P with an unknown thread", "x86-locks", "halt\n", []string{"-P", "012"}, "option -P"},
		{"-P missing a thread", "x86-locks", "halt\n", []string{"-P", "000"}, "thread 1 never appears"},
		{"-P in the intro version", "x86-intro", "halt\n", []string{"-P", "01"}, "no such option: -P"},
		{"bad -a", "x86-locks", "halt\n", []string{"-a", "zx=1"}, "option -a"},
		{"-a count", "x86-locks", "halt\n", []string{"-a", "ax=1,ax=2,ax=3"}, "3 comma-separated items for 2 threads"},
		{"bad -R", "x86-locks", "halt\n", []string{"-R", "ax,pc"}, "option -R"},
		{"bad -M", "x86-locks", "halt\n", []string{"-M", "nothing"}, "option -M"},
		{"-M in the code", "x86-locks", "halt\n", []string{"-M", "1000"}, "option -M"},
		{"-S", "x86-locks", "halt\n", []string{"-S"}, "-S"},
		{"missing file", "x86-locks", "", []string{"-p", "missing.s"}, "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			withSource(t, tc.src)
			args := append([]string{tc.sim, "-p", "t.s"}, tc.args...)
			out, errText, code := run(t, args...)
			if code != 2 || out != "" {
				t.Fatalf("got status %d, stdout %q; want 2 and none", code, out)
			}
			if !strings.Contains(errText, tc.wantErr) || strings.Count(errText, "\n") != 1 || !strings.HasPrefix(errText, "x86.py: error: ") {
				t.Errorf("got stderr %q; want one x86.py line containing %q", errText, tc.wantErr)
			}
		})
	}

	// Without a ReadFile hook, -p is a clear error.
	old := ReadFile
	ReadFile = nil
	defer func() { ReadFile = old }()
	_, errText, code := run(t, "x86-intro", "-p", "loop.s")
	if code != 2 || !strings.Contains(errText, "ReadFile is nil") {
		t.Errorf("nil ReadFile: status %d, stderr %q", code, errText)
	}
	_, errText, code = run(t, "x86-locks")
	if code != 2 || !strings.Contains(errText, "give one with -p") {
		t.Errorf("no -p: status %d, stderr %q", code, errText)
	}
}

var x86InstrRow = regexp.MustCompile(`^( *-?[0-9]+){3}   +[0-9]+ [a-z]`)

// TestX86StepsMatchTrace checks the step API against the printed trace of
// the same flags, on every shipped program.
func TestX86StepsMatchTrace(t *testing.T) {
	useProgramsDir(t)
	for _, tc := range []struct {
		locks bool
		args  []string
	}{
		{false, []string{"-p", "looping-race-nolock.s", "-a", "bx=3", "-i", "2"}},
		{true, []string{"-p", "peterson.s", "-a", "bx=0,bx=1", "-i", "3"}},
		{true, []string{"-p", "yield.s", "-a", "bx=3", "-t", "3", "-r", "-s", "4"}},
		{true, []string{"-p", "looping-race-withlock-withcallret.s", "-a", "bx=2", "-P", "0110"}},
		{true, []string{"-p", "test-and-test-and-set.s", "-a", "bx=2", "-i", "4", "-H", "7"}},
		{true, []string{"-p", "wait-for-me.s", "-a", "ax=1,ax=0", "-i", "5"}},
	} {
		r, err := X86(tc.args, tc.locks)
		if err != nil {
			t.Fatal(err)
		}
		sim := "x86-intro"
		if tc.locks {
			sim = "x86-locks"
		}
		out := mustRun(t, append([]string{sim, "-c", "-R", "ax,bx,sp"}, tc.args...)...)
		var rows []string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "Interrupt ---") || strings.Contains(l, "Halt;Switch") || x86InstrRow.MatchString(l) {
				rows = append(rows, l)
			}
		}
		var want []string
		for _, s := range r.Steps {
			want = append(want, fmt.Sprintf("%5d %5d %5d   %s%d %s", s.Regs[X86AX], s.Regs[X86BX], s.Regs[X86SP], strings.Repeat(" ", 25*s.Thread), s.PC, s.Text))
			for _, sw := range s.Switches {
				label := "------ Interrupt ------  "
				if sw.Kind == "halt" {
					label = "----- Halt;Switch -----  "
				}
				want = append(want, "ROW "+strings.Repeat(label, r.Options.Threads))
			}
		}
		if len(rows) != len(want) {
			t.Fatalf("%v: %d trace rows; %d from the steps", tc.args, len(rows), len(want))
		}
		for i := range rows {
			if strings.HasPrefix(want[i], "ROW ") {
				if !strings.HasSuffix(rows[i], want[i][4:]) {
					t.Fatalf("%v row %d: %q; want a row ending %q", tc.args, i, rows[i], want[i][4:])
				}
				continue
			}
			if rows[i] != want[i] {
				t.Fatalf("%v row %d: %q; steps give %q", tc.args, i, rows[i], want[i])
			}
		}
	}
}

// FuzzX86 checks that no program or flag makes Main panic, and that a
// rejected input is one line on stderr.
func FuzzX86(f *testing.F) {
	f.Add(".var a 2\n.top\nmov $1, 0(%fx,%bx,4)\nxchg %ax, (%ax)\npop %ax\nj .top\n", "-t 2 -i 3 -r", true)
	f.Add("mov 2000(%bx,%cx), %ax\npush 4(%sp)\ncall .f\n.f\nret\n", "-P 01 -H 2 -M 0 -R sp -C -c", false)
	f.Fuzz(func(t *testing.T, src, flags string, locks bool) {
		args, err := SplitArgs(flags)
		if err != nil || strings.ContainsAny(flags, "\n\r") {
			return // the flag parser's own messages are not under test
		}
		old := ReadFile
		ReadFile = func(string) ([]byte, error) { return []byte(src), nil }
		defer func() { ReadFile = old }()
		sim := "x86-intro"
		if locks {
			sim = "x86-locks"
		}
		var out, errOut strings.Builder
		code := Main(append([]string{sim, "-p", "t.s"}, args...), &out, &errOut)
		if code != 0 && (out.Len() != 0 || strings.Count(errOut.String(), "\n") != 1) {
			t.Fatalf("status %d, stdout %q, stderr %q", code, out.String(), errOut.String())
		}
	})
}
