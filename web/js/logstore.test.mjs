import test from 'node:test';
import assert from 'node:assert/strict';
import { LogStore, logOf, MAX_LOG } from './logstore.js';

// item makes a log item as log.js describeEvents makes them.
function item(step, pid, kind, key, params, weight = 6, cause = '') {
  return { step, pid, kind, cause, key, params, weight };
}

// variety is a run of items of many shapes, n of them over steps of 1 to 3 items.
function variety(n) {
  const out = [];
  for (let i = 0; out.length < n; i++) {
    const step = 1 + Math.floor(i / 2);
    const pid = 2 + (i % 5);
    switch (i % 7) {
      case 0: out.push(item(step, pid, 'state', 'ev.state.dispatch', { p: `P${pid} (w${pid})`, cpu: i % 4, from: 'runnable', to: 'running', cause: 'dispatch' }, 4, 'dispatch')); break;
      case 1: out.push(item(step, pid, 'syscall', 'ev.syscall', { p: `P${pid}`, sys: i % 3 ? 'read' : 'getpid' }, 1)); break;
      case 2: out.push(item(step, pid, 'write', 'ev.write', { p: `t${pid}`, v: 'a', value: -70000 - i, old: 2147483647 }, 6)); break;
      case 3: out.push(item(step, undefined, 'deadlock', 'ev.all', { n: 65535, m: 65536, cpu: '' }, 14)); break;
      case 4: out.push(item(step, pid, 'output', 'ev.output', { p: `P${pid}`, text: `line ${i} of the output` }, 8)); break;
      case 5: out.push(item(step, pid, 'exit', 'ev.exit', { p: `P${pid}`, code: 0, sig: '', none: undefined }, 9)); break;
      default: out.push(item(step, pid, 'state', 'ev.state.io', {}, 6, 'io'));
    }
  }
  return out;
}

// Items a store keeps whole: what its records cannot say exactly.
const odd = [
  { ...item(3, 2, 'race', 'ev.race', { p: 'P2' }, 11), e: { step: 3, kind: 'race', pid: 2, obj: 1 } },
  item(3, 2, 'x', 'ev.x', { f: 0.5 }),
  item(3, 2, 'x', 'ev.x', { b: true }),
  item(3, 2, 'x', 'ev.x', { z: null }),
  item(3, 2, 'x', 'ev.x', { big: 2 ** 40 }),
  item(3, 2, 'x', 'ev.x', { nz: -0 }),
  item(3, 2, 'x', 'ev.x', { o: { a: 1 } }),
  item(3, 2 ** 40, 'x', 'ev.x', {}),
  { step: 3, pid: 2, kind: 'x', cause: '', key: 'ev.x', params: {}, weight: 1, extra: 1 },
  { step: 3, pid: 2, kind: 'x', key: 'ev.x', cause: '', params: {}, weight: 1 }, // another order of its fields
];

test('a store gives back the items pushed into it, field for field, as the ring wraps around', () => {
  const cases = [
    { name: 'not full', max: 50, n: 20 },
    { name: 'full', max: 50, n: 50 },
    { name: 'wrapped', max: 50, n: 173 },
    { name: 'wrapped many times', max: 7, n: 1000 },
    { name: 'one item', max: 1, n: 9 },
  ];
  for (const c of cases) {
    const all = variety(c.n);
    const s = new LogStore(c.max);
    for (const it of all) s.push(it);
    const want = all.slice(-c.max);
    assert.equal(s.length, want.length, `${c.name}: length`);
    assert.deepStrictEqual(s.toArray(), want, `${c.name}: the items`);
    for (let i = 0; i < want.length; i++) assert.equal(s.step(i), want[i].step, `${c.name}: step of item ${i}`);
    // Strings go with the last item that says them.
    const said = new Set(want.flatMap(it => Object.values(it.params).filter(x => typeof x === 'string')));
    assert.equal(s.strIds.size, said.size, `${c.name}: strings kept`);
  }
});

test('reserve makes room at once, and the items pushed before and after come back as they were', () => {
  // Wrapped first (the pool's bytes in use run around its end), then a
  // reserve that reallocates: the two blocks of the ring are copied in order.
  for (const c of [{ max: 50, before: 173, after: 40 }, { max: 3000, before: 0, after: 3000 }, { max: 20, before: 7, after: 100 }, { max: 64, before: 130, after: 0 }]) {
    const all = variety(c.before + c.after);
    const s = new LogStore(c.max);
    for (const it of all.slice(0, c.before)) s.push(it);
    s.reserve(c.after, 64);
    assert.ok(s.cap >= Math.min(c.max, s.length + c.after), `reserve(${c.after}): room for the items`);
    const cap = s.cap, pool = s.pool.length;
    for (const it of all.slice(c.before)) s.push(it);
    if (c.after && c.before + c.after <= c.max) assert.equal(s.cap, cap, 'no reallocation of the slots while the reserved items come');
    if (c.after && c.before === 0) assert.equal(s.pool.length, pool, 'no reallocation of the pool while the reserved items come');
    assert.deepStrictEqual(s.toArray(), all.slice(-c.max), `max ${c.max}, ${c.before} then ${c.after}: the items`);
  }
});

test('items of one key that differ in any part of their shape each come back as they were', () => {
  // One key, and items that differ from the first in one thing only: the
  // kind, the cause, the weight (-0 too), a PID or none, a param's name,
  // the params' order, a param's type (a string, a byte, two bytes, four,
  // undefined), a param more or less. Pushed twice over, so that the
  // second round finds the shapes the first made.
  const k = 'ev.same';
  const shapes = [
    item(1, 2, 'state', k, { p: 'P2', n: 1 }, 4, 'io'),
    item(1, 2, 'exit', k, { p: 'P2', n: 1 }, 4, 'io'),
    item(1, 2, 'state', k, { p: 'P2', n: 1 }, 4, 'quantum'),
    item(1, 2, 'state', k, { p: 'P2', n: 1 }, 5, 'io'),
    item(1, 2, 'state', k, { p: 'P2', n: 1 }, -0, 'io'),
    item(1, 2, 'state', k, { p: 'P2', n: 1 }, 0, 'io'),
    item(1, undefined, 'state', k, { p: 'P2', n: 1 }, 4, 'io'),
    item(1, 2, 'state', k, { q: 'P2', n: 1 }, 4, 'io'),
    item(1, 2, 'state', k, { n: 1, p: 'P2' }, 4, 'io'),
    item(1, 2, 'state', k, { p: 'P2', n: 'one' }, 4, 'io'),
    item(1, 2, 'state', k, { p: 'P2', n: 300 }, 4, 'io'),
    item(1, 2, 'state', k, { p: 'P2', n: -1 }, 4, 'io'),
    item(1, 2, 'state', k, { p: 'P2', n: undefined }, 4, 'io'),
    item(1, 2, 'state', k, { p: 'P2' }, 4, 'io'),
    item(1, 2, 'state', k, { p: 'P2', n: 1, m: 2 }, 4, 'io'),
  ];
  const all = [...shapes, ...shapes].map((it, i) => ({ ...it, step: 1 + i }));
  const s = new LogStore(100);
  for (const it of all) s.push(it);
  assert.deepStrictEqual(s.toArray(), all);
  for (let i = 0; i < all.length; i++) assert.ok(Object.is(s.item(i).weight, all[i].weight), `item ${i}: weight ${all[i].weight}`);
  assert.equal(s.shapeList.length - 1, shapes.length, 'a shape each, made once');
});

test('items a record cannot say exactly are kept whole, in their place', () => {
  const all = [...variety(5), ...odd, ...variety(5)];
  const s = new LogStore(100);
  for (const it of all) s.push(it);
  assert.deepStrictEqual(s.toArray(), all);
  assert.equal(s.whole.size, odd.length, 'kept whole');
  assert.equal(s.item(5), odd[0], 'a whole item is the object pushed');
  assert.deepStrictEqual(s.withEvents(), [odd[0]]);
});

test('itemsAt lists the items of one step', () => {
  const all = variety(40);
  const s = new LogStore(25);
  for (const it of all) s.push(it);
  const kept = all.slice(-25);
  for (const step of [kept[0].step, kept[10].step, kept[24].step, 0, 999]) {
    assert.deepStrictEqual(s.itemsAt(step), kept.filter(it => it.step === step), `step ${step}`);
  }
});

test('a long run keeps the pool of values within a bound', () => {
  const s = new LogStore(30);
  for (const it of variety(20000)) s.push(it);
  // At most 30 items of at most 6 slots, in a pool grown by doubling.
  assert.ok(s.pool.length <= 512, `a pool of ${s.pool.length} slots for 30 items`);
  assert.ok(s.strs.length <= 30 * 5, `${s.strs.length} string slots for 30 items`);
});

test('a clone shares nothing that a change to either changes', () => {
  const all = variety(30);
  const s = new LogStore(10);
  for (const it of all.slice(0, 15)) s.push(it);
  const c = s.clone();
  for (const it of all.slice(15, 22)) s.push(it);
  for (const it of all.slice(22, 30)) c.push(it);
  assert.deepStrictEqual(s.toArray(), all.slice(12, 22));
  assert.deepStrictEqual(c.toArray(), [...all.slice(5, 15), ...all.slice(22, 30)].slice(-10));
});

test('keys name one item of one store while it is kept', () => {
  const s = new LogStore(3);
  for (const it of variety(3)) s.push(it);
  const k = s.key(2);
  for (const it of variety(2)) s.push(it);
  assert.equal(s.key(0), k, 'the item keeps its key as older ones go');
  assert.notEqual(s.clone().key(0), k, 'a clone has keys of its own');
  assert.equal(new Set([0, 1, 2].map(i => s.key(i))).size, 3);
});

test('logOf reads an array of items as a store reads its own', () => {
  const all = [...variety(6), odd[0]];
  const s = new LogStore();
  for (const it of all) s.push(it);
  for (const x of [logOf(all), s]) {
    assert.equal(x.length, all.length);
    assert.deepStrictEqual(x.item(3), all[3]);
    assert.equal(x.step(6), 3);
    assert.deepStrictEqual(x.itemsAt(2), all.filter(it => it.step === 2));
    assert.deepStrictEqual(x.withEvents(), [odd[0]]);
    assert.deepStrictEqual(x.toArray(), all);
  }
  assert.equal(logOf(all).key(2), all[2], 'an array item is its own key');
  assert.equal(logOf(s), s);
  assert.equal(logOf(null).length, 0);
  assert.equal(MAX_LOG, 3000);
});
