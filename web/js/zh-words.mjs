// zh-words.mjs: the check the catalog tests use to find English left in a
// Chinese string (a test helper; the page does not load it). A Latin word
// in zh-CN text is allowed only when it is one of these:
//   - an identifier: a system call or library call, a scenario keyword, a
//     live workload or its argument, an OSTEP flag or program, a register
//     (the lists below), or anything with _ . / or a digit in it
//     (pid_max, x86.py, sync.Mutex, KiB/s, USR1);
//   - a signal name (SIGSTOP, SIGCONT, ...);
//   - an abbreviation or a name that stays as it is in Chinese text
//     (PID, CPU, RR, FCFS, ProcLab, Go, Linux, OSTEP, MiB, ...), Go's own
//     words (goroutine, go, panic, GOMAXPROCS) and key names (Tab, Shift);
//   - a single letter (the state letters R S D T t Z X, P and V, A, B, N);
//   - a gloss: English in full-width parentheses right after the Chinese
//     term, as docs/glossary.md writes them (测试并置位（test-and-set）);
//   - quoted text ("one"), which is data, not a sentence;
//   - a placeholder ({name}), filled in at run time.
// Anything else is an untranslated English word.

const SYSCALLS = `fork exec execve wait waitpid wait4 sleep nanosleep sigsuspend read write fsync kill ptrace vfork
clone exit exit_group sched_yield futex poll epoll_wait setpgid setsid getpid getppid open
mmap pipe socket getuid uname openat close munmap brk gettimeofday sigaction malloc`;
const KEYWORDS = `compute io disk yield repeat end if else while and or critical assert lock unlock
trylock xchg fetch_add cas recv send var mutex gomutex spinlock ticketlock semaphore cond chan
waitgroup process program thread title explain en zh cpus quantum seed policy model
processes jobs mlfq cfs expect starvation levels quanta allot yes no parent child
self at priority priority-preemptive tickets nice fcfs sjf srtf rr hrrn lottery stride ignore
group catch spawn subreaper trace cont detach killable untraced continued prctl rt_sigaction
memory text data heap stack syscall restart`;
const LIVE = `cpu pipe forker duty ms code reap procs iters mode mb type STREAM DGRAM SEQPACKET
fifo mqueue shmsem tcp udp TCP UDP POSIX memfd FIFO mkfifo kib cap slots echo rcvbuf
startWorker startWorkerFDs openFIFO mqOpen mqSend mqReceive mqUnlink semWait semPost loopbackSocket`;
const OSTEP = `threads-intro threads-locks fetchadd lea mul neg ax bx cx dx sp bp ex fx busy count
pass cN Python`;
const NAMES = `ProcLab Go Linux OSTEP PID PPID TID TGID NLWP CPU RR FCFS SJF SRTF HRRN MLFQ CFS
MiB KiB JSON RSS PSS WaitGroup Silberschatz Stallings Peterson Ctrl-C Home NUL ECHILD ESRCH EINTR
init ps top proc pidfd utime ProcessState ExitCode Signaled EPERM PGID SID WIFSIGNALED WTERMSIG WIFSTOPPED WIFCONTINUED WUNTRACED WCONTINUED NFS TASK_KILLABLE TASK_UNINTERRUPTIBLE PTRACE_SEIZE PTRACE_INTERRUPT
shell Threads sysmon Sl Rl Tl cgroup blkio root select pause kthreadd vDSO strace glibc wchan x86-64 stime ARM Ctrl-Z`;
// Pipes, FIFOs and message queues (issue 11, part 4a): the scenario's
// words for them and the names Linux gives them.
const IPC = `fifo mqueue capacity posix sysv max msgsize msgsnd msgrcv msgget mq_open mtype openat FIFO POSIX System
EPIPE EOF EBADF EMSGSIZE EINVAL wchan`;
// Go's keywords and the types and built-ins of ProcLab's Go subset (the Go
// front end's errors name them), Go's own words that Chinese texts about Go
// keep as they are, and the names of keys on the keyboard.
const GO = `go defer func main package import int bool string for break continue switch case default
fallthrough goto range nil make close panic struct map goroutine sync atomic fmt time runtime os exec signal syscall
GOMAXPROCS Tab Shift Ctrl Enter End Esc`;
// Shared memory and sockets (sim/shm.go, sim/socket.go): their system
// calls, the keywords of their declarations, and the names that stay.
const IPC4B = `shm shmat shmdt shared in pshared accept accept4 connect bind listen sendto recvfrom close
unix inet inet6 stream dgram seqpacket tcp udp rcvbuf qlen to domain protocol
TCP UDP IP Unix EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP ECONNREFUSED ENOTCONN EBADF EINVAL EISCONN EDESTADDRREQ`;
// The live lab's step buttons name signals without SIG: INT and TERM.
const SIGNALS = 'INT TERM';

export const ALLOWED = new Set([SYSCALLS, KEYWORDS, LIVE, OSTEP, NAMES, SIGNALS, GO, IPC4B, IPC].join(' ').split(/\s+/).filter(Boolean));

// englishWords returns the Latin words of a zh-CN string that are not
// allowed (an empty list when the string is clean).
export function englishWords(s) {
  const text = String(s)
    .replace(/\{[\w:]+\}/g, ' ') // placeholders
    .replace(/"[^"]*"/g, ' ') // quoted data
    .replace(/（[A-Za-z][^（）\u3400-\u9fff]*）/g, ' '); // a gloss after a term
  const bad = [];
  for (const m of text.matchAll(/[A-Za-z][A-Za-z0-9_./-]*/g)) {
    const w = m[0].replace(/[.\-/]+$/, '');
    if (w.length <= 1) continue;
    if (/[_./0-9]/.test(w)) continue;
    if (/^SIG[A-Z0-9]+$/.test(w)) continue;
    if (/^-/.test(text.slice(m.index - 1, m.index + 1))) continue; // a flag: -c, -l
    if (ALLOWED.has(w)) continue;
    bad.push(w);
  }
  return bad;
}
