package gofront

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"proclab/sim"
)

// twinCases are Go programs written like the race lessons' scenarios
// (assets/lessons): compiled plainly, one micro-step per load, operation
// and store, each must reach the same outcomes under sim.Explore as its
// lesson: the same final values of the lesson's variables, the same
// failed expectations, and the same variables racing and losing updates.
var twinCases = []struct {
	lesson string
	src    string
}{
	{"14-lost-update.txt", `// policy rr 1
// expect counter == 2
package main

import "sync"

var counter int

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		counter = counter + 1
	}()
	go func() {
		defer wg.Done()
		counter++
	}()
	wg.Wait()
}
`},
	{"15-check-then-act.txt", `// policy rr 1
// expect seats_sold == 1
package main

import (
	"sync"
	"sync/atomic"
)

var seats_sold int64

func buy(wg *sync.WaitGroup) {
	defer wg.Done()
	if seats_sold == 0 {
		atomic.AddInt64(&seats_sold, 1)
	}
}

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go buy(&wg)
	go buy(&wg)
	wg.Wait()
}
`},
	{"16-atomic.txt", `// policy rr 1
// expect counter == 2
package main

import (
	"sync"
	"sync/atomic"
)

var counter int64

func main() {
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&counter, 1)
		}()
	}
	wg.Wait()
}
`},
	{"17-mutex.txt", `// policy rr 1
// expect counter == 2
package main

import "sync"

var (
	counter int
	m       sync.Mutex
)

func main() {
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.Lock()
			counter = counter + 1
			m.Unlock()
		}()
	}
	wg.Wait()
}
`},
	{"20-peterson.txt", `// policy rr 1
// expect inside == 2
package main

import "sync"

var flag0, flag1, turn, inside int

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		flag0 = 1
		turn = 1
		for flag1 == 1 && turn == 1 {
		}
		inside = inside + 1
		flag0 = 0
	}()
	go func() {
		defer wg.Done()
		flag1 = 1
		turn = 0
		for flag0 == 1 && turn == 0 {
		}
		inside = inside + 1
		flag1 = 0
	}()
	wg.Wait()
}
`},
	{"22-channel.txt", `// policy rr 1
package main

var result int

func main() {
	done := make(chan int)
	go func() {
		result = 42
		done <- 1
	}()
	<-done
	seen := result
	if seen != 42 {
		panic("seen is not 42")
	}
}
`},
}

// outcomeSet describes explored outcomes by the variables' names: each
// outcome's values, failed expectations, races and lost updates, sorted.
func outcomeSet(sc *sim.Scenario, r sim.ExploreResult) []string {
	names := func(idx []int) string {
		var out []string
		for _, v := range idx {
			out = append(out, sc.Vars[v].Name)
		}
		return strings.Join(out, ",")
	}
	var set []string
	for _, o := range r.Outcomes {
		var vals, viol []string
		for v, d := range sc.Vars {
			vals = append(vals, fmt.Sprintf("%s=%d", d.Name, o.Vars[v]))
		}
		for _, x := range o.Violations {
			if strings.HasPrefix(x, "expect_failed") {
				viol = append(viol, x)
			}
		}
		s := fmt.Sprintf("%s %v races=%s lost=%s", strings.Join(vals, " "), viol, names(o.Races), names(o.LostUpdates))
		if !slices.Contains(set, s) {
			set = append(set, s)
		}
	}
	slices.Sort(set)
	return set
}

func TestLessonTwins(t *testing.T) {
	for _, tc := range twinCases {
		t.Run(tc.lesson, func(t *testing.T) {
			text, err := os.ReadFile("../assets/lessons/" + tc.lesson)
			if err != nil {
				t.Fatal(err)
			}
			lesson, err := sim.Parse(string(text))
			if err != nil {
				t.Fatal(err)
			}
			twin, err := Compile(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			lr := sim.Explore(lesson, sim.ExploreOptions{})
			gr := sim.Explore(twin, sim.ExploreOptions{})
			if !lr.Complete || !gr.Complete {
				t.Fatalf("exploration incomplete: lesson %t, Go %t", lr.Complete, gr.Complete)
			}
			got, want := outcomeSet(twin, gr), outcomeSet(lesson, lr)
			if !slices.Equal(got, want) {
				t.Errorf("Go outcomes\n\t%s\nlesson outcomes\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}
