// i18n-sys.js: the words of system calls and modes (issue 11, part 2) in
// English and Simplified Chinese, merged into the catalogs by i18n.js: the
// log's sentences for named system calls, vDSO calls, EINTR and SA_RESTART,
// what each call of the `syscall` statement does (sys.what.NAME, the table
// of sim/syscall.go), the wait channel a blocked task sleeps in, and the
// timeline's trap labels. Words follow docs/glossary.md.
export const sysEn = {
  'ev.syscall.what': '{p} makes the system call {sys}() and enters kernel mode: it {what}',
  'ev.vdso': '{p} calls {sys}() through the vDSO: it stays in user mode, with no trap into the kernel (it {what})',
  'ev.restart': '{p}: {sig} interrupted {sys}(); after the handler the call starts again (SA_RESTART)',
  'ev.call_failed.eintr': '{p}: a handled signal interrupted {sys}(), which fails with EINTR; the program goes on with its next statement',
  'ev.call_failed.eintr.no_restart': '{p}: a handled signal interrupted {sys}(), which fails with EINTR: {sys}() is never restarted, even with SA_RESTART',
  'ev.wchan': ' (in the kernel it waits in {w})',
  'sys.what.getpid': 'returns the process ID',
  'sys.what.getppid': 'returns the parent\'s process ID',
  'sys.what.getuid': 'returns the user ID the process runs as',
  'sys.what.uname': 'copies the kernel\'s name and version into the caller\'s buffer',
  'sys.what.write': 'copies bytes from the caller\'s buffer to a file, pipe, socket or the terminal',
  'sys.what.openat': 'opens a file and returns a new file descriptor',
  'sys.what.close': 'closes a file descriptor',
  'sys.what.mmap': 'maps new pages into the address space (the page table changes; memory comes later, on first touch)',
  'sys.what.munmap': 'removes a mapping from the address space',
  'sys.what.brk': 'moves the end of the heap (what malloc uses for small blocks)',
  'sys.what.clock_gettime': 'reads a clock',
  'sys.what.gettimeofday': 'reads the wall clock',
  'diagram.wchan': 'wait channel {w}',
  'tree.wchan.title': 'wait channel: the kernel function it sleeps in, as /proc/PID/wchan shows it (Linux 6.18)',
};

export const sysZh = {
  'ev.syscall.what': '{p} 发起系统调用 {sys}()，进入内核态：它{what}',
  'ev.vdso': '{p} 通过 vDSO 调用 {sys}()：仍在用户态，没有陷入内核（它{what}）',
  'ev.restart': '{p}：{sig} 打断了 {sys}()；信号处理函数返回后，这个调用重新开始（SA_RESTART）',
  'ev.call_failed.eintr': '{p}：已处理的信号打断了 {sys}()，调用失败，错误 EINTR；程序接着执行下一条语句',
  'ev.call_failed.eintr.no_restart': '{p}：已处理的信号打断了 {sys}()，调用失败，错误 EINTR：即使有 SA_RESTART，{sys}() 也从不重新开始',
  'ev.wchan': '（在内核中，它在 {w} 中等待）',
  'sys.what.getpid': '返回进程号',
  'sys.what.getppid': '返回父进程的进程号',
  'sys.what.getuid': '返回进程运行时的用户号',
  'sys.what.uname': '把内核的名称和版本复制到调用者的缓冲区',
  'sys.what.write': '把调用者缓冲区中的字节复制到文件、管道、套接字或终端',
  'sys.what.openat': '打开一个文件，返回新的文件描述符',
  'sys.what.close': '关闭一个文件描述符',
  'sys.what.mmap': '把新的页面映射进地址空间（页表改变；内存要到第一次访问时才分配）',
  'sys.what.munmap': '从地址空间中删除一个映射',
  'sys.what.brk': '移动堆的末尾（malloc 分配小块内存时用它）',
  'sys.what.clock_gettime': '读取一个时钟',
  'sys.what.gettimeofday': '读取挂钟时间',
  'diagram.wchan': '等待通道 {w}',
  'tree.wchan.title': '等待通道：它在其中睡眠的内核函数，即 /proc/PID/wchan 显示的名字（Linux 6.18）',
};
