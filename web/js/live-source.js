// live-source.js: the model of the live lab's "Go source" panel: the real
// Go code a workload runs, as GET /api/live/source/{workload} serves it (the
// repository's files, compiled into the server, with the lines of the
// workload's functions), cut into lines of highlighted tokens. Pure: no
// DOM; live.js draws it.

// NOTES: which notes (i18n live.src.note.<id> and .<id>.title) go with
// each workload, most important first.
export const NOTES = {
  cpu: ['thread'],
  sleep: ['thread'],
  exit: ['thread'],
  forker: ['nofork'],
  orphans: ['nofork'],
  vfork: ['nofork', 'vfork'],
  cow: ['cow', 'nofork'],
  pipe: ['forkexec'],
  socket: ['forkexec'],
  race: ['atomic', 'forkexec'],
  signals: ['notify'],
  diskread: ['dread'],
  fifo: ['fifo', 'forkexec'],
  mqueue: ['mq', 'forkexec'],
  shmsem: ['psem', 'forkexec'],
  tcp: ['loopback', 'forkexec'],
  udp: ['loopback', 'forkexec'],
  // live-sys (issue 11, part 5)
  gosignals: ['gosig', 'notify'],
  syscalls: ['rawsys', 'forkexec'],
  pids: ['pidcount', 'nofork'],
  pingpong: ['pingpong', 'forkexec'],
};

// MARKS: the calls the notes speak of, marked wherever they appear in the
// code (never inside comments or strings).
export const MARKS = {
  cpu: ['runtime.LockOSThread', 'unix.Nanosleep'],
  sleep: ['runtime.LockOSThread', 'unix.Nanosleep'],
  exit: ['runtime.LockOSThread', 'os.Exit'],
  forker: ['rawFork', 'syscall.SYS_CLONE', 'go:nosplit'],
  orphans: ['rawFork', 'syscall.SYS_CLONE', 'go:nosplit'],
  vfork: ['rawFork', 'syscall.SYS_CLONE', 'unix.CLONE_VFORK', 'go:nosplit'],
  cow: ['rawFork', 'syscall.SYS_CLONE', 'go:nosplit'],
  pipe: ['startWorker', 'syscall.ForkExec'],
  socket: ['startWorker', 'syscall.ForkExec', 'unix.Socketpair'],
  race: ['atomic.AddInt64', 'loadCounter', 'storeCounter', 'startWorker', 'syscall.ForkExec'],
  signals: ['signal.Notify'],
  diskread: ['unix.Pread', 'unix.O_DIRECT', 'unix.Mlockall'],
  fifo: ['unix.Mkfifo', 'unix.Open', 'startWorker'],
  mqueue: ['unix.SYS_MQ_OPEN', 'unix.SYS_MQ_TIMEDSEND', 'unix.SYS_MQ_TIMEDRECEIVE', 'startWorker'],
  shmsem: ['semWait', 'semPost', 'atomic.CompareAndSwapUint32', 'unix.MemfdCreate', 'startWorkerFDs'],
  tcp: ['loopbackSocket', 'unix.Accept4', 'startWorker'],
  udp: ['loopbackSocket', 'unix.SO_RCVBUF', 'startWorker'],
  // live-sys (issue 11, part 5)
  gosignals: ['signal.Notify'],
  syscalls: ['syscall.RawSyscall', 'syscall.SYS_GETPPID', 'time.Now'],
  pids: ['readSysInt', 'rawFork', 'syscall.SYS_CLONE'],
  pingpong: ['rawRead', 'rawWrite', 'unix.SchedSetaffinity', 'startWorkerFDs'],
};

// MAX_TEXT bounds the text of one file the panel takes (characters): the
// largest file shown is about 10,000.
export const MAX_TEXT = 200000;

const ROLES = new Set(['run', 'helper']);

// normalizeSource checks the server's answer and returns
// {workload, func, files: [{path, name, text, lines, funcs: [{name, role,
// first, last}]}]}, or null when it is not a usable source. Functions
// whose lines fall outside their file are dropped.
export function normalizeSource(j) {
  if (!j || typeof j !== 'object' || typeof j.workload !== 'string' || !Array.isArray(j.files)) return null;
  const files = [];
  for (const f of j.files) {
    if (!f || typeof f.path !== 'string' || typeof f.text !== 'string' || f.text.length > MAX_TEXT) continue;
    const lines = splitLines(f.text);
    const funcs = (Array.isArray(f.funcs) ? f.funcs : [])
      .filter(x => x && typeof x.name === 'string' && ROLES.has(x.role) && Number.isInteger(x.first) && Number.isInteger(x.last) &&
        x.first >= 1 && x.first <= x.last && x.last <= lines.length)
      .map(x => ({ name: x.name, role: x.role, first: x.first, last: x.last }));
    files.push({ path: f.path, name: f.path.split('/').pop(), text: f.text, lines, funcs });
  }
  if (!files.length) return null;
  const func = typeof j.func === 'string' ? j.func : '';
  return { workload: j.workload, func, files };
}

// splitLines splits a text into lines; a final newline ends the last line
// rather than starting an empty one.
export function splitLines(text) {
  const lines = String(text).split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// runFile is the index of the file that holds the run function (0 when
// none does).
export function runFile(src) {
  const i = src.files.findIndex(f => f.funcs.some(x => x.role === 'run'));
  return i < 0 ? 0 : i;
}

// lineFuncs maps each line of a file (1-based; index 0 unused) to the
// function it belongs to, or null.
export function lineFuncs(file) {
  const out = new Array(file.lines.length + 1).fill(null);
  for (const fn of file.funcs) for (let n = fn.first; n <= fn.last; n++) out[n] = fn;
  return out;
}

const KEYWORDS = new Set(`break case chan const continue default defer else fallthrough for func go goto if import
interface map package range return select struct switch type var`.split(/\s+/));
const TYPES = new Set(`bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string
uint uint8 uint16 uint32 uint64 uintptr any`.split(/\s+/));
const BUILTINS = new Set(`append cap clear close complex copy delete imag len make max min new panic print println
real recover true false nil iota`.split(/\s+/));

// tokenizeGo cuts Go source into lines of tokens [kind, text], kind one of
// 'com' (comment), 'dir' (a //go: directive), 'str' (string or rune),
// 'kw' (keyword), 'type' (a predeclared type), 'bi' (a predeclared
// function or constant), 'num', 'id' (any other identifier) and '' (the
// rest: spaces, operators). Block comments and raw strings may span lines.
// Joined, each line's tokens give the line back exactly.
export function tokenizeGo(text) {
  const lines = [[]];
  const push = (kind, s) => {
    const parts = s.split('\n');
    parts.forEach((p, i) => {
      if (i > 0) lines.push([]);
      if (p) lines[lines.length - 1].push([kind, p]);
    });
  };
  const src = String(text);
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      let j = src.indexOf('\n', i);
      if (j < 0) j = src.length;
      const s = src.slice(i, j);
      push(/^\/\/go:\w/.test(s) ? 'dir' : 'com', s);
      i = j;
    } else if (c === '/' && src[i + 1] === '*') {
      let j = src.indexOf('*/', i + 2);
      j = j < 0 ? src.length : j + 2;
      push('com', src.slice(i, j));
      i = j;
    } else if (c === '`') {
      let j = src.indexOf('`', i + 1);
      j = j < 0 ? src.length : j + 1;
      push('str', src.slice(i, j));
      i = j;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      j = Math.min(src.length, j + (src[j] === c ? 1 : 0));
      push('str', src.slice(i, j));
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /\w/.test(src[j])) j++;
      const w = src.slice(i, j);
      push(KEYWORDS.has(w) ? 'kw' : TYPES.has(w) ? 'type' : BUILTINS.has(w) ? 'bi' : 'id', w);
      i = j;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] || ''))) {
      let j = i + 1;
      while (j < src.length && /[\w.]/.test(src[j])) j++;
      push('num', src.slice(i, j));
      i = j;
    } else {
      let j = i + 1;
      while (j < src.length && !/[A-Za-z_0-9/`"'.]/.test(src[j])) j++;
      push('', src.slice(i, j));
      i = j;
    }
  }
  if (lines.length > 1 && !lines[lines.length - 1].length && src.endsWith('\n')) lines.pop();
  return lines;
}

// markLine splits one line's tokens into segments {kind, text, mark}: mark
// is true on the text of every occurrence of a mark (a call such as
// "signal.Notify", or a directive such as "go:nosplit") in code or in a
// directive, never in a comment or a string.
export function markLine(tokens, marks) {
  const text = tokens.map(([, s]) => s).join('');
  const hit = new Uint8Array(text.length);
  // Offsets of the tokens, and which characters may be marked.
  const open = new Uint8Array(text.length);
  let at = 0;
  for (const [k, s] of tokens) {
    if (k !== 'com' && k !== 'str') open.fill(1, at, at + s.length);
    at += s.length;
  }
  for (const m of marks || []) {
    if (!m) continue;
    for (let i = text.indexOf(m); i >= 0; i = text.indexOf(m, i + 1)) {
      const before = i > 0 ? text[i - 1] : '';
      const after = text[i + m.length] || '';
      if (/\w/.test(before) || /\w/.test(after)) continue; // a whole name only
      let ok = true;
      for (let j = i; j < i + m.length; j++) if (!open[j]) { ok = false; break; }
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

// CODE_IN_NOTE finds what a note shows as code: ASCII-quoted text (a
// command line, an instruction, a directive: shown without its quotes),
// /proc paths, dotted names (syscall.ForkExec, runtime.GC(), worker.go,
// blkio.throttle.read_bps_device), names with an underscore (exit_group,
// CLONE_VFORK, __iomap_dio_rw) and calls such as fork() or clone(SIGCHLD).
const CODE_IN_NOTE = /"([^"\n]+)"|(\/proc(?:\/[\w.]+)*)|\b([A-Za-z_]\w*(?:\.\w+)+(?:\([A-Z]*\))?)|(\b_*[A-Za-z]\w*_\w*)|\b([a-z]\w*\([A-Z]*\))/g;

// noteSegments cuts a note's text into segments {code, text}: code is true
// for what CODE_IN_NOTE finds. Joined, the segments give the text back,
// less the quotes around quoted code.
export function noteSegments(text) {
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

// splitIndent takes a line's leading tabs off its segments (markLine's):
// {tabs, rest}. The page draws the indent apart, so that a long line's
// continuation can be indented from where its code begins.
export function splitIndent(segs) {
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
