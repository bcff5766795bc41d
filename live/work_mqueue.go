//go:build linux

package live

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// The mqueue demo: a POSIX message queue between a sender and a slow
// receiver. The sender (pl-mq-send) creates the queue, with a name fixed
// for this spawn (ipc_names_linux.go) and room for cap messages, starts the
// receiver (pl-mq-recv: fork and exec; it opens the queue by its name) and
// sends count messages with different priorities. The receiver starts
// reading after delay_ms, one message every read_ms: by then the queue is
// full and the sender sleeps in mq_send (S, in wq_sleep), and each receive
// returns the message of the highest priority in the queue, not the
// oldest. At the end the sender removes the queue (mq_unlink).

// mqMsgSize is the largest message of the demo's queue, in bytes.
const mqMsgSize = 64

// mqPrio is the priority of message seq (1-based): 1, 5, 9, 4, 8, 3, 7, 2,
// 6, and again: every priority from 1 to 9 once in nine messages.
func mqPrio(seq int64) uint32 { return uint32(1 + (seq-1)*4%9) }

// mqMessage is the text of message seq.
func mqMessage(seq int64) string {
	return "msg " + strconv.FormatInt(seq, 10) + " prio " + strconv.FormatUint(uint64(mqPrio(seq)), 10)
}

// mqLimits reads the system's message queue limits (/proc/sys/fs/mqueue)
// and whether the queue file system is mounted at /dev/mqueue.
func mqLimits() IPCReport {
	read := func(name string) int64 {
		b, err := os.ReadFile("/proc/sys/fs/mqueue/" + name)
		if err != nil {
			return 0
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		return n
	}
	var st unix.Statfs_t
	mounted := unix.Statfs("/dev/mqueue", &st) == nil && st.Type == 0x19800202 // MQUEUE_MAGIC
	return IPCReport{MsgMax: read("msg_max"), MsgSizeMax: read("msgsize_max"), QueuesMax: read("queues_max"), Mounted: mounted}
}

// runMqueue creates the queue, starts the receiver, sends count messages
// (each send blocks while the queue is full), waits for the receiver and
// removes the queue.
func runMqueue(a []int64) error {
	count, capMsgs, delayMS, readMS := a[0], a[1], a[2], a[3]
	name := mqName(os.Getenv(envLab), unix.Getpgrp())
	lim := mqLimits()
	if lim.MsgMax > 0 && capMsgs > lim.MsgMax && os.Geteuid() != 0 {
		return fmt.Errorf("cap %d is above the system's msg_max %d", capMsgs, lim.MsgMax)
	}
	attr := mqAttr{MaxMsg: capMsgs, MsgSize: mqMsgSize}
	fd, err := mqOpen(name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600, &attr)
	if err != nil {
		return fmt.Errorf("mq_open %s: %v", name, err)
	}
	rep := lim
	rep.Path, rep.Cap, rep.MsgSize = name, capMsgs, mqMsgSize
	report(Report{Kind: "mqueue", Phase: "open", IPC: &rep})
	pid, err := startWorker("mq-recv", -1, count, delayMS, readMS)
	if err != nil {
		mqUnlink(name)
		return err
	}
	report(Report{Kind: "fork", Child: pid})
	for seq := int64(1); seq <= count; seq++ {
		if err := mqSend(fd, []byte(mqMessage(seq)), mqPrio(seq)); err != nil {
			mqUnlink(name)
			return fmt.Errorf("mq_send: %v", err)
		}
		report(Report{Kind: "mqueue", Phase: "sent", Side: "sender", IPC: &IPCReport{Seq: seq, Prio: int64(mqPrio(seq)), Depth: mqDepth(fd)}})
	}
	var ws unix.WaitStatus
	for {
		if _, err := unix.Wait4(pid, &ws, 0, nil); err != unix.EINTR {
			break
		}
	}
	report(reapedReport(pid, statusOf(ws)))
	unix.Close(fd)
	if mqUnlink(name) == nil {
		report(Report{Kind: "mqueue", Phase: "removed", IPC: &IPCReport{Path: name}})
	}
	forever()
	return nil
}

// runMqRecv opens the spawn's queue by its name, waits delay_ms, and
// receives count messages, one every read_ms.
func runMqRecv(a []int64) error {
	count, delayMS, readMS := a[0], a[1], a[2]
	name := mqName(os.Getenv(envLab), unix.Getpgrp())
	fd, err := mqOpen(name, unix.O_RDONLY|unix.O_CLOEXEC, 0, nil)
	if err != nil {
		return fmt.Errorf("mq_open %s: %v", name, err)
	}
	sleepMS(delayMS)
	buf := make([]byte, mqMsgSize)
	for i := int64(0); i < count; i++ {
		n, prio, err := mqReceive(fd, buf)
		if err != nil {
			return fmt.Errorf("mq_receive: %v", err)
		}
		var seq int64
		if rest, ok := strings.CutPrefix(string(buf[:n]), "msg "); ok {
			num, _, _ := strings.Cut(rest, " ")
			seq, _ = strconv.ParseInt(num, 10, 64)
		}
		report(Report{Kind: "mqueue", Phase: "received", Side: "receiver", IPC: &IPCReport{Seq: seq, Prio: int64(prio), Depth: mqDepth(fd)}})
		if i+1 < count {
			sleepMS(readMS)
		}
	}
	return nil
}
