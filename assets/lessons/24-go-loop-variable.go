//go:build ignore

// title en: Go: goroutines and the loop variable (Go 1.22 and later)
// title zh: Go：goroutine 与循环变量（Go 1.22 及以后）
// explain en: Each goroutine started in the loop uses i. Since Go 1.22 every iteration of a for loop has its own i, so the three goroutines see 1, 2 and 3 (in any order) and sum is always 6. ProcLab follows Go 1.22 and later: explore finds one value of sum.
// explain en: Before Go 1.22 the loop had one i for all iterations, and every closure captured that same variable. The go line of go.mod decides which rule a package gets, not the compiler's version: built here with "go 1.21" in go.mod, the same program printed "goroutine sees i = 4" three times and sum = 12, go vet warned "loop variable i captured by func literal", and go run -race reported a DATA RACE between the loop's i++ and a goroutine's read of i.
// explain en: The old cure, i := i at the top of the loop body (or passing i as an argument to the goroutine's function), is still correct and now unnecessary.
// explain zh: 循环中启动的每个 goroutine 都使用 i。从 Go 1.22 起，for 循环的每一次迭代都有自己的 i，所以三个 goroutine 分别看到 1、2、3（顺序任意），sum 总是 6。ProcLab 遵循 Go 1.22 及以后的规则：探索只找到 sum 的一个值。
// explain zh: 在 Go 1.22 之前，整个循环只有一个 i，每个闭包捕获的都是同一个变量。采用哪条规则取决于 go.mod 中的 "go" 版本行，而不是编译器的版本：在本机上把 go.mod 写成 "go 1.21" 来构建，同一个程序打印了三次 "goroutine sees i = 4"，sum = 12；"go vet" 警告 "loop variable i captured by func literal"；"go run -race" 报告了循环的 i++ 与 goroutine 读取 i 之间的数据竞争（DATA RACE）。
// explain zh: 旧的补救办法是在循环体开头写 "i := i"（或把 i 作为参数传给 goroutine 的函数），现在仍然正确，只是不再需要。
// policy rr 1
// expect sum == 6
package main

import (
	"fmt"
	"sync"
)

var sum = 0

var mu sync.Mutex

var wg sync.WaitGroup

func main() {
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func() {
			mu.Lock()
			sum = sum + i // Go 1.22+: this iteration's own i
			mu.Unlock()
			fmt.Println("goroutine sees i =", i)
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Println("sum =", sum)
}
