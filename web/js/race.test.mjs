import test from 'node:test';
import assert from 'node:assert/strict';
import { describeEvents, fullSentence, sentence } from './log.js';
import { setLang } from './i18n.js';
import { fromSnapshot, applyEvents, declContext } from './fold.js';
import { problemsOf, waitCycle, cycleLayout, expectResults, candidatePids, outcomeRows, violation, isRaceLab, declOf, atEnd } from './race-model.js';
import { encodeShare, decodeShare, loadMessage, loadedState } from './share.js';
import { setLimits } from './limits.js';

// A hello's limits, as the server sends them (decodeShare needs them).
setLimits({ message_bytes: 80 << 10, request_bytes: 64 << 10 });
import { statements } from './code.js';
import { resumeMessage } from './conn.js';

// The lost-update lesson as the server sends it (wire fields that are 0 are omitted).
const programs = [
  { name: 't1', line: 13, thread: true, locals: ['r0', 'r1'], code: [
    { line: 14, text: 'counter = counter + 1', index: 0, micro: 'load counter -> r0' },
    { line: 14, text: 'counter = counter + 1', index: 1, micro: 'r0 = r0 + 1' },
    { line: 14, text: 'counter = counter + 1', index: 2, micro: 'store r0 -> counter' }] },
  { name: 't2', line: 15, thread: true, locals: ['r0', 'r1'], code: [
    { line: 16, text: 'counter = counter + 1', index: 0, micro: 'load counter -> r0' },
    { line: 16, text: 'counter = counter + 1', index: 1, micro: 'r0 = r0 + 1' },
    { line: 16, text: 'counter = counter + 1', index: 2, micro: 'store r0 -> counter' }] },
];
const loaded = { type: 'loaded', lesson: 'lost-update', scenario: 'x', seed: 1, choices: [], total: 6, cpus: 1, policy: 'rr', quantum: 1,
  programs, vars: [{ name: 'counter', init: 0 }], objects: [], expects: ['counter == 2'], manual: false, interleave: false, picker: 'policy' };
const decl = declOf(loaded);
const init = { pid: 1, ppid: 0, name: 'init', program: -1, state: 'sleeping', cpu: -1, wait_obj: -1 };
const ev6 = [
  { step: 6, kind: 'write', pid: 3, cpu: 0, value: 1, arg: 1 },
  { step: 6, kind: 'race', pid: 3, other: 2, cpu: 0, value: 5, arg: 3 },
  { step: 6, kind: 'lost_update', pid: 3, other: 2, cpu: 0, value: 5, arg: 2 },
  { step: 6, kind: 'expect_failed', pid: 0, cpu: -1, value: 1 },
];
const names = { 1: 'init', 2: 't1', 3: 't2' };
const ctx = declContext(decl, { name: p => names[p], parent: () => 1, program: i => programs[i]?.name });

test('the race lab is shown for threads, variables or objects only', () => {
  assert.ok(isRaceLab(loaded));
  assert.ok(!isRaceLab({ programs: [{ name: 'shell', code: [] }], vars: [], objects: [] }));
  assert.ok(!isRaceLab(null));
});

test('lost update, data race and expectation in words, English and Chinese', () => {
  setLang('en');
  const items = describeEvents(ev6, ctx);
  assert.deepEqual(items.map(i => i.kind), ['write', 'race', 'lost_update', 'expect_failed']);
  assert.deepEqual(items.map(sentence), [
    't2 writes counter = 1 (it was 1)',
    'DATA RACE on counter: write by t2 at step 6, previous write by t1 at step 5; not ordered by happens-before',
    't2’s store of counter at step 6 overwrote t1’s store of step 5; t2 had read counter at step 2, before t1’s store: one update is lost',
    'expectation 1 failed: counter == 2 does not hold, counter is 1',
  ]);
  setLang('zh-CN');
  const zh = describeEvents(ev6, ctx).map(fullSentence);
  assert.equal(zh[2], '第 6 步：t2 在第 6 步对 counter 的写入覆盖了 t1 在第 5 步的写入；t2 在第 2 步（t1 写入之前）读取了 counter：一次更新丢失了');
  assert.equal(zh[1], '第 6 步：数据竞争：t2 在第 6 步写了 counter，t1 在第 5 步写过它，二者之间没有先行发生（happens-before）关系');
  setLang('en');
});

test('a read racing with a later write, as Go reports it', () => {
  setLang('en');
  const [it] = describeEvents([{ step: 5, kind: 'race', pid: 2, other: 3, cpu: 0, value: 2, arg: 1 }], ctx);
  assert.equal(sentence(it), 'DATA RACE on counter: write by t1 at step 5, previous read by t2 at step 2; not ordered by happens-before');
});

test('lock contention and blocking make one sentence, with the holder since when', () => {
  setLang('en');
  const d = { vars: [], objects: [{ name: 'm', kind: 'mutex' }] };
  const c = declContext(d, { name: p => names[p], parent: () => 1, program: () => '', heldSince: () => 1 });
  const items = describeEvents([
    { step: 2, kind: 'lock_contend', pid: 3, other: 2, cpu: 0 },
    { step: 2, kind: 'state', pid: 3, other: 2, cpu: 0, from: 'running', to: 'sleeping', cause: 'lock' },
  ], c);
  assert.deepEqual(items.map(sentence), ['t2 blocks (S) on mutex m, held by t1 since step 1']);
  const spin = describeEvents([{ step: 3, kind: 'spin', pid: 3, other: 2, cpu: 0 }], declContext({ objects: [{ name: 's', kind: 'spinlock' }] }, c));
  assert.match(sentence(spin[0]), /t2 tries spinlock s, held by t1: it fails and spins/);
});

test('the fold keeps variables, the writes of the step, lock waits and spins', () => {
  const snap = {
    type: 'snapshot', step: 0, total: 6, base: { step: 0, tasks: [init], cpus: [0] }, events: [], tasks: [init], cpus: [0], vars: [0],
  };
  let v = fromSnapshot(snap, programs, decl);
  assert.deepEqual(v.vars, [0]);
  v = applyEvents(v, { type: 'events', step: 1, events: [
    { step: 1, kind: 'created', pid: 2, other: 1, cpu: -1, cause: 'arrival' },
    { step: 1, kind: 'state', pid: 2, cpu: -1, from: 'none', to: 'runnable', cause: 'arrival' },
    { step: 1, kind: 'created', pid: 3, other: 1, cpu: -1, cause: 'arrival', value: 1 },
    { step: 1, kind: 'state', pid: 3, cpu: -1, from: 'none', to: 'runnable', cause: 'arrival' },
    { step: 1, kind: 'switch', pid: 2, cpu: 0 },
    { step: 1, kind: 'state', pid: 2, cpu: 0, from: 'runnable', to: 'running', cause: 'dispatch' },
    { step: 1, kind: 'write', pid: 2, cpu: 0, value: 1 },
  ], tasks: [init], cpus: [2], vars: [1], objects: [{ holder: 2, waiters: [3] }] }, programs, decl);
  assert.equal(v.names[2], 't1', 'program 0 (its index is omitted on the wire) names the task');
  assert.deepEqual(v.written, [{ obj: 0, pid: 2, value: 1, old: 0 }]);
  assert.deepEqual(v.vars, [1]);
  assert.deepEqual(v.objects[0].waiters, [3]);
  v = applyEvents(v, { type: 'events', step: 2, events: [
    { step: 2, kind: 'spin', pid: 2, other: 4, cpu: 0, obj: 1 },
    { step: 2, kind: 'state', pid: 3, other: 2, cpu: -1, from: 'runnable', to: 'sleeping', cause: 'lock' },
  ], tasks: [init], cpus: [2], vars: [1] }, programs, decl);
  const col = v.columns.last();
  assert.equal(col.task[2].spin, 'lock:1');
  assert.equal(col.task[3].w, 'lock:0');
  assert.deepEqual(v.waits[3], { cause: 'lock', obj: 0, other: 2 });
  assert.deepEqual(v.written, []);
});

test('problems: one per event, the deadlock of a step as one cycle', () => {
  const d = { vars: [], objects: [{ name: 'a', kind: 'mutex' }, { name: 'b', kind: 'mutex' }] };
  const c = declContext(d, { name: p => names[p], parent: () => 1, program: () => '' });
  const log = describeEvents([
    { step: 6, kind: 'lock_contend', pid: 3, other: 2, cpu: 0 },
    { step: 6, kind: 'deadlock', pid: 3, other: 2, cpu: -1, arg: 2 },
    { step: 6, kind: 'deadlock', pid: 2, other: 3, cpu: -1, obj: 1, arg: 2 },
  ], c).concat(describeEvents(ev6, ctx));
  const ps = problemsOf(log);
  assert.deepEqual(ps.map(p => `${p.kind}@${p.step}`), ['deadlock@6', 'race@6', 'lost_update@6', 'expect_failed@6']);
  assert.deepEqual(ps[0].cycle.map(e => `${e.pid}-${e.obj}-${e.holder}`), ['2-1-3', '3-0-2']);
  setLang('en');
  assert.equal(sentence(ps[0].items[0]), 'deadlock: t2 waits for a held by t1 — a wait-for cycle of 2 threads');
});

test('the wait-for cycle: order, edges off the cycle, layout', () => {
  assert.deepEqual(waitCycle([{ pid: 5, obj: 0, holder: 4 }, { pid: 4, obj: 1, holder: 6 }, { pid: 6, obj: 2, holder: 5 }]).map(e => e.pid), [4, 6, 5]);
  assert.deepEqual(waitCycle([{ pid: 7, obj: 0, holder: 2 }, { pid: 2, obj: 1, holder: 3 }, { pid: 3, obj: 0, holder: 2 }]).map(e => e.pid), [2, 3]);
  assert.deepEqual(waitCycle([{ pid: 2, obj: 0, holder: 0 }]), []);
  const lay = cycleLayout([{ pid: 2, obj: 1, holder: 3 }, { pid: 3, obj: 0, holder: 2 }], 300);
  assert.deepEqual(lay.nodes.map(n => `${n.type}:${n.id}`), ['thread:2', 'lock:1', 'thread:3', 'lock:0']);
  assert.deepEqual(lay.edges.map(e => `${e.from}>${e.to}:${e.rel}`), ['0>1:waits', '1>2:held', '2>3:waits', '3>0:held']);
  assert.deepEqual([lay.nodes[0].x, lay.nodes[0].y], [150, 42]); // top
  assert.deepEqual([lay.nodes[2].x, lay.nodes[2].y], [150, 258]); // bottom
  for (const n of lay.nodes) assert.ok(n.x >= 0 && n.x <= 300 && n.y >= 0 && n.y <= 300);
});

test('expectations: pending until the end, then pass or fail', () => {
  const log = describeEvents(ev6, ctx);
  assert.deepEqual(expectResults(loaded, { step: 6, total: 6, log, decision: null }), ['fail']);
  assert.deepEqual(expectResults(loaded, { step: 6, total: 6, log: [], decision: null }), ['pass']);
  assert.deepEqual(expectResults(loaded, { step: 3, total: 6, log: [], decision: null }), ['pending']);
  assert.ok(!atEnd({ step: 3, total: 3, decision: { candidates: ['t1'] } }), 'a manual run waiting for a decision has not ended');
});

test('manual candidates: names paired with the PIDs the server sends', () => {
  assert.deepEqual(candidatePids({ candidates: ['t2', 't1'], pids: [3, 2] }), [{ name: 't2', pid: 3 }, { name: 't1', pid: 2 }]);
  assert.deepEqual(candidatePids(null), []);
});

test('explore rows: variables in declaration order, violations read', () => {
  const ex = { outcomes: [
    { vars: { b: 1, counter: 2 }, violations: [], schedules: 2, witness: [2, 2, 2] },
    { vars: { counter: 1, b: 0 }, violations: ['expect_failed:counter == 2', 'cs_violation'], schedules: 18, witness: [2, 2, 3, 2] },
  ], states: 9, complete: true, cycles: false };
  const rows = outcomeRows(ex, { vars: [{ name: 'counter' }, { name: 'b' }] });
  assert.deepEqual(rows[0].vars, [{ name: 'counter', value: 2 }, { name: 'b', value: 1 }]);
  assert.ok(rows[0].ok);
  assert.deepEqual(rows[1].violations, [{ key: 'ex.v.expect_failed', kind: 'expect_failed', x: 'counter == 2' }, { key: 'ex.v.cs_violation', kind: 'cs_violation', x: '' }]);
  assert.equal(rows[1].schedules, 18);
  assert.deepEqual(violation('assert_failed:12'), { key: 'ex.v.assert_failed', kind: 'assert_failed', x: '12' });
});

test('explore rows: only a clean outcome is ok; the right value with a race is racy', () => {
  const ex = { outcomes: [
    { vars: { counter: 2 }, violations: [], schedules: 2, witness: [2, 2, 2], races: ['counter'], lost_updates: [] },
    { vars: { counter: 1 }, violations: ['expect_failed:counter == 2'], schedules: 18, witness: [2, 2, 3, 2], races: ['counter'], lost_updates: ['counter'] },
    { vars: { counter: 2 }, violations: [], schedules: 10, witness: [2, 2, 2, 2, 2], races: [], lost_updates: [] },
  ], states: 13, complete: true, cycles: false };
  const rows = outcomeRows(ex, { vars: [{ name: 'counter' }], expects: ['counter == 2'] });
  assert.deepEqual(rows.map(r => [r.status, r.ok]), [['racy', false], ['bad', false], ['ok', true]]);
  assert.deepEqual([rows[0].races, rows[0].lost], [['counter'], []]);
  assert.deepEqual([rows[1].races, rows[1].lost], [['counter'], ['counter']]);
  assert.ok(rows[0].expects, 'a scenario with expectations: the racy row says "right value, but racy"');
  // An older server sends no race lists: nothing is claimed either way.
  const old = outcomeRows({ outcomes: [{ vars: { c: 1 }, violations: [], schedules: 1, witness: [] }] }, { vars: [{ name: 'c' }] });
  assert.deepEqual([old[0].status, old[0].races, old[0].lost, old[0].expects], ['ok', [], [], false]);
});

test('share links keep the picker, manual and interleave flags and the choices', async () => {
  const st = loadedState({ ...loaded, manual: true, interleave: true, picker: 'random', seed: 7 }, 3, [2, 2, 2]);
  const r = await decodeShare(await encodeShare(st));
  assert.ok(r.ok);
  assert.deepEqual(r.state, { lesson: 'lost-update', seed: 7, choices: [2, 2, 2], step: 3, picker: 'random', manual: true, interleave: true, semantics: 1 });
  assert.deepEqual(loadMessage(r.state), { v: 1, type: 'load', lesson: 'lost-update', seed: 7, choices: [2, 2, 2], picker: 'random', manual: true, interleave: true, step: 3, semantics: 1 });
  const plain = await decodeShare(await encodeShare(loadedState(loaded, 2)));
  assert.deepEqual(plain.state, { lesson: 'lost-update', seed: 1, step: 2, semantics: 1 });
  // A reconnect reopens manual mode with the choices made so far.
  assert.deepEqual(resumeMessage(null, { ...loaded, manual: true, choices: [2] }, 1),
    { v: 1, type: 'load', lesson: 'lost-update', seed: 1, choices: [2], manual: true, step: 1 });
});

test('hostile race-lab share fields are refused', async () => {
  const bad = async o => {
    const json = new TextEncoder().encode(JSON.stringify(o));
    const packed = new Uint8Array(await new Response(new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    let bin = '';
    for (const b of packed) bin += String.fromCharCode(b);
    return decodeShare('#s=1.' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  };
  assert.equal((await bad({ l: 'x', pk: 'evil' })).ok, false);
  assert.equal((await bad({ l: 'x', mn: 'yes' })).ok, false);
  assert.equal((await bad({ l: 'x', il: 1 })).state.interleave, true);
});

test('a thread program folds into statements with their micro-steps', () => {
  const st = statements(programs[0].code.concat([{ line: 15, text: 'x = 1', index: 3, micro: 'store 1 -> x' }]));
  assert.deepEqual(st.map(s => [s.line, s.first, s.micro.length]), [[14, 0, 3], [15, 3, 1]]);
});
