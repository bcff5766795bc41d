import {
  createTimeline,
  renderLegend,
  treeOrder
} from "./chunk-LJF7EW3Z.js";
import {
  LEAVE_REASON,
  onPageLeave,
  retryDelay
} from "./chunk-5SMQBUYD.js";
import {
  createDiagram,
  renderLog,
  sentence,
  signalName
} from "./chunk-X7FJ6C55.js";
import {
  renderExplain
} from "./chunk-KMHT7RCN.js";
import "./chunk-65JYWMDR.js";
import {
  STATE_LETTER,
  taskColor
} from "./chunk-2FXQCEFR.js";
import {
  addCatalog,
  getLang,
  has,
  pick,
  t
} from "./chunk-GO5LWYH4.js";
import "./chunk-J4M4X52N.js";

// js/i18n-live-ipc.js
var liveIpcEn = {
  // the workloads
  "live.wl.fifo": "two processes meet on a named pipe",
  "live.wl.mqueue": "a POSIX message queue with priorities",
  "live.wl.shmsem": "shared memory + semaphores vs a pipe",
  "live.wl.tcp": "a TCP connection on 127.0.0.1",
  "live.wl.udp": "UDP datagrams: drops and echo",
  "live.wl.fifo.doc": "Makes a FIFO (mkfifo) in a private directory and starts a writer and a reader that share nothing but its path. The first one to open it waits in open() (S, wait_for_partner) until the second comes gap_ms later; then kib KiB flow through it. The FIFO and its directory are removed at the end.",
  "live.wl.mqueue.doc": "Creates a POSIX message queue for cap messages and sends count messages with priorities 1 to 9 to a receiver that starts after delay_ms and takes one every read_ms. A full queue makes the sender wait (S, wq_sleep); the highest priority comes out first. The queue is removed at the end.",
  "live.wl.shmsem.doc": "Moves mb MiB to a child twice, in chunks of chunk_kib KiB: through shared memory with two process-shared semaphores (empty, full) around a ring of slots chunks, then through a pipe. Shows the time, MB/s, whether every byte arrived, and how often each process slept.",
  "live.wl.tcp.doc": 'Listens on 127.0.0.1 (the kernel picks the port), connects, and sends "one", "two!", "three" to a child that accepts and reads after delay_ms: TCP is a byte stream, the three sends come back in one read.',
  "live.wl.udp.doc": "Two UDP sockets on 127.0.0.1. echo 0: count numbered datagrams as fast as possible to a receiver with a receive buffer of rcvbuf bytes that reads only after delay_ms: the datagrams that do not fit are dropped. echo 1: every datagram is sent back from the socket that read it.",
  "live.arg.fifo.first": "who opens first: 0 the writer, 1 the reader",
  "live.arg.fifo.gap_ms": "time before the second end starts, in ms",
  "live.arg.fifo.kib": "KiB the writer sends",
  "live.arg.fifo.read_kbps": "reader rate in KiB/s (0 = flat out)",
  "live.arg.mqueue.count": "messages to send",
  "live.arg.mqueue.cap": "messages the queue holds (mq_maxmsg)",
  "live.arg.mqueue.delay_ms": "the receiver's delay before its first receive, in ms",
  "live.arg.mqueue.read_ms": "the receiver's time between receives, in ms",
  "live.arg.shmsem.mb": "MiB to move each time",
  "live.arg.shmsem.chunk_kib": "chunk size in KiB",
  "live.arg.shmsem.slots": "chunks the shared ring holds",
  "live.arg.tcp.delay_ms": "the receiver's delay before reading, in ms",
  "live.arg.udp.count": "datagrams to send",
  "live.arg.udp.size": "bytes per datagram",
  "live.arg.udp.rcvbuf": "the receiver's SO_RCVBUF in bytes (the kernel doubles it)",
  "live.arg.udp.delay_ms": "echo 0: the receiver's delay before reading, in ms",
  "live.arg.udp.echo": "1: the receiver echoes every datagram",
  // waits
  "live.why.fifo_open": "in open() of a FIFO, until the other end is opened",
  "live.why.mqueue": "in mq_send on a full queue or mq_receive on an empty one",
  // the panels
  "live.demo.fifo": "Named pipe (FIFO)",
  "live.demo.fifo.path": "FIFO:",
  "live.demo.fifo.notyet": "not started yet",
  "live.demo.fifo.opening": "calling open()",
  "live.demo.fifo.waiting": "waiting in open() for the other end",
  "live.demo.fifo.never": "ended in open(): the other end never came",
  "live.demo.fifo.opened": "open() returned after {ms} ms",
  "live.demo.fifo.done": "moved {n}; its open() had waited {ms} ms",
  "live.demo.fifo.removed": "The coordinator removed the FIFO and its directory.",
  "live.demo.fifo.removed.lab": "The spawn ended before its coordinator could remove the FIFO: the lab removed it and its directory.",
  "live.demo.mqueue": "POSIX message queue",
  "live.demo.mq.attr": "room for {cap} messages of up to {size} bytes",
  "live.demo.mq.limits": "limits: msg_max {max}, msgsize_max {size}, queues_max {queues}",
  "live.demo.mq.mounted": "/dev/mqueue is mounted",
  "live.demo.mq.unmounted": "/dev/mqueue is not mounted: the queue exists, but not as a file",
  "live.demo.mq.sent": "sent",
  "live.demo.mq.queue": "in the queue ({n} of {cap}), in the order they will come out",
  "live.demo.mq.recv": "received",
  "live.demo.mq.chip": "message {seq}, priority {prio}",
  "live.demo.mq.full": "The queue is full: the sender {p} sleeps in mq_send until a message is taken.",
  "live.demo.mq.empty": "The queue is empty: the receiver {p} sleeps in mq_receive until a message comes.",
  "live.demo.mq.first": "The first message received was #{seq} (priority {prio}), not the oldest, #{old} (priority {oldprio}): the highest priority comes out first.",
  "live.demo.mq.removed": "The sender removed the queue (mq_unlink).",
  "live.demo.mq.removed.lab": "The spawn ended before its sender could remove the queue: the lab removed it (mq_unlink).",
  "live.demo.shm": "Shared memory and semaphores vs a pipe",
  "live.demo.shm.way": "Through",
  "live.demo.shm.shm": "shared memory",
  "live.demo.shm.pipe": "pipe",
  "live.demo.shm.bytes": "Bytes",
  "live.demo.shm.chunk": "Chunk",
  "live.demo.shm.wsleeps": "Writer slept",
  "live.demo.shm.rsleeps": "Reader slept",
  "live.demo.shm.sleeps.title": "Voluntary context switches during the transfer: how often the process slept, on a semaphore or on the pipe",
  "live.demo.shm.check": "Checksum",
  "live.demo.shm.ok": "equal",
  "live.demo.shm.bad": "DIFFERENT",
  "live.demo.shm.vary": "The times change from run to run with what else the machine is doing. Both ways copy every byte twice (into the ring or the pipe, and out of it); shared memory saves the system calls, but with small chunks the reader sleeps on the semaphore for nearly every chunk.",
  "live.demo.udp": "UDP datagrams",
  "live.demo.udp.addr": "from {a} to {b}",
  "live.demo.udp.arrived": "{n} of {count} arrived",
  "live.demo.udp.flood": "{n} of {count} datagrams arrived; {lost} are missing (gaps in the numbers: {gaps}), and the kernel counted {drops} dropped at the receiver, whose buffer was {buf} bytes. Nobody was told.",
  "live.demo.udp.first": "numbers received first: {list}",
  "live.demo.udp.echo": "{n} of {count} datagrams came back, {rtt} µs per round trip on average. {a} sent and received; {b} received and sent back: each socket did both.",
  // the log
  "live.rep.fifo.made": "{p} made the FIFO {path} in a private directory (mode 0700)",
  "live.rep.fifo.opening.writer": "{p} opens the FIFO for writing",
  "live.rep.fifo.opening.reader": "{p} opens the FIFO for reading",
  "live.rep.fifo.opened": "{p}: open() returned after {ms} ms, when the other end was opened",
  "live.rep.fifo.removed": "{p} removed the FIFO {path} and its directory",
  "live.rep.fifo.removed.lab": "the lab removed the FIFO {path} left by {p}, and its directory",
  "live.rep.mq.open": "{p} created the message queue {name}: {cap} messages of up to {size} bytes",
  "live.rep.mq.received": "{p} received message {seq} (priority {prio})",
  "live.rep.mq.removed": "{p} removed the message queue {name}",
  "live.rep.mq.removed.lab": "the lab removed the message queue {name} left by {p}",
  "live.rep.shm.shm": "{p} moved {mib} MiB through shared memory in {ms} ms: {mbps} MB/s",
  "live.rep.shm.pipe": "{p} moved {mib} MiB through a pipe in {ms} ms: {mbps} MB/s",
  "live.rep.udp.flood": "{p} received {n} of {count} datagrams: {lost} lost, {drops} dropped by the kernel",
  "live.rep.udp.echo": "{p} sent {n} datagrams back to {peer} from the socket it received them on ({addr})",
  // the Go source panel
  "live.src.note.fifo.title": "A FIFO is found by its path",
  "live.src.note.fifo": "unix.Mkfifo makes a file of type FIFO in a directory made with mode 0700, so that no other user can reach it. The two ends are separate programs started with startWorker; each calls unix.Open on the path itself (openFIFO). The open blocks until the other end is opened, in either order: that is the kernel's rule for FIFOs (O_NONBLOCK changes it). The directory is named for the spawn (ipc_names_linux.go), so that the lab can remove it even when the workers are killed before they do.",
  "live.src.note.mq.title": "POSIX message queues without a C library",
  "live.src.note.mq": "Go's libraries have no mq_open, so mqOpen, mqSend and mqReceive call the system calls themselves (unix.SYS_MQ_OPEN, SYS_MQ_TIMEDSEND, SYS_MQ_TIMEDRECEIVE) with syscall.Syscall6. The kernel takes the queue's name without the leading slash that mq_open(3) wants. A queue outlives every process that opened it, until mq_unlink (mqUnlink).",
  "live.src.note.psem.title": "A semaphore between processes, by hand",
  "live.src.note.psem": "semWait and semPost keep a count and the number of sleepers in the shared memory. semWait takes a unit with atomic.CompareAndSwapUint32 when the count is above 0, and otherwise sleeps in the kernel with FUTEX_WAIT, which returns at once if the count changed meanwhile (no wake-up is lost). semPost adds 1 and calls FUTEX_WAKE only if someone sleeps. The futex is not the private kind: the kernel keys it by the shared page, so it works between processes.",
  "live.src.note.loopback.title": "Only on this machine",
  "live.src.note.loopback": "loopbackSocket binds every socket (unix.Bind) to 127.0.0.1 with port 0: the kernel chooses a free port, and the loopback interface cannot be reached from another machine. The receiver's socket is made by the sender and handed over as file descriptor 3 (startWorker), so no port number travels on a command line."
};
var liveIpcZh = {
  "live.wl.fifo": "两个进程在命名管道上相遇",
  "live.wl.mqueue": "带优先级的 POSIX 消息队列",
  "live.wl.shmsem": "共享内存加信号量，与管道比较",
  "live.wl.tcp": "127.0.0.1 上的一条 TCP 连接",
  "live.wl.udp": "UDP 数据报：丢弃与回显",
  "live.wl.fifo.doc": "在私有目录中创建一个命名管道（FIFO，用 mkfifo），并启动一个写端和一个读端，它们除了路径之外什么也不共享。先打开的一方在 open() 中等待（S，wait_for_partner），直到另一方在 gap_ms 之后到来；然后 kib KiB 数据流过它。结束时删除命名管道和它的目录。",
  "live.wl.mqueue.doc": "创建一个可容纳 cap 条消息的 POSIX 消息队列，向接收方发送 count 条优先级为 1 到 9 的消息；接收方在 delay_ms 之后开始，每 read_ms 取一条。队列满时发送方等待（S，wq_sleep）；优先级最高的先出队。结束时删除队列。",
  "live.wl.shmsem.doc": '把 mb MiB 数据分成 chunk_kib KiB 的数据块传给子进程两次：先经过共享内存，由两个进程间共享的信号量（"empty"、"full"）保护一个有 slots 个槽位的环形缓冲区；再经过管道。显示用时、MB/s、是否每个字节都到达，以及每个进程睡眠了多少次。',
  "live.wl.tcp.doc": '在 127.0.0.1 上监听（端口由内核挑选），建立连接，向一个子进程发送 "one"、"two!"、"three"；子进程接受连接，在 delay_ms 之后读取：TCP 是字节流，三次发送在一次读取中返回。',
  "live.wl.udp.doc": "127.0.0.1 上的两个 UDP 套接字。echo 为 0：尽快发送 count 个编号的数据报，接收方的接收缓冲区为 rcvbuf 字节，并且在 delay_ms 之后才读取：放不下的数据报被丢弃。echo 为 1：每个数据报都由读到它的套接字发回。",
  "live.arg.fifo.first": "谁先打开：0 写端，1 读端",
  "live.arg.fifo.gap_ms": "第二个端点启动前的时间（毫秒）",
  "live.arg.fifo.kib": "写端发送的 KiB 数",
  "live.arg.fifo.read_kbps": "读端速率，单位 KiB/s（0 = 全速）",
  "live.arg.mqueue.count": "要发送的消息条数",
  "live.arg.mqueue.cap": "队列能容纳的消息条数（mq_maxmsg）",
  "live.arg.mqueue.delay_ms": "接收方第一次接收前的延迟（毫秒）",
  "live.arg.mqueue.read_ms": "接收方两次接收之间的时间（毫秒）",
  "live.arg.shmsem.mb": "每次传送的 MiB 数",
  "live.arg.shmsem.chunk_kib": "数据块大小（KiB）",
  "live.arg.shmsem.slots": "共享环形缓冲区的数据块个数",
  "live.arg.tcp.delay_ms": "接收方读取前的延迟（毫秒）",
  "live.arg.udp.count": "要发送的数据报个数",
  "live.arg.udp.size": "每个数据报的字节数",
  "live.arg.udp.rcvbuf": "接收方的 SO_RCVBUF，单位字节（内核会把它翻倍）",
  "live.arg.udp.delay_ms": "echo 为 0 时：接收方读取前的延迟（毫秒）",
  "live.arg.udp.echo": "1：接收方回显每个数据报",
  "live.why.fifo_open": "在命名管道的 open() 中，等待另一端被打开",
  "live.why.mqueue": "在已满队列的 mq_send 或空队列的 mq_receive 中",
  "live.demo.fifo": "命名管道（FIFO）",
  "live.demo.fifo.path": "命名管道：",
  "live.demo.fifo.notyet": "尚未启动",
  "live.demo.fifo.opening": "正在调用 open()",
  "live.demo.fifo.waiting": "在 open() 中等待另一端",
  "live.demo.fifo.never": "在 open() 中结束：另一端始终没有来",
  "live.demo.fifo.opened": "open() 在 {ms} 毫秒后返回",
  "live.demo.fifo.done": "传送了 {n}；它的 open() 曾等待 {ms} 毫秒",
  "live.demo.fifo.removed": "协调进程删除了命名管道和它的目录。",
  "live.demo.fifo.removed.lab": "协调进程还没来得及删除命名管道，这次启动就结束了：ProcLab 服务器删除了它和它的目录。",
  "live.demo.mqueue": "POSIX 消息队列",
  "live.demo.mq.attr": "可容纳 {cap} 条消息，每条最多 {size} 字节",
  "live.demo.mq.limits": "限制：msg_max {max}，msgsize_max {size}，queues_max {queues}",
  "live.demo.mq.mounted": "/dev/mqueue 已挂载",
  "live.demo.mq.unmounted": "/dev/mqueue 没有挂载：队列存在，但不以文件形式出现",
  "live.demo.mq.sent": "已发送",
  "live.demo.mq.queue": "队列中（{n}/{cap}），按出队顺序排列",
  "live.demo.mq.recv": "已接收",
  "live.demo.mq.chip": "消息 {seq}，优先级 {prio}",
  "live.demo.mq.full": "队列已满：发送方 {p} 在 mq_send 中睡眠，直到有消息被取走。",
  "live.demo.mq.empty": "队列为空：接收方 {p} 在 mq_receive 中睡眠，直到有消息到来。",
  "live.demo.mq.first": "收到的第一条消息是 #{seq}（优先级 {prio}），而不是最早的 #{old}（优先级 {oldprio}）：优先级最高的先出队。",
  "live.demo.mq.removed": "发送方删除了队列（mq_unlink）。",
  "live.demo.mq.removed.lab": "发送方还没来得及删除队列，这次启动就结束了：ProcLab 服务器删除了它（mq_unlink）。",
  "live.demo.shm": "共享内存与信号量，与管道比较",
  "live.demo.shm.way": "经过",
  "live.demo.shm.shm": "共享内存",
  "live.demo.shm.pipe": "管道",
  "live.demo.shm.bytes": "字节",
  "live.demo.shm.chunk": "数据块",
  "live.demo.shm.wsleeps": "写方睡眠",
  "live.demo.shm.rsleeps": "读方睡眠",
  "live.demo.shm.sleeps.title": "传送期间的自愿上下文切换：进程在信号量或管道上睡眠的次数",
  "live.demo.shm.check": "校验和",
  "live.demo.shm.ok": "一致",
  "live.demo.shm.bad": "不一致",
  "live.demo.shm.vary": "每次运行的用时都随机器上同时运行的其他程序而变化。两种方式都把每个字节复制两次（写进环形缓冲区或管道，再读出来）；共享内存省去了系统调用，但数据块很小时，读方几乎每个数据块都要在信号量上睡眠一次。",
  "live.demo.udp": "UDP 数据报",
  "live.demo.udp.addr": "从 {a} 到 {b}",
  "live.demo.udp.arrived": "{count} 个中到达 {n} 个",
  "live.demo.udp.flood": "{count} 个数据报中到达了 {n} 个；缺少 {lost} 个（编号中有 {gaps} 处缺口），内核统计接收方丢弃了 {drops} 个，接收方的缓冲区为 {buf} 字节。双方都没有得到通知。",
  "live.demo.udp.first": "最先收到的编号：{list}",
  "live.demo.udp.echo": "{count} 个数据报中有 {n} 个被发回，平均每次往返 {rtt} 微秒。{a} 既发送又接收；{b} 接收后又发回：每个套接字都两者兼做。",
  "live.rep.fifo.made": "{p} 在私有目录（权限 0700）中创建了命名管道 {path}",
  "live.rep.fifo.opening.writer": "{p} 以写方式打开命名管道",
  "live.rep.fifo.opening.reader": "{p} 以读方式打开命名管道",
  "live.rep.fifo.opened": "{p}：另一端被打开时，open() 在 {ms} 毫秒后返回",
  "live.rep.fifo.removed": "{p} 删除了命名管道 {path} 和它的目录",
  "live.rep.fifo.removed.lab": "ProcLab 服务器删除了 {p} 留下的命名管道 {path} 和它的目录",
  "live.rep.mq.open": "{p} 创建了消息队列 {name}：{cap} 条消息，每条最多 {size} 字节",
  "live.rep.mq.received": "{p} 收到消息 {seq}（优先级 {prio}）",
  "live.rep.mq.removed": "{p} 删除了消息队列 {name}",
  "live.rep.mq.removed.lab": "ProcLab 服务器删除了 {p} 留下的消息队列 {name}",
  "live.rep.shm.shm": "{p} 经过共享内存传送了 {mib} MiB，用时 {ms} 毫秒：{mbps} MB/s",
  "live.rep.shm.pipe": "{p} 经过管道传送了 {mib} MiB，用时 {ms} 毫秒：{mbps} MB/s",
  "live.rep.udp.flood": "{p} 收到了 {count} 个数据报中的 {n} 个：丢失 {lost} 个，内核丢弃 {drops} 个",
  "live.rep.udp.echo": "{p} 用接收它们的那个套接字（{addr}）把 {n} 个数据报发回给 {peer}",
  "live.src.note.fifo.title": "命名管道靠路径找到",
  "live.src.note.fifo": "unix.Mkfifo 在一个以权限 0700 创建的目录中创建一个类型为命名管道的文件，这样其他用户无法访问它。两个端点是用 startWorker 启动的独立程序；各自对这个路径调用 unix.Open（openFIFO）。无论谁先谁后，open 都会阻塞到另一端被打开：这是内核对命名管道的规定（O_NONBLOCK 会改变它）。目录的名字属于这次启动（ipc_names_linux.go），这样即使工作进程在删除它之前被杀死，ProcLab 服务器也能删除它。",
  "live.src.note.mq.title": "不用 C 库的 POSIX 消息队列",
  "live.src.note.mq": "Go 的库里没有 mq_open，所以 mqOpen、mqSend 和 mqReceive 用 syscall.Syscall6 自己调用这些系统调用（unix.SYS_MQ_OPEN、SYS_MQ_TIMEDSEND、SYS_MQ_TIMEDRECEIVE）。内核接受的队列名不带 mq_open(3) 要求的开头斜杠。队列比打开过它的所有进程活得都长，直到 mq_unlink（mqUnlink）为止。",
  "live.src.note.psem.title": "手写的进程间信号量",
  "live.src.note.psem": "semWait 和 semPost 在共享内存中保存一个计数和睡眠者的个数。计数大于 0 时，semWait 用 atomic.CompareAndSwapUint32 取走一个单位；否则用 FUTEX_WAIT 在内核中睡眠，如果计数在此期间已经变了，FUTEX_WAIT 会立即返回（不会丢失唤醒）。semPost 把计数加 1，只有在有人睡眠时才调用 FUTEX_WAKE。这里的 futex 不是私有的那种：内核按共享的页来标识它，所以它能在进程之间工作。",
  "live.src.note.loopback.title": "只在这台机器上",
  "live.src.note.loopback": "loopbackSocket 用 unix.Bind 把每个套接字都绑定到 127.0.0.1、端口 0：由内核选择一个空闲端口，而回环接口从其他机器无法访问。接收方的套接字由发送方创建，作为文件描述符 3 交给它（startWorker），所以端口号不会出现在命令行上。"
};

// js/i18n-live-sys.js
var liveSysEn = {
  "live.sig.TSTP": "Terminal stop, as Ctrl-Z sends: stops the process (T) unless it catches it",
  // the workloads (the spawn panel)
  "live.wl.gosignals": "Go signal handlers that carry on",
  "live.wl.syscalls": "system calls beside computing",
  "live.wl.pids": "forks children: the PID counter",
  "live.wl.pingpong": "one byte back and forth over two pipes",
  "live.wl.gosignals.doc": "A Go program that catches SIGINT, SIGTERM, SIGUSR1, SIGTSTP and SIGCONT with signal.Notify, reports each one, and carries on. SIGSTOP still stops it (T), SIGCONT continues it (and is caught too), SIGKILL kills it.",
  "live.wl.syscalls.doc": "A child calls getppid (or writes to /dev/null, or calls clock_gettime) in a loop while the worker only computes, for seconds seconds: the loop of system calls piles up stime, the compute loop utime, clock_gettime (the vDSO) utime too.",
  "live.wl.pids.doc": "Forks count children, one every interval_ms, each living child_ms, and shows each one's PID against ns_last_pid and pid_max: the counter goes up by one per fork, by more when other processes or threads took numbers in between.",
  "live.wl.pingpong.doc": "Two processes pass one byte back and forth over two pipes, rounds times or for max_ms: round trips per second, the median round trip in µs, context switches per second. cpus: 0 free, 1 both on one CPU, 2 on two CPUs.",
  "live.arg.gosignals.busy": "1: compute between signals (R); 0: wait for them (S)",
  "live.arg.syscalls.call": "0 getppid, 1 write to /dev/null, 2 clock_gettime (vDSO)",
  "live.arg.syscalls.seconds": "how long both loops run, in s",
  "live.arg.pids.count": "children to fork",
  "live.arg.pids.interval_ms": "time between forks, in ms",
  "live.arg.pids.child_ms": "each child's lifetime, in ms",
  "live.arg.pingpong.rounds": "round trips at most",
  "live.arg.pingpong.max_ms": "time at most, in ms",
  "live.arg.pingpong.cpus": "0 free, 1 both on one CPU, 2 on two CPUs",
  // the Go source panel's notes (live-source.js)
  "live.src.note.gosig.title": "Catching SIGTSTP and SIGCONT",
  "live.src.note.gosig": `This worker keeps the Go runtime's handlers (it skips "defaultSignals") and asks for five signals with "signal.Notify(ch, goSignals...)". For SIGTSTP the runtime then does not stop the process, it only queues the signal; for SIGINT and SIGTERM it does not exit. SIGCONT needs no handler to continue a stopped process: the kernel does that when the signal is sent, and the runtime passes it on to the channel as well. With busy=1 the loop looks at the channel with a select and a default case every millisecond, so a signal waits at most that long.`,
  "live.src.note.rawsys.title": "A system call with nothing around it",
  "live.src.note.rawsys": "syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0) executes the SYSCALL instruction and returns: the CPU switches to kernel mode, the kernel looks up the parent's PID, and the CPU switches back. Unlike syscall.Syscall, RawSyscall does not tell the Go scheduler that the thread may block, so the loop measures the trap itself. time.Now makes no system call at all: it reads the clock through the vDSO, code the kernel maps into the process, in user mode.",
  "live.src.note.pidcount.title": "Reading the PID counter",
  "live.src.note.pidcount": 'Before each fork, "readSysInt" reads /proc/sys/kernel/ns_last_pid: the last PID the kernel gave out in this PID namespace. The child made by "rawFork" then gets the next free one, unless another process or thread on the machine took it in between. /proc/sys/kernel/pid_max is read once and never written.',
  "live.src.note.pingpong.title": "One byte, two pipes, two sleeps",
  "live.src.note.pingpong": `"rawWrite" and "rawRead" move the byte with raw read and write system calls, so nothing of the Go runtime runs between the two processes' turns. The reader of an empty pipe sleeps in the kernel (anon_pipe_read) until the other process writes: each round trip is two wake-ups. "pinTo" calls unix.SchedSetaffinity on the main thread only, the one that does the work; "startWorkerFDs" hands the two pipe ends to the child as file descriptors 3 and 4.`,
  // the cards
  "live.demo.loops": "System calls against computing: utime and stime",
  "live.demo.pids": "The PID counter",
  "live.demo.pingpong": "Ping-pong over two pipes: what a context switch costs",
  "live.sys.loop": "Loop",
  "live.sys.loop.syscall": "calls {call}",
  "live.sys.loop.compute": "only computes",
  "live.sys.rate": "Per second",
  "live.sys.rate.now": "{n} /s",
  "live.sys.rate.done": "{n} /s (done)",
  "live.sys.utime.title": "CPU time in user mode, in ticks of 1/100 s (/proc/PID/stat)",
  "live.sys.stime.title": "CPU time in kernel mode, in ticks of 1/100 s (/proc/PID/stat)",
  "live.sys.split": "User / kernel mode",
  "live.sys.share": "{u}% user, {s}% kernel",
  "live.sys.loops.note": "The kernel charges each tick to user or kernel mode by where the process was when it came: a sample, clear after a few seconds. getppid and write trap into the kernel; clock_gettime is answered by the vDSO in user mode. How a trap's time splits depends on the machine: on the virtual machine ProcLab was measured on, a getppid loop got about half its ticks in kernel mode and a write loop about 58 %, against about 1 % for the compute loop.",
  "live.sys.pid.sum": "{p} forked {n} of {of} children; pid_max is {max}; the newest child is PID {last}.",
  "live.sys.pid.step": "Step",
  "live.sys.pid.others": "{k} taken by others",
  "live.sys.pid.wrapped": "wrapped",
  "live.sys.pid.last.title": "The last PID given out in this PID namespace, read just before the fork",
  "live.sys.pid.pos": "PID {pid} of 0 … {max}",
  "live.sys.pid.taken": "{k} of {n} forks skipped numbers: other processes and threads took {taken} PIDs in between.",
  "live.sys.pid.none": "All {n} children got consecutive PIDs: nothing else took a PID in between.",
  "live.sys.pids.note": "The counter is the whole machine's: every new process and every new thread (each Go program starts several) takes the next number. Past pid_max it starts again at 300. The lab only reads pid_max.",
  "live.ping.cpus": "Where",
  "live.ping.mode.free": "Free",
  "live.ping.mode.one": "Both on one CPU",
  "live.ping.mode.two": "On two CPUs",
  "live.ping.rounds": "Round trips",
  "live.ping.rate": "Per second",
  "live.ping.mean": "Mean",
  "live.ping.us": "µs",
  "live.ping.median": "Median",
  "live.ping.p99": "99th pct.",
  "live.ping.sw": "Switches/s",
  "live.ping.sw.title": "Context switches per second of the two main threads together (voluntary + involuntary, from /proc/PID/status)",
  "live.ping.vnv": "Vol. / invol.",
  "live.ping.vnv.title": "Voluntary / involuntary context switches of the two main threads during the run",
  "live.ping.now": "switches v/nv:",
  "live.ping.verdict": "Median round trip: {slow} {a} µs, {fast} {b} µs: {x} times as long.",
  "live.ping.note": "Each round trip puts each process to sleep once (S, reading an empty pipe) and wakes it once. On one CPU that is two context switches; on two CPUs each wake-up has to reach the other CPU. The numbers depend on the machine and on what else it runs.",
  // the log's sentences
  "live.rep.loop.syscall": "{p} made {n} {call} calls in {s} s ({rate} per second)",
  "live.rep.loop.compute": "{p} computed for {s} s ({rate} additions per second), in user mode only",
  "live.rep.pid.skip": "{p} forked PID {c} after {prev}: the numbers between them went to other processes or threads ({k})",
  "live.rep.pid.wrap": "{p} forked PID {c} after {prev}: the counter passed pid_max ({max}) and started again",
  "live.rep.ping": "{p} finished {n} round trips ({mode}): median {med} µs, {rate} per second, {sw} context switches per second"
};
var liveSysZh = {
  "live.sig.TSTP": "终端暂停信号（按下 Ctrl+Z 时发送）：除非进程捕获它，否则进程暂停（T）",
  "live.wl.gosignals": "捕获信号后继续运行的 Go 程序",
  "live.wl.syscalls": "系统调用与计算并排运行",
  "live.wl.pids": "创建子进程：进程号计数器",
  "live.wl.pingpong": "通过两个管道来回传递一个字节",
  "live.wl.gosignals.doc": "一个 Go 程序，用 signal.Notify 捕获 SIGINT、SIGTERM、SIGUSR1、SIGTSTP 和 SIGCONT，逐个报告，然后继续运行。SIGSTOP 仍然让它暂停（T），SIGCONT 让它继续（同时也被捕获），SIGKILL 杀死它。",
  "live.wl.syscalls.doc": '子进程循环调用 getppid（或向 /dev/null 写入，或调用 clock_gettime），同时工作进程只做计算，持续 "seconds" 秒：系统调用循环积累内核态时间（stime），计算循环积累用户态时间（utime），clock_gettime（由虚拟动态共享对象（vDSO）回答）积累的也是用户态时间。',
  "live.wl.pids.doc": "创建 count 个子进程，每 interval_ms 毫秒一个，每个存活 child_ms 毫秒，并把每个子进程的进程号与 ns_last_pid 和 pid_max 对照显示：每次 fork 计数器加一，其间如果有别的进程或线程取号，就加得更多。",
  "live.wl.pingpong.doc": '两个进程通过两个管道来回传递一个字节，共 "rounds" 次或 max_ms 毫秒：显示每秒往返次数、往返时间的中位数（微秒）和每秒上下文切换次数。cpus：0 不绑定，1 都在同一个 CPU 上，2 在两个 CPU 上。',
  "live.arg.gosignals.busy": "1：在信号之间计算（R）；0：等待信号（S）",
  "live.arg.syscalls.call": "0 getppid，1 向 /dev/null 写入，2 clock_gettime（vDSO）",
  "live.arg.syscalls.seconds": "两个循环运行的时间，单位秒",
  "live.arg.pids.count": "要创建的子进程数",
  "live.arg.pids.interval_ms": "两次 fork 之间的时间，单位毫秒",
  "live.arg.pids.child_ms": "每个子进程的存活时间，单位毫秒",
  "live.arg.pingpong.rounds": "最多往返次数",
  "live.arg.pingpong.max_ms": "最长时间，单位毫秒",
  "live.arg.pingpong.cpus": "0 不绑定，1 都在同一个 CPU 上，2 在两个 CPU 上",
  "live.src.note.gosig.title": "捕获 SIGTSTP 和 SIGCONT",
  "live.src.note.gosig": '这个工作进程保留 Go 运行时的信号处理函数（它跳过了 "defaultSignals"），并用 "signal.Notify(ch, goSignals...)" 请求五个信号。于是对于 SIGTSTP，运行时不再让进程暂停，只把信号放进队列；对于 SIGINT 和 SIGTERM，它也不再退出。SIGCONT 不需要处理函数就能让暂停的进程继续：发送信号时内核就做了这件事，运行时也会把它送到通道。busy=1 时，循环每毫秒用带 default 分支的 select 查看一次通道，所以一个信号最多等这么久。',
  "live.src.note.rawsys.title": "一次没有多余动作的系统调用",
  "live.src.note.rawsys": 'syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0) 执行 "SYSCALL" 指令后返回：CPU 切换到内核态，内核查出父进程的进程号，CPU 再切换回来。与 syscall.Syscall 不同，syscall.RawSyscall 不通知 Go 调度器这个线程可能阻塞，所以这个循环测量的就是陷入内核本身。time.Now 根本不做系统调用：它通过虚拟动态共享对象（vDSO）读取时钟，这是内核映射到进程中的代码，在用户态运行。',
  "live.src.note.pidcount.title": "读取进程号计数器",
  "live.src.note.pidcount": '每次 fork 之前，"readSysInt" 读取 /proc/sys/kernel/ns_last_pid：内核在这个 PID 命名空间中最后分配出去的进程号。随后 "rawFork" 创建的子进程得到下一个空闲号码，除非其间机器上有别的进程或线程取走了它。/proc/sys/kernel/pid_max 只读取一次，从不写入。',
  "live.src.note.pingpong.title": "一个字节、两个管道、两次睡眠",
  "live.src.note.pingpong": '"rawWrite" 和 "rawRead" 用原始的 read 和 write 系统调用传递这个字节，所以两个进程轮流运行之间不运行任何 Go 运行时的代码。读空管道的进程在内核中睡眠（anon_pipe_read），直到另一个进程写入：每次往返有两次唤醒。"pinTo" 只对主线程（做这项工作的线程）调用 unix.SchedSetaffinity；"startWorkerFDs" 把两个管道端作为文件描述符 3 和 4 交给子进程。',
  "live.demo.loops": "系统调用与计算：用户态时间与内核态时间",
  "live.demo.pids": "进程号计数器",
  "live.demo.pingpong": "通过两个管道来回传递：上下文切换的代价",
  "live.sys.loop": "循环",
  "live.sys.loop.syscall": "调用 {call}",
  "live.sys.loop.compute": "只做计算",
  "live.sys.rate": "每秒",
  "live.sys.rate.now": "{n} 次/秒",
  "live.sys.rate.done": "{n} 次/秒（已结束）",
  "live.sys.utime.title": "用户态的 CPU 时间，单位是 1/100 秒的时钟滴答（tick）（/proc/PID/stat）",
  "live.sys.stime.title": "内核态的 CPU 时间，单位是 1/100 秒的时钟滴答（tick）（/proc/PID/stat）",
  "live.sys.split": "用户态 / 内核态",
  "live.sys.share": "用户态 {u}%，内核态 {s}%",
  "live.sys.loops.note": "内核按时钟滴答（tick）到来时进程所处的位置，把每个滴答记入用户态或内核态：这是抽样，几秒之后就很清楚。getppid 和 write 会陷入内核；clock_gettime 由虚拟动态共享对象（vDSO）在用户态回答。一次陷入的时间怎样分到两边，取决于机器：在测量 ProcLab 的虚拟机上，getppid 循环大约一半的滴答记入内核态，write 循环大约 58 %，而计算循环只有约 1 %。",
  "live.sys.pid.sum": "{p} 已创建 {of} 个子进程中的 {n} 个；pid_max 是 {max}；最新的子进程是 PID {last}。",
  "live.sys.pid.step": "增量",
  "live.sys.pid.others": "其中 {k} 个被其他进程占用",
  "live.sys.pid.wrapped": "已回绕",
  "live.sys.pid.last.title": "在这个 PID 命名空间中最后分配出去的进程号，在 fork 之前刚读到",
  "live.sys.pid.pos": "PID {pid}，范围 0 … {max}",
  "live.sys.pid.taken": "{n} 次 fork 中有 {k} 次跳过了号码：其间其他进程和线程占用了 {taken} 个进程号。",
  "live.sys.pid.none": "全部 {n} 个子进程得到的进程号都是连续的：其间没有别的进程占用进程号。",
  "live.sys.pids.note": "这个计数器属于整台机器：每个新进程和每个新线程（每个 Go 程序都会启动好几个线程）都会取走下一个号码。超过 pid_max 后从 300 重新开始。ProcLab 只读取 pid_max。",
  "live.ping.cpus": "位置",
  "live.ping.mode.free": "不绑定",
  "live.ping.mode.one": "都在同一个 CPU 上",
  "live.ping.mode.two": "在两个 CPU 上",
  "live.ping.rounds": "往返次数",
  "live.ping.rate": "每秒",
  "live.ping.mean": "平均",
  "live.ping.us": "微秒",
  "live.ping.median": "中位数",
  "live.ping.p99": "99% 分位",
  "live.ping.sw": "切换/秒",
  "live.ping.sw.title": "两个主线程合计每秒的上下文切换次数（自愿切换 + 非自愿切换，来自 /proc/PID/status）",
  "live.ping.vnv": "自愿 / 非自愿",
  "live.ping.vnv.title": "这次运行期间两个主线程的自愿切换 / 非自愿切换次数",
  "live.ping.now": "自愿/非自愿切换：",
  "live.ping.verdict": "往返时间的中位数：{slow} {a} 微秒，{fast} {b} 微秒，是后者的 {x} 倍。",
  "live.ping.note": "每次往返都让每个进程睡眠一次（S，读空管道）、被唤醒一次。在一个 CPU 上，这就是两次上下文切换；在两个 CPU 上，每次唤醒都要通知另一个 CPU。这些数字取决于机器，也取决于机器上同时运行的其他程序。",
  "live.rep.loop.syscall": "{p} 在 {s} 秒内调用了 {n} 次 {call}（每秒 {rate} 次）",
  "live.rep.loop.compute": "{p} 计算了 {s} 秒（每秒 {rate} 次加法），只在用户态运行",
  "live.rep.pid.skip": "{p} 在 {prev} 之后创建了 PID {c}：两者之间的进程号给了其他进程或线程（{k} 个）",
  "live.rep.pid.wrap": "{p} 在 {prev} 之后创建了 PID {c}：计数器超过了 pid_max（{max}），重新开始",
  "live.rep.ping": "{p} 完成了 {n} 次往返（{mode}）：中位数 {med} 微秒，每秒 {rate} 次，每秒 {sw} 次上下文切换"
};

// js/i18n-live.js
var liveEn = {
  // the page
  "live.real.tag": "Real",
  "live.real.head": "Linux processes, from /proc",
  "live.twin.tag": "Simulated",
  "live.diagram": "Real processes on the state diagram",
  "live.node.running.sub": "R: on a CPU or ready",
  "live.node.runnable.sub": "/proc shows R for both",
  "live.node.dead.sub": "drawn, not sampled",
  "live.slot": "R {n}",
  "live.drawn": "X drawn, not sampled",
  "live.traced": "traced",
  "live.hint": "Start a process under “Start a real process”: its token appears here within a fraction of a second.",
  "live.hint.off": "The live lab is not connected.",
  "live.labserver": "the lab server ({pid})",
  "live.labserver.title": "The lab server: the parent of the workers, and a subreaper standing in for PID 1",
  // spawning
  "live.spawn.head": "Start a real process",
  "live.spawn.workload": "Workload",
  "live.spawn": "Spawn",
  "live.spawn.one": "Spawn {w}",
  "live.spawn.note": "Only ProcLab's own workloads run: nothing you type becomes a command.",
  "live.arg.range": "{min} to {max}",
  // acting on a process
  "live.act.head": "Act on a process",
  "live.act.pick": "Click a token or a row to choose a process, then send it a signal.",
  "live.act.signals": "Send a signal",
  "live.act.reap": "Reap",
  "live.act.reap.title": "The parent calls wait(): the zombie is collected and gone",
  "live.act.trace": "Trace-stop",
  "live.act.trace.title": "Attach with ptrace and stop it (t): only the leader thread stops",
  "live.act.resume": "Resume",
  "live.act.resume.title": "Detach the tracer: it runs again",
  "live.killall": "Kill all",
  "live.killall.mine": "Kill mine",
  "live.act.notmine": "Another page started this process: you can watch it, but only that page (or the teacher) may act on it.",
  "live.teacher.summary": "Teacher",
  "live.teacher.on": "Teacher key accepted: you may act on every process.",
  "live.teacher.leave": "Give up the key",
  "live.sig.STOP": "Stop it (T). Cannot be caught.",
  "live.sig.CONT": "Continue a stopped process",
  "live.sig.TERM": "Ask it to terminate (it may handle it)",
  "live.sig.KILL": "Kill it. Cannot be caught or ignored.",
  "live.sig.INT": "Interrupt, as Ctrl-C does",
  "live.sig.USR1": "A user signal: ends the process unless it handles it",
  "live.sig.HUP": "Hang-up: ends the process unless it handles it",
  // the process table
  "live.procs": "Process tree and counters",
  "live.procs.note": "★ = the lab server (their parent). Ticks are 1/100 s.",
  "live.procs.none": "No process yet. Start one under “Start a real process”.",
  "live.col.ticks": "Ticks u/s",
  "live.col.ticks.title": "CPU time in user mode / kernel mode (utime/stime, 1/100 s)",
  "live.col.sw": "Switches v/nv",
  "live.col.sw.title": "Voluntary / nonvoluntary context switches (+ since the last sample)",
  "live.col.threads": "Thr",
  "live.col.threads.title": "Threads (Threads: in /proc/PID/status). Every worker is a Go program: besides its main thread the Go runtime runs threads of its own (the garbage collector, sysmon, idle threads parked on a futex), so a worker has 4 or more. The l after the state letter says the same, as ps does (Sl: sleeping, multi-threaded).",
  "live.col.rss": "RSS",
  "live.col.rss.title": "Resident memory: every page mapped, shared or not",
  "live.stat.l": "l: multi-threaded, as ps shows it (Sl, Rl): the Go runtime's threads. The letter is the state of the main thread.",
  "live.stat.locked": "L: pages locked in memory (mlock; VmLck in /proc/PID/status), as ps shows it (DLl). diskread locks all its pages so that no page fault of its own is a slowed-down disk read.",
  "live.status.exit": "exit code {code}",
  "live.status.killed": "killed by signal {n} ({sig})",
  "live.status.title": "How it ended, as its parent's wait() will report it: an exit code (WIFEXITED), or the signal that killed it (WIFSIGNALED). A process killed by a signal has no exit code; the shell shows 128+n in $?.",
  "live.col.pss": "PSS",
  "live.col.pss.title": "Proportional set size: each shared page counted as a share",
  "live.col.shared": "Shared dirty",
  "live.col.shared.title": "Written pages still shared with another process",
  "live.col.private": "Private dirty",
  "live.col.private.title": "Written pages this process alone has: the copies",
  "live.mib": "{n} MiB",
  "live.kib": "{n} KiB",
  "live.bytes": "{n} B",
  "live.ms": "{n} ms",
  // the timeline and log
  "live.tl": "Timeline",
  "live.tl.axis": "seconds",
  "live.tl.tick": "{s}s",
  "live.tl.empty": "The timeline fills in as real processes run.",
  "live.log.time": "{s} s:",
  "live.log.empty": "Nothing has happened yet. Start a process.",
  // lessons
  "live.lessons": "Live lessons",
  "live.lesson.head": "Live lesson",
  "live.lesson.n": "Live {n}",
  "live.lesson.twin": "next to: {title}",
  "live.lesson.close": "Close the lesson",
  "live.do.spawn": "Spawn {w}{args}",
  "live.do.signal": "Send {sig} to {w}",
  "live.do.trace": "Trace-stop {w}",
  "live.do.resume": "Resume {w}",
  "live.do.reap": "Reap the zombies",
  "live.do.reap.named": "Reap the zombies of {w}",
  "live.do.killall": "Kill all",
  // why it may be off
  "live.off.off.title": "The live lab cannot run on this server",
  "live.off.off.text": "It starts real Linux processes and watches them through /proc, so it needs Linux with /proc and pidfds, and the permission to start and signal processes.",
  "live.off.forbidden.title": "Only this computer may start real processes",
  "live.off.forbidden.text": "The live lab runs real processes on the server, so it answers clients on the server's own machine, unless the server is open to the classroom. A teacher who started ProcLab with a teacher key can enter it here.",
  "live.off.offline.title": "Cannot reach the live lab",
  "live.off.offline.text": "The connection to the server was lost. Trying again every few seconds…",
  "live.off.reason": "The server says: {reason}",
  "live.off.rest": "Everything else in ProcLab works: the simulated lessons, the scheduling view, and the live lessons' simulated twins.",
  "live.token.label": "Teacher key",
  "live.token.go": "Use the key",
  // errors
  "live.err.dropped": "The connection dropped: the lab ended the processes this page had started.",
  "live.err.arg": "{arg} must be a whole number from {min} to {max}.",
  "live.err.notarget": "There is no {w} process of this lesson to act on: do the step that starts it first.",
  "live.err.nozombie": "There is no zombie of this step's process to reap yet: wait until it has exited (Z).",
  "live.err.other": "The lab refused this.",
  "live.err.closed": "The live lab is not connected.",
  "live.err.unknown_workload": "That workload is not on the lab's list.",
  "live.err.bad_args": "An argument is out of its range.",
  "live.err.bad_signal": "The lab does not send that signal.",
  "live.err.bad_json": "The lab did not understand the request.",
  "live.err.foreign_pid": "That process is gone, or the lab did not start it.",
  "live.err.forbidden": "Only this computer (or a client with the teacher key) may do that.",
  "live.err.not_owner": "Another page started that process: only it, or the teacher, may act on it.",
  "live.err.cross_origin": "The lab refuses requests from other web sites.",
  "live.err.bad_key": "That is not the teacher key.",
  "live.err.too_many_attempts": "Too many wrong keys: wait a minute, then try again.",
  "live.err.bad_state": "Not in this state: a process is reaped only once it is a zombie, and a zombie cannot be traced.",
  "live.err.too_large": "The request is too large.",
  "live.err.bad_content_type": "The request was not JSON.",
  "live.err.limit": "Too many processes, or too much memory: kill some first (the lab caps how many run at once and the memory they may use).",
  "live.err.live_unavailable": "The live lab cannot run on this server.",
  "live.err.live_closed": "The live lab is shutting down.",
  "live.err.busy": "Too many pages use the live lab at once; try again later.",
  "live.err.internal": "The lab failed to do it.",
  // the workloads
  "live.wl.cpu": "a CPU-bound loop",
  "live.wl.sleep": "sleeps in nanosleep",
  "live.wl.exit": "exits, stays a zombie",
  "live.wl.pipe": "writer and reader on a pipe",
  "live.wl.forker": "forks children that exit",
  "live.wl.orphans": "parent exits before its children",
  "live.wl.vfork": "waits in D for a vfork child",
  "live.wl.diskread": "waits in D for a slowed disk read",
  "live.wl.race": "processes race on a shared counter",
  "live.wl.cow": "copy-on-write after fork",
  "live.wl.socket": "messages over a socket pair",
  "live.wl.signals": "handles signals",
  "live.wl.cpu.doc": "Loops on the CPU (R). With a duty below 100 it sleeps part of every 100 ms, so it moves between R and S.",
  "live.wl.sleep.doc": "Sleeps in nanosleep (S), waking up every “ms” milliseconds.",
  "live.wl.exit.doc": "Sleeps “ms” milliseconds, then exits with the code. Its parent, the lab, does not wait: it stays a zombie (Z) until you reap it.",
  "live.wl.pipe.doc": "A writer and a reader child joined by a 64 KiB pipe. A slow reader makes the writer block on the full pipe; a slow writer makes the reader block on the empty one. 0 = as fast as it can.",
  "live.wl.forker.doc": "Forks children (a true fork) that exit after exit_ms. With reap=1 it waits for them; with reap=0 they stay zombies until you reap them.",
  "live.wl.orphans.doc": "Forks children, then exits after parent_ms: the orphans are re-parented to the lab server, which reaps them when they exit.",
  "live.wl.diskread.doc": "Reads a 64 KiB file directly from the disk (O_DIRECT) while a blkio cgroup slows the disk down for it alone: each read keeps it in D (__iomap_dio_rw) for about “ms” milliseconds, then it sleeps “gap_ms” (S), and repeats. This D is TASK_UNINTERRUPTIBLE: a SIGKILL waits, pending, until the read completes. Needs a lab server running as root with the cgroup v1 blkio controller.",
  "live.wl.vfork.doc": "Waits for a vfork-style child for “ms” milliseconds (D, in kernel_clone), sleeps “gap_ms” (S), and repeats. ps shows D, but this D is the killable kind (TASK_KILLABLE): a fatal signal ends it at once.",
  "live.wl.race.doc": "procs children add 1 to one counter in shared memory iters times each: mode 0 plain (a load, an add and a store: loses updates), 1 atomic, 2 futex lock (hold_us inside the lock shows the waiters in S).",
  "live.wl.cow.doc": "Writes an mb MiB buffer, forks, and lets the child write one more part of it every step_ms: PSS and shared/private dirty show copy-on-write, RSS does not move.",
  "live.wl.socket.doc": 'Sends "one", "two!", "three" over a socket pair of type 0 STREAM, 1 DGRAM or 2 SEQPACKET to a child that reads after delay_ms.',
  "live.wl.signals.doc": "Handles SIGUSR1, SIGHUP, SIGINT and SIGTERM and reports each one; INT and TERM make it exit cleanly (code 0).",
  "live.arg.cpu.duty": "percent of each 100 ms spent computing",
  "live.arg.sleep.ms": "length of one sleep, in ms",
  "live.arg.exit.ms": "time before it exits, in ms",
  "live.arg.exit.code": "exit code",
  "live.arg.pipe.write_kbps": "writer rate in KiB/s (0 = flat out)",
  "live.arg.pipe.read_kbps": "reader rate in KiB/s (0 = flat out)",
  "live.arg.forker.children": "children to fork",
  "live.arg.forker.exit_ms": "each child's lifetime, in ms",
  "live.arg.forker.reap": "1: the forker waits for its children",
  "live.arg.orphans.children": "children to fork",
  "live.arg.orphans.parent_ms": "the parent's lifetime, in ms",
  "live.arg.orphans.child_ms": "the children's lifetime, in ms",
  "live.arg.vfork.ms": "time in D per round, in ms",
  "live.arg.vfork.gap_ms": "time in S between rounds, in ms",
  "live.arg.diskread.ms": "time in D per read, in ms",
  "live.arg.diskread.gap_ms": "time in S between reads, in ms",
  "live.arg.race.procs": "processes that increment",
  "live.arg.race.iters": "increments per process",
  "live.arg.race.mode": "0 plain, 1 atomic, 2 lock",
  "live.arg.race.hold_us": "lock mode: µs to hold the lock each time",
  "live.arg.race.start_ms": "delay before they start together, in ms",
  "live.arg.cow.mb": "buffer size in MiB",
  "live.arg.cow.steps": "parts the child writes one by one",
  "live.arg.cow.step_ms": "time between parts, in ms",
  "live.arg.socket.type": "0 STREAM, 1 DGRAM, 2 SEQPACKET",
  "live.arg.socket.delay_ms": "the receiver's delay before reading, in ms",
  "live.arg.signals.handle_ms": "time the handler takes, in ms",
  "live.mode.plain": "plain",
  "live.mode.atomic": "atomic",
  "live.mode.lock": "lock",
  // the demos' panels
  "live.demo.pipe": "Pipe",
  "live.demo.pipe.writer": "writer",
  "live.demo.pipe.reader": "reader",
  "live.demo.pipe.rate": "{n} KiB/s",
  "live.demo.pipe.queued": "{n} in the pipe (of 64 KiB)",
  "live.demo.pipe.full": "The pipe is full: the writer {p} sleeps until the reader makes room.",
  "live.demo.pipe.empty": "The pipe is empty: the reader {p} sleeps until the writer sends more.",
  "live.demo.pipe.freed": "The pipe is gone: both ends are closed, so the kernel freed it and anything left in it.",
  "live.demo.socket": "Socket message boundaries",
  "live.demo.sock.sent": "sent",
  "live.demo.sock.read": "read",
  "live.demo.sock.waiting": "not yet",
  "live.demo.sock.merged": "{sends} sends arrived in {reads} read: a stream has no message boundaries.",
  "live.demo.sock.kept": "{sends} sends, {reads} reads: each message kept its boundaries.",
  "live.demo.race": "Shared-memory race",
  "live.demo.race.mode": "Mode",
  "live.demo.race.work": "Processes × increments",
  "live.demo.race.expected": "Expected",
  "live.demo.race.actual": "Actual",
  "live.demo.race.lost": "Lost",
  "live.demo.race.time": "Time",
  "live.demo.race.waiting": "In S now",
  "live.demo.race.waiting.title": "Processes of this run sleeping in a futex (waiting for the lock) right now",
  "live.demo.race.vary": "How many updates are lost changes from run to run. An update is lost when one process loads the counter and, before it stores the counter + 1, another stores its own: two processes running at the same moment on two CPUs, or one preempted between its load and its store. How often that happens depends on what else the machine is running. Atomic adds and the lock never lose one.",
  "live.demo.cow": "Copy-on-write",
  "live.demo.cow.sum": "A {mib} MiB buffer, written by the parent {p} before the fork; the child {c} writes it part by part.",
  "live.demo.cow.when": "When",
  "live.demo.cow.parent": "Parent {p}",
  "live.demo.cow.child": "Child {p}",
  "live.demo.cow.fork": "after the fork",
  "live.demo.cow.step": "part {step} of {of} written",
  "live.demo.signals": "Signals handled",
  "live.demo.sig.handled": "{p} caught {sig} in its handler and carries on",
  "live.demo.sig.exiting": "{p} caught {sig} and exits cleanly",
  // the log's sentences
  "live.ev.spawned": "{o} started {p}: a fork and an exec of the “{w}” workload",
  "live.ev.forked": "{o} forked {p}",
  "live.ev.state.running": "{p} is R: running, or ready to run (/proc cannot tell which)",
  "live.ev.state.running.cont": "SIGCONT: {p} runs again (R)",
  "live.ev.state.running.resumed": "the tracer let {p} go: it runs again (R)",
  "live.ev.state.sleeping": "{p} sleeps (S) in {wchan}",
  "live.ev.state.sleeping.why": "{p} sleeps (S): {why} ({wchan})",
  "live.ev.state.sleeping.nowchan": "{p} sleeps (S)",
  "live.ev.state.disk": "{p} is in uninterruptible sleep (D) in {wchan}",
  "live.ev.state.disk.why": "{p} is in uninterruptible sleep (D): {why} ({wchan})",
  "live.ev.state.disk.nowchan": "{p} is in uninterruptible sleep (D)",
  "live.ev.state.stopped": "{p} is stopped (T): it gets no CPU until SIGCONT",
  "live.ev.state.traced": "{p} is stopped by its tracer (t)",
  "live.ev.state.zombie": "{p} is a zombie (Z): its parent {parent} has not called wait() yet",
  "live.ev.state.dead": "{p} is gone (X, drawn: /proc never shows X)",
  "live.ev.state.other": "{p}: {from} → {to}",
  "live.ev.signal_sent": "{o} sent {sig} to {p}",
  "live.ev.exit": "{p} exited with code {code}",
  "live.ev.exit.zombie": "{p} exited with code {code}; it is a zombie (Z) until its parent {parent} reaps it",
  "live.ev.exit.killed": "{p} was killed by signal {n} ({sig}): it has no exit code",
  "live.ev.exit.killed.zombie": "{p} was killed by signal {n} ({sig}), so it has no exit code; it is a zombie (Z) until its parent {parent} reaps it",
  "live.ev.exit.unknown": "{p} ended",
  "live.ev.exit.unknown.zombie": "{p} ended; it is a zombie (Z) until its parent {parent} reaps it",
  "live.ev.reaped": "{o} called wait() and reaped {p} (exit code {code}): Z → X, drawn from the reap",
  "live.ev.reaped.killed": "{o} called wait() and reaped {p} (killed by signal {n} ({sig})): Z → X, drawn from the reap",
  "live.ev.reaped.nocode": "{o} called wait() and reaped {p}: Z → X, drawn from the reap",
  "live.ev.exec": "{p} called execve: image is now {image}, PID still {pid}",
  "live.ev.reparented": "{p} is an orphan: its new parent is {o}",
  "live.ev.reparented.lab": "{p} is an orphan: its new parent is {o}, a subreaper standing in for PID 1",
  "live.ev.other": "{p}: {kind}",
  "live.why.sleep": "in nanosleep()",
  "live.why.pipe_read": "reading an empty pipe",
  "live.why.pipe_write": "writing to a full pipe",
  "live.why.futex": "waiting on a futex: a lock, a barrier, or the Go runtime parking a thread that has nothing to do",
  "live.why.child": "in wait() for a child",
  "live.why.socket": "waiting on a socket",
  "live.why.poll": "waiting in poll() or select()",
  "live.why.epoll": "waiting in epoll_wait()",
  "live.why.vfork": "waiting for its vfork child",
  "live.why.stop": "stopped by a signal",
  "live.why.trace": "stopped by its tracer",
  "live.why.frozen": "frozen by the cgroup freezer",
  "live.why.pause": "in pause(), until a signal comes",
  "live.why.sigwait": "waiting for a signal (sigtimedwait)",
  "live.why.file_lock": "waiting for a file lock",
  "live.why.disk": "waiting for a disk read or write to complete",
  "live.why.page_read": "waiting for a page of a file to come in from the disk",
  "live.why.d.vfork": "a killable wait (TASK_KILLABLE) for its vfork child: SIGKILL ends it at once",
  "live.why.d.disk": "a direct read from the disk (TASK_UNINTERRUPTIBLE): not even SIGKILL acts until the read completes",
  "live.why.d.page_read": "a read of a file page not yet in memory: it waits killably (TASK_KILLABLE), so SIGKILL ends it at once",
  "live.why.d.frozen": "frozen by the cgroup v1 freezer: a SIGKILL waits until it is thawed",
  "live.rep.race.start": "{p} starts {n} processes that each add 1 to a shared counter {iters} times ({mode}): {expected} expected",
  "live.rep.race.lost": "{mode}: expected {expected}, counted {actual}: {lost} updates lost, in {ms} ms",
  "live.rep.race.ok": "{mode}: expected {expected}, counted {actual}: nothing lost, in {ms} ms",
  "live.rep.socket.sent": "{p} sent {n} messages over a {type} socket: {list}",
  "live.rep.socket.read": "{p} read {n} times from the {type} socket: {list}",
  "live.rep.cow.fork": "{p} wrote its {mib} MiB and forked: parent and child share every page",
  "live.rep.cow.step": "the child wrote part {step} of {of} ({part} MiB): those pages are copied now",
  "live.rep.signal.handled": "{p} caught {sig} in its handler",
  "live.rep.signal.exiting": "{p} caught {sig} and exits cleanly",
  "live.msg": "“{text}” ({n} B)",
  "live.list.sep": ", ",
  // the Go source panel (live-source.js)
  "live.src.head": "Go source",
  "live.src.open": "Go source",
  "live.src.open.title": "Show the real Go code this workload runs",
  "live.src.show": "Show",
  "live.src.hide": "Hide",
  "live.src.sum": "the code {w} runs: {fn} in {file}",
  "live.src.exact": "The repository's files, exactly as they were compiled into this server. Highlighted: the functions this workload runs.",
  "live.src.files": "Files",
  "live.src.fns": "Functions",
  "live.src.fn.run": "the workload's own function: what its worker runs",
  "live.src.fn.helper": "a function it uses",
  "live.src.lines": "{file}, {n} lines",
  "live.src.loading": "Loading the source…",
  "live.src.err": "The source could not be loaded.",
  "live.src.code": "Go source of {file}",
  "live.src.note.thread.title": "This code is what ps shows",
  "live.src.note.thread": `Every worker is this same ProcLab program, started as "proclab worker NAME ...". Its main goroutine is locked to the process's main thread (runtime.LockOSThread in worker.go), so the state /proc shows for the process is the state of the highlighted function. It sleeps by calling nanosleep itself: S, in hrtimer_nanosleep.`,
  "live.src.note.nofork.title": "Why Go cannot simply call fork()",
  "live.src.note.nofork": `Go has no fork(): the standard library offers syscall.ForkExec (fork and exec in one call) and no syscall.Fork. A Go program always runs several threads (the runtime's own, such as sysmon, and the threads that run goroutines), and fork() copies only the thread that calls it. The child gets the runtime's memory (its locks, perhaps held by threads that no longer exist, and the state of its scheduler and garbage collector) without those threads, so the first time the runtime needs them it can wait forever. On the machine this lab was tested on, a child made that way could still print, but runtime.GC() did not return within 3 seconds (20 runs of 20). So this workload forks by hand: rawFork blocks every signal and calls clone(SIGCHLD) through syscall.RawSyscall6, a true fork; the child runs only "//go:nosplit" code that makes raw system calls, with everything it needs prepared by the parent, and leaves with exit_group: it never returns into the Go runtime.`,
  "live.src.note.vfork.title": "vfork: the parent waits in D",
  "live.src.note.vfork": "With CLONE_VFORK, clone does not return in the parent until the child exits or calls execve: the parent waits in the kernel (D, in kernel_clone). This D is TASK_KILLABLE: a fatal signal ends it at once. syscall.ForkExec uses the same flag, with CLONE_VM, for the short moment between its clone and its execve.",
  "live.src.note.cow.title": "Why the copy-on-write demo needs a true fork",
  "live.src.note.cow": "syscall.ForkExec would replace the child's memory with a new program at once, and with it the pages that parent and child share. This demo needs the child to keep the parent's buffer, shared copy-on-write, so it forks with the raw clone of rawfork.go. The child, still running only raw code, writes the next part of the buffer each time the parent sends it a byte through a pipe: the kernel copies those pages for the child, and PSS, shared dirty and private dirty change while RSS does not.",
  "live.src.note.forkexec.title": "How a worker starts a Go child: fork and exec in one call",
  "live.src.note.forkexec": `This worker's child is a second Go program: startWorker calls syscall.ForkExec on /proc/self/exe, the ProcLab program itself, as "proclab worker NAME ...". That is the fork a Go program may do: between its clone and its execve the child makes only raw system calls, and execve then replaces the copied runtime with a fresh one. The pipe, socket or shared page is handed over as file descriptor 3.`,
  "live.src.note.atomic.title": "Three ways to add 1",
  "live.src.note.atomic": 'Mode 1 calls atomic.AddInt64: on amd64 one "LOCK XADDQ" instruction, which no other CPU can split, so no update is lost. Mode 0 (incPlain) loads the counter and stores it back in two calls that the compiler may not inline or merge: another process can store in between, on another CPU or after a preemption, and its update is lost. Mode 2 takes a futex lock built on atomic.CompareAndSwapUint32 and atomic.SwapUint32; a waiter sleeps in the kernel (S, futex). The counter sits in one page of shared memory (from unix.MemfdCreate, mapped MAP_SHARED) that every process maps.',
  "live.src.note.notify.title": "What signal.Notify does",
  "live.src.note.notify": `A Go program does not install signal handlers of its own: the runtime handles every signal. By default SIGINT, SIGTERM and SIGHUP end the program, and SIGUSR1 is caught and does nothing. "signal.Notify(ch, ...)" tells the runtime to send those signals to the channel instead: the runtime's handler only queues the signal, and this function receives it in its loop as an ordinary value, and may then do anything. signal.Notify never blocks: a signal that finds the channel full is not delivered, so the channel has room for 8. While it waits for the channel, the main thread sleeps on a futex (S, futex), not in a signal system call.`,
  "live.src.note.dread.title": "The read that holds the process in D",
  "live.src.note.dread": "unix.Pread reads the 64 KiB file from offset 0 with O_DIRECT: no page cache, so every read goes to the disk, into a page-aligned buffer (from unix.Mmap), as O_DIRECT requires. A cgroup v1 blkio rule (blkio.throttle.read_bps_device) lets this process read only 64 KiB per ms milliseconds from that disk, so each read waits in the kernel for about ms milliseconds: D, in __iomap_dio_rw. This D is TASK_UNINTERRUPTIBLE: a SIGKILL sent meanwhile stays pending until the read completes. Before that, unix.Mlockall loads every page of the program, so that no page fault puts it in D anywhere else.",
  ...liveIpcEn
};
var liveZh = {
  "live.real.tag": "真实",
  "live.real.head": "Linux 进程，来自 /proc",
  "live.twin.tag": "模拟",
  "live.diagram": "状态图上的真实进程",
  "live.node.running.sub": "R：在 CPU 上或就绪",
  "live.node.runnable.sub": "/proc 对两者都显示 R",
  "live.node.dead.sub": "由回收事件推断（未采样到）",
  "live.slot": "R {n}",
  "live.drawn": "X 由回收事件推断（未采样到）",
  "live.traced": "被跟踪",
  "live.hint": "在“启动一个真实进程”里启动一个进程：不到一秒它的标记就会出现在这里。",
  "live.hint.off": "真实进程视图未连接。",
  "live.labserver": "ProcLab 服务器（{pid}）",
  "live.labserver.title": "ProcLab 服务器：各工作进程的父进程，也是代替 1 号进程的子进程收割者（subreaper）",
  "live.spawn.head": "启动一个真实进程",
  "live.spawn.workload": "工作负载",
  "live.spawn": "启动",
  "live.spawn.one": "启动 {w}",
  "live.spawn.note": "只运行 ProcLab 自带的工作负载：你输入的任何内容都不会成为命令。",
  "live.arg.range": "{min} 到 {max}",
  "live.act.head": "操作进程",
  "live.act.pick": "点击一个标记或一行来选择进程，然后向它发送信号。",
  "live.act.signals": "发送信号",
  "live.act.reap": "回收",
  "live.act.reap.title": "父进程调用 wait()：僵尸进程被回收并消失",
  "live.act.trace": "跟踪并停住",
  "live.act.trace.title": "用 ptrace 附加并让它停住（t）：只有主线程会停下",
  "live.act.resume": "跟踪进程放行",
  "live.act.resume.title": "跟踪进程脱离：它重新运行",
  "live.killall": "全部结束",
  "live.killall.mine": "结束我的进程",
  "live.act.notmine": "这个进程是另一个页面启动的：你可以观察它，但只有那个页面（或教师）可以操作它。",
  "live.teacher.summary": "教师",
  "live.teacher.on": "教师密钥已接受：你可以操作所有进程。",
  "live.teacher.leave": "放弃密钥",
  "live.sig.STOP": "暂停它（T）。无法被捕获。",
  "live.sig.CONT": "让暂停的进程继续",
  "live.sig.TERM": "请求它终止（它可以处理这个信号）",
  "live.sig.KILL": "杀死它。既不能被捕获也不能被忽略。",
  "live.sig.INT": "中断，和 Ctrl-C 一样",
  "live.sig.USR1": "用户信号：除非进程处理它，否则进程结束",
  "live.sig.HUP": "挂断：除非进程处理它，否则进程结束",
  "live.procs": "进程树与计数器",
  "live.procs.note": "★ = ProcLab 服务器（它们的父进程）。时钟滴答为 1/100 秒。",
  "live.procs.none": "还没有进程。在“启动一个真实进程”里启动一个。",
  "live.col.ticks": "用户/内核",
  "live.col.ticks.title": "用户态 / 内核态 CPU 时间，单位为时钟滴答（utime/stime，1/100 秒）",
  "live.col.sw": "切换 自愿/非自愿",
  "live.col.sw.title": "自愿 / 非自愿上下文切换（+ 为自上次采样以来的增量）",
  "live.col.threads": "线程",
  "live.col.threads.title": "线程数（/proc/PID/status 中的 Threads:）。每个工作进程都是 Go 程序：除了主线程，Go 运行时还有自己的线程（垃圾回收、sysmon、停在 futex 上的空闲线程），所以一个工作进程有 4 个或更多线程。状态字母后面的 l 表示同一件事，和 ps 一样（Sl：睡眠，多线程）。",
  "live.col.rss": "RSS",
  "live.stat.l": "l：多线程，和 ps 的显示一样（Sl、Rl）：即 Go 运行时的线程。字母是主线程的状态。",
  "live.stat.locked": "L：有页被锁定在内存中（mlock），和 ps 的显示一样（DLl）：/proc/PID/status 中锁定的内存（VmLck）大于 0。直接读磁盘的工作负载（diskread）锁定了自己所有的页，这样它自己的缺页异常就不会变成一次被限速的磁盘读取。",
  "live.status.exit": "退出码 {code}",
  "live.status.killed": "被信号 {n}（{sig}）杀死",
  "live.status.title": "它是怎样结束的，即父进程的 wait() 将得到的等待状态：一个退出码（WIFEXITED），或者杀死它的信号（WIFSIGNALED）。被信号杀死的进程没有退出码；shell 在 $? 中显示 128+n。",
  "live.col.rss.title": "常驻内存：所有已映射的页面，无论是否共享",
  "live.col.pss": "PSS",
  "live.col.pss.title": "按比例分摊的内存：每个共享页面只计入一份",
  "live.col.shared": "共享脏页",
  "live.col.shared.title": "已写入但仍与其他进程共享的页面",
  "live.col.private": "私有脏页",
  "live.col.private.title": "只属于本进程的已写入页面：即复制出来的副本",
  "live.mib": "{n} MiB",
  "live.kib": "{n} KiB",
  "live.bytes": "{n} 字节",
  "live.ms": "{n} 毫秒",
  "live.tl": "时间线",
  "live.tl.axis": "秒",
  "live.tl.tick": "{s}",
  // the axis's title says 秒
  "live.tl.empty": "真实进程运行时，时间线会逐渐填满。",
  "live.log.time": "{s} 秒：",
  "live.log.empty": "还没有发生任何事情。启动一个进程吧。",
  "live.lessons": "真实进程课程",
  "live.lesson.head": "真实进程课程",
  "live.lesson.n": "真实进程 {n}",
  "live.lesson.twin": "对照：{title}",
  "live.lesson.close": "关闭课程",
  "live.do.spawn": "启动 {w}{args}",
  "live.do.signal": "向 {w} 发送 {sig}",
  "live.do.trace": "跟踪并停住 {w}",
  "live.do.resume": "跟踪进程放行 {w}",
  "live.do.reap": "回收僵尸进程",
  "live.do.reap.named": "回收 {w} 的僵尸进程",
  "live.do.killall": "全部结束",
  "live.off.off.title": "这台服务器上不能使用真实进程视图",
  "live.off.off.text": "它会启动真实的 Linux 进程并通过 /proc 观察它们，因此需要带有 /proc 和 pidfd 的 Linux，以及启动进程和向进程发送信号的权限。",
  "live.off.forbidden.title": "只有这台计算机可以启动真实进程",
  "live.off.forbidden.text": "真实进程视图会在服务器上运行真实的进程，所以只响应服务器本机上的客户端，除非服务器向课堂开放。用教师密钥启动 ProcLab 的教师可以在这里输入密钥。",
  "live.off.offline.title": "无法连接真实进程视图的服务器",
  "live.off.offline.text": "与服务器的连接已断开。每隔几秒重试一次…",
  "live.off.reason": "服务器说明：{reason}",
  "live.off.rest": "ProcLab 的其他部分都能正常使用：模拟课程、调度视图，以及真实进程课程的模拟对照。",
  "live.token.label": "教师密钥",
  "live.token.go": "使用密钥",
  "live.err.dropped": "连接已断开：ProcLab 结束了本页面启动的进程。",
  "live.err.arg": "{arg} 必须是 {min} 到 {max} 之间的整数。",
  "live.err.notarget": "本课程没有可操作的 {w} 进程：请先完成启动它的那一步。",
  "live.err.nozombie": "这一步的进程还没有可回收的僵尸进程：请等它退出（Z）。",
  "live.err.other": "ProcLab拒绝了这个操作。",
  "live.err.closed": "真实进程视图未连接。",
  "live.err.unknown_workload": "该工作负载不在ProcLab的列表中。",
  "live.err.bad_args": "有参数超出了范围。",
  "live.err.bad_signal": "ProcLab 不发送这个信号。",
  "live.err.bad_json": "ProcLab 无法理解这个请求。",
  "live.err.foreign_pid": "该进程已经消失，或者不是 ProcLab 启动的。",
  "live.err.forbidden": "只有这台计算机（或持有教师密钥的客户端）可以这样做。",
  "live.err.not_owner": "这个进程是另一个页面启动的：只有那个页面或教师可以操作它。",
  "live.err.cross_origin": "ProcLab 拒绝来自其他网站的请求。",
  "live.err.bad_key": "这不是教师密钥。",
  "live.err.too_many_attempts": "错误的密钥太多：请等一分钟再试。",
  "live.err.bad_state": "当前状态不允许：只有僵尸进程才能被回收，僵尸进程也不能被跟踪。",
  "live.err.too_large": "请求太大。",
  "live.err.bad_content_type": "请求不是 JSON。",
  "live.err.limit": "进程太多或内存太多：请先结束一些（ProcLab 限制同时运行的进程数量及其可用内存）。",
  "live.err.live_unavailable": "这台服务器上不能使用真实进程视图。",
  "live.err.live_closed": "真实进程视图正在关闭。",
  "live.err.busy": "同时使用真实进程视图的页面太多，请稍后再试。",
  "live.err.internal": "ProcLab 未能完成这个操作。",
  "live.wl.cpu": "CPU 密集型循环",
  "live.wl.sleep": "在 nanosleep 中睡眠",
  "live.wl.exit": "退出后成为僵尸",
  "live.wl.pipe": "管道两端的写者与读者",
  "live.wl.forker": "创建会退出的子进程",
  "live.wl.orphans": "父进程先于子进程退出",
  "live.wl.vfork": "在 D 中等待 vfork 子进程",
  "live.wl.diskread": "在 D 中等待被放慢的磁盘读取",
  "live.wl.race": "多个进程竞态地修改同一个共享计数器",
  "live.wl.cow": "fork 之后的写时复制",
  "live.wl.socket": "通过套接字对发送消息",
  "live.wl.signals": "处理信号",
  "live.wl.cpu.doc": "在 CPU 上循环（R）。duty 小于 100 时，每 100 毫秒中有一部分时间睡眠，因此在 R 和 S 之间切换。",
  "live.wl.sleep.doc": "在 nanosleep 中睡眠（S），每 “ms” 毫秒醒来一次。",
  "live.wl.exit.doc": "睡眠 “ms” 毫秒后以给定退出码退出。它的父进程（ProcLab 服务器）不等待它：它停留在僵尸状态（Z），直到你回收它。",
  "live.wl.pipe.doc": "一个写者和一个读者子进程，通过 64 KiB 的管道相连。读得慢时写者在满管道上阻塞；写得慢时读者在空管道上阻塞。0 表示尽可能快。",
  "live.wl.forker.doc": "创建（真正 fork 出的）子进程，它们在 exit_ms 后退出。reap=1 时 forker 等待它们；reap=0 时它们一直是僵尸，直到你回收。",
  "live.wl.orphans.doc": "创建子进程，然后在 parent_ms 后退出：孤儿进程被过继给ProcLab 服务器，由它在孤儿退出时回收。",
  "live.wl.diskread.doc": "直接从磁盘（O_DIRECT）读取一个 64 KiB 的文件，同时用一个 blkio cgroup 只为它放慢磁盘：每次读取让它处于 D（__iomap_dio_rw）约 “ms” 毫秒，然后睡眠 “gap_ms”（S），如此反复。这种 D 是 TASK_UNINTERRUPTIBLE：SIGKILL 会一直挂起，直到读取完成。需要以 root 运行、且有 cgroup v1 blkio 控制器的 ProcLab 服务器。",
  "live.wl.vfork.doc": "等待一个 vfork 式子进程 “ms” 毫秒（D，在 kernel_clone 中），再睡眠 “gap_ms”（S），如此反复。ps 显示 D，但这是可被杀死的一种 D（TASK_KILLABLE）：致命信号会立即结束它。",
  "live.wl.race.doc": "procs 个子进程各自把共享内存中的一个计数器加 1 共 iters 次：mode 0 普通自增（读取、相加、写回三步：会发生更新丢失），1 原子操作，2 futex 锁（hold_us 让等待锁的进程在 S 中可见）。",
  "live.wl.cow.doc": "写满一个 mb MiB 的缓冲区，然后 fork，让子进程每隔 step_ms 写入其中的一部分：PSS 和共享/私有脏页反映写时复制，RSS 不变。",
  "live.wl.socket.doc": '通过类型为 0 STREAM、1 DGRAM 或 2 SEQPACKET 的套接字对，把 "one"、"two!"、"three" 发送给一个在 delay_ms 后读取的子进程。',
  "live.wl.signals.doc": "处理 SIGUSR1、SIGHUP、SIGINT 和 SIGTERM 并报告每一个；INT 和 TERM 会使它正常退出（退出码 0）。",
  "live.arg.cpu.duty": "每 100 毫秒中用于计算的百分比",
  "live.arg.sleep.ms": "每次睡眠的时长（毫秒）",
  "live.arg.exit.ms": "退出前的时间（毫秒）",
  "live.arg.exit.code": "退出码",
  "live.arg.pipe.write_kbps": "写入速率 KiB/s（0 = 全速）",
  "live.arg.pipe.read_kbps": "读取速率 KiB/s（0 = 全速）",
  "live.arg.forker.children": "要创建的子进程数",
  "live.arg.forker.exit_ms": "每个子进程的存活时间（毫秒）",
  "live.arg.forker.reap": "1：forker 等待它的子进程",
  "live.arg.orphans.children": "要创建的子进程数",
  "live.arg.orphans.parent_ms": "父进程的存活时间（毫秒）",
  "live.arg.orphans.child_ms": "子进程的存活时间（毫秒）",
  "live.arg.vfork.ms": "每轮处于 D 的时间（毫秒）",
  "live.arg.vfork.gap_ms": "两轮之间处于 S 的时间（毫秒）",
  "live.arg.diskread.ms": "每次读取处于 D 的时间（毫秒）",
  "live.arg.diskread.gap_ms": "两次读取之间处于 S 的时间（毫秒）",
  "live.arg.race.procs": "执行自增的进程数",
  "live.arg.race.iters": "每个进程的自增次数",
  "live.arg.race.mode": "0 普通，1 原子，2 锁",
  "live.arg.race.hold_us": "锁模式：每次持锁的微秒数",
  "live.arg.race.start_ms": "同时开始前的延迟（毫秒）",
  "live.arg.cow.mb": "缓冲区大小（MiB）",
  "live.arg.cow.steps": "子进程分几部分依次写入",
  "live.arg.cow.step_ms": "每部分之间的时间（毫秒）",
  "live.arg.socket.type": "0 STREAM，1 DGRAM，2 SEQPACKET",
  "live.arg.socket.delay_ms": "接收方读取前的延迟（毫秒）",
  "live.arg.signals.handle_ms": "处理函数耗时（毫秒）",
  "live.mode.plain": "普通",
  "live.mode.atomic": "原子",
  "live.mode.lock": "锁",
  "live.demo.pipe": "管道",
  "live.demo.pipe.writer": "写者",
  "live.demo.pipe.reader": "读者",
  "live.demo.pipe.rate": "{n} KiB/s",
  "live.demo.pipe.queued": "管道中有 {n}（共 64 KiB）",
  "live.demo.pipe.full": "管道已满：写者 {p} 睡眠，直到读者腾出空间。",
  "live.demo.pipe.empty": "管道为空：读者 {p} 睡眠，直到写者发送更多数据。",
  "live.demo.pipe.freed": "管道已不存在：读端和写端都已关闭，内核释放了它和其中剩下的数据。",
  "live.demo.socket": "套接字的消息边界",
  "live.demo.sock.sent": "发送",
  "live.demo.sock.read": "读取",
  "live.demo.sock.waiting": "尚未",
  "live.demo.sock.merged": "{sends} 次发送在 {reads} 次读取中到达：字节流没有消息边界。",
  "live.demo.sock.kept": "{sends} 次发送，{reads} 次读取：每条消息都保持了边界。",
  "live.demo.race": "共享内存上的竞态",
  "live.demo.race.mode": "模式",
  "live.demo.race.work": "进程数 × 自增次数",
  "live.demo.race.expected": "预期",
  "live.demo.race.actual": "实际",
  "live.demo.race.lost": "丢失",
  "live.demo.race.time": "用时",
  "live.demo.race.waiting": "正在睡眠（S）",
  "live.demo.race.waiting.title": "本次运行中此刻在 futex 中睡眠（等待锁）的进程数",
  "live.demo.race.vary": "每次运行丢失的更新数都不同。当一个进程读取了计数器、还没把“计数器 + 1”写回时，另一个进程写回了自己的值，更新就丢失了：两个进程在两个 CPU 上同时运行，或者一个进程在读取和写回之间被抢占。这种情况发生得多频繁，取决于机器上同时还在运行什么。原子加法和锁从不丢失更新。",
  "live.demo.cow": "写时复制",
  "live.demo.cow.sum": "一个 {mib} MiB 的缓冲区，由父进程 {p} 在 fork 前写满；子进程 {c} 分部分写入它。",
  "live.demo.cow.when": "时刻",
  "live.demo.cow.parent": "父进程 {p}",
  "live.demo.cow.child": "子进程 {p}",
  "live.demo.cow.fork": "fork 之后",
  "live.demo.cow.step": "已写入第 {step} / {of} 部分",
  "live.demo.signals": "已处理的信号",
  "live.demo.sig.handled": "{p} 在处理函数中捕获了 {sig}，继续运行",
  "live.demo.sig.exiting": "{p} 捕获了 {sig}，正常退出",
  "live.ev.spawned": "{o} 启动了 {p}：fork 并 exec “{w}” 工作负载",
  "live.ev.forked": "{o} fork 出了 {p}",
  "live.ev.state.running": "{p} 处于 R：正在运行或就绪（/proc 无法区分）",
  "live.ev.state.running.cont": "SIGCONT：{p} 重新运行（R）",
  "live.ev.state.running.resumed": "跟踪进程放行了 {p}：它重新运行（R）",
  "live.ev.state.sleeping": "{p} 在 {wchan} 中睡眠（S）",
  "live.ev.state.sleeping.why": "{p} 睡眠（S）：{why}（{wchan}）",
  "live.ev.state.sleeping.nowchan": "{p} 睡眠（S）",
  "live.ev.state.disk": "{p} 在 {wchan} 中处于不可中断睡眠（D）",
  "live.ev.state.disk.why": "{p} 处于不可中断睡眠（D）：{why}（{wchan}）",
  "live.ev.state.disk.nowchan": "{p} 处于不可中断睡眠（D）",
  "live.ev.state.stopped": "{p} 已暂停（T）：在收到 SIGCONT 之前得不到 CPU",
  "live.ev.state.traced": "{p} 被跟踪进程停住（t）",
  "live.ev.state.zombie": "{p} 是僵尸进程（Z）：它的父进程 {parent} 还没有调用 wait()",
  "live.ev.state.dead": "{p} 已销毁（X 由推断得出：/proc 从不显示 X）",
  "live.ev.state.other": "{p}：{from} → {to}",
  "live.ev.signal_sent": "{o} 向 {p} 发送了 {sig}",
  "live.ev.exit": "{p} 以退出码 {code} 退出",
  "live.ev.exit.zombie": "{p} 以退出码 {code} 退出；在父进程 {parent} 回收它之前，它是僵尸进程（Z）",
  "live.ev.exit.killed": "{p} 被信号 {n}（{sig}）杀死：它没有退出码",
  "live.ev.exit.killed.zombie": "{p} 被信号 {n}（{sig}）杀死，因此没有退出码；在父进程 {parent} 回收它之前，它是僵尸进程（Z）",
  "live.ev.exit.unknown": "{p} 结束了",
  "live.ev.exit.unknown.zombie": "{p} 结束了；在父进程 {parent} 回收它之前，它是僵尸进程（Z）",
  "live.ev.reaped": "{o} 调用 wait() 回收了 {p}（退出码 {code}）：Z → X，由回收事件推断",
  "live.ev.reaped.killed": "{o} 调用 wait() 回收了 {p}（被信号 {n}（{sig}）杀死）：Z → X，由回收事件推断",
  "live.ev.reaped.nocode": "{o} 调用 wait() 回收了 {p}：Z → X，由回收事件推断",
  "live.ev.exec": "{p} 调用了 execve：程序映像现在是 {image}，PID 仍是 {pid}",
  "live.ev.reparented": "{p} 成为孤儿进程：它的新父进程是 {o}",
  "live.ev.reparented.lab": "{p} 成为孤儿进程：它的新父进程是 {o}，一个代替 1 号进程的子进程收割者",
  "live.ev.other": "{p}：{kind}",
  "live.why.sleep": "在 nanosleep() 中",
  "live.why.pipe_read": "读取空管道",
  "live.why.pipe_write": "写入已满的管道",
  "live.why.futex": "在 futex 上等待：锁、屏障，或者 Go 运行时让无事可做的线程停在这里",
  "live.why.child": "在 wait() 中等待子进程",
  "live.why.socket": "在套接字上等待",
  "live.why.poll": "在 poll() 或 select() 中等待",
  "live.why.epoll": "在 epoll_wait() 中等待",
  "live.why.vfork": "等待它的 vfork 子进程",
  "live.why.stop": "被信号暂停",
  "live.why.trace": "被跟踪进程停住（t）",
  "live.why.frozen": "被 cgroup 冻结器冻结",
  "live.why.pause": "在 pause() 中等待信号",
  "live.why.sigwait": "等待信号（sigtimedwait）",
  "live.why.file_lock": "等待文件锁",
  "live.why.disk": "等待磁盘读写完成",
  "live.why.page_read": "等待文件的一页从磁盘读入",
  "live.why.d.vfork": "可被杀死的等待（TASK_KILLABLE），等它的 vfork 子进程：SIGKILL 立即结束它",
  "live.why.d.disk": "直接从磁盘读取（TASK_UNINTERRUPTIBLE）：读取完成之前，连 SIGKILL 也不起作用",
  "live.why.d.page_read": "读取尚未在内存中的文件页：它在可被杀死的等待（TASK_KILLABLE）中，SIGKILL 会立即结束它",
  "live.why.d.frozen": "被 cgroup v1 冻结器冻结：SIGKILL 要等到解冻之后才起作用",
  "live.rep.race.start": "{p} 启动 {n} 个进程，每个把共享计数器加 1 共 {iters} 次（{mode}）：预期 {expected}",
  "live.rep.race.lost": "{mode}：预期 {expected}，实际 {actual}：更新丢失 {lost} 次，用时 {ms} 毫秒",
  "live.rep.race.ok": "{mode}：预期 {expected}，实际 {actual}：没有丢失，用时 {ms} 毫秒",
  "live.rep.socket.sent": "{p} 通过 {type} 套接字发送了 {n} 条消息：{list}",
  "live.rep.socket.read": "{p} 从 {type} 套接字读取了 {n} 次：{list}",
  "live.rep.cow.fork": "{p} 写满了 {mib} MiB 后 fork：父子进程共享所有页面",
  "live.rep.cow.step": "子进程写入了第 {step} / {of} 部分（{part} MiB）：这些页面此刻被复制",
  "live.rep.signal.handled": "{p} 在处理函数中捕获了 {sig}",
  "live.rep.signal.exiting": "{p} 捕获了 {sig}，正常退出",
  "live.msg": "“{text}”（{n} 字节）",
  "live.list.sep": "，",
  // the Go source panel (live-source.js)
  "live.src.head": "Go 源代码",
  "live.src.open": "Go 源代码",
  "live.src.open.title": "显示这个工作负载运行的真实 Go 代码",
  "live.src.show": "显示",
  "live.src.hide": "收起",
  "live.src.sum": "{w} 运行的代码：{file} 中的 {fn}",
  "live.src.exact": "仓库中的文件，与编译进这台服务器的完全相同。高亮部分是这个工作负载运行的函数。",
  "live.src.files": "文件",
  "live.src.fns": "函数",
  "live.src.fn.run": "工作负载自己的函数：工作进程运行的就是它",
  "live.src.fn.helper": "它用到的函数",
  "live.src.lines": "{file}，共 {n} 行",
  "live.src.loading": "正在加载源代码…",
  "live.src.err": "无法加载源代码。",
  "live.src.code": "{file} 的 Go 源代码",
  "live.src.note.thread.title": "ps 显示的就是这段代码的状态",
  "live.src.note.thread": '每个工作进程都是同一个 ProcLab 程序，以 "proclab worker NAME ..." 启动。它的主协程（goroutine）被锁定在进程的主线程上（worker.go 中的 runtime.LockOSThread），所以 /proc 显示的进程状态就是高亮函数的状态。它睡眠时自己调用 nanosleep：可中断睡眠（S），等待通道是 hrtimer_nanosleep。',
  "live.src.note.nofork.title": "为什么 Go 不能直接调用 fork()",
  "live.src.note.nofork": 'Go 没有 fork()：标准库只提供 syscall.ForkExec（fork 与 exec 一次完成），没有 syscall.Fork。Go 程序总是运行着多个线程（运行时自己的线程，例如 sysmon，以及运行协程（goroutine）的线程），而 fork() 只复制调用它的那个线程。子进程得到了运行时的内存（其中的锁可能正被已不存在的线程持有，还有调度器和垃圾回收器的状态），却没有那些线程，所以运行时第一次需要它们时就可能永远等下去。在测试本实验的机器上，这样创建的子进程还能打印，但 runtime.GC() 在 3 秒内都没有返回（20 次中 20 次）。因此这个工作负载手工完成 fork：rawfork.go 中的函数先屏蔽所有信号，再通过 syscall.RawSyscall6 调用 clone(SIGCHLD)，这是真正的 fork；子进程只运行 "//go:nosplit" 代码，只做原始系统调用，所需的一切都由父进程事先准备好，最后用 exit_group 退出：它从不回到 Go 运行时。',
  "live.src.note.vfork.title": "vfork：父进程在 D 中等待",
  "live.src.note.vfork": "加上 CLONE_VFORK 后，clone 在父进程中要等到子进程退出或调用 execve 才返回：父进程在内核中等待（D，等待通道是 kernel_clone）。这种 D 是 TASK_KILLABLE：致命信号会立即结束它。syscall.ForkExec 在它的 clone 与 execve 之间的短暂时刻也使用这个标志（再加上 CLONE_VM）。",
  "live.src.note.cow.title": "为什么写时复制演示需要真正的 fork",
  "live.src.note.cow": "syscall.ForkExec 会立即用新程序替换子进程的内存，父子进程共享的页面也随之消失。这个演示需要子进程保留父进程的缓冲区，以写时复制的方式共享，所以它用 rawfork.go 中的原始 clone 创建子进程。子进程仍然只运行原始代码，父进程每通过管道发来一个字节，它就写缓冲区的下一部分：内核为子进程复制这些页面，于是 PSS、共享脏页和私有脏页发生变化，而 RSS 不变。",
  "live.src.note.forkexec.title": "工作进程如何启动 Go 子进程：fork 与 exec 一次完成",
  "live.src.note.forkexec": '这个工作进程的子进程是第二个 Go 程序：worker.go 中启动子进程的函数对 /proc/self/exe（ProcLab 程序本身）调用 syscall.ForkExec，以 "proclab worker NAME ..." 运行。这就是 Go 程序可以做的 fork：在 clone 与 execve 之间，子进程只做原始系统调用，随后 execve 用一个全新的运行时替换复制来的运行时。管道、套接字或共享页面作为文件描述符 3 交给子进程。',
  "live.src.note.atomic.title": "加 1 的三种方式",
  "live.src.note.atomic": '模式 1 调用 atomic.AddInt64：在 amd64 上是一条 "LOCK XADDQ" 指令，其他 CPU 无法把它拆开，所以不会有更新丢失。模式 0 分两次调用读取计数器、再写回，编译器不能内联或合并这两次调用：另一个进程可能在两者之间写入（在另一个 CPU 上，或在一次抢占之后），它的更新就丢失了。模式 2 使用基于 atomic.CompareAndSwapUint32 和 atomic.SwapUint32 的 futex 锁；等待者在内核中睡眠（S，futex）。计数器位于一页共享内存中（来自 unix.MemfdCreate，以 MAP_SHARED 映射），每个进程都映射了它。',
  "live.src.note.notify.title": "signal.Notify 做了什么",
  "live.src.note.notify": 'Go 程序不自己安装信号处理函数：所有信号都由运行时处理。默认情况下，SIGINT、SIGTERM 和 SIGHUP 会结束程序，SIGUSR1 被捕获后什么也不做。"signal.Notify(ch, ...)" 让运行时改为把这些信号送到通道（channel）：运行时的处理函数只把信号放进队列，这个函数在循环中像接收普通的值一样收到它，之后做什么都可以。signal.Notify 从不阻塞：通道满了，信号就送不到，所以通道可以存放 8 个信号。等待通道时，主线程在 futex 上睡眠（S，futex），而不是在某个与信号有关的系统调用中。',
  "live.src.note.dread.title": "让进程停在 D 中的那次读取",
  "live.src.note.dread": "unix.Pread 以 O_DIRECT 方式从偏移 0 读取这个 64 KiB 的文件：不经过页缓存，每次读取都要访问磁盘，读入按页对齐的缓冲区（来自 unix.Mmap），这是 O_DIRECT 的要求。一条 cgroup v1 的 blkio 规则（blkio.throttle.read_bps_device）只允许这个进程每 ms 毫秒从该磁盘读取 64 KiB，所以每次读取都要在内核中等待大约 ms 毫秒：不可中断睡眠（D），等待通道是 __iomap_dio_rw。这种 D 是 TASK_UNINTERRUPTIBLE：这期间发来的 SIGKILL 会一直挂起，直到读取完成。在此之前，unix.Mlockall 先把程序的每一页都载入内存，这样缺页就不会让它在别处进入 D。",
  ...liveIpcZh
};
Object.assign(liveEn, liveSysEn);
Object.assign(liveZh, liveSysZh);
addCatalog(liveEn, liveZh);

// js/live-ipc.js
var MAX_MQ_MSGS = 64;
var MAX_SHM_ROWS = 12;
var MAX_RUNS = 3;
function ipcDemos() {
  return { fifo: {}, mqueue: {}, shm: [], udp: {} };
}
var num = (v, d = 0) => typeof v === "number" && Number.isFinite(v) ? v : d;
var str = (v) => typeof v === "string" ? v : "";
function applyIPCReport(st, r, tms, root) {
  const d = st.demos;
  if (!d.fifo) Object.assign(d, ipcDemos());
  const x = r.ipc && typeof r.ipc === "object" ? r.ipc : {};
  switch (r.kind) {
    case "fifo": {
      const run = d.fifo[root] ||= { root, path: "", ends: {}, removed: "", t: tms };
      if (x.path) run.path = str(x.path);
      run.t = tms;
      if (r.phase === "removed") {
        run.removed = r.side === "lab" ? "lab" : "worker";
        break;
      }
      if (r.side !== "writer" && r.side !== "reader") break;
      const end = run.ends[r.side] ||= { pid: r.pid, phase: "", waited: 0, bytes: 0, since: tms };
      end.pid = r.pid;
      if (r.phase === "opening") {
        end.phase = "opening";
        end.since = tms;
      }
      if (r.phase === "opened") {
        end.phase = "opened";
        end.waited = num(x.waited_ms);
      }
      if (r.phase === "done") {
        end.phase = "done";
        end.bytes = num(r.bytes);
      }
      return true;
    }
    case "mqueue": {
      const run = d.mqueue[root] ||= { root, name: "", cap: 0, msgsize: 0, limits: null, mounted: false, sender: 0, receiver: 0, sent: [], recv: [], removed: "", t: tms };
      run.t = tms;
      switch (r.phase) {
        case "open":
          Object.assign(run, {
            name: str(x.path),
            cap: num(x.cap),
            msgsize: num(x.msgsize),
            mounted: !!x.mqueue_mounted,
            sender: r.pid,
            limits: { msgMax: num(x.msg_max), msgsizeMax: num(x.msgsize_max), queuesMax: num(x.queues_max) }
          });
          break;
        case "sent":
          run.sender = r.pid;
          if (run.sent.length < MAX_MQ_MSGS) run.sent.push({ seq: num(x.seq), prio: num(x.prio) });
          break;
        case "received":
          run.receiver = r.pid;
          if (run.recv.length < MAX_MQ_MSGS) run.recv.push({ seq: num(x.seq), prio: num(x.prio) });
          break;
        case "removed":
          run.removed = r.side === "lab" ? "lab" : "worker";
          break;
      }
      return true;
    }
    case "shm":
      d.shm.push({
        root,
        mode: r.mode === "pipe" ? "pipe" : "shm",
        bytes: num(r.bytes),
        ms: num(r.elapsed_ms),
        mbps: num(x.mbps),
        chunk: num(x.chunk_kib),
        ok: !!x.ok,
        wv: num(x.writer_vcsw),
        rv: num(x.reader_vcsw),
        t: tms
      });
      if (d.shm.length > MAX_SHM_ROWS) d.shm.shift();
      return true;
    case "udp": {
      const run = d.udp[root] ||= { root, mode: "", sent: null, recv: null, t: tms };
      run.mode = r.mode === "echo" ? "echo" : "flood";
      run.t = tms;
      const side = {
        pid: r.pid,
        count: num(x.count),
        received: num(x.received),
        lost: num(x.lost),
        gaps: num(x.gaps),
        drops: num(x.drops, -1),
        rcvbuf: num(x.rcvbuf),
        first: Array.isArray(x.first) ? x.first.filter((n) => typeof n === "number").slice(0, 16) : [],
        rtt: num(x.rtt_us),
        addr: str(x.addr),
        peer: str(x.peer),
        bytes: num(r.bytes)
      };
      if (r.side === "sender") run.sent = side;
      else run.recv = side;
      return true;
    }
  }
  return false;
}
function queued(run) {
  const got = new Set(run.recv.map((m) => m.seq));
  return run.sent.filter((m) => !got.has(m.seq)).sort((a, b) => b.prio - a.prio || a.seq - b.seq);
}
function ipcReportItem(r, p) {
  const x = r.ipc && typeof r.ipc === "object" ? r.ipc : {};
  switch (r.kind) {
    case "fifo":
      if (r.phase === "made") return { kind: "report", weight: 8, key: "live.rep.fifo.made", params: { p, path: str(x.path) } };
      if (r.phase === "opening") return { kind: "report", weight: 7, key: `live.rep.fifo.opening.${r.side === "reader" ? "reader" : "writer"}`, params: { p } };
      if (r.phase === "opened") return { kind: "report", weight: 8, key: "live.rep.fifo.opened", params: { p, ms: Math.round(num(x.waited_ms)) } };
      if (r.phase === "removed") return { kind: "report", weight: 8, key: r.side === "lab" ? "live.rep.fifo.removed.lab" : "live.rep.fifo.removed", params: { p, path: str(x.path) } };
      return null;
    case "mqueue":
      if (r.phase === "open") return { kind: "report", weight: 8, key: "live.rep.mq.open", params: { p, name: str(x.path), cap: num(x.cap), size: num(x.msgsize) } };
      if (r.phase === "received") return { kind: "report", weight: 7, key: "live.rep.mq.received", params: { p, seq: num(x.seq), prio: num(x.prio) } };
      if (r.phase === "removed") return { kind: "report", weight: 8, key: r.side === "lab" ? "live.rep.mq.removed.lab" : "live.rep.mq.removed", params: { p, name: str(x.path) } };
      return null;
    case "shm":
      return {
        kind: "report",
        weight: 9,
        key: r.mode === "pipe" ? "live.rep.shm.pipe" : "live.rep.shm.shm",
        params: { p, mib: Math.round(num(r.bytes) / 1048576), ms: fmt1(num(r.elapsed_ms)), mbps: Math.round(num(x.mbps)) }
      };
    case "udp":
      if (r.side !== "receiver") return null;
      if (r.mode === "echo") return { kind: "report", weight: 9, key: "live.rep.udp.echo", params: { p, n: num(x.received), addr: str(x.addr), peer: str(x.peer) } };
      return { kind: "report", weight: 9, key: "live.rep.udp.flood", params: { p, n: num(x.received), count: num(x.count), lost: num(x.lost), drops: num(x.drops) } };
  }
  return null;
}
function fmt1(v) {
  return v >= 100 ? String(Math.round(v)) : v.toFixed(1);
}
var newest = (o, n) => Object.values(o).sort((a, b) => b.t - a.t).slice(0, n);
function ipcCards(st, h) {
  const d = st.demos.fifo ? st.demos : { ...st.demos, ...ipcDemos() };
  return {
    "live-demo-fifo": newest(d.fifo, MAX_RUNS).map((run) => fifoRun(st, run, h)).join(""),
    "live-demo-mqueue": newest(d.mqueue, MAX_RUNS).filter((r) => r.name || r.sent.length).map((run) => mqRun(st, run, h)).join(""),
    "live-demo-shm": d.shm.length ? shmTable(d.shm, h) : "",
    "live-demo-udp": newest(d.udp, MAX_RUNS).map((run) => udpRun(run, h)).join("")
  };
}
function fifoRun(st, run, h) {
  const { esc: esc2, t: t2 } = h;
  const end = (side) => {
    const e = run.ends[side];
    if (!e) return `<div class="fifo-end" data-side="${side}"><b>${esc2(t2(`live.demo.pipe.${side}`))}</b> <span class="muted">${esc2(t2("live.demo.fifo.notyet"))}</span></div>`;
    const p = st.procs.get(e.pid);
    let what = "";
    const ended = !p || p.gone || p.exited;
    if (e.phase === "opening" && ended) what = t2("live.demo.fifo.never");
    else if (e.phase === "opening") what = p.wait === "fifo_open" ? t2("live.demo.fifo.waiting") : t2("live.demo.fifo.opening");
    else if (e.phase === "opened") what = t2("live.demo.fifo.opened", { ms: Math.round(e.waited) });
    else if (e.phase === "done") what = t2("live.demo.fifo.done", { n: h.fmtBytes(e.bytes), ms: Math.round(e.waited) });
    return `<div class="fifo-end" data-side="${side}" data-phase="${esc2(e.phase)}"><b>${esc2(t2(`live.demo.pipe.${side}`))}</b> ${e.pid} ${h.procState(e.pid)}<br><span>${esc2(what)}</span></div>`;
  };
  const removed = run.removed ? `<p class="verdict">${esc2(t2(run.removed === "lab" ? "live.demo.fifo.removed.lab" : "live.demo.fifo.removed"))}</p>` : "";
  return `<div class="fifo-run" data-root="${run.root}"><p class="muted">${esc2(t2("live.demo.fifo.path"))} <code>${esc2(run.path)}</code></p><div class="fifo-ends">${end("writer")}${end("reader")}</div>${removed}</div>`;
}
function chip(h, m, cls = "") {
  return `<span class="mq-chip${cls}" data-seq="${m.seq}" data-prio="${m.prio}" title="${h.esc(h.t("live.demo.mq.chip", { seq: m.seq, prio: m.prio }))}">#${m.seq}<small>p${m.prio}</small></span>`;
}
function mqRun(st, run, h) {
  const { esc: esc2, t: t2 } = h;
  const q = queued(run);
  const slots = Math.max(run.cap, q.length);
  const inQueue = q.map((m) => chip(h, m)).join("") + '<span class="mq-chip empty"></span>'.repeat(Math.max(0, slots - q.length));
  const sp = st.procs.get(run.sender), rp = st.procs.get(run.receiver);
  let verdict = "";
  if (sp && sp.wait === "mqueue" && !sp.gone) verdict = t2("live.demo.mq.full", { p: run.sender });
  else if (rp && rp.wait === "mqueue" && !rp.gone) verdict = t2("live.demo.mq.empty", { p: run.receiver });
  const first = run.recv[0];
  const oldest = first && run.sent.length ? run.sent[0] : null;
  const firstNote = first && oldest && first.seq !== oldest.seq ? `<p class="verdict">${esc2(t2("live.demo.mq.first", { seq: first.seq, prio: first.prio, old: oldest.seq, oldprio: oldest.prio }))}</p>` : "";
  const lim = run.limits ? t2("live.demo.mq.limits", { max: run.limits.msgMax, size: run.limits.msgsizeMax, queues: run.limits.queuesMax }) : "";
  const mnt = t2(run.mounted ? "live.demo.mq.mounted" : "live.demo.mq.unmounted");
  const removed = run.removed ? `<p class="verdict">${esc2(t2(run.removed === "lab" ? "live.demo.mq.removed.lab" : "live.demo.mq.removed"))}</p>` : "";
  return `<div class="mq-run" data-root="${run.root}"><p class="muted"><code>${esc2(run.name)}</code> ${esc2(t2("live.demo.mq.attr", { cap: run.cap, size: run.msgsize }))} · ${esc2(lim)} · ${esc2(mnt)}</p><div class="mq-row mq-sent"><b>${esc2(t2("live.demo.mq.sent"))}</b>${run.sent.map((m) => chip(h, m)).join("")}</div><div class="mq-row mq-queue"><b>${esc2(t2("live.demo.mq.queue", { n: q.length, cap: run.cap }))}</b>${inQueue}</div><div class="mq-row mq-recv"><b>${esc2(t2("live.demo.mq.recv"))}</b>${run.recv.map((m) => chip(h, m)).join("")}</div>` + (verdict ? `<p class="verdict">${esc2(verdict)}</p>` : "") + firstNote + removed + `</div>`;
}
function shmTable(rows, h) {
  const { esc: esc2, t: t2 } = h;
  const body = rows.slice().reverse().map((r) => `<tr data-mode="${r.mode}" class="${r.ok ? "" : "lost"}"><th>${esc2(t2(`live.demo.shm.${r.mode}`))}</th><td class="num">${esc2(h.fmtBytes(r.bytes))}</td><td class="num">${esc2(t2("live.kib", { n: r.chunk }))}</td><td class="num">${esc2(t2("live.ms", { n: fmt1(r.ms) }))}</td><td class="num"><b>${Math.round(r.mbps).toLocaleString()}</b></td><td class="num">${r.wv.toLocaleString()}</td><td class="num">${r.rv.toLocaleString()}</td><td>${esc2(t2(r.ok ? "live.demo.shm.ok" : "live.demo.shm.bad"))}</td></tr>`).join("");
  return `<table class="metrics shm-table"><thead><tr><th>${esc2(t2("live.demo.shm.way"))}</th><th class="num">${esc2(t2("live.demo.shm.bytes"))}</th><th class="num">${esc2(t2("live.demo.shm.chunk"))}</th><th class="num">${esc2(t2("live.demo.race.time"))}</th><th class="num">MB/s</th><th class="num" title="${esc2(t2("live.demo.shm.sleeps.title"))}">${esc2(t2("live.demo.shm.wsleeps"))}</th><th class="num" title="${esc2(t2("live.demo.shm.sleeps.title"))}">${esc2(t2("live.demo.shm.rsleeps"))}</th><th>${esc2(t2("live.demo.shm.check"))}</th></tr></thead><tbody>${body}</tbody></table><p class="muted race-vary">${esc2(t2("live.demo.shm.vary"))}</p>`;
}
function udpRun(run, h) {
  const { esc: esc2, t: t2 } = h;
  const s = run.sent, r = run.recv;
  let body;
  if (run.mode === "echo") {
    body = s && r ? t2("live.demo.udp.echo", { n: s.received, count: s.count, rtt: s.rtt.toFixed(1), a: s.addr, b: s.peer }) : t2("live.demo.sock.waiting");
  } else if (r) {
    const pct = r.count ? 100 * r.received / r.count : 0;
    body = t2("live.demo.udp.flood", { n: r.received, count: r.count, lost: r.lost, drops: r.drops, gaps: r.gaps, buf: r.rcvbuf });
    const first = r.first.length ? `<p class="muted">${esc2(t2("live.demo.udp.first", { list: r.first.join(", ") }))}</p>` : "";
    return `<div class="udp-run" data-root="${run.root}" data-mode="flood"><p class="muted">${esc2(t2("live.demo.udp.addr", { a: s ? s.addr : "?", b: r.addr }))}</p><div class="pipe-fill" role="img" aria-label="${esc2(body)}"><div class="bar"><i style="width:${pct.toFixed(1)}%"></i></div><span>${esc2(t2("live.demo.udp.arrived", { n: r.received, count: r.count }))}</span></div><p class="verdict">${esc2(body)}</p>${first}</div>`;
  } else {
    body = t2("live.demo.sock.waiting");
  }
  return `<div class="udp-run" data-root="${run.root}" data-mode="${run.mode}"><p class="verdict">${esc2(body)}</p></div>`;
}

// js/live-sys.js
var MAX_LOOP_RUNS = 3;
var MAX_PID_RUNS = 3;
var MAX_PID_ROWS = 12;
var MAX_PING_RUNS = 9;
function sysDemos(st) {
  st.demos.sys ||= { loops: {}, pids: {}, ping: [] };
  return st.demos.sys;
}
var n0 = (v) => typeof v === "number" && Number.isFinite(v) ? v : 0;
var byBirth = (a, b) => b.born - a.born || b.root - a.root;
function keepNewest(runs, max) {
  const old = Object.values(runs).sort(byBirth).slice(max);
  for (const r of old) delete runs[r.root];
}
function applySysReport(st, r, tms) {
  if (!r || typeof r !== "object" || typeof r.pid !== "number") return false;
  const d = sysDemos(st);
  const root = st.roots[r.pid] || (st.parents[r.pid] && st.parents[r.pid] !== st.labPid ? st.parents[r.pid] : r.pid);
  switch (r.kind) {
    case "loop": {
      const run = d.loops[root] ||= { root, born: tms, t: tms, sides: {} };
      const side = r.side === "syscall" ? "syscall" : "compute";
      run.sides[side] = { pid: r.pid, call: String(r.call || ""), count: n0(r.count), perSec: n0(r.per_s), done: r.phase === "done", ms: n0(r.elapsed_ms) };
      run.t = tms;
      keepNewest(d.loops, MAX_LOOP_RUNS);
      return true;
    }
    case "pid": {
      const run = d.pids[r.pid] ||= { root: r.pid, born: tms, t: tms, pidMax: 0, of: 0, kids: [] };
      run.pidMax = n0(r.pid_max) || run.pidMax;
      run.of = n0(r.of) || run.of;
      run.kids.push({ seq: n0(r.seq), pid: n0(r.child), last: n0(r.last_pid), prev: n0(r.prev) });
      if (run.kids.length > 100) run.kids.shift();
      run.t = tms;
      keepNewest(d.pids, MAX_PID_RUNS);
      return true;
    }
    case "pingpong": {
      let run = d.ping.find((x) => x.pid === r.pid && !x.done);
      if (!run) {
        run = { pid: r.pid, mode: String(r.mode || ""), cpus: String(r.cpus || ""), done: false };
        d.ping.push(run);
        if (d.ping.length > MAX_PING_RUNS) d.ping.shift();
      }
      Object.assign(run, {
        count: n0(r.count),
        perSec: n0(r.per_s),
        mean: n0(r.mean_us),
        t: tms,
        cpus: String(r.cpus || run.cpus)
      });
      if (r.phase === "done") {
        Object.assign(run, { done: true, median: n0(r.median_us), p99: n0(r.p99_us), sw: n0(r.switches_per_s), v: n0(r.vcsw), nv: n0(r.nvcsw), ms: n0(r.elapsed_ms) });
      }
      return true;
    }
  }
  return false;
}
function gap(kid) {
  if (!kid.prev || kid.pid <= kid.prev) return null;
  return kid.pid - kid.prev - 1;
}
function kernelShare(p) {
  const u = n0(p && p.utime_ticks), s = n0(p && p.stime_ticks);
  return u + s > 0 ? s / (u + s) : null;
}
function num2(v, decimals = 0) {
  return n0(v).toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
function us(v) {
  return n0(v) >= 100 ? num2(v) : num2(v, 1);
}
function sysReportItem(r, name) {
  if (!r || typeof r !== "object") return null;
  const p = name(r.pid);
  switch (r.kind) {
    case "loop":
      if (r.phase !== "done") return null;
      return r.side === "syscall" ? { kind: "report", weight: 8, key: "live.rep.loop.syscall", params: { p, n: num2(r.count), call: String(r.call || "?"), rate: num2(r.per_s), s: num2(n0(r.elapsed_ms) / 1e3, 1) } } : { kind: "report", weight: 8, key: "live.rep.loop.compute", params: { p, n: num2(r.count), rate: num2(r.per_s), s: num2(n0(r.elapsed_ms) / 1e3, 1) } };
    case "pid": {
      const k = gap({ pid: n0(r.child), prev: n0(r.prev) });
      if (k === null && r.prev && n0(r.child) < n0(r.prev)) return { kind: "report", weight: 9, key: "live.rep.pid.wrap", params: { p, c: r.child, prev: r.prev, max: r.pid_max ?? 0 } };
      if (!k) return null;
      return { kind: "report", weight: 7, key: "live.rep.pid.skip", params: { p, c: r.child, prev: r.prev, k } };
    }
    case "pingpong":
      if (r.phase !== "done") return null;
      return { kind: "report", weight: 10, key: "live.rep.ping", params: { p, n: num2(r.count), mode: `live.ping.mode.${["free", "one", "two"].includes(r.mode) ? r.mode : "free"}`, med: us(r.median_us), rate: num2(r.per_s), sw: num2(r.switches_per_s) } };
  }
  return null;
}
function newest2(runs, max) {
  return Object.values(runs).sort(byBirth).slice(0, max);
}
function shareBar(h, p) {
  const k = kernelShare(p);
  if (k === null) return `<span class="muted">–</span>`;
  const pct = Math.round(100 * k);
  const label = h.t("live.sys.share", { u: 100 - pct, s: pct });
  return `<span class="um-bar" role="img" aria-label="${h.esc(label)}" title="${h.esc(label)}"><i class="u" style="width:${100 - pct}%"></i><i class="k" style="width:${pct}%"></i></span> <span class="um-pct">${h.esc(label)}</span>`;
}
function loopsHTML(st, h) {
  const runs = newest2(sysDemos(st).loops, MAX_LOOP_RUNS);
  if (!runs.length) return "";
  const head = `<thead><tr><th>${h.esc(h.t("live.sys.loop"))}</th><th class="num">${h.esc(h.t("live.sys.rate"))}</th><th class="num" title="${h.esc(h.t("live.sys.utime.title"))}">utime</th><th class="num" title="${h.esc(h.t("live.sys.stime.title"))}">stime</th><th>${h.esc(h.t("live.sys.split"))}</th></tr></thead>`;
  return runs.map((run) => {
    const rows = ["syscall", "compute"].map((side) => {
      const x = run.sides[side];
      const pid = x ? x.pid : side === "compute" ? run.root : 0;
      const p = pid ? st.procs.get(pid) : null;
      const what = side === "syscall" ? h.t("live.sys.loop.syscall", { call: x ? x.call : "…" }) : h.t("live.sys.loop.compute");
      const rate = x ? h.esc(h.t(x.done ? "live.sys.rate.done" : "live.sys.rate.now", { n: num2(x.perSec) })) : "…";
      return `<tr data-side="${side}"${pid ? ` data-pid="${pid}"` : ""}><th>${h.esc(what)}<br><small>${pid || ""} ${pid ? h.procState(pid) : ""}</small></th><td class="num">${rate}</td><td class="num">${p ? num2(p.utime_ticks) : "–"}</td><td class="num">${p ? num2(p.stime_ticks) : "–"}</td><td class="split">${shareBar(h, p)}</td></tr>`;
    }).join("");
    return `<div class="loop-run" data-root="${run.root}"><table class="metrics loop-table">${head}<tbody>${rows}</tbody></table></div>`;
  }).join("") + `<p class="muted sys-note">${h.esc(h.t("live.sys.loops.note"))}</p>`;
}
function pidsHTML(st, h) {
  const runs = newest2(sysDemos(st).pids, MAX_PID_RUNS);
  if (!runs.length) return "";
  return runs.map((run) => {
    const kids = run.kids.slice(-MAX_PID_ROWS);
    const skipped = run.kids.filter((k) => gap(k) > 0);
    const taken = skipped.reduce((a, k) => a + gap(k), 0);
    const last = run.kids[run.kids.length - 1];
    const rows = kids.slice().reverse().map((k) => {
      const g = gap(k);
      const step = g === null ? k.prev ? h.t("live.sys.pid.wrapped") : "–" : `+${g + 1}`;
      const why = g > 0 ? ` <small class="others">${h.esc(h.t("live.sys.pid.others", { k: g }))}</small>` : "";
      const pos = run.pidMax ? (100 * k.pid / run.pidMax).toFixed(1) : 0;
      return `<tr data-pid="${k.pid}"${g > 0 ? ' class="skip"' : ""}><td class="num">${k.seq}</td><td class="num big-pid">${k.pid}</td><td class="num">${h.esc(step)}${why}</td><td class="num">${k.last}</td><td class="pid-pos"><span class="pid-bar" title="${h.esc(h.t("live.sys.pid.pos", { pid: k.pid, max: run.pidMax }))}"><i style="left:${pos}%"></i></span></td></tr>`;
    }).join("");
    return `<div class="pid-run" data-root="${run.root}"><p class="pid-sum">${h.esc(h.t("live.sys.pid.sum", { p: run.root, n: run.kids.length, of: run.of || run.kids.length, max: num2(run.pidMax), last: last ? last.pid : "–" }))}</p><table class="metrics pid-table"><thead><tr><th class="num">#</th><th class="num">PID</th><th class="num">${h.esc(h.t("live.sys.pid.step"))}</th><th class="num" title="${h.esc(h.t("live.sys.pid.last.title"))}">ns_last_pid</th><th>0 … pid_max</th></tr></thead><tbody>${rows}</tbody></table><p class="verdict">${h.esc(taken ? h.t("live.sys.pid.taken", { k: skipped.length, n: run.kids.length, taken }) : h.t("live.sys.pid.none", { n: run.kids.length }))}</p></div>`;
  }).join("") + `<p class="muted sys-note">${h.esc(h.t("live.sys.pids.note"))}</p>`;
}
function pingHTML(st, h) {
  const runs = sysDemos(st).ping;
  if (!runs.length) return "";
  const rows = runs.slice().reverse().map((r) => {
    const where = r.cpus ? ` <small>(CPU ${h.esc(r.cpus)})</small>` : "";
    const cell2 = (v) => r.done ? us(v) : "…";
    return `<tr data-mode="${h.esc(r.mode)}" data-pid="${r.pid}"${r.done ? "" : ' class="running"'}><th>${h.esc(h.t(`live.ping.mode.${["free", "one", "two"].includes(r.mode) ? r.mode : "free"}`))}${where}</th><td class="num">${num2(r.count)}</td><td class="num">${num2(r.perSec)}</td><td class="num">${us(r.mean)}</td><td class="num med">${cell2(r.median)}</td><td class="num">${cell2(r.p99)}</td><td class="num">${r.done ? num2(r.sw) : "…"}</td><td class="num">${r.done ? `${num2(r.v)}<span class="sl">/</span>${num2(r.nv)}` : "…"}</td></tr>`;
  }).join("");
  const th = (k, title, unit) => `<th class="num"${title ? ` title="${h.esc(h.t(title))}"` : ""}>${h.esc(h.t(k))}${unit ? ` <span class="unit">${h.esc(h.t(unit))}</span>` : ""}</th>`;
  const table = `<table class="metrics ping-table"><thead><tr><th>${h.esc(h.t("live.ping.cpus"))}</th>${th("live.ping.rounds")}${th("live.ping.rate")}${th("live.ping.mean", "", "live.ping.us")}${th("live.ping.median", "", "live.ping.us")}${th("live.ping.p99", "", "live.ping.us")}${th("live.ping.sw", "live.ping.sw.title")}${th("live.ping.vnv", "live.ping.vnv.title")}</tr></thead><tbody>${rows}</tbody></table>`;
  const cur = runs[runs.length - 1];
  const pair = [cur.pid, ...[...st.procs.keys()].filter((pid) => pid !== cur.pid && st.parents[pid] === cur.pid)].slice(0, 2);
  const live = pair.map((pid) => {
    const p = st.procs.get(pid);
    if (!p) return "";
    const dv = p.vcsw_delta ? ` <small class="delta">+${num2(p.vcsw_delta)}</small>` : "";
    const dn = p.nvcsw_delta ? ` <small class="delta">+${num2(p.nvcsw_delta)}</small>` : "";
    return `<span class="ping-proc" data-pid="${pid}"><b>${pid}</b> ${h.esc(st.names[pid] || "")} ${h.procState(pid)} ${h.esc(h.t("live.ping.now"))} ${num2(p.voluntary_ctxt_switches)}${dv} / ${num2(p.nonvoluntary_ctxt_switches)}${dn}</span>`;
  }).filter(Boolean).join("");
  const fast = runs.filter((r) => r.done && r.median > 0);
  let verdict = "";
  if (fast.length >= 2) {
    const lo = fast.reduce((a, b) => b.median < a.median ? b : a), hi = fast.reduce((a, b) => b.median > a.median ? b : a);
    if (hi.median > lo.median * 1.5) verdict = h.t("live.ping.verdict", { slow: h.t(`live.ping.mode.${hi.mode}`), fast: h.t(`live.ping.mode.${lo.mode}`), a: us(hi.median), b: us(lo.median), x: num2(hi.median / lo.median, 1) });
  }
  return `<div class="table-wrap">${table}</div>` + (live ? `<p class="ping-live">${live}</p>` : "") + (verdict ? `<p class="verdict">${h.esc(verdict)}</p>` : "") + `<p class="muted sys-note">${h.esc(h.t("live.ping.note"))}</p>`;
}

// js/live-log.js
function livePid(pid, name) {
  return name ? `${pid} (${name})` : String(pid);
}
var WEIGHT = { created: 7, exec: 8, state: 6, signal_sent: 8, exit: 9, reaped: 9, reparented: 8, report: 7, race: 10, socket: 9, cow: 8, signal: 8 };
var WAITS = [
  "sleep",
  "pipe_read",
  "pipe_write",
  "futex",
  "child",
  "socket",
  "poll",
  "epoll",
  "vfork",
  "stop",
  "trace",
  "frozen",
  "pause",
  "sigwait",
  "file_lock",
  "disk",
  "page_read",
  "fifo_open",
  "mqueue"
];
var WCHAN_STATES = ["sleeping", "disk", "stopped", "traced"];
function psWchan(wchan) {
  return String(wchan || "").replace(/^[._]+/, "");
}
var STAT_FLAGS = { L: "live.stat.locked", l: "live.stat.l" };
function statFlags(p) {
  if (!p) return [];
  if (typeof p.stat === "string" && p.stat) return [...p.stat.slice(1)].filter((c) => c in STAT_FLAGS);
  return p.threads > 1 ? ["l"] : [];
}
function waitWhy(wait) {
  return WAITS.includes(wait) ? `live.why.${wait}` : "";
}
function statusOfEvent(e) {
  if (e.signal) return { killed: true, sig: sigName(e.signal, e.value), n: e.value ?? 0 };
  const code = e.value ?? 0;
  return code < 0 ? null : { killed: false, code };
}
function describeLive(events, reports, ctx) {
  const name = (pid) => pid === ctx.labPid ? { key: "live.labserver", params: { pid } } : livePid(pid, ctx.name(pid));
  const out = [];
  const used = /* @__PURE__ */ new Set();
  const push = (step, pid, kind, key, params, weight) => out.push({ step, pid, kind, key, params, weight: weight ?? WEIGHT[kind] ?? 3 });
  const evs = Array.isArray(events) ? events : [];
  for (let i = 0; i < evs.length; i++) {
    if (used.has(i)) continue;
    const e = evs[i];
    const at = e.t_ms ?? e.step ?? ctx.time;
    const p = name(e.pid);
    switch (e.kind) {
      case "created": {
        const lab = e.other === ctx.labPid;
        push(at, e.pid, "created", lab ? "live.ev.spawned" : "live.ev.forked", { p, o: name(e.other), w: ctx.workload ? ctx.workload(e.pid) || "" : "" });
        for (let j = i + 1; j < evs.length; j++) {
          const f = evs[j];
          if (f.pid === e.pid && f.kind === "state" && (f.from || "none") === "none") {
            used.add(j);
            break;
          }
        }
        break;
      }
      case "state": {
        if (e.to === "dead" && evs.some((f) => f.kind === "reaped" && f.pid === e.pid)) break;
        const params = { p, from: e.from || "none", to: e.to, wchan: e.wchan || "", letter: e.letter || "" };
        let key = `live.ev.state.${e.to}`;
        if (e.to === "sleeping" || e.to === "disk") {
          const dk = e.to === "disk" && e.wait ? `live.why.d.${e.wait}` : "";
          const why = dk && has(dk, "en") ? dk : waitWhy(e.wait);
          if (why) {
            key += ".why";
            params.why = why;
          } else if (!e.wchan) key += ".nowchan";
        }
        if (e.to === "running" && e.from === "stopped") key = "live.ev.state.running.cont";
        if (e.to === "running" && e.from === "traced") key = "live.ev.state.running.resumed";
        if (e.to === "zombie") params.parent = name(ctx.parent(e.pid));
        if (!has(key, "en")) key = "live.ev.state.other";
        push(at, e.pid, "state", key, params);
        break;
      }
      case "exec":
        push(at, e.pid, "exec", "live.ev.exec", { p: String(e.pid), image: String(e.image || "?"), pid: e.pid });
        break;
      case "signal_sent":
        push(at, e.pid, "signal_sent", "live.ev.signal_sent", { p, o: name(e.other), sig: sigName(e.signal, e.value) });
        break;
      case "exit": {
        const ws = statusOfEvent(e);
        let key = !ws ? "live.ev.exit.unknown" : ws.killed ? "live.ev.exit.killed" : "live.ev.exit";
        for (let j = i + 1; j < evs.length; j++) {
          const f = evs[j];
          if (f.kind === "state" && f.pid === e.pid && f.to === "zombie") {
            used.add(j);
            key += ".zombie";
            break;
          }
        }
        push(at, e.pid, "exit", key, { p, ...ws || {}, parent: name(ctx.parent(e.pid)) });
        break;
      }
      case "reaped": {
        const ws = statusOfEvent(e);
        push(at, e.pid, "reaped", !ws ? "live.ev.reaped.nocode" : ws.killed ? "live.ev.reaped.killed" : "live.ev.reaped", { p, o: name(e.other), ...ws || {} });
        break;
      }
      case "reparented":
        push(at, e.pid, "reparented", e.other === ctx.labPid ? "live.ev.reparented.lab" : "live.ev.reparented", { p, o: name(e.other) });
        break;
      default:
        push(at, e.pid, "other", "live.ev.other", { p, kind: String(e.kind) }, 1);
    }
  }
  for (const r of Array.isArray(reports) ? reports : []) {
    const it = reportItem(r, name);
    if (it) push(ctx.time, r.pid, it.kind, it.key, it.params, it.weight);
  }
  return out;
}
function newestFirst(log) {
  const out = new Array(log.length);
  for (let end = log.length; end > 0; ) {
    let start = end - 1;
    while (start > 0 && log[start - 1].step === log[end - 1].step) start--;
    for (let i = start; i < end; i++) out[start + end - 1 - i] = log[i];
    end = start;
  }
  return out;
}
function liveSentence(item) {
  const params = {};
  for (const [k, v] of Object.entries(item.params || {})) {
    if (v && typeof v === "object" && typeof v.key === "string") params[k] = t(v.key, v.params);
    else if (v && typeof v === "object" && Array.isArray(v.messages)) params[k] = quoteMessages(v.messages, v.sizes);
    else if (typeof v === "string" && v.startsWith("live.") && has(v, "en")) params[k] = t(v);
    else params[k] = v;
  }
  return sentence({ ...item, params });
}
function sigName(name, value) {
  if (name) return String(name).startsWith("SIG") ? String(name) : `SIG${name}`;
  return signalName(value);
}
function quoteMessages(messages, sizes) {
  const ms = Array.isArray(messages) ? messages : [];
  return ms.map((m, i) => t("live.msg", { text: String(m), n: (sizes && sizes[i]) ?? String(m).length })).join(t("live.list.sep"));
}
function reportItem(r, name) {
  if (!r || typeof r !== "object") return null;
  const p = name(r.pid);
  switch (r.kind) {
    case "race": {
      const mode = `live.mode.${r.mode}`;
      if (r.phase === "start") return { kind: "report", key: "live.rep.race.start", params: { p, n: r.procs ?? 0, iters: r.iters ?? 0, mode, expected: r.expected ?? 0 } };
      if (r.phase === "done" && (r.lost ?? 0) > 0) return { kind: "lost_update", weight: 12, key: "live.rep.race.lost", params: { p, mode, expected: r.expected ?? 0, actual: r.actual ?? 0, lost: r.lost ?? 0, ms: fmtMS(r.elapsed_ms) } };
      if (r.phase === "done") return { kind: "report", weight: 10, key: "live.rep.race.ok", params: { p, mode, expected: r.expected ?? 0, actual: r.actual ?? 0, lost: 0, ms: fmtMS(r.elapsed_ms) } };
      return null;
    }
    case "socket": {
      const n = Array.isArray(r.messages) ? r.messages.length : 0;
      const key = r.side === "sender" ? "live.rep.socket.sent" : "live.rep.socket.read";
      return { kind: "report", weight: 9, key, params: { p, n, type: r.type || "?", list: { messages: r.messages || [], sizes: r.sizes || [] } } };
    }
    case "cow":
      return { kind: "report", weight: 8, key: r.step ? "live.rep.cow.step" : "live.rep.cow.fork", params: { p, step: r.step ?? 0, of: r.of ?? 0, mib: r.mib ?? 0, part: Math.round((r.mib ?? 0) / Math.max(1, r.of ?? 1) * 10) / 10 } };
    case "signal":
      return { kind: "report", weight: 8, key: r.action === "exiting" ? "live.rep.signal.exiting" : "live.rep.signal.handled", params: { p, sig: sigName(r.signal, 0) } };
  }
  return ipcReportItem(r, p) || sysReportItem(r, name);
}
function fmtMS(ms) {
  const v = Number(ms) || 0;
  return v >= 100 ? String(Math.round(v)) : v.toFixed(1);
}
function seconds(ms) {
  return (Math.max(0, ms) / 1e3).toFixed(1);
}
function timePrefix(step, t0) {
  return t("live.log.time", { s: seconds(step - (t0 || 0)) });
}

// js/live-model.js
var BUCKET_MS = 250;
var MAX_COLUMNS = 480;
var MAX_LOG = 2e3;
var DEAD_KEEP_MS = 2e4;
var MAX_DEAD = 8;
var MAX_SLOTS = 8;
var WATCH_MAX = 32;
var MAX_RACES = 12;
var MAX_SIGNALS = 12;
var QUIET_MS = 2e3;
function createLive() {
  return {
    started: false,
    labPid: 0,
    t0: 0,
    now: 0,
    available: false,
    reason: "",
    workloads: [],
    signals: [],
    limits: {},
    teacher: false,
    hasKey: false,
    procs: /* @__PURE__ */ new Map(),
    // pid -> the latest wire process
    states: {},
    names: {},
    parents: {},
    order: {},
    seq: 0,
    roots: {},
    // pid -> the lab worker it descends from (itself for a worker)
    workload: {},
    // pid -> workload name
    drawn: {},
    // pid -> true: its last state (X) is drawn from the reap, not sampled
    deadAt: {},
    // pid -> t_ms it went to X (or vanished)
    status: {},
    // pid -> how it ended: {killed:false, code} or {killed:true, n, sig}; absent while alive or unknown
    columns: [],
    log: [],
    transitions: [],
    items: [],
    said: {},
    demos: { pipe: {}, socket: {}, race: [], cow: {}, signals: [], ...ipcDemos() }
  };
}
function normalizeWorkloads(list) {
  if (!Array.isArray(list)) return [];
  const out = [];
  for (const w of list) {
    if (!w || typeof w.name !== "string" || !/^[a-z0-9_-]{1,32}$/.test(w.name)) continue;
    const args = (Array.isArray(w.args) ? w.args : []).filter((a) => a && typeof a.name === "string").map((a) => ({ name: a.name, min: num3(a.min, 0), max: num3(a.max, 0), def: num3(a.default, 0), doc: String(a.doc || "") }));
    out.push({ name: w.name, comm: String(w.comm || ""), doc: String(w.doc || ""), args, maxProcs: num3(w.max_procs, 1) });
  }
  return out;
}
function num3(v, d) {
  return typeof v === "number" && Number.isFinite(v) ? v : d;
}
function normalizeLiveLessons(list) {
  if (!Array.isArray(list)) return [];
  const bi = (b) => b && typeof b === "object" ? { en: String(b.en || ""), zh: String(b.zh || "") } : { en: "", zh: "" };
  const out = [];
  for (const l of list) {
    if (!l || typeof l.id !== "string" || !l.id || !Array.isArray(l.steps)) continue;
    out.push({
      id: l.id,
      title: bi(l.title),
      explain: bi(l.explain),
      twin: String(l.twin || ""),
      twinTitle: bi(l.twin_title),
      steps: l.steps.map((s) => ({ text: bi(s && s.text), do: s && s.do && typeof s.do.action === "string" ? { ...s.do } : null }))
    });
  }
  return out;
}
function shortName(p) {
  const n = p && typeof p.name === "string" ? p.name : "";
  if (n && n !== "exe" && n !== "proclab") return n.replace(/^pl-/, "");
  return p && p.workload || "";
}
function statusOf(p) {
  if (!p || !p.exited) return null;
  if (typeof p.signal === "number" && p.signal > 0) return { killed: true, n: p.signal, sig: String(p.signal_name || `SIG${p.signal}`) };
  if (typeof p.exit_code === "number") return { killed: false, code: p.exit_code };
  return null;
}
function applyHello(st, msg) {
  const tms = num3(msg.t_ms, 0);
  if (st.started && tms + 1e3 < st.now) {
    const fresh = createLive();
    for (const k of Object.keys(fresh)) st[k] = fresh[k];
  }
  st.labPid = num3(msg.lab_pid, 0);
  st.available = !!msg.available;
  st.reason = String(msg.reason || "");
  st.workloads = normalizeWorkloads(msg.workloads);
  st.signals = Array.isArray(msg.signals) ? msg.signals.filter((s) => typeof s === "string") : [];
  st.limits = msg.limits && typeof msg.limits === "object" ? msg.limits : {};
  st.teacher = !!msg.teacher;
  st.hasKey = !!msg.teacher_key;
  if (!st.started) {
    st.started = true;
    st.t0 = tms;
  }
  st.now = Math.max(st.now, tms);
}
function rootOf(st, pid, parent) {
  if (st.roots[pid]) return st.roots[pid];
  if (!parent || parent === st.labPid || parent === pid) return pid;
  return st.roots[parent] || parent;
}
function upsert(st, p, tms) {
  if (!p || typeof p.pid !== "number") return;
  const known = st.procs.has(p.pid) || p.pid in st.states;
  st.procs.set(p.pid, p);
  st.roots[p.pid] = rootOf(st, p.pid, p.lab_child ? st.labPid : p.ppid);
  if (p.workload) st.workload[p.pid] = p.workload;
  const nm = shortName(p);
  if (nm && (nm !== p.workload || !st.names[p.pid])) st.names[p.pid] = nm;
  st.parents[p.pid] = p.ppid;
  if (p.exited) {
    const ws = statusOf(p);
    if (ws) st.status[p.pid] = ws;
  }
  if (p.gone) {
    if (st.states[p.pid] !== "dead") {
      setState(st, p.pid, "dead", tms);
      st.drawn[p.pid] = true;
    }
    return;
  }
  const s = p.state_name;
  if (typeof s === "string" && s && (!known || st.states[p.pid] === "none" || st.states[p.pid] !== s) && st.states[p.pid] !== "dead") {
    setState(st, p.pid, s, tms);
  }
}
function setState(st, pid, s, tms) {
  if (st.states[pid] !== s) st.order[pid] = st.seq++;
  st.states[pid] = s;
  if (s === "dead") st.deadAt[pid] = tms;
  else delete st.deadAt[pid];
  cell(st, pid, s, tms);
}
function applySnapshot(st, msg) {
  const tms = num3(msg.t_ms, st.now);
  st.now = Math.max(st.now, tms);
  advance(st, st.now);
  const seen = /* @__PURE__ */ new Set();
  for (const p of Array.isArray(msg.processes) ? msg.processes : []) {
    seen.add(p.pid);
    upsert(st, p, tms);
  }
  for (const pid of [...st.procs.keys()]) if (!seen.has(pid) && st.states[pid] !== "dead") forget(st, pid);
  st.transitions = [];
  st.items = [];
}
function forget(st, pid) {
  st.procs.delete(pid);
  for (const m of [st.states, st.names, st.parents, st.order, st.roots, st.workload, st.drawn, st.deadAt, st.status, st.said]) delete m[pid];
  for (const c of st.columns) delete c.task[pid];
}
function applyEvents(st, msg) {
  const tms = num3(msg.t_ms, st.now);
  st.now = Math.max(st.now, tms);
  advance(st, st.now);
  const events = Array.isArray(msg.events) ? msg.events : [];
  const prevParents = { ...st.parents };
  const procs = new Map((Array.isArray(msg.processes) ? msg.processes : []).map((p) => [p.pid, p]));
  for (const p of procs.values()) {
    if (p.workload) st.workload[p.pid] = p.workload;
    const nm = shortName(p);
    if (nm) st.names[p.pid] = nm;
  }
  const transitions = [];
  for (const e of events) {
    const at = num3(e.t_ms, num3(e.step, tms));
    switch (e.kind) {
      case "created":
        st.parents[e.pid] = e.other || 0;
        st.roots[e.pid] = rootOf(st, e.pid, e.other);
        if (!(e.pid in st.states)) {
          st.states[e.pid] = "none";
          st.order[e.pid] = st.seq++;
        }
        if (!st.workload[e.pid] && st.workload[e.other]) st.workload[e.pid] = st.workload[e.other];
        break;
      case "state": {
        const from = e.from || st.states[e.pid] || "none";
        if (e.synthesised) st.drawn[e.pid] = true;
        setState(st, e.pid, e.to, at);
        transitions.push({ pid: e.pid, from, to: e.to, cause: e.cause || "", drawn: !!e.synthesised });
        break;
      }
      case "reparented":
        st.parents[e.pid] = e.other || 0;
        break;
      case "exit": {
        const ws = statusOfEvent(e);
        if (ws) st.status[e.pid] = ws;
        break;
      }
    }
  }
  for (const p of procs.values()) upsert(st, p, tms);
  const reports = Array.isArray(msg.reports) ? msg.reports : [];
  for (const r of reports) applyReport(st, r, tms);
  const items = describeLive(events, reports, {
    labPid: st.labPid,
    time: tms,
    name: (pid) => st.names[pid] || "",
    parent: (pid) => prevParents[pid] ?? st.parents[pid] ?? 0,
    workload: (pid) => st.workload[pid] || ""
  });
  const quiet = quieten(st, items, events);
  st.log = st.log.concat(quiet);
  if (st.log.length > MAX_LOG) st.log = st.log.slice(st.log.length - MAX_LOG);
  st.transitions = transitions;
  st.items = quiet;
  updateCow(st);
  closePipes(st);
}
function flip(e) {
  const rs = (s) => s === "running" || s === "sleeping";
  return e && e.kind === "state" && rs(e.from) && rs(e.to);
}
function quieten(st, items, events) {
  const flips = /* @__PURE__ */ new Map();
  for (const e of events) if (flip(e)) flips.set(`${e.pid}@${e.t_ms ?? e.step}`, true);
  return items.filter((it) => {
    if (it.kind !== "state" || !flips.has(`${it.pid}@${it.step}`)) return true;
    const last = st.said[it.pid];
    if (last !== void 0 && it.step - last < QUIET_MS) return false;
    st.said[it.pid] = it.step;
    it.weight = 3;
    return true;
  });
}
function bucketOf(st, tms) {
  return Math.floor((tms - st.t0) / BUCKET_MS);
}
function current(st) {
  const out = {};
  for (const [k, s] of Object.entries(st.states)) {
    if (s === "none" || s === "dead") continue;
    out[k] = { s, k: false };
  }
  return out;
}
function advance(st, nowMs) {
  st.now = Math.max(st.now, nowMs);
  ensure(st, bucketOf(st, st.now));
  const dead = Object.keys(st.deadAt).map(Number).sort((a, b) => st.deadAt[b] - st.deadAt[a]);
  let n = 0;
  dead.forEach((pid, i) => {
    if (i >= MAX_DEAD || st.now - st.deadAt[pid] > DEAD_KEEP_MS) {
      forget(st, pid);
      n++;
    }
  });
  return n;
}
function ensure(st, b) {
  const cols = st.columns;
  if (cols.length && cols[cols.length - 1].step >= b) return;
  let next = cols.length ? cols[cols.length - 1].step + 1 : b;
  if (b - next >= MAX_COLUMNS) {
    cols.length = 0;
    next = b - MAX_COLUMNS + 1;
  }
  const cur = current(st);
  for (; next <= b; next++) {
    const task2 = {};
    for (const [k, c] of Object.entries(cur)) task2[k] = { ...c };
    cols.push({ step: next, cpu: [], task: task2 });
  }
  if (cols.length > MAX_COLUMNS) cols.splice(0, cols.length - MAX_COLUMNS);
}
function cell(st, pid, s, tms) {
  const b = bucketOf(st, tms);
  ensure(st, b);
  for (const c of st.columns) {
    if (c.step < b) continue;
    if (s === "none") delete c.task[pid];
    else if (s === "dead" && c.step > b) delete c.task[pid];
    else c.task[pid] = { s, k: false };
  }
}
var MiB = 1 << 20;
function applyReport(st, r, tms) {
  if (!r || typeof r !== "object" || typeof r.pid !== "number") return;
  const root = st.roots[r.pid] || r.pid;
  const d = st.demos;
  switch (r.kind) {
    case "pipe": {
      const run = d.pipe[root] ||= { root, writer: null, reader: null, t: tms, freed: false };
      const side = r.side === "reader" ? "reader" : "writer";
      run[side] = { pid: r.pid, bytes: r.bytes ?? 0, rate: r.rate_kbps ?? 0, queued: r.queued ?? 0, t: tms };
      run.queued = r.queued ?? 0;
      run.t = tms;
      break;
    }
    case "socket": {
      const run = d.socket[root] ||= { root, type: r.type || "", sent: null, recv: null, t: tms };
      const side = r.side === "receiver" ? "recv" : "sent";
      run[side] = { pid: r.pid, messages: Array.isArray(r.messages) ? r.messages.map(String) : [], sizes: Array.isArray(r.sizes) ? r.sizes : [] };
      if (r.type) run.type = r.type;
      run.t = tms;
      break;
    }
    case "race": {
      let run = d.race.find((x) => x.pid === r.pid && !x.done);
      if (!run) {
        run = { pid: r.pid, mode: r.mode || "", procs: r.procs ?? 0, iters: r.iters ?? 0, expected: r.expected ?? 0, done: false, t: tms };
        d.race.push(run);
        if (d.race.length > MAX_RACES) d.race.shift();
      }
      if (r.phase === "done") Object.assign(run, { done: true, actual: r.actual ?? 0, lost: r.lost ?? 0, elapsed: r.elapsed_ms ?? 0 });
      break;
    }
    case "fork":
      if (st.workload[r.pid] === "cow" && r.child) (d.cow[root] ||= newCow(root)).child = r.child;
      break;
    case "cow": {
      const run = d.cow[root] ||= newCow(root);
      run.of = r.of ?? run.of;
      run.mib = r.mib ?? run.mib;
      run.step = r.step ?? 0;
      if (!run.rows.some((x) => x.step === run.step)) run.rows.push({ step: run.step, parent: null, child: null });
      break;
    }
    case "signal":
      d.signals.push({ pid: r.pid, signal: String(r.signal || ""), action: String(r.action || ""), t: tms });
      if (d.signals.length > MAX_SIGNALS) d.signals.shift();
      break;
    default:
      applyIPCReport(st, r, tms, root);
      applySysReport(st, r, tms);
  }
}
function newCow(root) {
  return { root, child: 0, of: 0, mib: 0, step: -1, rows: [] };
}
function mem(p) {
  if (!p) return null;
  return { rss: p.rss_bytes ?? 0, pss: p.pss_bytes ?? null, shared: p.shared_dirty_bytes ?? null, private: p.private_dirty_bytes ?? null };
}
function closePipes(st) {
  for (const run of Object.values(st.demos.pipe)) {
    if (run.freed) continue;
    const ends = [run.writer, run.reader].filter(Boolean);
    for (const e of ends) if (exited(st, e.pid)) e.closed = true;
    if (ends.length && ends.every((e) => e.closed)) {
      run.freed = true;
      run.queued = 0;
    }
  }
}
function exited(st, pid) {
  const s = st.states[pid];
  const p = st.procs.get(pid);
  return s === "zombie" || s === "dead" || !!p && (!!p.exited || !!p.gone);
}
function updateCow(st) {
  for (const run of Object.values(st.demos.cow)) {
    if (!run.child) {
      for (const [pid, p] of st.procs) if (p.ppid === run.root && pid !== run.root) run.child = pid;
    }
    const row = run.rows.find((x) => x.step === run.step);
    if (!row) continue;
    const par = st.procs.get(run.root), ch = st.procs.get(run.child);
    if (par && !par.gone && par.pss_bytes !== void 0) row.parent = mem(par);
    if (ch && !ch.gone && ch.pss_bytes !== void 0) row.child = mem(ch);
  }
}
function alive(st, pid) {
  const p = st.procs.get(pid);
  return !!p && !p.gone && st.states[pid] !== "dead";
}
function task(st, pid) {
  const p = st.procs.get(pid) || {};
  return {
    pid,
    ppid: st.parents[pid] ?? p.ppid ?? 0,
    name: st.names[pid] || p.workload || "",
    state: st.states[pid] || "none",
    cpu: -1,
    workload: st.workload[pid] || p.workload || "",
    drawn: st.states[pid] === "dead" && !!st.drawn[pid],
    user_ticks: p.utime_ticks ?? 0,
    kernel_ticks: p.stime_ticks ?? 0,
    vcsw: p.voluntary_ctxt_switches ?? 0,
    nvcsw: p.nonvoluntary_ctxt_switches ?? 0
  };
}
function shownPids(st) {
  return Object.keys(st.states).map(Number).sort((a, b) => a - b);
}
function diagramView(st) {
  const tasks = shownPids(st).map((pid) => task(st, pid));
  const running = tasks.filter((x) => x.state === "running").sort((a, b) => (st.order[a.pid] ?? 0) - (st.order[b.pid] ?? 0));
  const cpus = [];
  running.forEach((x, i) => {
    if (i < MAX_SLOTS) {
      x.cpu = i;
      cpus.push(x.pid);
    }
  });
  if (!cpus.length) cpus.push(0);
  const states = {};
  for (const x of tasks) states[x.pid] = x.state;
  return {
    step: st.now,
    total: st.now,
    tasks,
    cpus,
    states,
    names: { ...st.names },
    parents: { ...st.parents },
    order: { ...st.order },
    transitions: st.transitions.filter((tr) => states[tr.pid] !== void 0),
    columns: st.columns,
    log: st.log
  };
}
function watchList(st) {
  const out = [];
  for (const pid of [...st.procs.keys()].sort((a, b) => b - a)) {
    if (alive(st, pid) && out.length < WATCH_MAX) out.push(pid);
  }
  return out.sort((a, b) => a - b);
}
function zombies(st, roots) {
  const out = [];
  for (const [k, s] of Object.entries(st.states)) {
    const pid = Number(k);
    if (s !== "zombie" || !alive(st, pid)) continue;
    if (roots && !roots.includes(st.roots[pid] || pid) && !roots.includes(pid)) continue;
    out.push(pid);
  }
  return out.sort((a, b) => a - b);
}
function lockWaiters(st, root) {
  let n = 0;
  for (const [pid, p] of st.procs) {
    if (pid === root || (st.roots[pid] || pid) !== root || !alive(st, pid)) continue;
    if (st.states[pid] === "sleeping" && p.wait === "futex") n++;
  }
  return n;
}
function argsFor(w, given) {
  const args = {};
  const bad = [];
  for (const a of w.args) {
    const raw = given ? given[a.name] : void 0;
    if (raw === void 0 || raw === "") {
      args[a.name] = a.def;
      continue;
    }
    const v = Number(raw);
    if (!Number.isInteger(v) || v < a.min || v > a.max) {
      bad.push(a.name);
      continue;
    }
    args[a.name] = v;
  }
  return { args, bad };
}
function mayAct(st, pid) {
  const p = st.procs.get(pid);
  return !!(st.teacher || p && p.mine);
}

// js/live-source.js
var NOTES = {
  cpu: ["thread"],
  sleep: ["thread"],
  exit: ["thread"],
  forker: ["nofork"],
  orphans: ["nofork"],
  vfork: ["nofork", "vfork"],
  cow: ["cow", "nofork"],
  pipe: ["forkexec"],
  socket: ["forkexec"],
  race: ["atomic", "forkexec"],
  signals: ["notify"],
  diskread: ["dread"],
  fifo: ["fifo", "forkexec"],
  mqueue: ["mq", "forkexec"],
  shmsem: ["psem", "forkexec"],
  tcp: ["loopback", "forkexec"],
  udp: ["loopback", "forkexec"],
  // live-sys (issue 11, part 5)
  gosignals: ["gosig", "notify"],
  syscalls: ["rawsys", "forkexec"],
  pids: ["pidcount", "nofork"],
  pingpong: ["pingpong", "forkexec"]
};
var MARKS = {
  cpu: ["runtime.LockOSThread", "unix.Nanosleep"],
  sleep: ["runtime.LockOSThread", "unix.Nanosleep"],
  exit: ["runtime.LockOSThread", "os.Exit"],
  forker: ["rawFork", "syscall.SYS_CLONE", "go:nosplit"],
  orphans: ["rawFork", "syscall.SYS_CLONE", "go:nosplit"],
  vfork: ["rawFork", "syscall.SYS_CLONE", "unix.CLONE_VFORK", "go:nosplit"],
  cow: ["rawFork", "syscall.SYS_CLONE", "go:nosplit"],
  pipe: ["startWorker", "syscall.ForkExec"],
  socket: ["startWorker", "syscall.ForkExec", "unix.Socketpair"],
  race: ["atomic.AddInt64", "loadCounter", "storeCounter", "startWorker", "syscall.ForkExec"],
  signals: ["signal.Notify"],
  diskread: ["unix.Pread", "unix.O_DIRECT", "unix.Mlockall"],
  fifo: ["unix.Mkfifo", "unix.Open", "startWorker"],
  mqueue: ["unix.SYS_MQ_OPEN", "unix.SYS_MQ_TIMEDSEND", "unix.SYS_MQ_TIMEDRECEIVE", "startWorker"],
  shmsem: ["semWait", "semPost", "atomic.CompareAndSwapUint32", "unix.MemfdCreate", "startWorkerFDs"],
  tcp: ["loopbackSocket", "unix.Accept4", "startWorker"],
  udp: ["loopbackSocket", "unix.SO_RCVBUF", "startWorker"],
  // live-sys (issue 11, part 5)
  gosignals: ["signal.Notify"],
  syscalls: ["syscall.RawSyscall", "syscall.SYS_GETPPID", "time.Now"],
  pids: ["readSysInt", "rawFork", "syscall.SYS_CLONE"],
  pingpong: ["rawRead", "rawWrite", "unix.SchedSetaffinity", "startWorkerFDs"]
};
var MAX_TEXT = 2e5;
var ROLES = /* @__PURE__ */ new Set(["run", "helper"]);
function normalizeSource(j) {
  if (!j || typeof j !== "object" || typeof j.workload !== "string" || !Array.isArray(j.files)) return null;
  const files = [];
  for (const f of j.files) {
    if (!f || typeof f.path !== "string" || typeof f.text !== "string" || f.text.length > MAX_TEXT) continue;
    const lines = splitLines(f.text);
    const funcs = (Array.isArray(f.funcs) ? f.funcs : []).filter((x) => x && typeof x.name === "string" && ROLES.has(x.role) && Number.isInteger(x.first) && Number.isInteger(x.last) && x.first >= 1 && x.first <= x.last && x.last <= lines.length).map((x) => ({ name: x.name, role: x.role, first: x.first, last: x.last }));
    files.push({ path: f.path, name: f.path.split("/").pop(), text: f.text, lines, funcs });
  }
  if (!files.length) return null;
  const func = typeof j.func === "string" ? j.func : "";
  return { workload: j.workload, func, files };
}
function splitLines(text) {
  const lines = String(text).split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
function runFile(src) {
  const i = src.files.findIndex((f) => f.funcs.some((x) => x.role === "run"));
  return i < 0 ? 0 : i;
}
function lineFuncs(file) {
  const out = new Array(file.lines.length + 1).fill(null);
  for (const fn of file.funcs) for (let n = fn.first; n <= fn.last; n++) out[n] = fn;
  return out;
}
var KEYWORDS = new Set(`break case chan const continue default defer else fallthrough for func go goto if import
interface map package range return select struct switch type var`.split(/\s+/));
var TYPES = new Set(`bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string
uint uint8 uint16 uint32 uint64 uintptr any`.split(/\s+/));
var BUILTINS = new Set(`append cap clear close complex copy delete imag len make max min new panic print println
real recover true false nil iota`.split(/\s+/));
function tokenizeGo(text) {
  const lines = [[]];
  const push = (kind, s) => {
    const parts = s.split("\n");
    parts.forEach((p, i2) => {
      if (i2 > 0) lines.push([]);
      if (p) lines[lines.length - 1].push([kind, p]);
    });
  };
  const src = String(text);
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      let j = src.indexOf("\n", i);
      if (j < 0) j = src.length;
      const s = src.slice(i, j);
      push(/^\/\/go:\w/.test(s) ? "dir" : "com", s);
      i = j;
    } else if (c === "/" && src[i + 1] === "*") {
      let j = src.indexOf("*/", i + 2);
      j = j < 0 ? src.length : j + 2;
      push("com", src.slice(i, j));
      i = j;
    } else if (c === "`") {
      let j = src.indexOf("`", i + 1);
      j = j < 0 ? src.length : j + 1;
      push("str", src.slice(i, j));
      i = j;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== "\n") j += src[j] === "\\" ? 2 : 1;
      j = Math.min(src.length, j + (src[j] === c ? 1 : 0));
      push("str", src.slice(i, j));
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /\w/.test(src[j])) j++;
      const w = src.slice(i, j);
      push(KEYWORDS.has(w) ? "kw" : TYPES.has(w) ? "type" : BUILTINS.has(w) ? "bi" : "id", w);
      i = j;
    } else if (/[0-9]/.test(c) || c === "." && /[0-9]/.test(src[i + 1] || "")) {
      let j = i + 1;
      while (j < src.length && /[\w.]/.test(src[j])) j++;
      push("num", src.slice(i, j));
      i = j;
    } else {
      let j = i + 1;
      while (j < src.length && !/[A-Za-z_0-9/`"'.]/.test(src[j])) j++;
      push("", src.slice(i, j));
      i = j;
    }
  }
  if (lines.length > 1 && !lines[lines.length - 1].length && src.endsWith("\n")) lines.pop();
  return lines;
}
function markLine(tokens, marks) {
  const text = tokens.map(([, s]) => s).join("");
  const hit = new Uint8Array(text.length);
  const open = new Uint8Array(text.length);
  let at = 0;
  for (const [k, s] of tokens) {
    if (k !== "com" && k !== "str") open.fill(1, at, at + s.length);
    at += s.length;
  }
  for (const m of marks || []) {
    if (!m) continue;
    for (let i = text.indexOf(m); i >= 0; i = text.indexOf(m, i + 1)) {
      const before = i > 0 ? text[i - 1] : "";
      const after = text[i + m.length] || "";
      if (/\w/.test(before) || /\w/.test(after)) continue;
      let ok = true;
      for (let j = i; j < i + m.length; j++) if (!open[j]) {
        ok = false;
        break;
      }
      if (ok) hit.fill(1, i, i + m.length);
    }
  }
  const out = [];
  at = 0;
  for (const [kind, s] of tokens) {
    let start = 0;
    for (let j = 1; j <= s.length; j++) {
      if (j === s.length || hit[at + j] !== hit[at + start]) {
        out.push({ kind, text: s.slice(start, j), mark: hit[at + start] === 1 });
        start = j;
      }
    }
    at += s.length;
  }
  return out;
}
var CODE_IN_NOTE = /"([^"\n]+)"|(\/proc(?:\/[\w.]+)*)|\b([A-Za-z_]\w*(?:\.\w+)+(?:\([A-Z]*\))?)|(\b_*[A-Za-z]\w*_\w*)|\b([a-z]\w*\([A-Z]*\))/g;
function noteSegments(text) {
  const s = String(text);
  const out = [];
  let at = 0;
  for (const m of s.matchAll(CODE_IN_NOTE)) {
    if (m.index > at) out.push({ code: false, text: s.slice(at, m.index) });
    out.push({ code: true, text: m[1] ?? m[0] });
    at = m.index + m[0].length;
  }
  if (at < s.length) out.push({ code: false, text: s.slice(at) });
  return out;
}
function splitIndent(segs) {
  let tabs = 0;
  const rest = [];
  let lead = true;
  for (const sg of segs) {
    if (lead && !sg.kind && !sg.mark) {
      const m = /^\t*/.exec(sg.text)[0].length;
      tabs += m;
      if (m === sg.text.length) continue;
      lead = false;
      rest.push({ ...sg, text: sg.text.slice(m) });
      continue;
    }
    lead = false;
    rest.push(sg);
  }
  return { tabs, rest };
}

// js/live.js
var PING_MS = 6e4;
var $ = (id) => document.getElementById(id);
var esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
var PIPE_SIZE = 65536;
var LEGEND = ["running", "sleeping", "disk", "stopped", "traced", "zombie"];
function fmtBytes(n) {
  if (n === null || n === void 0) return "–";
  if (Math.abs(n) >= MiB) return t("live.mib", { n: (n / MiB).toFixed(1) });
  return t("live.kib", { n: (n / 1024).toFixed(n && Math.abs(n) < 10240 ? 1 : 0) });
}
function createLiveView(api = {}) {
  const st = createLive();
  const ui = {
    shown: false,
    started: false,
    status: "idle",
    ws: null,
    retry: 0,
    retryTimer: 0,
    nextId: 1,
    pending: /* @__PURE__ */ new Map(),
    selected: 0,
    workload: "",
    argVals: {},
    lessons: [],
    lesson: null,
    lessonProcs: [],
    done: /* @__PURE__ */ new Set(),
    lastWatch: "",
    tick: 0,
    base: { server: 0, local: 0 },
    frame: 0,
    animate: [],
    everReady: false,
    info: null,
    keyError: "",
    busy: false,
    ping: 0,
    // The log in the order it is shown (newestFirst), for st.log as it
    // was (a message replaces st.log with a new array).
    logOf: null,
    logShown: [],
    // The Go source panel: the workload shown, whether it is open, the
    // file shown (an index), the function to scroll to, and the answers
    // of GET /api/live/source/NAME by name (a source, 'loading' or
    // 'error').
    src: { workload: "", open: false, file: -1, fn: "", cache: /* @__PURE__ */ new Map() }
  };
  const diagram = createDiagram($("live-diagram"), {
    sub: { running: "live.node.running.sub", runnable: "live.node.runnable.sub", dead: "live.node.dead.sub" },
    slot: "live.slot",
    aria: "live.diagram",
    // A real process goes by its PID, as ps and the log name it: the chip
    // says "PID name", the name shortened (measured) only where its box
    // has no room for it whole.
    tag: (pid) => String(pid)
  });
  const timeline = createTimeline($("live-timeline"));
  function setStatus(s) {
    ui.status = s;
    document.body.dataset.live = s;
    if (ui.lesson) drawLesson();
  }
  async function sendKey(key) {
    ui.keyError = "";
    try {
      const res = await fetch("/api/live/teacher", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ key }),
        credentials: "same-origin"
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) ui.keyError = errKey(body.code);
    } catch {
      ui.keyError = "live.err.closed";
    }
    if (!ui.keyError && ui.status === "ready") {
      try {
        const r = await cmd({ type: "teacher", key });
        st.teacher = !!r.teacher;
      } catch (e) {
        ui.keyError = errKey(e.code);
      }
      drawTeacher();
      render(false);
      return;
    }
    if (ui.keyError) {
      drawOff();
      drawTeacher();
      return;
    }
    ui.retry = 0;
    check();
  }
  async function check() {
    if (ui.relay) return;
    setStatus("checking");
    let info;
    try {
      const res = await fetch("/api/live", { headers: { Accept: "application/json" } });
      info = await res.json();
    } catch {
      setStatus("offline");
      drawOff();
      scheduleRetry();
      return;
    }
    ui.info = info;
    if (info && !st.workloads.length) {
      st.workloads = normalizeWorkloads(info.workloads);
      drawSpawn();
    }
    if (!info || !info.available) {
      setStatus("off");
      drawOff();
      return;
    }
    try {
      const res = await fetch("/api/live/processes", { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (res.status === 403) {
        setStatus("forbidden");
        drawOff();
        return;
      }
      if (!res.ok) {
        const body = await res.json().catch(() => ({}));
        ui.info = { ...info, available: false, reason: body.message || info.reason };
        setStatus("off");
        drawOff();
        return;
      }
    } catch {
      setStatus("offline");
      drawOff();
      scheduleRetry();
      return;
    }
    connect();
  }
  function scheduleRetry() {
    clearTimeout(ui.retryTimer);
    ui.retryTimer = setTimeout(check, retryDelay(ui.retry++));
  }
  function connect() {
    if (ui.ws || ui.relay) return;
    setStatus("connecting");
    drawOff();
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    let ws;
    try {
      ws = new WebSocket(`${proto}//${location.host}/ws/live`);
    } catch {
      scheduleRetry();
      return;
    }
    ui.ws = ws;
    let hello = false;
    ws.addEventListener("message", (ev) => {
      if (ui.ws !== ws) return;
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg.type === "live_hello") hello = true;
      try {
        handle(msg);
      } catch (err) {
        console.warn("ProcLab live: cannot handle", msg && msg.type, err);
      }
    });
    ws.addEventListener("close", () => {
      if (ui.ws !== ws) return;
      forgetSocket();
      if (hello && ui.status === "ready") showError("live.err.dropped");
      setStatus("offline");
      drawOff();
      scheduleRetry();
    });
    ws.addEventListener("error", () => {
    });
  }
  function leave() {
    clearTimeout(ui.retryTimer);
    const ws = ui.ws;
    if (!ws) return;
    forgetSocket();
    ui.left = true;
    setStatus("offline");
    try {
      ws.close(1e3, LEAVE_REASON);
    } catch {
    }
  }
  function forgetSocket() {
    ui.ws = null;
    clearInterval(ui.ping);
    for (const p of ui.pending.values()) p.reject({ code: "closed", message: "" });
    ui.pending.clear();
    ui.lastWatch = "";
  }
  function back() {
    if (!ui.left) return;
    ui.left = false;
    ui.retry = 0;
    if (!ui.relay) check();
  }
  onPageLeave(leave, back);
  function sendRaw(msg) {
    if (ui.ws && ui.ws.readyState === WebSocket.OPEN) {
      ui.ws.send(JSON.stringify({ v: 1, ...msg }));
      return true;
    }
    return false;
  }
  function cmd(msg) {
    return new Promise((resolve, reject) => {
      const id = ui.nextId++;
      if (!sendRaw({ ...msg, id })) {
        reject({ code: "closed", message: "" });
        return;
      }
      ui.pending.set(id, { resolve, reject });
    });
  }
  function now() {
    if (!ui.base.local) return st.now;
    return ui.base.server + (performance.now() - ui.base.local);
  }
  function clock(tms) {
    if (typeof tms === "number" && tms >= ui.base.server) ui.base = { server: tms, local: performance.now() };
  }
  function handle(msg) {
    switch (msg.type) {
      case "live_hello":
        clock(msg.t_ms);
        applyHello(st, msg);
        ui.retry = 0;
        sendRaw({ type: "ping" });
        if (!st.available) {
          ui.info = msg;
          setStatus("off");
          drawOff();
          return;
        }
        setStatus("ready");
        ui.everReady = true;
        document.body.dataset.liveTeacher = st.teacher ? "1" : "0";
        clearInterval(ui.ping);
        ui.ping = setInterval(() => sendRaw({ type: "ping" }), PING_MS);
        drawOff();
        drawSpawn();
        drawTeacher();
        break;
      case "live_snapshot":
        clock(msg.t_ms);
        applySnapshot(st, msg);
        if (ui.selected && !alive(st, ui.selected)) ui.selected = 0;
        schedule(false);
        break;
      case "live_events":
        clock(msg.t_ms);
        applyEvents(st, msg);
        ui.animate = ui.animate.concat(st.transitions);
        narrateItems(st.items);
        schedule(true);
        break;
      case "result": {
        const p = ui.pending.get(msg.id);
        if (p) {
          ui.pending.delete(msg.id);
          p.resolve(msg);
        }
        break;
      }
      case "error": {
        const p = ui.pending.get(msg.id);
        if (p) {
          ui.pending.delete(msg.id);
          p.reject(msg);
        } else showError(errKey(msg.code), msg.message);
        break;
      }
    }
  }
  function errKey(code) {
    const key = `live.err.${code}`;
    return t(key) !== key ? key : "live.err.other";
  }
  function showError(key, detail, params) {
    const b = $("live-error");
    b.querySelector(".msg").replaceChildren();
    const s = document.createElement("strong");
    s.textContent = t(key, params);
    b.querySelector(".msg").append(s);
    if (detail) {
      const d = document.createElement("span");
      d.className = "detail";
      d.textContent = " " + detail;
      b.querySelector(".msg").append(d);
    }
    b.dataset.code = key;
    b.hidden = false;
  }
  function clearError() {
    $("live-error").hidden = true;
  }
  async function act(msg) {
    clearError();
    try {
      return await cmd(msg);
    } catch (e) {
      showError(errKey(e.code), e.message);
      return null;
    }
  }
  async function spawn(workload, args) {
    const r = await act({ type: "spawn", workload, args });
    if (r && r.pid) {
      ui.selected = r.pid;
      schedule(false);
    }
    return r && r.pid;
  }
  function spawnFromPanel() {
    const w = st.workloads.find((x) => x.name === ui.workload);
    if (!w) return;
    const given = {};
    for (const inp of $("live-args").querySelectorAll("input[data-arg]")) given[inp.dataset.arg] = inp.value.trim();
    const { args, bad } = argsFor(w, given);
    for (const inp of $("live-args").querySelectorAll("input[data-arg]")) inp.setAttribute("aria-invalid", bad.includes(inp.dataset.arg) ? "true" : "false");
    if (bad.length) {
      const a = w.args.find((x) => x.name === bad[0]);
      showError("live.err.arg", "", { arg: bad[0], min: a.min, max: a.max });
      return;
    }
    spawn(w.name, args);
  }
  async function onAction(b) {
    const pid = Number(b.dataset.pid || $("live-actions").dataset.pid);
    switch (b.dataset.act) {
      case "signal":
        await act({ type: "signal", pid, signal: b.dataset.signal });
        break;
      case "reap":
        await act({ type: "reap", pid });
        break;
      case "trace":
        await act({ type: "trace", pid });
        break;
      case "resume":
        await act({ type: "resume", pid });
        break;
    }
  }
  async function killAll() {
    const r = await act({ type: "killall" });
    if (r) ui.lessonProcs = [];
  }
  async function fetchLessons() {
    try {
      const res = await fetch("/api/live/lessons", { headers: { Accept: "application/json" } });
      if (!res.ok) return;
      ui.lessons = normalizeLiveLessons(await res.json());
    } catch {
      return;
    }
    drawLessons();
    if (ui.wantLesson) {
      const id = ui.wantLesson;
      ui.wantLesson = "";
      openLesson(id);
    }
  }
  function openLesson(id) {
    const l = ui.lessons.find((x) => x.id === id);
    if (!l) {
      ui.wantLesson = id;
      return;
    }
    ui.lesson = l;
    ui.lessonProcs = [];
    ui.done = /* @__PURE__ */ new Set();
    clearError();
    const first = (l.steps || []).map((s) => s && s.do).find((a) => a && a.action === "spawn" && a.workload);
    if (first) {
      ui.workload = first.workload;
      if (st.workloads.some((w) => w.name === first.workload)) {
        $("live-workload").value = ui.workload;
        drawArgs();
      }
    }
    if (api.openTwin) api.openTwin(l.twin);
    placeTwin();
    drawLesson();
    drawLessons();
    if (api.setHash) api.setHash(hash());
  }
  function closeLesson() {
    ui.lesson = null;
    placeTwin();
    drawLesson();
    drawLessons();
    if (api.setHash) api.setHash(hash());
  }
  function placeTwin() {
    const lab = $("lab");
    const on = !!(ui.lesson && ui.shown);
    document.body.classList.toggle("live-twin", on);
    if (on) {
      document.body.dataset.liveLesson = ui.lesson.id;
      if (lab.parentNode !== $("live-twin-slot")) $("live-twin-slot").append(lab);
    } else {
      delete document.body.dataset.liveLesson;
      if (lab.parentNode === $("live-twin-slot")) $("sched").before(lab);
    }
    $("live-twin").hidden = !on;
  }
  function lessonTarget(name) {
    for (let i = ui.lessonProcs.length - 1; i >= 0; i--) {
      const x = ui.lessonProcs[i];
      if (x.name === name && alive(st, x.pid)) return x.pid;
    }
    return 0;
  }
  function targetLabel(a) {
    return a.name && a.workload && a.name !== a.workload ? `${a.name} (${a.workload})` : a.name || a.workload || "?";
  }
  async function doStep(i) {
    const l = ui.lesson;
    const a = l && l.steps[i] && l.steps[i].do;
    if (!a || ui.busy) return;
    ui.busy = true;
    clearError();
    let ok = false;
    try {
      switch (a.action) {
        case "spawn": {
          const pid = await spawn(a.workload, a.args || {});
          if (pid) {
            ui.lessonProcs.push({ pid, workload: a.workload, name: a.name || a.workload });
            ok = true;
          }
          break;
        }
        case "signal":
        case "trace":
        case "resume": {
          const pid = lessonTarget(a.name || a.workload);
          if (!pid) {
            showError("live.err.notarget", "", { w: targetLabel(a) });
            break;
          }
          ui.selected = pid;
          ok = !!await act(a.action === "signal" ? { type: "signal", pid, signal: a.signal } : { type: a.action, pid });
          break;
        }
        case "reap": {
          const mine = ui.lessonProcs.filter((x) => !a.name || x.name === a.name).map((x) => x.pid);
          const zs = mine.length ? zombies(st, mine) : [];
          if (!zs.length) {
            showError("live.err.nozombie");
            break;
          }
          ok = true;
          for (const pid of zs) if (!await act({ type: "reap", pid })) ok = false;
          break;
        }
        case "killall":
          ok = !!await act({ type: "killall" });
          if (ok) ui.lessonProcs = [];
          break;
      }
    } finally {
      ui.busy = false;
    }
    if (ok) ui.done.add(i);
    drawLesson();
  }
  function actionLabel(a) {
    const args = Object.entries(a.args || {}).map(([k, v]) => `${k}=${v}`).join(" ");
    switch (a.action) {
      case "spawn":
        return t("live.do.spawn", { w: a.workload, args: args ? ` (${args})` : "" });
      case "signal":
        return t("live.do.signal", { sig: `SIG${a.signal}`, w: targetLabel(a) });
      case "trace":
        return t("live.do.trace", { w: targetLabel(a) });
      case "resume":
        return t("live.do.resume", { w: targetLabel(a) });
      case "reap":
        return a.name ? t("live.do.reap.named", { w: targetLabel(a) }) : t("live.do.reap");
      case "killall":
        return t("live.do.killall");
    }
    return a.action;
  }
  function drawTeacher() {
    const kill = $("live-killall");
    kill.dataset.i18n = st.teacher ? "live.killall" : "live.killall.mine";
    kill.textContent = t(kill.dataset.i18n);
    document.body.dataset.liveTeacher = st.teacher ? "1" : "0";
    let box = $("live-teacher");
    if (!box) {
      box = document.createElement("div");
      box.id = "live-teacher";
      box.className = "live-teacher";
      $("live-actions").after(box);
      box.addEventListener("submit", (e) => {
        e.preventDefault();
        const inp = $("live-teacher-key");
        const key = inp.value.trim();
        inp.value = "";
        if (key) sendKey(key);
      });
      box.addEventListener("click", (e) => {
        if (e.target.closest("#live-teacher-leave")) sendKey("");
      });
    }
    box.hidden = !(ui.status === "ready" && st.hasKey);
    if (box.hidden) return;
    const err = ui.keyError ? `<p class="error-text" role="alert">${esc(t(ui.keyError))}</p>` : "";
    box.innerHTML = st.teacher ? `<p class="teacher-on"><strong>${esc(t("live.teacher.on"))}</strong> <button type="button" id="live-teacher-leave" class="btn ghost small">${esc(t("live.teacher.leave"))}</button></p>` : `<details${ui.keyError ? " open" : ""}><summary>${esc(t("live.teacher.summary"))}</summary><form id="live-teacher-form" autocomplete="off"><label><span>${esc(t("live.token.label"))}</span> <input id="live-teacher-key" type="password" autocomplete="off" spellcheck="false"></label> <button class="btn small" type="submit">${esc(t("live.token.go"))}</button></form>${err}</details>`;
  }
  function drawOff() {
    const box = $("live-off");
    const s = ui.status;
    const off = s === "off" || s === "forbidden" || s === "offline";
    box.hidden = !off;
    document.body.classList.toggle("live-unavailable", off);
    $("live-token-form").hidden = s !== "forbidden";
    if (s === "forbidden" && ui.keyError) {
      $("live-off-reason").textContent = t(ui.keyError);
      $("live-off-reason").hidden = false;
    }
    if (!off) return;
    $("live-off-title").textContent = t(`live.off.${s}.title`);
    $("live-off-text").textContent = t(`live.off.${s}.text`);
    const reason = s === "off" && ui.info && ui.info.reason && getLang() === "en" ? t("live.off.reason", { reason: ui.info.reason }) : s === "forbidden" && ui.keyError ? t(ui.keyError) : "";
    $("live-off-reason").textContent = reason;
    $("live-off-reason").hidden = !reason;
    $("live-off-note").textContent = t("live.off.rest");
  }
  function drawSpawn() {
    const sel = $("live-workload");
    const names = st.workloads.map((w) => w.name);
    if (!ui.workload || !names.includes(ui.workload)) ui.workload = names.includes("sleep") ? "sleep" : names[0] || "";
    sel.replaceChildren(...st.workloads.map((w) => new Option(`${w.name} — ${wlTitle(w)}`, w.name)));
    sel.value = ui.workload;
    drawArgs();
  }
  function wlTitle(w) {
    const k = `live.wl.${w.name}`;
    return t(k) !== k ? t(k) : w.name;
  }
  function drawArgs() {
    const w = st.workloads.find((x) => x.name === ui.workload);
    const doc = $("live-wl-doc");
    const box = $("live-args");
    box.replaceChildren();
    if (!w) {
      doc.textContent = "";
      return;
    }
    const k = `live.wl.${w.name}.doc`;
    doc.textContent = t(k) !== k ? t(k) : w.doc;
    const vals = ui.argVals[w.name] || {};
    for (const a of w.args) {
      const lab = document.createElement("label");
      lab.className = "live-arg";
      const ak = `live.arg.${w.name}.${a.name}`;
      const name = document.createElement("span");
      name.className = "arg-name";
      name.textContent = a.name;
      const d = document.createElement("span");
      d.className = "arg-doc";
      d.textContent = t(ak) !== ak ? t(ak) : a.doc;
      const inp = document.createElement("input");
      Object.assign(inp, { type: "number", min: String(a.min), max: String(a.max), step: "1", value: String(vals[a.name] ?? a.def) });
      inp.inputMode = "numeric";
      inp.dataset.arg = a.name;
      inp.addEventListener("input", () => {
        (ui.argVals[w.name] ||= {})[a.name] = inp.value;
      });
      const range = document.createElement("span");
      range.className = "arg-range muted";
      range.textContent = t("live.arg.range", { min: a.min, max: a.max });
      lab.append(name, inp, range, d);
      box.append(lab);
    }
    $("live-spawn-label").textContent = t("live.spawn.one", { w: w.name });
    showSource(w.name);
  }
  function sourceCard() {
    let card2 = $("live-source");
    if (card2) return card2;
    card2 = document.createElement("section");
    card2.id = "live-source";
    card2.className = "card live-source";
    card2.dataset.open = "0";
    card2.innerHTML = `<div class="card-head src-head"><h3><span class="tag go">Go</span> <span class="src-title"></span></h3><label class="src-pick"><span class="sr-only"></span><select id="live-source-workload"></select></label><span class="src-sum"></span><button id="live-source-toggle" class="btn small" type="button" aria-expanded="false" aria-controls="live-source-body"></button></div><div id="live-source-body" class="src-body" hidden><div id="live-source-notes" class="src-notes"></div><div class="src-nav"><div id="live-source-files" class="src-files" role="group"></div><div id="live-source-fns" class="src-fns" role="group"></div></div><div id="live-source-code" class="src-code" tabindex="0" role="region"></div><p class="muted src-exact"></p></div>`;
    document.querySelector("#live .live-stage").after(card2);
    const open = document.createElement("button");
    open.id = "live-source-open";
    open.type = "button";
    open.className = "btn small src-open";
    $("live-wl-doc").after(open);
    open.addEventListener("click", () => {
      setSourceOpen(true);
      const top = card2.getBoundingClientRect().top + window.scrollY - (document.querySelector(".top")?.offsetHeight || 0) - 8;
      window.scrollTo({ top: Math.max(0, top), behavior: "instant" });
      $("live-source-code").focus({ preventScroll: true });
    });
    $("live-source-toggle").addEventListener("click", () => setSourceOpen(!ui.src.open));
    $("live-source-workload").addEventListener("change", (e) => {
      ui.workload = e.target.value;
      $("live-workload").value = ui.workload;
      drawArgs();
    });
    $("live-source-files").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-file]");
      if (!b) return;
      ui.src.file = Number(b.dataset.file);
      ui.src.fn = "";
      drawSource();
    });
    $("live-source-fns").addEventListener("click", (e) => {
      const b = e.target.closest("button[data-fn]");
      if (!b) return;
      ui.src.file = Number(b.dataset.file);
      ui.src.fn = b.dataset.fn;
      drawSource();
    });
    return card2;
  }
  function setSourceOpen(open) {
    ui.src.open = open;
    const code = $("live-source-code");
    if (open && code) delete code.dataset.file;
    showSource(ui.src.workload);
  }
  function showSource(name) {
    sourceCard();
    if (ui.src.workload !== name) {
      ui.src.workload = name;
      ui.src.file = -1;
      ui.src.fn = "";
    }
    if (name && (!ui.src.cache.has(name) || ui.src.cache.get(name) === "error")) {
      ui.src.cache.set(name, "loading");
      fetch(`/api/live/source/${encodeURIComponent(name)}`, { headers: { Accept: "application/json" } }).then((res) => res.ok ? res.json() : null).then((j) => {
        ui.src.cache.set(name, normalizeSource(j) || "error");
      }).catch(() => {
        ui.src.cache.set(name, "error");
      }).then(() => {
        if (ui.src.workload === name) drawSource();
      });
    }
    drawSource();
  }
  function drawSource() {
    const card2 = sourceCard();
    const name = ui.src.workload;
    const src = ui.src.cache.get(name);
    const ready = src && typeof src === "object";
    card2.dataset.workload = name;
    card2.dataset.open = ui.src.open ? "1" : "0";
    card2.dataset.state = ready ? "ready" : src === "error" ? "error" : "loading";
    card2.querySelector(".src-title").textContent = t("live.src.head");
    const pickSel = $("live-source-workload");
    const names = st.workloads.map((w) => w.name);
    if ([...pickSel.options].map((o) => o.value).join() !== names.join()) pickSel.replaceChildren(...names.map((n) => new Option(n, n)));
    pickSel.value = name;
    card2.querySelector(".src-pick .sr-only").textContent = t("live.spawn.workload");
    const open = $("live-source-open");
    open.textContent = t("live.src.open");
    open.title = t("live.src.open.title");
    open.hidden = !name;
    const toggle = $("live-source-toggle");
    toggle.textContent = t(ui.src.open ? "live.src.hide" : "live.src.show");
    toggle.setAttribute("aria-expanded", String(ui.src.open));
    const sum = card2.querySelector(".src-sum");
    if (ready) {
      const f = src.files[runFile(src)];
      sum.innerHTML = esc(t("live.src.sum", { w: "", fn: "", file: "" })).replace("", `<b class="mono">${esc(name)}</b>`).replace("", `<code>${esc(src.func)}</code>`).replace("", `<code>${esc(f.path)}</code>`);
    } else {
      sum.textContent = name ? t(src === "error" ? "live.src.err" : "live.src.loading") : "";
    }
    const body = $("live-source-body");
    body.hidden = !ui.src.open;
    if (!ui.src.open) return;
    const notes = $("live-source-notes");
    const nkey = `${name} ${getLang()}`;
    if (notes.dataset.key !== nkey) {
      notes.dataset.key = nkey;
      notes.innerHTML = (NOTES[name] || []).map((id, i) => {
        const text = noteSegments(t(`live.src.note.${id}`)).map((sg) => sg.code ? `<code>${esc(sg.text)}</code>` : esc(sg.text)).join("");
        return `<details class="src-note" data-note="${esc(id)}"${i === 0 ? " open" : ""}><summary>${esc(t(`live.src.note.${id}.title`))}</summary><p>${text}</p></details>`;
      }).join("");
    }
    card2.querySelector(".src-exact").textContent = t("live.src.exact");
    const code = $("live-source-code");
    if (!ready) {
      $("live-source-files").replaceChildren();
      $("live-source-fns").replaceChildren();
      code.innerHTML = `<p class="muted src-wait">${esc(t(src === "error" ? "live.src.err" : "live.src.loading"))}</p>`;
      delete code.dataset.file;
      return;
    }
    if (ui.src.file < 0 || ui.src.file >= src.files.length) ui.src.file = runFile(src);
    const fi = ui.src.file;
    const file = src.files[fi];
    $("live-source-files").setAttribute("aria-label", t("live.src.files"));
    $("live-source-files").innerHTML = src.files.map((f, i) => `<button type="button" class="btn small src-file" data-file="${i}" aria-pressed="${i === fi}" title="${esc(t("live.src.lines", { file: f.path, n: f.lines.length }))}">${esc(f.name)}</button>`).join("");
    $("live-source-fns").setAttribute("aria-label", t("live.src.fns"));
    $("live-source-fns").innerHTML = src.files.flatMap((f, i) => f.funcs.map((fn) => `<button type="button" class="btn small src-fn ${fn.role}" data-file="${i}" data-fn="${esc(fn.name)}" data-role="${fn.role}" title="${esc(t(`live.src.fn.${fn.role}`))}">${esc(fn.name)}</button>`)).join("");
    const marks = MARKS[name] || [];
    const owner = lineFuncs(file);
    const toks = tokenizeGo(file.text);
    const html = [];
    toks.forEach((line, i) => {
      const n = i + 1;
      const fn = owner[n];
      const cls = fn ? ` in-${fn.role}${n === fn.first ? " fn-first" : ""}${n === fn.last ? " fn-last" : ""}` : "";
      const attrs = fn ? ` data-fn="${esc(fn.name)}" data-role="${fn.role}"` : "";
      const { tabs, rest } = splitIndent(markLine(line, marks));
      const text = rest.map((sg) => {
        const span = sg.kind ? `<span class="g-${sg.kind}">${esc(sg.text)}</span>` : esc(sg.text);
        return sg.mark ? `<mark>${span}</mark>` : span;
      }).join("");
      const ind = tabs ? `<span class="ind" style="width:${tabs * 4}ch">${"	".repeat(tabs)}</span>` : "";
      html.push(`<div class="src-line${cls}" data-line="${n}"${attrs}><span class="ln" aria-hidden="true">${n}</span><span class="tx">${ind}<span class="cd">${text}</span></span></div>`);
    });
    code.setAttribute("aria-label", t("live.src.code", { file: file.path }));
    const shown = code.dataset.file === file.path && code.dataset.workload === name;
    if (!shown) code.innerHTML = html.join("");
    code.dataset.file = file.path;
    code.dataset.workload = name;
    const target = ui.src.fn || (!shown ? (file.funcs.find((x) => x.role === "run") || file.funcs[0] || {}).name : "");
    if (target) {
      const fn = file.funcs.find((x) => x.name === target);
      const el = fn && code.querySelector(`.src-line[data-line="${Math.max(1, fn.first - 1)}"]`);
      if (el) {
        code.scrollTop = el.offsetTop;
        const r = el.getBoundingClientRect();
        if (r.top < 0 || r.bottom > window.innerHeight) el.scrollIntoView({ block: "nearest" });
      }
      ui.src.fn = "";
    }
  }
  function drawLessons() {
    const box = $("live-lessons");
    box.replaceChildren();
    if (!ui.lessons.length) {
      const li = document.createElement("li");
      li.className = "muted";
      li.textContent = t("lesson.loading");
      box.append(li);
      return;
    }
    ui.lessons.forEach((l, i) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "lesson-card live-lesson-btn";
      b.dataset.liveLesson = l.id;
      if (ui.lesson && ui.lesson.id === l.id) b.setAttribute("aria-current", "true");
      const num4 = document.createElement("span");
      num4.className = "lc-num";
      num4.textContent = t("live.lesson.n", { n: i + 1 });
      const title = document.createElement("span");
      title.className = "lc-title";
      title.textContent = pick(l.title) || l.id;
      const twin = document.createElement("span");
      twin.className = "lc-twin";
      twin.textContent = t("live.lesson.twin", { title: pick(l.twinTitle) || l.twin });
      b.append(num4, title, twin);
      li.append(b);
      box.append(li);
    });
  }
  function drawLesson() {
    const l = ui.lesson;
    $("live-lesson").hidden = !l;
    $("live-lessons-card").hidden = !!l;
    if (!l) return;
    $("live-lesson-title").textContent = pick(l.title);
    $("live-twin-title").textContent = pick(l.twinTitle) || l.twin;
    renderExplain($("live-lesson-explain"), pick(l.explain), t("lesson.misconception"));
    const ol = $("live-steps");
    ol.replaceChildren();
    l.steps.forEach((s, i) => {
      const li = document.createElement("li");
      li.dataset.step = String(i);
      if (ui.done.has(i)) li.classList.add("done");
      const p = document.createElement("p");
      p.textContent = pick(s.text);
      li.append(p);
      if (s.do) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "btn small" + (s.do.action === "killall" ? "" : " primary");
        b.dataset.do = String(i);
        b.textContent = actionLabel(s.do);
        b.disabled = ui.status !== "ready";
        li.append(b);
      }
      ol.append(li);
    });
  }
  function schedule(animate) {
    if (!ui.shown) return;
    if (animate) ui.wantAnimate = true;
    if (ui.frame) return;
    const wait = Math.max(0, 100 - (performance.now() - (ui.lastRender || 0)));
    ui.frame = setTimeout(() => requestAnimationFrame(() => {
      ui.frame = 0;
      ui.lastRender = performance.now();
      render(ui.wantAnimate);
      ui.wantAnimate = false;
    }), wait);
  }
  function render(animate) {
    if (!ui.shown) return;
    advance(st, now());
    const view = diagramView(st);
    view.transitions = ui.animate.filter((tr) => view.states[tr.pid] !== void 0);
    ui.animate = [];
    const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    diagram.render(view, { animate: animate && !reduce, duration: 420 });
    drawTimeline(view);
    drawProcs(view);
    drawActions();
    drawDemos();
    if (ui.logOf !== st.log) {
      ui.logOf = st.log;
      ui.logShown = newestFirst(st.log);
    }
    renderLog($("live-log"), ui.logShown, (pid) => taskColor(pid).fill, -1, { prefix: (it) => timePrefix(it.step, st.t0), sentence: liveSentence, empty: "live.log.empty" });
    narrate();
    watch();
  }
  function drawTimeline(view) {
    timeline.render(view || diagramView(st), {
      cpuLanes: false,
      axis: "live.tl.axis",
      empty: "live.tl.empty",
      ticks: [4, 8, 20, 40, 80, 120, 240, 480],
      tick: (b) => t("live.tl.tick", { s: Math.round(b * BUCKET_MS / 100) / 10 })
    });
  }
  function narrateItems(items) {
    if (!items.length) return;
    const it = items.reduce((best, x) => !best || x.weight >= best.weight ? x : best, null);
    const cur = ui.narr;
    if (!cur || it.weight >= cur.weight || it.step - cur.step > 3e3) ui.narr = it;
  }
  function narrate() {
    const n = $("live-narration");
    const it = ui.narr;
    n.classList.toggle("hint", !it);
    n.textContent = it ? `${timePrefix(it.step, st.t0)} ${liveSentence(it)}` : t(ui.status === "ready" ? "live.hint" : "live.hint.off");
  }
  function stateCell(pid, s, p) {
    const dk = s === "disk" && p && p.wait ? `live.why.d.${p.wait}` : "";
    const why = dk && has(dk, "en") ? dk : p ? waitWhy(p.wait) : "";
    const wTitle = [why ? t(why) : "", p && p.wchan].filter(Boolean).join(": ");
    const w = p && p.wchan && WCHAN_STATES.includes(s) ? `<span class="wchan" title="${esc(wTitle)}">${esc(psWchan(p.wchan))}</span>` : "";
    const drawn = s === "dead" && st.drawn[pid] ? ` <span class="drawn-note">${esc(t("live.drawn"))}</span>` : "";
    const ws = (s === "zombie" || s === "dead") && st.status[pid];
    const status = ws ? ` <span class="exit-status" title="${esc(t("live.status.title"))}">${esc(ws.killed ? t("live.status.killed", { n: ws.n, sig: ws.sig }) : t("live.status.exit", { code: ws.code }))}</span>` : "";
    const letter = s === "none" ? "·" : STATE_LETTER[s] || "?";
    const flags = s === "dead" || s === "none" ? "" : statFlags(p).map((c) => `<span class="stat-flag" title="${esc(t(STAT_FLAGS[c]))}">${c}</span>`).join("");
    return `<span class="st-main"><span class="letter st-${s}" title="${esc(t("state." + s))}">${letter}${flags}</span> <span class="st-name">${esc(t("state." + s))}</span></span> ${w}${status}${drawn}`;
  }
  function drawProcs(view) {
    const box = $("live-procs");
    const tasks = view.tasks;
    if (!tasks.length) {
      box.innerHTML = `<p class="muted live-empty">${esc(t(ui.status === "ready" ? "live.procs.none" : "live.hint.off"))}</p>`;
      return;
    }
    const live = tasks.filter((x) => x.state !== "dead");
    const dead = tasks.filter((x) => x.state === "dead");
    const rows = treeOrder(live).concat(dead.map((x) => ({ task: x, depth: 0 })));
    const cow = tasks.some((x) => {
      const p = st.procs.get(x.pid);
      return p && p.pss_bytes !== void 0;
    });
    const th = (k, title) => `<th class="num"${title ? ` title="${esc(t(title))}"` : ""}>${esc(t(k))}</th>`;
    const head = `<thead><tr><th>${esc(t("col.pid"))}</th><th>${esc(t("col.ppid"))}</th><th>${esc(t("col.name"))}</th><th>${esc(t("col.state"))}</th>` + th("live.col.ticks", "live.col.ticks.title") + th("live.col.sw", "live.col.sw.title") + th("live.col.threads", "live.col.threads.title") + th("live.col.rss", "live.col.rss.title") + (cow ? th("live.col.pss", "live.col.pss.title") + th("live.col.shared", "live.col.shared.title") + th("live.col.private", "live.col.private.title") : "") + `</tr></thead>`;
    const body = rows.map(({ task: x, depth }) => {
      const p = st.procs.get(x.pid) || {};
      const c = taskColor(x.pid);
      const indent = depth ? `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch">└</span>` : "";
      const ppid = x.ppid === st.labPid ? `<span title="${esc(t("live.labserver.title"))}">${x.ppid} ★</span>` : String(x.ppid || "–");
      const dv = p.vcsw_delta ? ` <small class="delta">+${p.vcsw_delta}</small>` : "";
      const dn = p.nvcsw_delta ? ` <small class="delta">+${p.nvcsw_delta}</small>` : "";
      const reap = x.state === "zombie" && mayAct(st, x.pid) ? ` <button type="button" class="btn small" data-act="reap" data-pid="${x.pid}">${esc(t("live.act.reap"))}</button>` : "";
      return `<tr class="st-${x.state}${x.pid === ui.selected ? " selected" : ""}" data-pid="${x.pid}" data-state="${x.state}" data-comm="${esc(p.name || "")}" tabindex="0" aria-selected="${x.pid === ui.selected}"><td class="pid"><i class="dot" style="background:${c.fill}"></i>${x.pid}</td><td>${ppid}</td><td class="name">${indent}${esc(x.name)}${p.traced ? ` <span class="traced-note">${esc(t("live.traced"))}</span>` : ""}</td><td class="state">${stateCell(x.pid, x.state, p)}${reap}</td><td class="num">${p.utime_ticks ?? 0}<span class="sl">/</span>${p.stime_ticks ?? 0}</td><td class="num sw"><span class="nw">${p.voluntary_ctxt_switches ?? 0}${dv}</span><span class="sl">/</span><wbr><span class="nw">${p.nonvoluntary_ctxt_switches ?? 0}${dn}</span></td><td class="num">${p.threads ?? ""}</td><td class="num">${x.state === "dead" ? "–" : fmtBytes(p.rss_bytes ?? 0)}</td>` + (cow ? `<td class="num">${fmtBytes(p.pss_bytes)}</td><td class="num">${fmtBytes(p.shared_dirty_bytes)}</td><td class="num">${fmtBytes(p.private_dirty_bytes)}</td>` : "") + "</tr>";
    }).join("");
    box.innerHTML = `<table class="ptable live-table">${head}<tbody>${body}</tbody></table>`;
  }
  function drawActions() {
    const box = $("live-actions");
    const pid = ui.selected;
    const ready = ui.status === "ready";
    if (!pid || !st.procs.has(pid)) {
      delete box.dataset.pid;
      delete box.dataset.mine;
      box.innerHTML = `<p class="muted">${esc(t(ready ? "live.act.pick" : "live.hint.off"))}</p>`;
      return;
    }
    const p = st.procs.get(pid);
    const s = st.states[pid] || "none";
    const gone = !alive(st, pid);
    const mine = mayAct(st, pid);
    const ok = ready && mine;
    box.dataset.pid = String(pid);
    box.dataset.state = s;
    box.dataset.mine = mine ? "1" : "0";
    const sigs = st.signals.length ? st.signals : ["STOP", "CONT", "TERM", "KILL", "INT", "USR1", "HUP", "TSTP"];
    const dis = (c) => c ? " disabled" : "";
    const sigBtns = sigs.map((sig) => `<button type="button" class="btn sig sig-${esc(sig.toLowerCase())}" data-act="signal" data-signal="${esc(sig)}" title="${esc(t(`live.sig.${sig}`))}"${dis(!ok || gone || s === "zombie")}>SIG${esc(sig)}</button>`).join("");
    box.innerHTML = `<div class="sel-head"><i class="dot" style="background:${taskColor(pid).fill}"></i><b>${pid}</b> <span class="name">${esc(st.names[pid] || p.workload || "")}</span> ${stateCell(pid, s, p)}</div><div class="sig-row" role="group" aria-label="${esc(t("live.act.signals"))}">${sigBtns}</div><div class="act-row"><button type="button" class="btn" data-act="reap"${dis(!ok || s !== "zombie")} title="${esc(t("live.act.reap.title"))}">${esc(t("live.act.reap"))}</button><button type="button" class="btn" data-act="trace"${dis(!ok || gone || s === "zombie" || p.traced)} title="${esc(t("live.act.trace.title"))}">${esc(t("live.act.trace"))}</button><button type="button" class="btn" data-act="resume"${dis(!ok || gone || !p.traced)} title="${esc(t("live.act.resume.title"))}">${esc(t("live.act.resume"))}</button></div>` + (mine ? "" : `<p class="muted not-mine">${esc(t("live.act.notmine"))}</p>`);
  }
  function card(id, show) {
    const c = $(id);
    c.hidden = !show;
    return c.querySelector(".demo-body");
  }
  function drawDemos() {
    const d = st.demos;
    const newest3 = (o, n) => Object.values(o).sort((a, b) => b.t - a.t).slice(0, n);
    const pipes = newest3(d.pipe, 3);
    const pb = card("live-demo-pipe", pipes.length > 0);
    if (pipes.length) pb.innerHTML = pipes.map(pipeRun).join("");
    const socks = newest3(d.socket, 3);
    const sb = card("live-demo-socket", socks.length > 0);
    if (socks.length) sb.innerHTML = socks.map(sockRun).join("");
    const rb = card("live-demo-race", d.race.length > 0);
    if (d.race.length) rb.innerHTML = raceTable(d.race);
    const cows = newest3(d.cow, 2).filter((r) => r.rows.length);
    const cb = card("live-demo-cow", cows.length > 0);
    if (cows.length) cb.innerHTML = cows.map(cowRun).join("");
    const gb = card("live-demo-signals", d.signals.length > 0);
    if (d.signals.length) {
      gb.innerHTML = `<ul class="sig-list">${d.signals.slice().reverse().map((x) => `<li><span class="mono">${esc(timePrefix(x.t, st.t0))}</span> ${esc(t(x.action === "exiting" ? "live.demo.sig.exiting" : "live.demo.sig.handled", { p: x.pid, sig: x.signal }))}</li>`).join("")}</ul>`;
    }
    let ipc = false;
    for (const [id, html] of Object.entries(ipcCards(st, { esc, t, fmtBytes, procState }))) {
      const b = card(id, html !== "");
      if (html) {
        b.innerHTML = html;
        ipc = true;
      }
    }
    const sysH = { t, esc, procState };
    let sysShown = false;
    for (const [id, html] of [["live-demo-loops", loopsHTML(st, sysH)], ["live-demo-pids", pidsHTML(st, sysH)], ["live-demo-pingpong", pingHTML(st, sysH)]]) {
      const b = card(id, !!html);
      if (html) {
        b.innerHTML = html;
        sysShown = true;
      }
    }
    $("live-demos").hidden = !(pipes.length || socks.length || d.race.length || cows.length || d.signals.length || ipc || sysShown);
  }
  function procState(pid) {
    if (!pid) return "";
    const p = st.procs.get(pid);
    const s = st.states[pid];
    if (!p || !s) return "";
    return stateCell(pid, s, p);
  }
  function pipeRun(run) {
    const w = run.writer, r = run.reader;
    const q = Math.max(0, Math.min(PIPE_SIZE, run.queued ?? 0));
    const wp = w ? st.procs.get(w.pid) : null, rp = r ? st.procs.get(r.pid) : null;
    const fill = run.freed ? t("live.demo.pipe.freed") : t("live.demo.pipe.queued", { n: fmtBytes(q) });
    let verdict = "";
    if (!run.freed && wp && wp.wait === "pipe_write") verdict = t("live.demo.pipe.full", { p: w.pid });
    else if (!run.freed && rp && rp.wait === "pipe_read") verdict = t("live.demo.pipe.empty", { p: r.pid });
    const side = (x, key) => x ? `<div class="pipe-side"><b>${esc(t(key))}</b> ${x.pid} ${procState(x.pid)}<br><span class="big">${esc(fmtBytes(x.bytes))}</span> <span class="muted">${esc(t("live.demo.pipe.rate", { n: (x.rate || 0).toFixed(1) }))}</span></div>` : "";
    return `<div class="pipe-run" data-root="${run.root}">${side(w, "live.demo.pipe.writer")}<div class="pipe-fill${run.freed ? " freed" : ""}" role="img" aria-label="${esc(fill)}"><div class="bar"><i style="width:${(100 * q / PIPE_SIZE).toFixed(1)}%"></i></div><span>${esc(fill)}</span></div>${side(r, "live.demo.pipe.reader")}${verdict ? `<p class="verdict">${esc(verdict)}</p>` : ""}</div>`;
  }
  function chips(side) {
    if (!side) return `<span class="muted">${esc(t("live.demo.sock.waiting"))}</span>`;
    return side.messages.map((m, i) => `<span class="msg-chip"><code>${esc(JSON.stringify(m))}</code><small>${esc(t("live.bytes", { n: side.sizes[i] ?? m.length }))}</small></span>`).join("");
  }
  function sockRun(run) {
    let verdict = "";
    if (run.sent && run.recv) {
      const key = run.recv.messages.length < run.sent.messages.length ? "live.demo.sock.merged" : "live.demo.sock.kept";
      verdict = t(key, { sends: run.sent.messages.length, reads: run.recv.messages.length });
    }
    return `<div class="sock-run" data-type="${esc(run.type)}"><span class="sock-type">${esc(run.type || "?")}</span><div class="sock-row"><b>${esc(t("live.demo.sock.sent"))}</b>${chips(run.sent)}</div><div class="sock-row"><b>${esc(t("live.demo.sock.read"))}</b>${chips(run.recv)}</div>` + (verdict ? `<p class="verdict">${esc(verdict)}</p>` : "") + `</div>`;
  }
  function raceTable(runs) {
    const rows = runs.slice().reverse().map((r) => {
      const waiting = r.done ? "–" : String(lockWaiters(st, r.pid));
      const pct = r.done && r.expected ? ` <small>(${(100 * (r.lost || 0) / r.expected).toFixed(1)}%)</small>` : "";
      return `<tr class="${r.done && r.lost > 0 ? "lost" : ""}" data-mode="${esc(r.mode)}"><th>${esc(t(`live.mode.${r.mode}`))}</th><td class="num">${r.procs} × ${r.iters.toLocaleString()}</td><td class="num">${r.expected.toLocaleString()}</td><td class="num">${r.done ? r.actual.toLocaleString() : "…"}</td><td class="num lostn">${r.done ? r.lost.toLocaleString() + pct : "…"}</td><td class="num">${r.done ? esc(t("live.ms", { n: r.elapsed >= 100 ? Math.round(r.elapsed) : r.elapsed.toFixed(1) })) : "…"}</td><td class="num">${waiting}</td></tr>`;
    }).join("");
    return `<table class="metrics race-table"><thead><tr><th>${esc(t("live.demo.race.mode"))}</th><th class="num">${esc(t("live.demo.race.work"))}</th><th class="num">${esc(t("live.demo.race.expected"))}</th><th class="num">${esc(t("live.demo.race.actual"))}</th><th class="num">${esc(t("live.demo.race.lost"))}</th><th class="num">${esc(t("live.demo.race.time"))}</th><th class="num" title="${esc(t("live.demo.race.waiting.title"))}">${esc(t("live.demo.race.waiting"))}</th></tr></thead><tbody>${rows}</tbody></table><p class="muted race-vary">${esc(t("live.demo.race.vary"))}</p>`;
  }
  function cowRun(run) {
    const m = (x) => x ? `<td class="num">${esc(fmtBytes(x.pss))}</td><td class="num">${esc(fmtBytes(x.shared))}</td><td class="num">${esc(fmtBytes(x.private))}</td><td class="num muted">${esc(fmtBytes(x.rss))}</td>` : '<td colspan="4" class="muted">…</td>';
    const rows = run.rows.map((r) => `<tr data-step="${r.step}"><th>${esc(r.step ? t("live.demo.cow.step", { step: r.step, of: run.of }) : t("live.demo.cow.fork"))}</th>${m(r.parent)}${m(r.child)}</tr>`).join("");
    const sub = `<th class="num">${esc(t("live.col.pss"))}</th><th class="num">${esc(t("live.col.shared"))}</th><th class="num">${esc(t("live.col.private"))}</th><th class="num">RSS</th>`;
    return `<p class="muted cow-sum">${esc(t("live.demo.cow.sum", { mib: run.mib, p: run.root, c: run.child || "?" }))}</p><div class="table-wrap"><table class="metrics cow-table"><thead><tr><th rowspan="2">${esc(t("live.demo.cow.when"))}</th><th colspan="4">${esc(t("live.demo.cow.parent", { p: run.root }))}</th><th colspan="4">${esc(t("live.demo.cow.child", { p: run.child || "?" }))}</th></tr><tr>${sub}${sub}</tr></thead><tbody>${rows}</tbody></table></div>`;
  }
  function watch() {
    const pids = ui.shown && ui.status === "ready" ? watchList(st) : [];
    const key = pids.join(",");
    if (key === ui.lastWatch || !ui.ws) return;
    ui.lastWatch = key;
    cmd({ type: "watch", pids }).catch(() => {
      if (ui.lastWatch === key) ui.lastWatch = "";
    });
  }
  function relabel() {
    diagram.relabel();
    renderLegend($("live-legend"), null, "-live", LEGEND);
    drawOff();
    drawSpawn();
    drawTeacher();
    drawLessons();
    drawLesson();
    const code = $("live-source-code");
    if (code) delete code.dataset.file;
    drawSource();
    if (ui.shown) render(false);
  }
  $("live-workload").addEventListener("change", (e) => {
    ui.workload = e.target.value;
    drawArgs();
  });
  $("live-spawn-form").addEventListener("submit", (e) => {
    e.preventDefault();
    spawnFromPanel();
  });
  $("live-killall").addEventListener("click", killAll);
  $("live-actions").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-act]");
    if (b && !b.disabled) onAction(b);
  });
  $("live-procs").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-act]");
    if (b) {
      if (!b.disabled) onAction(b);
      return;
    }
    const tr = e.target.closest("tr[data-pid]");
    if (tr) {
      ui.selected = Number(tr.dataset.pid);
      schedule(false);
    }
  });
  $("live-procs").addEventListener("keydown", (e) => {
    const tr = e.target.closest("tr[data-pid]");
    if (tr && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      ui.selected = Number(tr.dataset.pid);
      schedule(false);
    }
  });
  $("live-diagram").addEventListener("click", (e) => {
    const g = e.target.closest("[data-pid]");
    if (g) {
      ui.selected = Number(g.dataset.pid);
      schedule(false);
    }
  });
  $("live-lessons").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-live-lesson]");
    if (b) openLesson(b.dataset.liveLesson);
  });
  $("live-steps").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-do]");
    if (b && !b.disabled) doStep(Number(b.dataset.do));
  });
  $("live-lesson-close").addEventListener("click", closeLesson);
  $("live-error").querySelector(".close").addEventListener("click", clearError);
  $("live-token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const key = $("live-token").value.trim();
    $("live-token").value = "";
    if (key) sendKey(key);
  });
  renderLegend($("live-legend"), null, "-live", LEGEND);
  function hash() {
    return ui.lesson ? `#live/${ui.lesson.id}` : "#live";
  }
  function setRelay(on) {
    if (!!ui.relay === on) return;
    ui.relay = on;
    document.body.classList.toggle("live-relay", on);
    clearTimeout(ui.retryTimer);
    const ws = ui.ws;
    forgetSocket();
    if (ws) {
      try {
        ws.close(1e3, on ? "following a room" : "relay ended");
      } catch {
      }
    }
    setStatus(on ? "relay" : "idle");
    drawOff();
    if (!on && ui.started) check();
  }
  return {
    show() {
      ui.shown = true;
      $("live").hidden = false;
      if (!ui.started) {
        ui.started = true;
        drawLessons();
        fetchLessons();
        check();
      }
      if (ui.lesson && api.openTwin) api.openTwin(ui.lesson.twin);
      placeTwin();
      drawOff();
      drawLesson();
      clearInterval(ui.tick);
      ui.tick = setInterval(() => {
        if (ui.status !== "ready") return;
        if (advance(st, now())) schedule(false);
        else drawTimeline();
      }, BUCKET_MS);
      render(false);
    },
    hide() {
      ui.shown = false;
      $("live").hidden = true;
      clearInterval(ui.tick);
      placeTwin();
      watch();
    },
    openLesson,
    closeLesson,
    hash,
    relabel,
    resize() {
      if (ui.shown) drawTimeline();
    },
    twinShown: () => !!(ui.lesson && ui.shown),
    relay: setRelay,
    // issue 13
    feed(msg) {
      if (!ui.relay || !msg || typeof msg !== "object" || !/^live_(hello|snapshot|events)$/.test(msg.type)) return;
      if (ui.status === "relay" && msg.type !== "live_hello") {
        setStatus("ready");
        drawOff();
      }
      handle(msg);
    },
    state: () => st
  };
}
export {
  createLiveView,
  fmtBytes
};
