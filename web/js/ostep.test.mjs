import test from 'node:test';
import assert from 'node:assert/strict';
import {
  SIMS, SIM_IDS, PRESETS, FLAG_HINTS, SCHED_EXAMPLES, presetsFor, presetById, needsSource, cleanFlags, buildLoad, splitCommand,
  ostepOf, errorLine, importedEditor, mlfqOK, splitThreads, COUNTER_RACE, ATOMIC_COUNTER, SPIN_LOCK,
} from './ostep.js';
import { encodeShare, decodeShare, loadMessage, loadedState } from './share.js';
import { setLimits } from './limits.js';

// A hello's limits, as the server sends them (decodeShare needs them).
setLimits({ message_bytes: 80 << 10, request_bytes: 64 << 10 });
import { resumeMessage } from './conn.js';
import { toWire } from './sched-model.js';
import { catalogs, LANGS } from './i18n.js';

test('the simulators, presets and hints are consistent', () => {
  assert.deepEqual(SIM_IDS, ['process-run', 'x86-intro', 'x86-locks']);
  const ids = new Set();
  for (const p of PRESETS) {
    assert.ok(SIM_IDS.includes(p.sim), p.id);
    assert.ok(!ids.has(p.id), `duplicate preset ${p.id}`);
    ids.add(p.id);
    assert.equal(!!p.source, needsSource(p.sim), `${p.id}: a program exactly for x86`);
    assert.equal(cleanFlags(p.flags), p.flags, `${p.id}: flags are clean`);
    assert.ok(buildLoad(p.sim, p.flags, p.source).ok, `${p.id} builds a load`);
  }
  for (const s of SIM_IDS) {
    assert.ok(presetsFor(s).length >= 2, `${s} has at least two presets`);
    assert.ok(FLAG_HINTS[s].length >= 4, `${s} has flag hints`);
  }
  assert.ok(presetsFor('process-run').length >= 4, 'several process-run flag sets');
  assert.equal(presetById('x-race').source, COUNTER_RACE);
  assert.equal(presetById('nope'), null);
  assert.equal(SIMS.find(s => s.id === 'x86-locks').script, 'x86.py');
});

test('every preset, hint and note has its strings in both languages', () => {
  for (const l of LANGS) {
    for (const p of PRESETS) {
      assert.ok(catalogs[l][`os.pre.${p.id}`], `${l} os.pre.${p.id}`);
      assert.ok(catalogs[l][`os.pre.${p.id}.desc`], `${l} os.pre.${p.id}.desc`);
    }
    for (const hints of Object.values(FLAG_HINTS)) for (const [, key] of hints) assert.ok(catalogs[l][key], `${l} ${key}`);
    for (const e of ['sim', 'source', 'too_long', 'source_too_long']) assert.ok(catalogs[l][`os.err.${e}`], `${l} os.err.${e}`);
  }
});

test('the x86 programs follow x86.py syntax: labels and .var in column 0, one-digit immediates for intro', () => {
  for (const src of [COUNTER_RACE, ATOMIC_COUNTER, SPIN_LOCK]) {
    assert.ok(src.endsWith('\n'));
    for (const raw of src.split('\n')) {
      const line = raw.replace(/#.*/, '');
      if (!line.trim()) continue;
      assert.ok((raw.split('#').length - 1) <= 1, `at most one # in ${raw}`);
      const first = line.trim().split(/\s+/)[0];
      if (first.startsWith('.')) assert.equal(line[0], '.', `label or .var in column 0: ${raw}`);
    }
    assert.match(src, /^halt$/m);
  }
  for (const imm of COUNTER_RACE.match(/\$-?\d+/g)) assert.match(imm, /^\$\d$/, 'the intro version takes one-digit immediates');
  assert.match(COUNTER_RACE, /^\.var count$/m);
  assert.match(COUNTER_RACE, /mov count, %ax/);
  assert.match(COUNTER_RACE, /mov %ax, count/);
  assert.match(COUNTER_RACE, /jgt \.top/);
});

test('cleanFlags drops a pasted script name and extra blanks', () => {
  assert.equal(cleanFlags('  -l 5:50,5:50   -s 1 '), '-l 5:50,5:50 -s 1');
  assert.equal(cleanFlags('./process-run.py -l 1:0 -c'), '-l 1:0 -c');
  assert.equal(cleanFlags('python3 ./x86.py -t 2'), '-t 2');
  assert.equal(cleanFlags('x86-intro -t 2 -i 2'), '-t 2 -i 2');
  assert.equal(cleanFlags('process-run'), '');
  assert.equal(cleanFlags(undefined), '');
  assert.equal(cleanFlags('-P c3,i,c2:c4'), '-P c3,i,c2:c4');
});

test('buildLoad makes the load command, with the program for x86', () => {
  assert.deepEqual(buildLoad('process-run', '-l 5:50,5:50 -s 1'), { ok: true, msg: { v: 1, type: 'load', ostep: 'process-run -l 5:50,5:50 -s 1' } });
  assert.deepEqual(buildLoad('process-run', ''), { ok: true, msg: { v: 1, type: 'load', ostep: 'process-run' } });
  assert.deepEqual(buildLoad('x86-intro', '-t 2 -i 2', COUNTER_RACE), { ok: true, msg: { v: 1, type: 'load', ostep: 'x86-intro -t 2 -i 2', source: COUNTER_RACE } });
  assert.deepEqual(buildLoad('x86-locks', '-t 2', '   \n'), { ok: false, error: 'source' });
  assert.deepEqual(buildLoad('fork', '-s 1'), { ok: false, error: 'sim' });
  const limits = { ostep_args_bytes: 1024, x86_source_bytes: 16 << 10 };
  assert.deepEqual(buildLoad('process-run', '-l ' + '1:1,'.repeat(300), '', limits),
    { ok: false, error: 'too_long', over: { limit: 'ostep_args_bytes', size: 1215, max: 1024, over: 191 } });
  assert.deepEqual(buildLoad('x86-intro', '', 'x'.repeat((16 << 10) + 1), limits),
    { ok: false, error: 'source_too_long', over: { limit: 'x86_source_bytes', size: 16385, max: 16384, over: 1 } });
  assert.equal(buildLoad('x86-intro', '', '进'.repeat(6000), limits).error, 'source_too_long', 'bytes of UTF-8, not characters');
  assert.equal(buildLoad('process-run', '-l ' + '1:1,'.repeat(300), '', {}).ok, true, 'before the hello the server judges');
  assert.equal(buildLoad('process-run', '-l 1:0', 'ignored').msg.source, undefined, 'process-run sends no program');
});

test('splitCommand reads a command back', () => {
  assert.deepEqual(splitCommand('x86-locks -t 2 -i 3'), { sim: 'x86-locks', flags: '-t 2 -i 3' });
  assert.deepEqual(splitCommand('process-run.py -l 1:0'), { sim: 'process-run', flags: '-l 1:0' });
  assert.deepEqual(splitCommand('x86-intro'), { sim: 'x86-intro', flags: '' });
  assert.deepEqual(splitCommand('-l 1:0'), { sim: 'process-run', flags: '-l 1:0' });
});

test('ostepOf takes the command and program from the load that opened the run', () => {
  const loaded = { lesson: '', scenario: 'ostep x86-intro -t 2 -i 2' };
  assert.deepEqual(ostepOf(loaded, { ostep: 'x86-intro -t 2  -i 2', source: 'halt\n' }), { ostep: 'x86-intro -t 2  -i 2', source: 'halt\n' });
  assert.deepEqual(ostepOf({ scenario: 'ostep process-run -l 1:0' }, null), { ostep: 'process-run -l 1:0' });
  assert.equal(ostepOf(loaded, null), null, 'an x86 run without its program cannot be reopened');
  assert.equal(ostepOf({ lesson: 'zombies', scenario: 'ostep x' }, { ostep: 'process-run' }), null);
  assert.equal(ostepOf({ scenario: 'process a\n' }, { ostep: 'process-run' }), null, 'a scenario is not an OSTEP run');
  assert.equal(ostepOf(null, null), null);
});

test('an OSTEP run travels in a share link and reopens at the same step', async () => {
  const loaded = { lesson: '', scenario: 'ostep x86-intro -t 2 -i 2', seed: 0, choices: [], ostep: 'x86-intro -t 2 -i 2', source: COUNTER_RACE, picker: 'policy' };
  const st = loadedState(loaded, 9);
  assert.deepEqual(st, { ostep: 'x86-intro -t 2 -i 2', source: COUNTER_RACE, step: 9 });
  const h = await encodeShare(st);
  const d = await decodeShare(h);
  assert.deepEqual(d, { ok: true, state: { ...st, semantics: 1 } });
  assert.deepEqual(loadMessage(d.state), { v: 1, type: 'load', ostep: 'x86-intro -t 2 -i 2', source: COUNTER_RACE, step: 9, semantics: 1 });
  const pr = await decodeShare(await encodeShare(loadedState({ scenario: 'ostep process-run -l 1:0', ostep: 'process-run -l 1:0' }, 3)));
  assert.deepEqual(loadMessage(pr.state), { v: 1, type: 'load', ostep: 'process-run -l 1:0', step: 3, semantics: 1 });
  // A reconnect sends the same load.
  assert.deepEqual(resumeMessage(null, loaded, 4), { v: 1, type: 'load', ostep: 'x86-intro -t 2 -i 2', source: COUNTER_RACE, step: 4 });
});

test('old links still open and broken OSTEP links are refused', async () => {
  const raw = async o => {
    const bytes = new TextEncoder().encode(JSON.stringify(o));
    const s = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const b = new Uint8Array(await new Response(s).arrayBuffer());
    return '#s=1.' + btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  assert.deepEqual(await decodeShare(await raw({ l: 'zombies', n: 4 })), { ok: true, state: { lesson: 'zombies', step: 4, semantics: 1 } });
  assert.deepEqual(await decodeShare(await raw({ s: 'process a\n', n: 0 })), { ok: true, state: { scenario: 'process a\n', step: 0, semantics: 1 } });
  // Sizes are not judged here: the load is measured against the hello's
  // limits when it is sent (limits.test.mjs).
  for (const bad of [{ o: '' }, { o: 5 }, { o: 'x86-intro', src: 7 }, { o: 'process-run', n: -1 }, { o: 'process-run', e: 0 }]) {
    assert.equal((await decodeShare(await raw(bad))).ok, false, JSON.stringify(bad).slice(0, 60));
  }
  // A lesson wins over a stray OSTEP field.
  assert.deepEqual(await decodeShare(await raw({ l: 'rr', o: 'process-run', n: 1 })), { ok: true, state: { lesson: 'rr', step: 1, semantics: 1 } });
});

test('importedEditor turns the import answer into the editor state', () => {
  const rr = importedEditor({ io_reset: false, run: { policy: 'rr', quantum: 2 }, workload: { cpus: 1, switch_cost: 0, jobs: [
    { name: 'J0', arrival: 0, bursts: [3], priority: 0 }, { name: 'J1', arrival: 0, bursts: [5], priority: 0 }, { name: 'J2', arrival: 0, bursts: [1], priority: 0 }] } });
  assert.deepEqual(rr, { ok: true, policy: 'rr', quantum: 2, clamped: false, ioReset: false, ed: { cpus: 1, switchCost: 0, quantum: 2, jobs: [
    { name: 'J0', arrival: 0, bursts: '3', priority: 0, tickets: 100, nice: 0 },
    { name: 'J1', arrival: 0, bursts: '5', priority: 0, tickets: 100, nice: 0 },
    { name: 'J2', arrival: 0, bursts: '1', priority: 0, tickets: 100, nice: 0 }] } });
  assert.deepEqual(toWire(rr.ed).workload.jobs.map(j => j.bursts), [[3], [5], [1]]);

  const ml = importedEditor({ io_reset: true, run: { policy: 'mlfq', quantum: 50 }, workload: { cpus: 1, switch_cost: 0,
    jobs: [{ name: 'J0', arrival: 0, bursts: [5, 3, 5], priority: 0 }, { name: 'J1', arrival: 4, bursts: [10], priority: 0 }],
    mlfq: { quanta: [2, 4, 8], allot: [1, 1, 1], boost: 30 } } }, { sched_quantum: 20 });
  assert.equal(ml.ok, true);
  assert.equal(ml.ed.jobs[0].bursts, '5 io3 5');
  assert.equal(ml.ed.jobs[1].arrival, 4);
  assert.equal(ml.quantum, 20);
  assert.equal(ml.clamped, true);
  assert.equal(ml.ioReset, true);
  assert.deepEqual(ml.ed.mlfq, { quanta: [2, 4, 8], allot: [1, 1, 1], boost: 30 });
  assert.deepEqual(toWire(ml.ed).workload.mlfq, { quanta: [2, 4, 8], allot: [1, 1, 1], boost: 30 }, 'the MLFQ levels go to the API');

  const lot = importedEditor({ run: { policy: 'lottery', quantum: 1 }, workload: { cpus: 1, jobs: [{ name: 'J0', arrival: 0, bursts: [10], tickets: 50 }] } });
  assert.equal(lot.ed.jobs[0].tickets, 50);
  assert.equal(lot.ed.quantum, 1);
  const big = importedEditor({ run: { policy: 'rr', quantum: 50 }, workload: { cpus: 1, jobs: [{ name: 'J0', arrival: 0, bursts: [10] }] } }, {});
  assert.equal(big.quantum, 50, 'before the hello the quantum is not clamped');
  assert.equal(big.clamped, false);
  assert.equal(importedEditor({}).ok, false);
  assert.equal(importedEditor({ run: { policy: 'rr' }, workload: { jobs: [] } }).ok, false);
  assert.equal(importedEditor(null).ok, false);
});

test('mlfqOK checks MLFQ levels', () => {
  assert.ok(mlfqOK({ quanta: [10, 10], allot: [1, 1], boost: 0 }));
  assert.ok(!mlfqOK({ quanta: [10, 10], allot: [1], boost: 0 }));
  assert.ok(!mlfqOK({ quanta: [], allot: [], boost: 0 }));
  assert.ok(!mlfqOK({ quanta: [0], allot: [1] }));
  assert.ok(!mlfqOK(null));
});

test('scheduling links keep imported MLFQ levels; old ones still open', async () => {
  const base = { mode: 'run', policy: 'mlfq', compare: [], manualPolicy: 'fcfs', choices: [], time: 3 };
  const ed = { cpus: 1, switchCost: 0, quantum: 10, jobs: [{ name: 'J0', arrival: 0, bursts: '50', priority: 0, tickets: 100, nice: 0 }], mlfq: { quanta: [10, 10, 10], allot: [1, 1, 1], boost: 50 } };
  const d = await decodeShare(await encodeShare({ view: 'sched', sched: { ...base, ed } }));
  assert.equal(d.ok, true);
  assert.deepEqual(d.state.sched.ed, ed);
  const { mlfq, ...plain } = ed;
  void mlfq;
  const d2 = await decodeShare(await encodeShare({ view: 'sched', sched: { ...base, ed: plain } }));
  assert.deepEqual(d2.state.sched.ed, plain);
  assert.equal('mlfq' in d2.state.sched.ed, false);
});

test('the scheduling import examples name the three simulators', () => {
  for (const sim of ['scheduler.py', 'mlfq.py', 'lottery.py']) assert.ok(SCHED_EXAMPLES.some(c => c.startsWith(sim)), sim);
  assert.ok(SCHED_EXAMPLES.includes('scheduler.py -p RR -q 2 -l 3,5,1'));
});

test('errorLine finds the line an x86.py error names', () => {
  assert.equal(errorLine('x86.py: error: program: line 3: illegal opcode "frob"'), 3);
  assert.equal(errorLine('bad process'), 0);
  assert.equal(errorLine(undefined), 0);
});

test('splitThreads gives each x86 thread its own pane', () => {
  const programs = [{ name: 'x86', thread: true, locals: ['ax'], code: [{ line: 5, text: 'halt', index: 0 }] }];
  const view = { step: 3, tasks: [{ pid: 1, program: -1, name: 'init' }, { pid: 3, program: 0, name: 'T1' }, { pid: 2, program: 0, name: 'T0' }] };
  const got = splitThreads(programs, view);
  assert.deepEqual(got.programs.map(p => p.name), ['T0', 'T1']);
  assert.ok(got.programs.every(p => p.thread && p.code === programs[0].code));
  assert.deepEqual(got.view.tasks.map(x => `${x.pid}:${x.program}`), ['1:-1', '3:1', '2:0']);
  assert.equal(got.view.step, 3);
  assert.equal(view.tasks[1].program, 0, 'the view is not changed');
  // process-run (no thread programs) and one task per thread stay as they are.
  const pr = [{ name: 'proc0', code: [] }, { name: 'proc1', code: [] }];
  const v2 = { tasks: [{ pid: 2, program: 0 }, { pid: 3, program: 1 }] };
  assert.equal(splitThreads(pr, v2).programs, pr);
  const one = splitThreads(programs, { tasks: [{ pid: 2, program: 0, name: 'T0' }] });
  assert.equal(one.programs, programs);
  assert.deepEqual(splitThreads(undefined, undefined).programs, []);
});
