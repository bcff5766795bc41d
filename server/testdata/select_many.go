// select_many is a Go program with many states to explore (a test's
// input, not part of the build): eight goroutines selecting over two
// buffered channels, each state a Go runtime's, slow to expand, far past
// explore's state bound. server's goharden_test.go and e2e's
// explore_browser_test.go load it.
package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex
var n int

func main() {
	a := make(chan int, 2)
	b := make(chan int, 2)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 3; k++ {
				select {
				case a <- i:
				case b <- i:
				case v := <-a:
					fmt.Println(v)
				case v := <-b:
					fmt.Println(v)
				}
				mu.Lock()
				n++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	fmt.Println(n)
}
