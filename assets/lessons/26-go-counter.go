//go:build ignore

// title en: Go: a counter three ways, with sync.Mutex, sync/atomic and a channel
// title zh: Go：计数器的三种写法：sync.Mutex、sync/atomic 和通道
// explain en: Three correct counters, each incremented once by each of two goroutines: withMutex under a sync.Mutex, withAtomic by atomic.AddInt64, and withChannel owned by one goroutine that receives every increment from a channel. Every schedule gives 2, 2 and 2, and no data race.
// explain en: The cost differs. An atomic add is one micro-step. The mutex adds a Lock and an Unlock around the three micro-steps of the increment, and a goroutine that finds it held sleeps and must be woken. The channel costs a send and a receive per increment, each a rendezvous that may put a goroutine to sleep, plus the owner's goroutine. Each part prints its counter when it ends: in this lesson's run the mutex part ends at step 18, the atomic part 12 steps later (step 30), and the channel part 21 steps after that (step 51). Each part also pays for starting its goroutines and for the WaitGroup.
// explain en: Use atomic for one counter, a mutex when several variables must change together, and a channel when one goroutine should own the data and the others hand it work.
// explain zh: 三个都正确的计数器，每个都由两个 goroutine 各加一次：withMutex 由 sync.Mutex 保护，withAtomic 用 atomic.AddInt64，withChannel 归一个 goroutine 所有，它从通道接收每一次加法。无论怎样调度，结果都是 2、2、2，也没有数据竞争。
// explain zh: 代价不同。一次原子加法只是一个微步。互斥锁在加法的三个微步前后加上 mu.Lock() 和 mu.Unlock()，发现锁被持有的 goroutine 还要睡眠、等待被唤醒。通道每次加法都要一次发送和一次接收，每次都是一次会合，可能让某个 goroutine 睡眠，另外还要一个拥有计数器的 goroutine。每一部分结束时都会打印它的计数器：在本课程的这次运行中，互斥锁部分在第 18 步结束，原子操作部分在 12 步之后（第 30 步）结束，通道部分又过了 21 步（第 51 步）才结束。每一部分还要为启动 goroutine 和 WaitGroup 付出步数。
// explain zh: 单个计数器用原子操作；几个变量必须一起改变时用互斥锁；当数据应当归一个 goroutine 所有、其他 goroutine 只把工作交给它时，用通道。
// policy rr 1
// expect withMutex == 2
// expect withAtomic == 2
// expect withChannel == 2
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var withMutex = 0

var withAtomic int64

var withChannel = 0

var mu sync.Mutex

var wg sync.WaitGroup

var inc = make(chan int)

var owned = make(chan bool)

func main() {
	// 1. sync.Mutex: Lock, load, add, store, Unlock.
	wg.Add(2)
	for range 2 {
		go func() {
			mu.Lock()
			withMutex++
			mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Println("withMutex =", withMutex)

	// 2. sync/atomic: one indivisible step.
	wg.Add(2)
	for range 2 {
		go func() {
			atomic.AddInt64(&withAtomic, 1)
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Println("withAtomic =", atomic.LoadInt64(&withAtomic))

	// 3. A channel: one goroutine owns withChannel; the others send it
	// increments.
	go func() {
		for d := range inc {
			withChannel += d
		}
		owned <- true
	}()
	wg.Add(2)
	for range 2 {
		go func() {
			inc <- 1
			wg.Done()
		}()
	}
	wg.Wait()
	close(inc)
	<-owned
	fmt.Println("withChannel =", withChannel)
}
