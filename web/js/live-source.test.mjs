import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { NOTES, MARKS, normalizeSource, splitLines, runFile, lineFuncs, tokenizeGo, markLine, noteSegments, splitIndent } from './live-source.js';
import { catalogs } from './i18n.js';
import './i18n-live.js'; // the live lab's strings load with it (issue 14, part 6)

// The live package's Go files, as on disk: what the server embeds.
const liveDir = new URL('../../live/', import.meta.url);
const goFiles = readdirSync(liveDir).filter(f => f.endsWith('.go') && !f.endsWith('_test.go'))
  .map(name => ({ name, text: readFileSync(new URL(name, liveDir), 'utf8') }));

const WORKLOADS = ['cpu', 'sleep', 'exit', 'pipe', 'forker', 'orphans', 'vfork', 'diskread', 'race', 'cow', 'socket', 'signals',
  'fifo', 'mqueue', 'shmsem', 'tcp', 'udp',
  'gosignals', 'syscalls', 'pids', 'pingpong']; // the last line: live-sys (issue 11, part 5)

test('tokenizing gives every line of the real Go files back, exactly', () => {
  assert.ok(goFiles.length >= 6, 'the live package\'s files are found');
  for (const f of goFiles) {
    const lines = tokenizeGo(f.text);
    const want = splitLines(f.text);
    assert.equal(lines.length, want.length, `${f.name}: number of lines`);
    lines.forEach((toks, i) => assert.equal(toks.map(([, s]) => s).join(''), want[i], `${f.name}:${i + 1}`));
  }
});

test('tokens have the kind of Go text they are', () => {
  const kinds = line => tokenizeGo(line)[0].filter(([k]) => k).map(([k, s]) => `${k}:${s}`);
  const cases = [
    ['func runSignals(a []int64) error {', ['kw:func', 'id:runSignals', 'id:a', 'type:int64', 'type:error']],
    ['\tch := make(chan os.Signal, 8) // room for 8', ['id:ch', 'bi:make', 'kw:chan', 'id:os', 'id:Signal', 'num:8', 'com:// room for 8']],
    ['//go:nosplit', ['dir://go:nosplit']],
    ['// go:nosplit is a comment here', ['com:// go:nosplit is a comment here']],
    ['s := "a \\"quoted\\" // not a comment"', ['id:s', 'str:"a \\"quoted\\" // not a comment"']],
    ["r := '\\n' + x / 2", ['id:r', "str:'\\n'", 'id:x', 'num:2']],
    ['n := 1 << 20 + 0x1f + 1e6 + .5', ['id:n', 'num:1', 'num:20', 'num:0x1f', 'num:1e6', 'num:.5']],
  ];
  for (const [src, want] of cases) assert.deepEqual(kinds(src), want, src);
});

test('block comments and raw strings may span lines', () => {
  const lines = tokenizeGo('a /* one\ntwo */ b\nc := `x\ny`\n');
  assert.equal(lines.length, 4);
  assert.deepEqual(lines[0], [['id', 'a'], ['', ' '], ['com', '/* one']]);
  assert.deepEqual(lines[1], [['com', 'two */'], ['', ' '], ['id', 'b']]);
  assert.deepEqual(lines[2].at(-1), ['str', '`x']);
  assert.deepEqual(lines[3], [['str', 'y`']]);
  assert.deepEqual(tokenizeGo(''), [[]]);
  assert.deepEqual(tokenizeGo('x\n\ny'), [[['id', 'x']], [], [['id', 'y']]]);
});

test('marks fall on whole names in code and directives, never in comments or strings', () => {
  const marked = (line, marks) => markLine(tokenizeGo(line)[0], marks).filter(s => s.mark).map(s => s.text).join('|');
  assert.equal(marked('\tsignal.Notify(ch, syscall.SIGUSR1)', ['signal.Notify']), 'signal|.|Notify');
  assert.equal(marked('// before signal.Notify, the Go runtime', ['signal.Notify']), '');
  assert.equal(marked('x := "signal.Notify"', ['signal.Notify']), '');
  assert.equal(marked('\tunlock(lk); lock(lk)', ['lock']), 'lock');
  assert.equal(marked('\tos.ExitCode(); os.Exit(1)', ['os.Exit']), 'os|.|Exit');
  assert.equal(marked('//go:nosplit', ['go:nosplit']), 'go:nosplit');
  assert.equal(marked('r1, _, e := syscall.RawSyscall6(syscall.SYS_CLONE, flags, 0)', ['syscall.SYS_CLONE', 'syscall.RawSyscall6']), 'syscall|.|RawSyscall6|syscall|.|SYS_CLONE');
  // The segments still give the line back.
  const line = '\tatomic.AddInt64(counter, 1) // atomic.AddInt64';
  assert.equal(markLine(tokenizeGo(line)[0], ['atomic.AddInt64']).map(s => s.text).join(''), line);
  assert.deepEqual(markLine([], ['x']), []);
});

test('every workload has notes with text in both languages, and marks that are in the code', () => {
  assert.deepEqual(Object.keys(NOTES).sort(), [...WORKLOADS].sort());
  assert.deepEqual(Object.keys(MARKS).sort(), [...WORKLOADS].sort());
  for (const lang of ['en', 'zh-CN']) {
    for (const [w, ids] of Object.entries(NOTES)) {
      assert.ok(ids.length, `${w} has a note`);
      for (const id of ids) {
        for (const k of [`live.src.note.${id}`, `live.src.note.${id}.title`]) assert.ok(catalogs[lang][k], `${lang} ${k} (for ${w})`);
      }
    }
  }
  // A mark that the Go code no longer contains (outside comments and
  // strings) would mark nothing: the test finds it.
  for (const [w, marks] of Object.entries(MARKS)) {
    for (const m of marks) {
      const found = goFiles.some(f => tokenizeGo(f.text).some(toks => markLine(toks, [m]).some(s => s.mark)));
      assert.ok(found, `${w}: "${m}" is in no live/*.go file's code`);
    }
  }
});

test('a server answer is checked: bad functions are dropped, garbage is null', () => {
  const text = 'package live\n\n// runX does x.\nfunc runX() {\n}\n';
  const src = normalizeSource({
    workload: 'x', func: 'runX',
    files: [
      { path: 'live/helper.go', text: 'package live\n\nfunc h() {}\n', funcs: [{ name: 'h', role: 'helper', first: 3, last: 3 }] },
      { path: 'live/x.go', text, funcs: [{ name: 'runX', role: 'run', first: 3, last: 5 }, { name: 'far', role: 'helper', first: 4, last: 99 }, { name: 'odd', role: 'boss', first: 1, last: 1 }, null] },
      { path: 'live/bad.go', text: 7 },
    ],
  });
  assert.equal(src.workload, 'x');
  assert.equal(src.files.length, 2);
  assert.equal(src.files[1].name, 'x.go');
  assert.equal(src.files[1].lines.length, 5);
  assert.deepEqual(src.files[1].funcs.map(f => f.name), ['runX']);
  assert.equal(runFile(src), 1);
  const lf = lineFuncs(src.files[1]);
  assert.deepEqual(lf.map(f => (f ? f.name : '')), ['', '', '', 'runX', 'runX', 'runX']);
  for (const bad of [null, 'x', {}, { workload: 'x', files: [] }, { workload: 'x', files: [{ path: 'a', text: 'x'.repeat(300000) }] }]) {
    assert.equal(normalizeSource(bad), null, JSON.stringify(bad)?.slice(0, 40));
  }
  assert.equal(runFile({ files: [{ funcs: [] }] }), 0);
});

test('a note shows quoted text, paths and Go names as code', () => {
  const code = text => noteSegments(text).filter(s => s.code).map(s => s.text);
  assert.deepEqual(code('"signal.Notify(ch, ...)" tells the runtime'), ['signal.Notify(ch, ...)']);
  assert.deepEqual(code('startWorker calls syscall.ForkExec on /proc/self/exe, as "proclab worker NAME ...".'),
    ['syscall.ForkExec', '/proc/self/exe', 'proclab worker NAME ...']);
  assert.deepEqual(code('runtime.GC() did not return. Leaves with exit_group: fork() and clone(SIGCHLD), in __iomap_dio_rw.'),
    ['runtime.GC()', 'exit_group', 'fork()', 'clone(SIGCHLD)', '__iomap_dio_rw']);
  assert.deepEqual(code('规则（blkio.throttle.read_bps_device）只允许；标准库只提供 syscall.ForkExec（fork 与 exec）'),
    ['blkio.throttle.read_bps_device', 'syscall.ForkExec']);
  assert.deepEqual(code('It ends the program. Then SIGUSR1 is caught, on amd64 (D, in kernel_clone).'), ['kernel_clone']);
  const text = 'Go has no fork(): the "x" rule.';
  assert.equal(noteSegments(text).map(s => (s.code && text.includes(`"${s.text}"`) ? `"${s.text}"` : s.text)).join(''), text);
  assert.deepEqual(noteSegments(''), []);
  // Every note of both languages shows some code, and no quote is left.
  for (const lang of ['en', 'zh-CN']) {
    for (const id of new Set(Object.values(NOTES).flat())) {
      const segs = noteSegments(catalogs[lang][`live.src.note.${id}`]);
      assert.ok(segs.some(s => s.code), `${lang} ${id}: no code`);
      assert.ok(!segs.some(s => !s.code && s.text.includes('"')), `${lang} ${id}: a quote left`);
    }
  }
});

test('a line\'s leading tabs are taken apart from its code', () => {
  const split = line => splitIndent(markLine(tokenizeGo(line)[0], ['x']));
  assert.deepEqual(split('\t\tx := 1'), { tabs: 2, rest: markLine(tokenizeGo('x := 1')[0], ['x']) });
  assert.equal(split('func f() {').tabs, 0);
  assert.equal(split('\t\t').tabs, 2);
  assert.deepEqual(split('\t\t').rest, []);
  assert.deepEqual(split('\t  // a comment').rest.map(s => s.text).join(''), '  // a comment');
  assert.deepEqual(splitIndent([]), { tabs: 0, rest: [] });
});
