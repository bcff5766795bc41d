//go:build ignore

// title en: Go: the lost update, and what go run -race prints
// title zh: Go：更新丢失，以及 "go run -race" 打印什么
// explain en: Two goroutines each run counter++ twice. counter++ is a load, an add and a store, so counter ends at 4, 3 or 2: explore finds all three, each with a schedule that reaches it.
// explain en: Build or run it with -race and Go's race detector prints, between lines of "=" signs, "WARNING: DATA RACE", then "Read at 0x... by goroutine N:" with the function and line (main.add, counter++), "Previous write at 0x... by goroutine M:" with the other one, and where each goroutine was created; at the end "Found 1 data race(s)", and the program exits with status 66. It reports the race even on a run that printed the right answer 4: it checks the order of the accesses (happens-before), not the value.
// explain en: But it only sees the schedules that happen to run. ProcLab's explore tries every interleaving, and reports the race and the lost update on counter with a schedule for each.
// explain en: Common misconception: "the root cause of a race is being switched out". With GOMAXPROCS=2 the two goroutines run on two CPUs at the same time and lose updates with no context switch at all.
// explain zh: 两个 goroutine 各执行两次 counter++。counter++ 其实是读取、相加、写回三步，所以 counter 最后可能是 4、3 或 2：探索能找到全部三种结果，并给出到达每种结果的调度。
// explain zh: 加上 -race 构建或运行时，Go 的竞态检测器会在两行 "=" 之间打印 "WARNING: DATA RACE"，接着是 "Read at 0x... by goroutine N:" 以及函数和行号（main.add 中的 counter++），"Previous write at 0x... by goroutine M:" 以及另一处访问，还有每个 goroutine 是在哪里创建的；最后打印 "Found 1 data race(s)"，程序以退出码 66 退出。即使某次运行打印出了正确的 4，它也照样报告数据竞争：它检查的是访问之间的先后顺序（happens-before），而不是值。
// explain zh: 但它只能看到碰巧运行了的调度。ProcLab 的探索会尝试所有交错执行，报告 counter 上的数据竞争和更新丢失，并为每一种给出一个调度。
// explain zh: 常见误解：课程中说“造成竞态条件的根本原因在于进程被操作系统切换出去”。在 GOMAXPROCS=2 时，两个 goroutine 同时在两个 CPU 上运行，根本不需要上下文切换，也会丢失更新。
// policy rr 1
// expect counter == 4
package main

import (
	"fmt"
	"sync"
)

var counter = 0

var wg sync.WaitGroup

func add() {
	for range 2 {
		counter++ // load, add, store: a data race
	}
	wg.Done()
}

func main() {
	wg.Add(2)
	go add()
	go add()
	wg.Wait()
	fmt.Println("counter =", counter)
}
