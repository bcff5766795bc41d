package gofront

import (
	"fmt"
	"strings"
	"testing"

	"proclab/sim"
)

// runCases are single-goroutine programs that use only the operations the
// engine has always run (loads, stores, arithmetic, tests and jumps,
// atomics, mutexes, WaitGroups): running the compiled code must leave the
// package-level variables as real Go does. Each want was printed by the
// same program under go run (Go 1.26.8).
var runCases = []struct {
	name string
	src  string
	want string // "name=value ..." in declaration order
}{
	{"arithmetic and compound assignments", `package main

var a, b, c, d int

func main() {
	a = 7
	b = a*3 - 4/2 + a%4
	c = -a + b
	c *= 2
	c -= 1
	d = b / 0x2
	a++
	b--
}
`, "a=8 b=21 c=29 d=11"},
	{"if else and short-circuit", `package main

var x, y, z, w int

func main() {
	x = 3
	if x > 2 && x < 5 || x == 10 {
		y = 1
	} else {
		y = 2
	}
	if !(x == 3) || false {
		z = 1
	} else if x >= 3 {
		z = 2
	} else {
		z = 3
	}
	ok := x != 3 && y == 1
	if ok == false {
		w = 9
	}
}
`, "x=3 y=1 z=2 w=9"},
	{"loops, break and continue", `package main

var sum, evens, n, last int

func main() {
	for i := 1; i <= 10; i++ {
		if i%2 == 0 {
			evens++
			continue
		}
		sum += i
	}
	for n < 5 {
		n += 2
	}
	for {
		last++
		if last*last > 20 {
			break
		}
	}
	for i := range 4 {
		sum += i * 100
	}
}
`, "sum=625 evens=5 n=6 last=5"},
	{"switch, fallthrough and string tags", `package main

var r1, r2, r3 int

func grade(n int) int {
	switch {
	case n >= 90:
		return 1
	case n >= 50:
		return 2
	}
	return 3
}

func main() {
	for k := 0; k < 4; k++ {
		switch k {
		case 0:
			r1 += 1
		case 1, 2:
			r1 += 10
			fallthrough
		case 3:
			r1 += 100
		default:
			r1 = -1
		}
	}
	s := "b"
	switch s {
	case "a":
		r2 = 1
	case "b":
		r2 = 2
	}
	r3 = grade(95)*100 + grade(60)*10 + grade(5)
}
`, "r1=321 r2=2 r3=123"},
	{"functions, named results, closures and defers", `package main

var g, h, k, order int

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a - q*b
	return
}

func record(d int) {
	order = order*10 + d
}

func steps() {
	defer record(1)
	defer record(2)
	record(3)
}

func main() {
	g = gcd(84, 36)
	q, r := divmod(17, 5)
	h = q*10 + r
	add := func(n int) {
		k += n
	}
	add(4)
	add(5)
	steps()
}
`, "g=12 h=32 k=9 order=321"},
	{"atomics and a mutex", `package main

import (
	"sync"
	"sync/atomic"
)

var (
	n    int64
	m    atomic.Int64
	got  int
	mu   sync.Mutex
	safe int
)

func main() {
	atomic.AddInt64(&n, 5)
	if atomic.CompareAndSwapInt64(&n, 5, 8) {
		got = 1
	}
	if !atomic.CompareAndSwapInt64(&n, 5, 9) {
		got += 10
	}
	v := m.Add(3)
	m.Add(v)
	atomic.StoreInt64(&n, n+1)
	mu.Lock()
	safe++
	mu.Unlock()
	if mu.TryLock() {
		safe += 10
		mu.Unlock()
	}
}
`, "n=9 m=6 got=11 safe=11"},
	{"a WaitGroup with nothing to wait for", `package main

import "sync"

var done int

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	wg.Done()
	wg.Done()
	wg.Wait()
	done = 1
}
`, "done=1"},
}

func TestRun(t *testing.T) {
	for _, tc := range runCases {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Compile(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			e := sim.New(sc, sim.Options{MaxSteps: 5000})
			for !e.Done() {
				e.Step()
			}
			var got []string
			for v, d := range sc.Vars {
				got = append(got, fmt.Sprintf("%s=%d", d.Name, e.Var(v)))
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("got %s; want %s", g, tc.want)
			}
		})
	}
}
