package gofront

import (
	"errors"
	"testing"

	"proclab/sim"
)

// oddBodies are valid Go that uses the subset in unusual ways: each must
// compile into a valid scenario or give a *sim.ParseError, never panic.
var oddBodies = []string{
	"\tgo func() int { return 1 }()",
	"\tdefer func() { recover() }()",
	"\tch := make(chan int, 1)\n\tch2 := make(chan int, 1)\n\tch2 <- 1\n\tselect {\n\tcase ch <- <-ch2:\n\t}",
	"\tx := <-time.After(time.Millisecond)\n\t_ = x",
	"\tf := func() int { return 1 }\n\tx := f() + f()\n\t_ = x",
	"\tvar f func()\n\tf()",
	"\t(*sync.Mutex).Lock(new(sync.Mutex))",
	"\tgo (func() {})()",
	"\tswitch x := 5; x {\n\tcase 5:\n\t}",
	"\tvar a, b = 1, 2\n\ta, b = b, a\n\t_, _ = a, b",
	"\ta, b := <-make(chan int, 1), 1\n\t_, _ = a, b",
	"\tfor i := range 3 {\n\t\tgo func() {\n\t\t\tfor j := range i {\n\t\t\t\t_ = j\n\t\t\t}\n\t\t}()\n\t}",
	"\tvar wg sync.WaitGroup\n\twg2 := &wg\n\twg2.Add(1)\n\tgo func() { wg2.Done() }()\n\t(*wg2).Wait()",
	"\tch := make(chan struct{})\n\tgo func() { ch <- struct{}{} }()\n\tfmt.Println(<-ch)",
	"\tvar once sync.Once\n\tonce.Do(func() { once.Do(func() {}) })",
	"\tvar e error\n\tif e != nil {\n\t\tpanic(e)\n\t}",
	"\tselect {}",
	"\tfor {\n\t\truntime.Gosched()\n\t}",
	"\tx := 1\n\tfunc() {\n\t\tx := x + 1\n\t\t_ = x\n\t}()",
	"\tdefer fmt.Println(os.Getpid())\n\treturn",
	"\tcmd := exec.Command(\"main\")\n\t_ = cmd",
	"\tvar s os.Signal = syscall.SIGTERM\n\tfmt.Println(s)",
	"\tvar d time.Duration = 3\n\ttime.Sleep(d)",
	"\tc := sync.NewCond(&sync.Mutex{})\n\tc.L.Lock()\n\tc.Signal()\n\tc.L.Unlock()",
	"\tsigs := make(chan os.Signal)\n\tsignal.Notify(sigs)",
	"\tn := 0\n\tn /= 0\n\t_ = n",
	"\tb := true\n\tb = !b && b || !(b == false)\n\t_ = b",
	"\tvar ch chan int\n\tch = make(chan int)\n\tch = make(chan int)",
	"\tgo fmt.Println(1)",
	"\tfmt.Printf(\"%\")",
	"\tfmt.Printf(\"%!\")",
	"\tfmt.Printf(\"%5\")",
	"\tpanic(nil)",
	"\tpanic(1 == 1)",
	"\tvar n atomic.Int64\n\tp := &n\n\tp.Add(1)",
	"\tfor i := 0; ; i++ {\n\t\tif i > 3 {\n\t\t\tbreak\n\t\t}\n\t}",
	"\tfor range make(chan int) {\n\t}",
	"\tvar x int\n\tfor x = range 3 {\n\t}\n\t_ = x",
}

func TestOddPrograms(t *testing.T) {
	for _, body := range oddBodies {
		sc, err := Compile(src("", body))
		if err != nil {
			var pe *sim.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("%q: %v is not a *sim.ParseError", body, err)
			}
			continue
		}
		if err := validate(sc); err != nil {
			t.Errorf("%q: %v", body, err)
		}
	}
}

// TestCombinations puts the constructs and the odd programs together two
// by two, in a goroutine, a loop, a function called from main, a goroutine
// and a child process: each program compiles into a valid scenario (or
// fails with a *sim.ParseError), and the engine runs it for 300 steps.
func TestCombinations(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var bodies, decls []string
	for _, tc := range constructCases {
		bodies, decls = append(bodies, tc.body), append(decls, tc.decls)
	}
	for _, b := range oddBodies {
		bodies, decls = append(bodies, b), append(decls, "")
	}
	templates := []func(i, j int) string{
		func(i, j int) string {
			return src(decls[i], "\tgo func() {\n"+bodies[i]+"\n\t}()\n\tfor k := 0; k < 2; k++ {\n"+bodies[j]+"\n\t}")
		},
		func(i, j int) string {
			return src(decls[i]+"func f(x int) {\n"+bodies[j]+"\n\t_ = x\n}\nfunc child() {\n\tf(1)\n}\n",
				"\tgo f(2)\n"+bodies[i]+"\n\tf(3)\n\texec.Command(\"child\").Run()\n\tselect {\n\tcase <-time.After(1):\n\tdefault:\n\t}")
		},
	}
	compiled := 0
	for k, tmpl := range templates {
		for i := range bodies {
			for j := range bodies {
				if (i+j+k)%2 != 0 {
					continue
				}
				text := tmpl(i, j)
				sc, err := Compile(text)
				if err != nil {
					var pe *sim.ParseError
					if !errors.As(err, &pe) {
						t.Fatalf("%v is not a *sim.ParseError\n%s", err, text)
					}
					continue
				}
				compiled++
				if err := validate(sc); err != nil {
					t.Fatalf("%v\n%s", err, text)
				}
				e := sim.New(sc, sim.Options{MaxSteps: 300})
				for !e.Done() {
					e.Step()
				}
			}
		}
	}
	if compiled < 1000 {
		t.Errorf("only %d programs compiled; the combinations are meant to compile mostly", compiled)
	}
}
