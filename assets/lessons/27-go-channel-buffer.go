//go:build ignore

// title en: Go: unbuffered and buffered channels, and the deadlock Go reports
// title zh: Go：无缓冲通道与有缓冲通道，以及 Go 报告的死锁
// explain en: A send on a channel with a free buffer slot does not wait: main sends 1 on buffered, which has room for one value, and goes on. The value waits in the buffer until someone receives it.
// explain en: A send on an unbuffered channel waits for a receiver: the hand-off of 2 to the worker is a rendezvous, and main sleeps until the worker takes the value.
// explain en: Then main sends 3 on the unbuffered channel, but no goroutine will ever receive it. main blocks and the worker has finished: every goroutine is asleep and none waits for a timer, so the Go runtime prints "fatal error: all goroutines are asleep - deadlock!", then "goroutine 1 [chan send]:" with main's stack, and exits with status 2. Go finds this only when every goroutine is stuck: a deadlock among some goroutines while another still runs goes unreported. And it finds it only in a plain build: built with -race (or with cgo) the same program hangs for ever instead, since the runtime cannot know that no C code will wake a goroutine (golang/go#20588; seen with go1.26 on this machine).
// explain zh: 向缓冲区还有空位的通道发送时不必等待：buffered 能放一个值，main goroutine 发送 1 之后继续运行。这个值留在缓冲区里，直到有人接收它。
// explain zh: 向无缓冲通道发送要等接收方：把 2 交给 worker 是一次会合，main goroutine 一直睡眠，直到 worker 取走这个值。
// explain zh: 接着 main goroutine 在无缓冲通道上发送 3，但永远不会有 goroutine 接收它。main goroutine 阻塞，而 worker 已经结束：所有 goroutine 都在睡眠，也没有谁在等计时器，于是 Go 运行时打印 "fatal error: all goroutines are asleep - deadlock!"，接着是 "goroutine 1 [chan send]:" 和 main goroutine 的调用栈，然后以退出码 2 退出。只有当所有 goroutine 都卡住时 Go 才能发现死锁：若一部分 goroutine 互相死锁而另一个还在运行，Go 不会报告。而且只有普通构建才会报告：加上 -race 构建时，或者启用 C 语言互操作（cgo）时，同一个程序会一直挂起，因为运行时无法知道不会有 C 代码来唤醒某个 goroutine（golang/go#20588；本机 go1.26 上亲测）。
// policy rr 1
package main

import "fmt"

var buffered = make(chan int, 1)

var unbuffered = make(chan int)

var finished = make(chan bool)

func worker() {
	v := <-unbuffered
	fmt.Println("worker received", v)
	finished <- true
}

func main() {
	buffered <- 1 // room in the buffer: no wait
	fmt.Println("buffered send of 1 done")
	fmt.Println("received", <-buffered)

	go worker()
	unbuffered <- 2 // waits until the worker receives
	<-finished
	fmt.Println("hand-off of 2 done")

	unbuffered <- 3 // nobody will ever receive: deadlock
	fmt.Println("never printed")
}
