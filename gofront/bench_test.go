package gofront

import (
	"fmt"
	"os"
	"testing"

	"proclab/sim"
)

// BenchmarkCompile300 parses, type-checks and compiles a 306-line program
// (testdata/bench300.go). The target is under 20 ms.
func BenchmarkCompile300(b *testing.B) {
	data, err := os.ReadFile("testdata/bench300.go")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Compile(text); err != nil {
			b.Fatal(err)
		}
	}
}

// explore2x3 is the exploration benchmark: two goroutines each
// increment a shared counter three times (counter++: load, add, store).
const explore2x3 = `package main

import "sync"

var counter int

func main() {
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				counter++
			}
		}()
	}
	wg.Wait()
}
`

// BenchmarkExplore2x3 compiles explore2x3 and explores every interleaving
// (the target: under 1 s).
func BenchmarkExplore2x3(b *testing.B) {
	for b.Loop() {
		sc, err := Compile(explore2x3)
		if err != nil {
			b.Fatal(err)
		}
		r := sim.Explore(sc, sim.ExploreOptions{})
		if !r.Complete || len(r.Outcomes) == 0 {
			b.Fatalf("incomplete exploration: %d outcomes", len(r.Outcomes))
		}
		b.ReportMetric(float64(r.States), "states")
	}
}

// TestCompileConcurrent compiles the benchmark program from several
// goroutines at once (run it with -race): Compile shares nothing mutable.
func TestCompileConcurrent(t *testing.T) {
	data, err := os.ReadFile("testdata/bench300.go")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Compile(string(data))
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			sc, err := Compile(string(data))
			if err == nil && listing(sc) != listing(want) {
				err = fmt.Errorf("a concurrent compilation differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
