import test from 'node:test';
import assert from 'node:assert/strict';
import { lazyObject, lazyModule, settled, WAKE, wakeWith } from './lazy.js';

// fakeView records the calls made on the object a lazily loaded module
// makes; its lesson() answers the last lesson opened.
function fakeView(log) {
  let lesson = '';
  return {
    show() { log.push('show'); },
    hide() { log.push('hide'); },
    openLesson(id) { log.push(`open ${id}`); lesson = id; },
    lesson() { return lesson; },
    route(hash) { log.push(`route ${hash}`); return true; },
  };
}

// deferred is a promise with its resolve and reject, for a load that ends
// when the test says.
function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

function stand(log, load) {
  return lazyObject({
    load,
    make: m => { log.push(`make ${m.name}`); return fakeView(log); },
    idle: { show: () => WAKE, openLesson: () => WAKE, lesson: () => '', route: h => (h === '#x' ? wakeWith(true) : false) },
  });
}

test('before it is needed the view answers from its idle table and loads nothing', () => {
  const log = [];
  let loads = 0;
  const v = stand(log, async () => { loads++; return { name: 'm' }; });
  const tests = [
    { call: () => v.lesson(), want: '' },
    { call: () => v.hide(), want: undefined }, // not in the table: nothing to do
    { call: () => v.route('#y'), want: false },
  ];
  for (const tc of tests) assert.equal(tc.call(), tc.want);
  assert.equal(loads, 0);
  assert.deepEqual(log, []);
  assert.equal(v.then, undefined, 'a stand-in is not a promise');
});

test('a waking call loads the module once and every call made meanwhile is replayed in order', async () => {
  const log = [];
  const d = deferred();
  let loads = 0;
  const v = stand(log, () => { loads++; return d.promise; });
  assert.equal(v.show(), undefined);
  v.openLesson('mlfq');
  v.hide();
  assert.equal(v.lesson(), '', 'the idle answer while loading');
  assert.deepEqual(log, []);
  d.resolve({ name: 'sched' });
  await v.whenLoaded();
  assert.equal(loads, 1);
  assert.deepEqual(log, ['make sched', 'show', 'open mlfq', 'hide']);
  assert.equal(v.lesson(), 'mlfq', 'once made, the real view answers');
  v.show();
  assert.deepEqual(log.slice(-1), ['show']);
});

test('wakeWith answers its value and loads the view', async () => {
  const log = [];
  const v = stand(log, async () => ({ name: 'room' }));
  assert.equal(v.route('#x'), true);
  await settled();
  assert.deepEqual(log, ['make room', 'route #x']);
});

test('a replayed call that throws does not stop the others, and the view is made once', async () => {
  const log = [];
  let makes = 0;
  const v = lazyObject({
    load: async () => ({}),
    make: () => { makes++; return { bad() { throw new Error('bad'); }, show() { log.push('show'); } }; },
    idle: { bad: () => WAKE, show: () => WAKE },
  });
  const errors = [];
  const was = console.error;
  console.error = (...a) => errors.push(a.join(' '));
  try {
    v.bad();
    v.show();
    await v.whenLoaded();
    await v.whenLoaded();
  } finally {
    console.error = was;
  }
  assert.equal(makes, 1);
  assert.deepEqual(log, ['show']);
  assert.equal(errors.length, 1);
});

test('a load that failed is tried again by the next waking call', async () => {
  const log = [];
  let loads = 0;
  const v = stand(log, async () => { loads++; if (loads === 1) throw new Error('offline'); return { name: 'live' }; });
  await assert.rejects(v.whenLoaded(), /offline/);
  v.show();
  await v.whenLoaded();
  assert.equal(loads, 2);
  assert.deepEqual(log, ['make live', 'show']);
});

test('settled waits for every load under way', async () => {
  const d = deferred();
  const get = lazyModule(() => d.promise, m => m * 2);
  const p = get();
  assert.equal(get(), p, 'one load for any number of calls');
  let done = false;
  const s = settled().then(() => { done = true; });
  await Promise.resolve();
  assert.equal(done, false);
  d.resolve(21);
  await s;
  assert.equal(done, true);
  assert.equal(await p, 42);
});
