//go:build ignore

// title en: Go: select with a timeout (time.After)
// title zh: Go：带超时的 select（time.After）
// explain en: select waits for whichever case is ready first. time.After(d) returns a channel that receives a value once d has passed, so a select with it gives up waiting after d.
// explain en: The first request is slow (200 ms) and the timeout short (2 ms): the timeout wins and main prints "timeout". The second request takes 1 ms and the timeout is 100 ms: the result wins. In ProcLab one tick is 100 µs of Go time, so the waits are 2000, 20, 10 and 1000 ticks; the program ends long before the slow request or the second timer would be done. (The wide margins are for real runs: on a busy machine a 1 ms sleep can take several milliseconds.)
// explain en: Each result channel has a buffer of one, so the slow worker's send does not block forever after main stopped listening (an unbuffered channel there would leak a goroutine). Before Go 1.23 a time.After timer was not freed until it fired; since Go 1.23 an unreferenced timer is garbage collected.
// explain zh: select 等待最先就绪的那个分支。time.After(d) 返回一个通道，经过 d 之后它会收到一个值，所以 select 加上它，就会在等待 d 之后放弃。
// explain zh: 第一个请求很慢（200 ms），超时很短（2 ms）：超时先到，main goroutine 打印 "timeout"。第二个请求只要 1 ms，超时为 100 ms：结果先到。在 ProcLab 中一个时钟滴答（tick）是 Go 时间的 100 µs，所以这几次等待分别是 2000、20、10 和 1000 个时钟滴答；慢请求和第二个计时器还远没有到时，程序就已经结束了。（留这么大的余量是为了真实运行：在繁忙的机器上，1 ms 的睡眠可能要好几毫秒。）
// explain zh: 每个结果通道都有一个缓冲槽，所以 main goroutine 不再等待之后，慢的 slowWorker 发送时也不会永远阻塞（这里若用无缓冲通道，就会泄漏一个 goroutine）。在 Go 1.23 之前，time.After 的计时器在触发之前不会被释放；从 Go 1.23 起，不再被引用的计时器会被垃圾回收。
// policy rr 1
package main

import (
	"fmt"
	"time"
)

var slow = make(chan int, 1)

var fast = make(chan int, 1)

func slowWorker() {
	time.Sleep(200 * time.Millisecond)
	slow <- 1
}

func fastWorker() {
	time.Sleep(1 * time.Millisecond)
	fast <- 2
}

func main() {
	go slowWorker()
	select {
	case v := <-slow:
		fmt.Println("result", v)
	case <-time.After(2 * time.Millisecond):
		fmt.Println("timeout")
	}

	go fastWorker()
	select {
	case v := <-fast:
		fmt.Println("result", v)
	case <-time.After(100 * time.Millisecond):
		fmt.Println("timeout")
	}
}
