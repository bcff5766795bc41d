package live

// The waits of the FIFO and message-queue demos, read from real processes
// on Linux 6.18 (docs/live-truth.md): a FIFO's open() waiting for the other
// end, and mq_send on a full queue or mq_receive on an empty one (the
// kernel sleeps in the same function for both; which one it is follows
// from the process: the sender or the receiver).
const (
	WaitFIFOOpen Wait = "fifo_open" // open() of a FIFO until the other end is opened
	WaitMqueue   Wait = "mqueue"    // mq_send on a full queue, mq_receive on an empty one
)

func init() {
	wchanWaits["wait_for_partner"] = WaitFIFOOpen
	wchanWaits["wq_sleep"] = WaitMqueue
}
