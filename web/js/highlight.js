// highlight.js: the editor's colouring (issue 12, part 8). It is pure: it
// splits a text into tokens, either as a scenario (docs/scenario.md) or as
// a Go program (docs/go.md), chosen by the same rule as the server
// (gofront.IsGo: the first word that is not a // comment is "package"),
// renders the tokens as HTML lines for the editor's mirror, and says which
// statement a line holds (for the editor's help line).
//
// DIRECTIVES and STATEMENTS are the first words the scenario parser
// (sim/parse*.go) knows at the top level and inside a block. A Go test
// (lab/highlight_keywords_test.go) reads these two lists from this file's
// text and checks that they equal what sim.Parse accepts, so that a new
// statement cannot be left out here: keep each list on its own lines,
// one quoted word after another.
//
// A token is {k, s}: k its kind ('' plain text, 'kw' a directive or
// statement, 'op' a secondary keyword such as untraced or fetch_add, 'def'
// a name being defined, 'name' any other name, 'num' a number or
// duration, 'str' text (a title or explanation, a Go string or rune),
// 'com' a comment, 'sig' a signal name, 'attr' the key of key=value,
// 'type' a Go type, 'fn' a Go built-in function, 'punct' = and
// operators); s its text. The texts of a text's tokens, in order, are the
// text itself.

import { isGo } from './examples.js';

export { isGo };

export const DIRECTIVES = [
  'title', 'explain', 'cpus', 'quantum', 'pid_max', 'max_tasks', 'seed', 'policy', 'switch_cost',
  'model', 'mlfq', 'cfs', 'var', 'mutex', 'gomutex', 'spinlock', 'ticketlock', 'semaphore', 'cond',
  'chan', 'waitgroup', 'memory', 'pipe', 'fifo', 'mqueue', 'shm', 'socket', 'expect', 'starvation',
  'process', 'program', 'thread',
];

export const STATEMENTS = [
  'compute', 'io', 'disk', 'sleep', 'yield', 'wait', 'fork', 'spawn', 'exec', 'setpgid', 'setsid',
  'subreaper', 'trace', 'cont', 'detach', 'exit', 'kill', 'ignore', 'catch', 'repeat', 'memory',
  'read', 'write', 'syscall', 'socket', 'bind', 'listen', 'accept', 'connect', 'send', 'recv',
  'close', 'shmat', 'shmdt', 'pipe', 'open', 'mq_send', 'mq_receive', 'msgsnd', 'msgrcv', 'end',
  'else', 'if', 'while', 'critical', 'assert', 'lock', 'unlock', 'sem_wait', 'sem_post',
  'cond_wait', 'cond_signal', 'cond_broadcast', 'wg_add', 'wg_done', 'wg_wait', 'atomic_add',
];

// ASSIGN_OPS are the words that may follow "NAME =" (sim/parse_threads.go,
// assignment): NAME = xchg V N, NAME = trylock M, NAME = recv CH, ...
export const ASSIGN_OPS = ['xchg', 'fetch_add', 'cas', 'trylock', 'recv'];

// Secondary keywords: the words a directive or statement takes after its
// first word (policies, models, modifiers, targets, socket kinds, regions).
const OPS = new Set([
  ...ASSIGN_OPS, 'and', 'or', 'untraced', 'continued', 'killable', 'restart', 'parent', 'child',
  'self', 'group', 'to', 'in', 'jobs', 'processes', 'fcfs', 'sjf', 'srtf', 'rr', 'priority',
  'priority-preemptive', 'hrrn', 'lottery', 'stride', 'mlfq', 'cfs', 'yes', 'no', 'en:', 'zh:',
  'unix', 'af_unix', 'local', 'inet', 'af_inet', 'inet6', 'af_inet6', 'stream', 'sock_stream',
  'dgram', 'sock_dgram', 'seqpacket', 'sock_seqpacket', 'raw', 'sock_raw', 'tcp', 'udp',
  'ipproto_tcp', 'ipproto_udp', 'text', 'data', 'heap', 'stack', 'posix', 'sysv',
]);

const DIRECTIVE_SET = new Set(DIRECTIVES);
const STATEMENT_SET = new Set(STATEMENTS);
// The directives whose second word is the name they define.
const DEFINES = new Set(['process', 'program', 'thread', 'var', 'mutex', 'gomutex', 'spinlock',
  'ticketlock', 'semaphore', 'cond', 'chan', 'waitgroup', 'pipe', 'fifo', 'mqueue', 'shm', 'socket']);

// langOf is 'go' or 'scenario': what the server reads text as.
export function langOf(text) {
  return isGo(text) ? 'go' : 'scenario';
}

// tokenize splits text into tokens, as lang ('go' or 'scenario'; default:
// chosen by langOf).
export function tokenize(text, lang = langOf(text)) {
  const s = String(text ?? '');
  return lang === 'go' ? tokenizeGo(s) : tokenizeScenario(s);
}

// ---- the scenario language -------------------------------------------------

function tokenizeScenario(text) {
  const out = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    scenarioLine(line, out);
    if (i < lines.length - 1) out.push({ k: '', s: '\n' });
  });
  return out;
}

// scenarioLine adds the tokens of one line (without its newline) to out.
function scenarioLine(line, out) {
  const words = []; // [start, end) of each word before the comment
  let i = 0;
  let comment = -1;
  while (i < line.length) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '\r')) i++;
    if (i >= line.length) break;
    if (line[i] === '#') { comment = i; break; }
    const a = i;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t' && line[i] !== '\r') i++;
    words.push([a, i]);
  }
  const text = k => line.slice(words[k][0], words[k][1]);
  const top = words.length > 0 && words[0][0] === 0;
  const first = words.length ? text(0) : '';
  // title and explain: everything after "en:" is text, '#' included (the
  // parser keeps it).
  if (top && (first === 'title' || first === 'explain') && words.length >= 2) {
    comment = -1;
    const restAt = words[1][1];
    pushSpaced(out, line, 0, [[0, words[0][1], 'kw'], [words[1][0], restAt, 'op']], restAt);
    if (restAt < line.length) {
      const lead = /^[ \t]*/.exec(line.slice(restAt))[0];
      if (lead) out.push({ k: '', s: lead });
      if (restAt + lead.length < line.length) out.push({ k: 'str', s: line.slice(restAt + lead.length) });
    }
    return;
  }
  const kinds = words.map((_, k) => wordKind(k, text, top, words.length));
  const spans = words.map(([a, b], k) => [a, b, kinds[k]]);
  const end = comment >= 0 ? comment : line.length;
  pushSpaced(out, line, 0, spans, end);
  if (comment >= 0) out.push({ k: 'com', s: line.slice(comment) });
}

// wordKind is the kind of word k of a scenario line.
function wordKind(k, text, top, n) {
  const w = text(k);
  const first = text(0);
  if (k === 0) {
    if (n >= 2 && text(1) === '=') return 'name'; // an assignment's target
    if (top) return DIRECTIVE_SET.has(w) ? 'kw' : 'name';
    return STATEMENT_SET.has(w) ? 'kw' : 'name';
  }
  if (w === '=' || /^(==|!=|<=|>=|<|>|[-+*/%])$/.test(w)) return 'punct';
  if (k === 1 && top && DEFINES.has(first)) return 'def';
  if (/^-?\d+(\.\.\d+)?$/.test(w) || /^\d+(,\d+)+$/.test(w)) return 'num';
  if (/^SIG[A-Z0-9]+$/.test(w)) return 'sig';
  if (/^[a-z_]+=/.test(w)) return 'attr';
  if (OPS.has(w)) return 'op';
  return 'name';
}

// pushSpaced adds to out the words of spans ([start, end, kind], in order)
// of line with the plain text between them, up to end.
function pushSpaced(out, line, from, spans, end) {
  let at = from;
  for (const [a, b, k] of spans) {
    if (a > at) out.push({ k: '', s: line.slice(at, a) });
    if (k === 'attr') {
      const eq = line.indexOf('=', a);
      out.push({ k: 'attr', s: line.slice(a, eq) });
      out.push({ k: 'punct', s: '=' });
      const v = line.slice(eq + 1, b);
      if (v) out.push({ k: /^[\d,.-]+$/.test(v) ? 'num' : OPS.has(v) ? 'op' : 'name', s: v });
    } else {
      out.push({ k, s: line.slice(a, b) });
    }
    at = b;
  }
  if (end > at) out.push({ k: '', s: line.slice(at, end) });
}

// ---- Go --------------------------------------------------------------------

export const GO_KEYWORDS = ['break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else',
  'fallthrough', 'for', 'func', 'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range',
  'return', 'select', 'struct', 'switch', 'type', 'var'];
export const GO_TYPES = ['any', 'bool', 'byte', 'comparable', 'complex64', 'complex128', 'error',
  'float32', 'float64', 'int', 'int8', 'int16', 'int32', 'int64', 'rune', 'string', 'uint', 'uint8',
  'uint16', 'uint32', 'uint64', 'uintptr'];
const GO_BUILTINS = new Set(['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag',
  'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']);
const GO_CONSTS = new Set(['true', 'false', 'nil', 'iota']);
const GO_KW = new Set(GO_KEYWORDS);
const GO_TY = new Set(GO_TYPES);

function tokenizeGo(s) {
  const out = [];
  let i = 0;
  const push = (k, a, b) => {
    const last = out[out.length - 1];
    if (last && last.k === k && k === '') last.s += s.slice(a, b);
    else out.push({ k, s: s.slice(a, b) });
  };
  while (i < s.length) {
    const c = s[i];
    const a = i;
    if (c === '/' && s[i + 1] === '/') {
      while (i < s.length && s[i] !== '\n') i++;
      push('com', a, i);
    } else if (c === '/' && s[i + 1] === '*') {
      const e = s.indexOf('*/', i + 2);
      i = e < 0 ? s.length : e + 2;
      push('com', a, i);
    } else if (c === '"' || c === '\'') {
      i++;
      while (i < s.length && s[i] !== c && s[i] !== '\n') i += s[i] === '\\' ? 2 : 1;
      if (s[i] === c) i++;
      i = Math.min(i, s.length);
      push('str', a, i);
    } else if (c === '`') {
      const e = s.indexOf('`', i + 1);
      i = e < 0 ? s.length : e + 1;
      push('str', a, i);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[i + 1] || ''))) {
      i++;
      while (i < s.length && /[0-9a-zA-Z_.]/.test(s[i])) {
        // An exponent's sign belongs to the number (1e-9, 0x1p+3).
        if ((s[i] === 'e' || s[i] === 'E' || s[i] === 'p' || s[i] === 'P') && (s[i + 1] === '+' || s[i + 1] === '-')) i++;
        i++;
      }
      push('num', a, i);
    } else if (/[A-Za-z_]/.test(c) || c > '\x7f' && /\p{L}/u.test(c)) {
      while (i < s.length && (/[A-Za-z0-9_]/.test(s[i]) || s[i] > '\x7f' && /[\p{L}\p{N}]/u.test(s[i]))) i++;
      const w = s.slice(a, i);
      const k = GO_KW.has(w) ? 'kw' : GO_TY.has(w) ? 'type' : GO_CONSTS.has(w) ? 'num'
        : GO_BUILTINS.has(w) && s[i] === '(' ? 'fn' : 'name';
      push(k, a, i);
    } else if ('+-*/%&|^<>=!:'.includes(c)) {
      while (i < s.length && '+-*/%&|^<>=!:'.includes(s[i]) && !(s[i] === '/' && (s[i + 1] === '/' || s[i + 1] === '*'))) i++;
      push('punct', a, i);
    } else {
      i++;
      push('', a, i);
    }
  }
  return out;
}

// ---- rendering -------------------------------------------------------------

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export function escapeHTML(s) {
  return String(s).replace(/[&<>"]/g, c => ESC[c]);
}

// splitLines cuts tokens at newlines: one array of tokens per line of the
// text (a token that spans lines, a Go block comment, is cut in pieces).
export function splitLines(tokens) {
  const lines = [[]];
  for (const t of tokens) {
    const parts = t.s.split('\n');
    parts.forEach((p, j) => {
      if (j > 0) lines.push([]);
      if (p) lines[lines.length - 1].push({ k: t.k, s: p });
    });
  }
  return lines;
}

// renderLines is the mirror's HTML: one <div class="ed-line"> per line,
// each token of a kind in a <span class="hl-KIND">. mark, when given
// ({line, col}, 1-based, col in UTF-16 units of the line), marks that line
// (class ed-line-err) and underlines the word at col (span.ed-errmark; a
// mark past the line's end underlines a space after it).
export function renderLines(lines, mark) {
  return lines.map((toks, i) => renderLine(toks, mark && mark.line === i + 1 ? mark.col : 0)).join('');
}

// renderLine is one line's <div class="ed-line">; col > 0 marks it as the
// error's line, the word at col underlined.
export function renderLine(toks, col) {
  let body = '';
  if (col > 0) body = markedLine(toks, col);
  else for (const t of toks) body += span(t.k, escapeHTML(t.s));
  return `<div class="ed-line${col > 0 ? ' ed-line-err' : ''}">${body}</div>`;
}

// scenarioLineTokens is the tokens of one line of a scenario (without its
// newline): a scenario's lines are coloured each on its own, so that an
// editor may keep the HTML of the lines that did not change.
export function scenarioLineTokens(line) {
  const out = [];
  scenarioLine(String(line ?? ''), out);
  return out;
}

function span(k, inner) {
  return k ? `<span class="hl-${k}">${inner}</span>` : inner;
}

// markedLine renders one line's tokens with the word at col (1-based)
// wrapped in span.ed-errmark.
function markedLine(toks, col) {
  const text = toks.map(t => t.s).join('');
  let a = Math.max(0, (col || 1) - 1);
  if (a > text.length) a = text.length;
  let b = a;
  while (b < text.length && !/\s/.test(text[b])) b++;
  let html = '';
  let at = 0;
  for (const t of toks) {
    const s0 = at, s1 = at + t.s.length;
    at = s1;
    const pieces = [];
    if (s0 < a) pieces.push([s0, Math.min(s1, a), false]);
    if (s1 > a && s0 < b) pieces.push([Math.max(s0, a), Math.min(s1, b), true]);
    if (s1 > b) pieces.push([Math.max(s0, b), s1, false]);
    for (const [x, y, m] of pieces) {
      if (y <= x) continue;
      const inner = span(t.k, escapeHTML(text.slice(x, y)));
      html += m ? `<span class="ed-errmark">${inner}</span>` : inner;
    }
  }
  if (a === b) html += '<span class="ed-errmark ed-errmark-end"> </span>';
  return html;
}

// ---- what a line says ------------------------------------------------------

// lineAt is the 1-based number of the line that holds offset (a caret
// position, in UTF-16 units) of text.
export function lineAt(text, offset) {
  const s = String(text ?? '');
  const end = Math.max(0, Math.min(offset, s.length));
  let n = 1;
  for (let i = 0; i < end; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

// statementAt says which directive or statement line `line` (1-based) of
// a scenario holds: {key, word} where key names its help entry in
// i18n-editor.js (d.WORD for a directive in column 1, s.WORD for a
// statement; an assignment is s.= or, for NAME = OP ..., s.OP, with
// s.recv= for a channel's receive) and word is the word said. It is null
// for a blank line, a comment, a word the parser does not know, or a Go
// program.
export function statementAt(text, line) {
  const l = lineWords(text, line);
  if (!l) return null;
  const { words, top } = l;
  const w = words[0];
  if (words[1] === '=') {
    if (top) return null;
    const op = words[2];
    if (!ASSIGN_OPS.includes(op)) return { key: 's.=', word: '=' };
    return { key: op === 'recv' ? 's.recv=' : `s.${op}`, word: op };
  }
  if (top && DIRECTIVE_SET.has(w)) return { key: `d.${w}`, word: w };
  if (!top && STATEMENT_SET.has(w)) return { key: `s.${w}`, word: w };
  return null;
}

// misplaced says why a line that statementAt does not know is not known,
// when its first word is a keyword in the other column: 'indent' for a
// statement written in column 1 (it belongs to a process's program),
// 'outdent' for a directive that is indented; else ''.
export function misplaced(text, line) {
  const l = lineWords(text, line);
  if (!l) return '';
  const w = l.words[0], top = l.top;
  if (top && STATEMENT_SET.has(w)) return 'indent';
  if (!top && DIRECTIVE_SET.has(w)) return 'outdent';
  return '';
}

// lineWords splits line (1-based) of a scenario into its words, comments
// left out, and says whether it starts in column 1 (top); null for a Go
// program, a line past the end or a line with no word.
function lineWords(text, line) {
  const s = String(text ?? '');
  if (isGo(s)) return null;
  const raw = s.split('\n')[line - 1];
  if (raw === undefined) return null;
  const words = raw.replace(/#.*$/, '').split(/[ \t\r]+/).filter(Boolean);
  if (!words.length) return null;
  return { words, top: !/^[ \t]/.test(raw) };
}
