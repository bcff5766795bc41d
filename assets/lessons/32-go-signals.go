//go:build ignore

// title en: Go: signals and their handlers (signal.Notify)
// title zh: Go：信号及其处理（signal.Notify）
// explain en: A signal tells a process that something happened: Ctrl-C in a terminal sends SIGINT, Ctrl-Z sends SIGTSTP, a service manager stopping a service sends SIGTERM, and a program may send SIGUSR1 with kill. It arrives asynchronously, whatever the process is doing, like a hardware interrupt made in software.
// explain en: In Go, the runtime itself installs the handler (with sigaction); signal.Notify(sigs, ...) asks it to send each of these signals on the channel sigs instead of acting on it. Here main sends itself SIGINT, SIGTERM, SIGUSR1, SIGTSTP and SIGCONT (syscall.Kill with its own PID) and receives each from the channel: it catches every one and carries on, and prints each as Go names it.
// explain en: Without Notify, SIGINT and SIGTERM would end the process (its parent's wait would say "killed by signal"), and SIGTSTP would stop it (T) until SIGCONT. SIGUSR1 would not: the Go runtime catches it and does nothing ("Other signals will be caught but no action will be taken", go doc os/signal; checked with Go 1.26), where a C program would die of it. Caught, SIGTSTP does not stop it: the process chose what Ctrl-Z means. SIGCONT is different: even when it is caught, the kernel first continues a stopped process, then the handler runs (checked with Go 1.26 on Linux 6.18: a child that catches both stays running after SIGTSTP, is in T after SIGSTOP, and after SIGCONT runs again and receives "continued").
// explain en: SIGKILL and SIGSTOP can be neither caught nor ignored: signal.Notify on them has no effect, so a process can always be killed or stopped. In ProcLab the five signals are handed over in the order they were sent; a real kernel delivers pending standard signals lowest number first, which is why main waits for each one before it sends the next.
// explain zh: 信号通知进程发生了某件事：在终端按 Ctrl-C 发送 SIGINT，按 Ctrl-Z 发送 SIGTSTP，服务管理器停止一个服务时发送 SIGTERM，程序也可以用 kill 发送 SIGUSR1。信号是异步到达的，不管进程正在做什么，就像用软件模拟的硬件中断。
// explain zh: 在 Go 中，信号处理函数由运行时自己安装（用 sigaction）；signal.Notify(sigs, ...) 请运行时把这些信号发送到通道 sigs 上，而不是按默认动作处理。这里 main goroutine 用 syscall.Kill 向自己的进程号依次发送 SIGINT、SIGTERM、SIGUSR1、SIGTSTP 和 SIGCONT，再从通道里逐个接收：每个信号都被捕获，进程继续运行，并按 Go 的叫法打印出每个信号。
// explain zh: 如果没有调用 signal.Notify，SIGINT 和 SIGTERM 会结束进程（父进程的 wait 会得到“被信号杀死”），SIGTSTP 会让它暂停（T），直到收到 SIGCONT。SIGUSR1 却不会：Go 运行时捕获它，然后什么也不做（os/signal 包的文档：“其他信号会被捕获，但不采取任何动作”；用 Go 1.26 验证过），而 C 程序收到它会被杀死。被捕获的 SIGTSTP 不会让进程暂停：Ctrl-Z 的含义由进程自己决定。SIGCONT 不同：即使它被捕获，内核也会先让已暂停的进程继续运行，然后信号处理函数才运行（在 Linux 6.18 上用 Go 1.26 验证过：一个同时捕获这两个信号的子进程在 SIGTSTP 之后仍在运行，在 SIGSTOP 之后处于 T，SIGCONT 之后又运行起来，并收到 "continued"）。
// explain zh: SIGKILL 和 SIGSTOP 既不能被捕获也不能被忽略：对它们调用 signal.Notify 没有作用，所以进程总是可以被杀死或暂停。在 ProcLab 中，这五个信号按发送的顺序交给进程；真实的内核按编号从小到大递送挂起的标准信号，所以 main goroutine 每发送一个信号都先等它到达，再发送下一个。
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGUSR1, syscall.SIGTSTP, syscall.SIGCONT)
	pid := os.Getpid()

	syscall.Kill(pid, syscall.SIGINT) // what Ctrl-C sends
	s := <-sigs
	fmt.Println("caught", s, "and carried on")

	syscall.Kill(pid, syscall.SIGTERM) // what a service manager sends to stop a service
	s = <-sigs
	fmt.Println("caught", s, "and carried on")

	syscall.Kill(pid, syscall.SIGUSR1)
	s = <-sigs
	fmt.Println("caught", s, "and carried on")

	syscall.Kill(pid, syscall.SIGTSTP) // what Ctrl-Z sends: caught, so the process does not stop
	s = <-sigs
	fmt.Println("caught", s, "and carried on")

	syscall.Kill(pid, syscall.SIGCONT)
	s = <-sigs
	fmt.Println("caught", s, "and carried on")

	fmt.Println("still running")
}
