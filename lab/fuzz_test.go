package lab

import (
	"errors"
	"testing"

	"proclab/assets"
)

// FuzzOstepCommand feeds arbitrary OSTEP command lines (and x86 program
// text) to the two ways a browser can send one: opening it in the stepper
// and importing it into the scheduling view. Nothing may panic; a refusal
// must be an *Error (a learner's mistake), never anything else; an opened
// run must be drawable at every step.
func FuzzOstepCommand(f *testing.F) {
	for _, seed := range []struct{ cmd, src string }{
		{"process-run -l 5:50,5:50 -s 1", ""},
		{"process-run -P c2,i,c1:c3,i -L 2 -I IO_RUN_IMMEDIATE", ""},
		{"process-run -l 3:100 -S SWITCH_ON_END", ""},
		{"x86-intro -t 2 -i 3 -a bx=3", ".main\nmov 2000, %ax\nadd $1, %ax\nmov %ax, 2000\nsub $1, %bx\ntest $0, %bx\njgt .main\nhalt\n"},
		{"x86-locks -t 2 -r", ".var m\n.top\nmov $1, %ax\nxchg %ax, m\ntest $0, %ax\njne .top\nmov $0, m\nhalt\n"},
		{"scheduler.py -p RR -q 2 -l 3,5,1", ""},
		{"mlfq.py -n 3 -Q 10,20,30 -l 0,50,5:10,60,0", ""},
		{"lottery.py -l 10:100,20:50 -s 2", ""},
		{"process-run -l 100000000:100", ""},
		{"fork.py -a 5", ""},
	} {
		f.Add(seed.cmd, seed.src)
	}
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, cmd, src string) {
		s := NewSession(ls)
		snap, err := s.Load(LoadRequest{Ostep: cmd, Source: src}, nil)
		if err != nil {
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("%q: refused with %T %v; want a lab *Error", cmd, err, err)
			}
		} else {
			if snap.Step != 0 || len(snap.Tasks) == 0 {
				t.Fatalf("%q: opened at step %d with %d tasks", cmd, snap.Step, len(snap.Tasks))
			}
			for n := int64(0); n <= min(s.Total(), 50); n++ {
				s.At(n)
			}
		}
		if _, _, err := OstepWorkload(cmd); err != nil {
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("%q: workload refused with %T %v; want a lab *Error", cmd, err, err)
			}
		}
	})
}
