// title en: A bank with tellers, an auditor and a clock (the front end's benchmark program)
// title zh: 有柜员、审计员和时钟的银行（前端的基准测试程序）
// cpus 2
// policy rr 10
// seed 7
// expect audits == 3
package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const (
	tellers  = 2
	rounds   = 3
	deposit  = 10
	withdraw = 4
	limit    = 100
)

var (
	balance   int
	deposits  int64
	withdraws atomic.Int64
	audits    int
	open      = true
	status    = "starting"
	mu        sync.Mutex
	rw        sync.RWMutex
	once      sync.Once
	wg        sync.WaitGroup
	ledger    = make(chan int, 4)
	done      = make(chan struct{})
	alarms    = make(chan bool, 1)
	condMu    sync.Mutex
	cond      = sync.NewCond(&condMu)
	ready     bool
)

// fee returns the fee of an amount: 1 per started 10.
func fee(amount int) int {
	f := amount / 10
	if amount%10 != 0 {
		f++
	}
	return f
}

// clamp keeps a value between lo and hi.
func clamp(v, lo, hi int) int {
	switch {
	case v < lo:
		return lo
	case v > hi:
		return hi
	}
	return v
}

// describe names a balance's state.
func describe(b int) string {
	switch {
	case b < 0:
		return "overdrawn"
	case b == 0:
		return "empty"
	case b < limit:
		return "normal"
	}
	return "rich"
}

// setup runs once, whichever teller comes first.
func setup() {
	status = "open"
	fmt.Println("bank is", status)
}

// credit adds to the balance under the mutex.
func credit(amount int) {
	mu.Lock()
	defer mu.Unlock()
	balance += amount - fee(amount)
	atomic.AddInt64(&deposits, 1)
}

// debit takes from the balance if there is enough.
func debit(amount int) bool {
	mu.Lock()
	defer mu.Unlock()
	if balance < amount {
		return false
	}
	balance -= amount
	withdraws.Add(1)
	return true
}

// teller serves rounds of customers and reports to the ledger.
func teller(id int, w *sync.WaitGroup) {
	defer w.Done()
	once.Do(setup)
	for r := range rounds {
		credit(deposit + id)
		if ok := debit(withdraw); !ok {
			fmt.Println("teller", id, "refused in round", r)
		}
		ledger <- id*10 + r
		runtime.Gosched()
	}
}

// reader looks at the balance under the read lock.
func reader(times int) int {
	seen := 0
	for i := 0; i < times; i++ {
		rw.RLock()
		seen = balance
		rw.RUnlock()
	}
	return seen
}

// auditor checks the books three times.
func auditor() {
	for k := 0; k < 3; k++ {
		rw.Lock()
		audits++
		rw.Unlock()
		time.Sleep(200 * time.Microsecond)
	}
}

// waiter waits until the bank is ready.
func waiter() {
	condMu.Lock()
	for !ready {
		cond.Wait()
	}
	condMu.Unlock()
}

// signalReady wakes every waiter.
func signalReady() {
	condMu.Lock()
	ready = true
	cond.Broadcast()
	condMu.Unlock()
}

// collector sums the ledger until it is closed.
func collector(out chan<- int) {
	total := 0
	count := 0
	for v := range ledger {
		total += v
		count++
	}
	fmt.Printf("ledger: %d entries, sum %d\n", count, total)
	out <- total
}

// watchdog raises an alarm unless the bank closes in time.
func watchdog() {
	select {
	case <-done:
		fmt.Println("closed in time")
	case <-time.After(50 * time.Millisecond):
		alarms <- true
	}
}

// poll looks at the alarms without blocking.
func poll() bool {
	select {
	case a := <-alarms:
		return a
	default:
		return false
	}
}

// guard is the night guard's process: it waits for SIGTERM.
func guard() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	signal.Ignore(syscall.SIGHUP)
	fmt.Println("guard", os.Getpid(), "of", os.Getppid(), "on duty")
	s := <-sigs
	fmt.Println("guard got", s)
	os.Exit(0)
}

// janitor's process cleans up and ends.
func janitor() {
	for i := 0; i < 2; i++ {
		time.Sleep(time.Millisecond)
	}
	fmt.Println("janitor done")
}

// report prints a summary line.
func report(name string, value int, good bool) {
	if good {
		fmt.Println(name, value, "ok")
	} else {
		fmt.Println(name, value, "CHECK")
	}
}

// spread computes a number the slow way, to give the compiler work.
func spread(a, b int) int {
	x := a
	y := b
	for x > 0 && y > 0 {
		if x > y {
			x -= y
		} else {
			y -= x
		}
	}
	return x + y
}

// score rates a round.
func score(r int) int {
	s := 0
	switch r {
	case 0:
		s = 1
	case 1, 2:
		s = 2
		fallthrough
	case 3:
		s += 3
	default:
		s = -1
	}
	return s
}

func main() {
	fmt.Println("pid", os.Getpid())
	sums := make(chan int)
	go collector(sums)
	go watchdog()
	go waiter()
	go func() {
		time.Sleep(100 * time.Microsecond)
		signalReady()
	}()
	wg.Add(tellers)
	for id := 1; id <= tellers; id++ {
		go teller(id, &wg)
	}
	var aw sync.WaitGroup
	aw.Add(1)
	go func() {
		defer aw.Done()
		auditor()
	}()
	seen := reader(2)
	wg.Wait()
	close(ledger)
	total := <-sums
	aw.Wait()
	close(done)

	guardCmd := exec.Command("guard")
	if err := guardCmd.Start(); err != nil {
		fmt.Println("guard failed", err)
	}
	time.Sleep(time.Millisecond)
	syscall.Kill(guardCmd.Process.Pid, syscall.SIGTERM)
	gerr := guardCmd.Wait()
	fmt.Println("guard ended:", gerr)

	jerr := exec.Command("janitor").Run()
	fmt.Println("janitor ended:", jerr)

	final := balance
	d := atomic.LoadInt64(&deposits)
	w := withdraws.Load()
	report("balance", final, final > 0)
	report("deposits", int(d), d == tellers*rounds)
	report("withdrawals", int(w), w <= tellers*rounds)
	report("ledger", total, total > 0)
	fmt.Println("state:", describe(clamp(final, 0, limit)), "seen", seen)
	fmt.Println("gcd", spread(12, 18), "score", score(1)+score(0))
	if poll() {
		fmt.Println("alarm!")
	}
	if !open || audits != 3 {
		panic("books do not balance")
	}
	open = false
	fmt.Println("closing", status, "after", audits, "audits")
}
