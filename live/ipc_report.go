package live

// IPCReport is the part of a Report that the FIFO, message-queue,
// shared-memory and TCP/UDP demos fill in (Report.IPC; nil for every other
// report). The kinds that carry it:
//
//   - "fifo": Phase "made" (the coordinator made the FIFO at Path),
//     "opening" and "opened" (a writer or reader end, Side, called open and
//     it returned after WaitedMS milliseconds), "done" (Bytes moved),
//     "removed" (the FIFO and its directory are gone);
//   - "mqueue": Phase "open" (the queue Path exists, with Cap messages of
//     at most MsgSize bytes, and the system's limits), "sent" and
//     "received" (one message: Seq, Prio and the queue's Depth after it),
//     "removed";
//   - "shm": one transfer of Bytes from one process to the other through
//     Mode "shm" (shared memory and two semaphores) or "pipe", with its
//     time (Report.ElapsedMS), MBps, ChunkKiB, whether the checksums
//     matched (OK) and how often each side slept (WriterVCSW, ReaderVCSW);
//   - "udp": the sender's and the receiver's counts (Count, Received,
//     Lost, Gaps, Drops) or, with Mode "echo", the round trips;
//   - "socket" with Type "TCP": the receiver's Addr and Peer.
//
// Sizes are in bytes, times in milliseconds unless named otherwise.
// Counts that may be 0 are never omitted.
type IPCReport struct {
	Path     string  `json:"path,omitempty"`      // the FIFO's path, or the queue's name ("/proclab-mq-...")
	WaitedMS float64 `json:"waited_ms,omitempty"` // fifo: how long open() blocked

	// mqueue
	Seq        int64 `json:"seq,omitempty"`
	Prio       int64 `json:"prio,omitempty"`
	Depth      int64 `json:"depth"`                    // messages in the queue after this send or receive
	Cap        int64 `json:"cap,omitempty"`            // mq_maxmsg
	MsgSize    int64 `json:"msgsize,omitempty"`        // mq_msgsize
	MsgMax     int64 `json:"msg_max,omitempty"`        // /proc/sys/fs/mqueue/msg_max
	MsgSizeMax int64 `json:"msgsize_max,omitempty"`    // /proc/sys/fs/mqueue/msgsize_max
	QueuesMax  int64 `json:"queues_max,omitempty"`     // /proc/sys/fs/mqueue/queues_max
	Mounted    bool  `json:"mqueue_mounted,omitempty"` // /dev/mqueue is mounted (the queues are visible as files)

	// shm
	MBps     float64 `json:"mbps,omitempty"` // 10^6 bytes per second
	ChunkKiB int64   `json:"chunk_kib,omitempty"`
	OK       bool    `json:"ok"` // the receiver's checksum equals the sender's
	// The voluntary context switches (/proc/self/status) the writer and
	// the reader made during the transfer: each time one slept, on a
	// semaphore or on the pipe.
	WriterVCSW int64 `json:"writer_vcsw"`
	ReaderVCSW int64 `json:"reader_vcsw"`

	// udp
	Count    int64   `json:"count"`            // datagrams (or round trips) tried
	Received int64   `json:"received"`         // datagrams that arrived
	Lost     int64   `json:"lost"`             // Count - Received
	Gaps     int64   `json:"gaps"`             // runs of missing sequence numbers
	Drops    int64   `json:"drops"`            // the kernel's count of datagrams dropped at this socket (SO_MEMINFO)
	RcvBuf   int64   `json:"rcvbuf,omitempty"` // SO_RCVBUF as the kernel set it (it doubles the request)
	First    []int64 `json:"first,omitempty"`  // the first sequence numbers received (at most 16)
	RTTus    float64 `json:"rtt_us,omitempty"` // echo: mean round trip in microseconds

	// tcp, udp
	Addr string `json:"addr,omitempty"` // the reporting socket's own address (127.0.0.1:PORT)
	Peer string `json:"peer,omitempty"` // the address it talks to
}

// sane bounds an IPC report read from a worker's pipe.
func (r *IPCReport) sane() bool {
	if r == nil {
		return true
	}
	return len(r.Path) <= 128 && len(r.Addr) <= 64 && len(r.Peer) <= 64 && len(r.First) <= 16
}
