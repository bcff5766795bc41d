//go:build ignore

// title en: Go: main does not wait, so forget the WaitGroup and the goroutines never print
// title zh: Go：main goroutine 不会等待，忘了 WaitGroup，其他 goroutine 就来不及打印
// explain en: main starts three goroutines with go and returns at once. When main returns, the whole Go program exits (exit_group ends every thread): a goroutine that has not run yet never runs, and nothing waits for it. Explore it: every outcome from "only main returns" to all three lines, in any order; a line may even come after "main returns", because main returning and the process exiting are two moments, and another goroutine can run in between.
// explain en: What a real run prints depends on the CPUs. This lesson runs on one CPU (GOMAXPROCS=1): Go preempts a goroutine only after it has run 10 ms, and main needs a few microseconds, so it runs to its end: 2,000 of 2,000 real runs printed only "main returns". On two CPUs (GOMAXPROCS=2), about 7 runs in 10 still printed only that line, because the other CPU takes some microseconds to pick up a new goroutine. ProcLab's ticks (100 µs) are too coarse to show that race: on two CPUs its goroutines would start at once.
// explain en: The fix is a sync.WaitGroup: wg.Add(1) before each go statement, wg.Done() as the last thing each goroutine does, and wg.Wait() in main before it returns. wg.Done() happens before wg.Wait() returns, so main also sees what the goroutines wrote.
// explain en: time.Sleep in main is not a fix: it only makes the goroutines likely to finish first, and the race detector still sees no order between them and main.
// explain zh: main goroutine 用 go 语句启动三个 goroutine 后立即返回。主函数一返回，整个 Go 程序就退出了（exit_group 结束所有线程）：还没运行的 goroutine 永远不会运行，也没有谁等待它们。用探索试试：从只打印 "main returns" 到三行都打印、顺序任意，每种结果都可能出现；某一行甚至可能出现在 "main returns" 之后，因为 main goroutine 返回和进程退出是两个时刻，其他 goroutine 可以在这之间运行。
// explain zh: 真实运行打印什么取决于 CPU 的个数。本课只用一个 CPU（GOMAXPROCS=1）：Go 要等一个 goroutine 运行满 10 ms 才抢占它，而 main goroutine 只需要几微秒，所以会一直运行到结束：真实运行 2,000 次，2,000 次都只打印 "main returns"。用两个 CPU 时（GOMAXPROCS=2），约 7 成的运行仍然只打印这一行，因为另一个 CPU 要花几微秒才能接手新的 goroutine。ProcLab 的时钟滴答（tick）是 100 µs，太粗，表现不出这场竞争：在两个 CPU 上，它的 goroutine 会立即开始运行。
// explain zh: 修复方法是 sync.WaitGroup：每条 go 语句之前调用 wg.Add(1)，每个 goroutine 最后调用 wg.Done()，main goroutine 返回之前调用 wg.Wait()。wg.Done() 先行发生（happens-before）于 wg.Wait() 返回，所以 main goroutine 也能看到各 goroutine 写入的数据。
// explain zh: 在 main goroutine 里调用 time.Sleep 不是修复：它只是让各 goroutine 很可能先运行完，竞态检测器仍然看不到它们与 main goroutine 之间的先后顺序。
// cpus 1
// policy rr 100
package main

import "fmt"

func main() {
	for i := 1; i <= 3; i++ {
		go func() {
			fmt.Println("goroutine", i, "runs")
		}()
	}
	// The fix: a sync.WaitGroup wg; wg.Add(1) before each go statement,
	// wg.Done() at the end of each goroutine, and wg.Wait() here.
	fmt.Println("main returns")
}
