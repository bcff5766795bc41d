//go:build ignore

// The Go twin of the lesson "mqueue": Go's standard library has no message
// queues, so this calls the system calls directly (glibc's mq_send and
// mq_receive are mq_timedsend and mq_timedreceive without a timeout).
//
//   - A POSIX queue (mq_open; it appears in /dev/mqueue) of at most 3
//     messages: a receiver goroutine blocks on the empty queue (wait
//     channel wq_sleep) until a message comes; then messages leave highest
//     priority first, oldest first within a priority, each one whole.
//   - A System V queue (msgget): msgrcv picks by type: 3 takes the first
//     message of type 3, -2 the first of the lowest type not above 2, 0
//     the first message.
package main

import (
	"bytes"
	"fmt"
	"os"
	"syscall"
	"time"
	"unsafe"
)

// mqAttr is struct mq_attr: flags, maxmsg, msgsize, curmsgs (and padding).
type mqAttr struct {
	flags, maxmsg, msgsize, curmsgs int64
	_                               [4]int64
}

func mqSend(fd uintptr, msg string, prio uint) error {
	b := []byte(msg)
	_, _, e := syscall.Syscall6(syscall.SYS_MQ_TIMEDSEND, fd, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), uintptr(prio), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

func mqReceive(fd uintptr) (string, uint32, error) {
	buf := make([]byte, 256) // at least the queue's msgsize
	var prio uint32
	n, _, e := syscall.Syscall6(syscall.SYS_MQ_TIMEDRECEIVE, fd, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), uintptr(unsafe.Pointer(&prio)), 0, 0)
	if e != 0 {
		return "", 0, e
	}
	return string(buf[:n]), prio, nil
}

func posix() {
	name := []byte(fmt.Sprintf("proclab-%d\x00", os.Getpid())) // the system call takes the name without glibc's leading "/"
	attr := mqAttr{maxmsg: 3, msgsize: 256}
	fd, _, e := syscall.Syscall6(syscall.SYS_MQ_OPEN, uintptr(unsafe.Pointer(&name[0])), uintptr(syscall.O_RDWR|syscall.O_CREAT|syscall.O_EXCL), 0o600, uintptr(unsafe.Pointer(&attr)), 0, 0)
	if e != 0 {
		fmt.Println("mq_open:", e)
		return
	}
	defer syscall.Syscall(syscall.SYS_MQ_UNLINK, uintptr(unsafe.Pointer(&name[0])), 0, 0)
	defer syscall.Close(int(fd))

	got := make(chan string)
	go func() { // blocks: the queue is empty
		msg, prio, err := mqReceive(fd)
		got <- fmt.Sprintf("%q priority %d %v", msg, prio, err)
	}()
	time.Sleep(20 * time.Millisecond)
	_ = mqSend(fd, "first", 1)
	fmt.Println("the waiting receiver got", <-got)

	for _, m := range []struct {
		text string
		prio uint
	}{{"low-a", 1}, {"low-b", 1}, {"urgent", 5}} {
		if err := mqSend(fd, m.text, m.prio); err != nil {
			fmt.Println("mq_send:", err)
		}
	}
	for range 3 {
		msg, prio, err := mqReceive(fd)
		fmt.Printf("mq_receive: %q priority %d %v\n", msg, prio, err)
	}
}

func sysv() {
	const ipcPrivate, ipcCreat, ipcRmid, ipcNowait = 0, 0o1000, 0, 0o4000
	id, _, e := syscall.Syscall(syscall.SYS_MSGGET, ipcPrivate, ipcCreat|0o600, 0)
	if e != 0 {
		fmt.Println("msgget:", e)
		return
	}
	defer syscall.Syscall(syscall.SYS_MSGCTL, id, ipcRmid, 0)
	// struct msgbuf: a long mtype, then the bytes.
	for i, typ := range []int64{2, 1, 3, 1} {
		var m struct {
			mtype int64
			text  [8]byte
		}
		m.mtype = typ
		copy(m.text[:], fmt.Sprintf("m%d-t%d", i, typ))
		if _, _, e := syscall.Syscall6(syscall.SYS_MSGSND, id, uintptr(unsafe.Pointer(&m)), 8, 0, 0, 0); e != 0 {
			fmt.Println("msgsnd:", e)
		}
	}
	for _, want := range []int64{3, -2, 0, 0, 0} {
		var m struct {
			mtype int64
			text  [8]byte
		}
		n, _, e := syscall.Syscall6(syscall.SYS_MSGRCV, id, uintptr(unsafe.Pointer(&m)), 8, uintptr(want), ipcNowait, 0)
		if e != 0 {
			fmt.Printf("msgrcv %d: %v\n", want, e)
			continue
		}
		fmt.Printf("msgrcv %d: type %d %q\n", want, m.mtype, bytes.TrimRight(m.text[:n], "\x00"))
	}
}

func main() {
	posix()
	sysv()
}
