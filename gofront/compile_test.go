package gofront

import (
	"strings"
	"testing"

	"proclab/sim"
)

// ops shows a program's code as "op micro" lines, without the final exit.
func ops(p sim.Program) []string {
	var out []string
	for _, in := range p.Code[:max(len(p.Code)-1, 0)] {
		out = append(out, strings.TrimSpace(opNames[in.Op]+" "+in.Micro))
	}
	return out
}

// constructCases compile one construct each; want is the micro-steps of
// program prog (0: main), in order, as ops shows them.
var constructCases = []struct {
	name  string
	decls string
	body  string
	prog  int
	want  []string
}{
	{"x++ on a shared variable", "var counter int\n", "\tcounter++", 0,
		[]string{"load load counter -> r0", "arith r0 = r0 + 1", "store store r0 -> counter"}},
	{"x = x + 1 on a shared variable", "var counter int\n", "\tcounter = counter + 1", 0,
		[]string{"load load counter -> r0", "arith r0 = r0 + 1", "store store r0 -> counter"}},
	{"compound on a local", "", "\tn := 2\n\tn *= 3\n\tn -= 1\n\t_ = n", 0,
		[]string{"set n = 2", "arith n = n * 3", "arith n = n - 1"}},
	{"expression into a local", "var a, b int\n", "\tx := a*2 + b\n\t_ = x", 0,
		[]string{"load load a -> r0", "arith r0 = r0 * 2", "load load b -> r1", "arith x = r0 + r1"}},
	{"shared to shared", "var a, b int\n", "\ta = b", 0,
		[]string{"load load b -> r0", "store store r0 -> a"}},
	{"atomic functions", "var n int64\n", "\tatomic.AddInt64(&n, 2)\n\tv := atomic.LoadInt64(&n)\n\tatomic.StoreInt64(&n, v)\n\tok := atomic.CompareAndSwapInt64(&n, 1, 5)\n\t_ = ok", 0,
		[]string{"fetch_add atomically add 2 to n", "atomic_load v = atomically load n", "xchg atomically store v -> n",
			"cas ok = atomically: if n == 1 then n = 5"}},
	{"atomic.Int64 methods and Add's new value", "var n atomic.Int64\n", "\tx := n.Add(3)\n\tn.Store(x)\n\t_ = n.Load()", 0,
		[]string{"fetch_add x = atomically add 3 to n (the old value)", "arith x = x + 3 (the new value)",
			"xchg atomically store x -> n", "atomic_load r0 = atomically load n"}},
	{"mutex and trylock", "var mu sync.Mutex\nvar c int\n", "\tmu.Lock()\n\tc++\n\tmu.Unlock()\n\tif mu.TryLock() {\n\t\tmu.Unlock()\n\t}", 0,
		[]string{"lock lock mu", "load load c -> r0", "arith r0 = r0 + 1", "store store r0 -> c", "unlock unlock mu",
			"trylock r0 = trylock mu", "test test r0 != 0", "unlock unlock mu"}},
	{"rwmutex", "var rw sync.RWMutex\n", "\trw.RLock()\n\trw.RUnlock()\n\trw.Lock()\n\trw.Unlock()", 0,
		[]string{"rlock read-lock rw", "runlock read-unlock rw", "lock lock rw", "unlock unlock rw"}},
	{"waitgroup", "", "\tvar wg sync.WaitGroup\n\twg.Add(2)\n\twg.Done()\n\twg.Wait()", 0,
		[]string{"wg_add wg counter += 2", "wg_done wg counter -= 1", "wg_wait wait until wg counter is 0"}},
	{"wg.Go", "var n int\n", "\tvar wg sync.WaitGroup\n\twg.Go(func() {\n\t\tn++\n\t})\n\twg.Wait()", 0,
		[]string{"wg_add wg counter += 1 (wg.Go's Add)", "go start a goroutine: main.func1()", "wg_wait wait until wg counter is 0"}},
	{"wg.Go's goroutine", "var n int\n", "\tvar wg sync.WaitGroup\n\twg.Go(func() {\n\t\tn++\n\t})\n\twg.Wait()", 1,
		[]string{"load load n -> r0", "arith r0 = r0 + 1", "store store r0 -> n", "wg_done wg counter -= 1 (wg.Go's Done)"}},
	{"once", "var once sync.Once\nvar x int\n", "\tonce.Do(func() { x = 1 })", 0,
		[]string{"once once.Do: run the function unless it has run", "store store 1 -> x", "once_done once: the function has returned"}},
	{"cond", "var mu sync.Mutex\nvar c = sync.NewCond(&mu)\n", "\tc.L.Lock()\n\tc.Wait()\n\tc.Signal()\n\tc.Broadcast()\n\tc.L.Unlock()", 0,
		[]string{"lock lock mu", "cond_wait unlock mu and sleep on c, then lock mu again", "cond_signal wake one goroutine waiting on c",
			"cond_broadcast wake every goroutine waiting on c", "unlock unlock mu"}},
	{"channel operations", "", "\tch := make(chan int, 2)\n\tch <- 5\n\tv := <-ch\n\t<-ch\n\tclose(ch)\n\t_ = v", 0,
		[]string{"send send 5 on ch", "recv v = receive from ch", "recv r0 = receive from ch", "close close ch"}},
	{"a struct{} channel", "", "\tdone := make(chan struct{}, 1)\n\tdone <- struct{}{}\n\t<-done", 0,
		[]string{"send send struct{}{} on done", "recv r0 = receive from done"}},
	{"receive with ok", "", "\tch := make(chan bool)\n\tv, ok := <-ch\n\t_, _ = v, ok", 0,
		[]string{"select receive from ch (or learn it is closed)", "select_case v, ok = receive from ch",
			"set r0 = v", "set r1 = ok"}},
	{"range over a channel", "", "\tch := make(chan int)\n\tfor v := range ch {\n\t\tfmt.Println(v)\n\t}", 0,
		[]string{"select receive from ch (or learn it is closed)", "select_case v, range-ok = receive from ch", "test test range-ok == 0 (true: jump)",
			`print print "{v}\n"`, "jump back to the receive"}},
	{"select with default", "", "\tch := make(chan int, 1)\n\tselect {\n\tcase v := <-ch:\n\t\tfmt.Println(v)\n\tcase ch <- 1:\n\tdefault:\n\t\truntime.Gosched()\n\t}", 0,
		[]string{"select select: take one of 2 ready cases, else the default", "select_case case: v = receive from ch",
			"select_case case: send 1 on ch", `print print "{v}\n"`, "jump", "jump", "yield yield the CPU"}},
	{"select with a timeout", "", "\tch := make(chan int)\n\tselect {\n\tcase <-ch:\n\tcase <-time.After(2 * time.Millisecond):\n\t}", 0,
		[]string{"timer start a timer: time.After@31 gets a value in 20 ticks", "select select: wait until one of 2 cases can go on",
			"select_case case: receive from ch", "select_case case: receive from time.After@31", "jump", "jump"}},
	{"sleep and gosched", "", "\ttime.Sleep(250 * time.Microsecond)\n\ttime.Sleep(1)\n\truntime.Gosched()", 0,
		[]string{"sleep sleep 2 ticks (200µs)", "sleep sleep 1 ticks (100µs)", "yield yield the CPU"}},
	{"prints", "var n int\n", "\tfmt.Println(\"n is\", n, true)\n\tfmt.Printf(\"%d%%\\n\", n)\n\tfmt.Print(\"x\")", 0,
		[]string{"load load n -> r0", `print print "n is {r0} true\n"`, "load load n -> r0", `print print "{r0}%\n"`, `print print "x"`}},
	{"if else", "var x int\n", "\tif x > 1 {\n\t\tx = 0\n\t} else {\n\t\tx = 1\n\t}", 0,
		[]string{"load load x -> r0", "test test r0 > 1", "store store 0 -> x", "jump jump over the else part", "store store 1 -> x"}},
	{"short circuit", "var a, b int\n", "\tif a == 1 || b == 2 && a < b {\n\t\tb = 3\n\t}", 0,
		[]string{"load load a -> r0", "test test r0 == 1 (true: jump)", "load load b -> r0", "test test r0 == 2", "load load a -> r0",
			"load load b -> r1", "test test r0 < r1", "store store 3 -> b"}},
	{"three-clause for", "var s int\n", "\tfor i := 0; i < 3; i++ {\n\t\ts += i\n\t}", 0,
		[]string{"set i = 0", "test test i < 3", "load load s -> r0", "arith r0 = r0 + i", "store store r0 -> s", "arith i = i + 1",
			"jump back to the loop's test"}},
	{"for with break and continue", "var s int\n", "\tfor {\n\t\ts++\n\t\tif s > 5 {\n\t\t\tbreak\n\t\t}\n\t\tcontinue\n\t}", 0,
		[]string{"load load s -> r0", "arith r0 = r0 + 1", "store store r0 -> s", "load load s -> r0", "test test r0 > 5", "jump break",
			"jump continue", "jump back to the loop's test"}},
	{"busy wait", "var flag int\n", "\tfor flag == 0 {\n\t}", 0,
		[]string{"load load flag -> r0", "test test r0 == 0", "jump back to the loop's test"}},
	{"range over an int", "", "\tfor i := range 3 {\n\t\tfmt.Println(i)\n\t}", 0,
		[]string{"set i = 0", "test test i >= 3 (true: jump)", `print print "{i}\n"`, "arith i = i + 1", "jump back to the loop's test"}},
	{"switch with a tag", "var x int\n", "\tswitch x {\n\tcase 1, 2:\n\t\tx = 0\n\tdefault:\n\t\tx = 9\n\t}", 0,
		[]string{"load load x -> r0", "test test r0 == 1 (true: jump)", "test test r0 == 2 (true: jump)", "jump no case matched: default",
			"store store 0 -> x", "jump", "store store 9 -> x", "jump"}},
	{"inlined call with a result", "func twice(n int) int {\n\treturn n * 2\n}\n", "\tx := twice(4)\n\t_ = x", 0,
		[]string{"set n = 4", "arith x = n * 2"}},
	{"defers run last first", "", "\tdefer fmt.Println(\"a\")\n\tdefer fmt.Println(\"b\")\n\tfmt.Println(\"c\")", 0,
		[]string{`print print "c\n"`, `print print "b\n"`, `print print "a\n"`}},
	{"go with an argument", "func worker(id int) {\n\tfmt.Println(id)\n}\n", "\tgo worker(7)", 0,
		[]string{"set r0 = 7", "go start a goroutine: worker(7)"}},
	{"goroutine body", "func worker(id int) {\n\tfmt.Println(id)\n}\n", "\tgo worker(7)", 1,
		[]string{`print print "{id}\n"`}},
	{"captured by value", "", "\tn := 3\n\tgo func() {\n\t\tfmt.Println(n)\n\t}()", 0,
		[]string{"set n = 3", "go start a goroutine: main.func1(n)"}},
	{"captured and assigned: shared", "", "\tcount := 0\n\tgo func() {\n\t\tcount++\n\t}()\n\tcount++", 1,
		[]string{"load load count -> r0", "arith r0 = r0 + 1", "store store r0 -> count"}},
	{"getpid, exec and kill", "func child() {\n\tfmt.Println(os.Getppid())\n}\n",
		"\tcmd := exec.Command(\"child\")\n\tcmd.Start()\n\tsyscall.Kill(cmd.Process.Pid, syscall.SIGTERM)\n\terr := cmd.Wait()\n\tfmt.Println(err)", 0,
		[]string{"start child.Pid = start a child process running child (fork and exec)", "kill kill(cmd.Process.Pid, SIGTERM)",
			"wait err = wait for child child.Pid to exit", `print print "{err}\n"`}},
	{"child process main", "func child() {\n\tfmt.Println(os.Getppid())\n}\n", "\texec.Command(\"child\").Run()", 1,
		[]string{"getpid r0 = getppid()", `print print "{r0}\n"`}},
	{"signals and exit", "", "\tsigs := make(chan os.Signal, 1)\n\tsignal.Notify(sigs, syscall.SIGINT, os.Interrupt)\n\tsignal.Ignore(syscall.SIGHUP)\n\tos.Exit(3)", 0,
		[]string{"notify catch SIGINT: send it on sigs", "notify catch SIGINT: send it on sigs", "ignore ignore SIGHUP", "exit exit(3): every goroutine ends"}},
	{"panic", "", "\tpanic(\"boom\")", 0, []string{"panic panic: boom"}},
	{"panic with a Duration, a signal, nil", "", "\tpanic(1500 * time.Millisecond)\n\tpanic(syscall.SIGTERM)\n\tpanic(nil)", 0,
		[]string{"panic panic: 1.5s", "panic panic: terminated", "panic panic: panic called with nil argument"}},
}

func TestConstructs(t *testing.T) {
	for _, tc := range constructCases {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Compile(src(tc.decls, tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.prog >= len(sc.Programs) {
				t.Fatalf("got %d programs; want program %d", len(sc.Programs), tc.prog)
			}
			got := ops(sc.Programs[tc.prog])
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}
