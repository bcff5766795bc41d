import test from 'node:test';
import assert from 'node:assert/strict';
import { retryDelay, resumeMessage, normalizeLessons, LOAD_ERRORS, RETRY_MAX, retryStart, afterClose, closeKey, GIVE_UP_AFTER, onPageLeave } from './conn.js';

test('reconnects back off to a few seconds', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 50].map(retryDelay), [1000, 2000, 4000, 5000, 5000, 5000]);
  assert.equal(retryDelay(-1), 1000);
  assert.equal(retryDelay(undefined), 1000);
  for (let i = 0; i < 100; i++) assert.ok(retryDelay(i) <= RETRY_MAX);
});

test('a reconnect re-sends the lesson at the shown step', () => {
  const loaded = { type: 'loaded', lesson: 'lifecycle', scenario: 'process a\n  compute 1\n', seed: 3, choices: [2, 3], total: 18 };
  assert.deepEqual(resumeMessage(null, loaded, 12),
    { v: 1, type: 'load', lesson: 'lifecycle', seed: 3, choices: [2, 3], step: 12 });
  assert.deepEqual(resumeMessage(null, { ...loaded, seed: 0, choices: [] }, 0), { v: 1, type: 'load', lesson: 'lifecycle' });
});

test('a reconnect re-sends a custom scenario as text', () => {
  const loaded = { lesson: '', scenario: 'process a\n  compute 1\n', seed: 0, choices: [] };
  assert.deepEqual(resumeMessage(null, loaded, 1), { v: 1, type: 'load', scenario: loaded.scenario, step: 1 });
});

test('an unanswered load wins; nothing loaded means nothing to send', () => {
  const pending = { v: 1, type: 'load', lesson: 'orphans' };
  assert.equal(resumeMessage(pending, { lesson: 'lifecycle' }, 5), pending);
  assert.equal(resumeMessage(null, null, 0), null);
});

test('load errors are the ones that refuse a load', () => {
  for (const c of ['parse', 'unknown_lesson', 'too_large']) assert.ok(LOAD_ERRORS.has(c), c);
  for (const c of ['busy', 'no_scenario']) assert.ok(!LOAD_ERRORS.has(c), c);
});

test('lesson lists are checked', () => {
  assert.deepEqual(normalizeLessons(null), []);
  assert.deepEqual(normalizeLessons({ id: 'x' }), []);
  assert.deepEqual(normalizeLessons([
    { id: 'lifecycle', title: { en: 'Life', zh: '一生' }, topic: 'processes' },
    { id: 'lifecycle', title: { en: 'Again' } },
    { id: '', title: { en: 'No id' } },
    null, 7,
    { id: 'plain', title: 'Plain', topic: 'races' },
    { id: 'bare', topic: 'bogus' },
  ]), [
    { id: 'lifecycle', title: { en: 'Life', zh: '一生' }, topic: 'processes' },
    { id: 'plain', title: { en: 'Plain', zh: 'Plain' }, topic: 'races' },
    { id: 'bare', title: { en: '', zh: '' }, topic: 'processes' },
  ]);
});

test('the same close five times in a row stops the reconnects', () => {
  const cases = [
    { name: 'refused connections', closes: Array(5).fill({ code: 1006, reason: '' }), stopAt: 4 },
    { name: 'too many sessions', closes: Array(6).fill({ code: 1013, reason: 'too many sessions' }), stopAt: 4 },
    { name: 'alternating closes never stop', closes: Array.from({ length: 12 }, (_, i) => ({ code: i % 2 ? 1006 : 1001, reason: '' })), stopAt: -1 },
    { name: 'a different reason restarts the count', closes: [...Array(4).fill({ code: 1008, reason: 'a' }), { code: 1008, reason: 'b' }, ...Array(3).fill({ code: 1008, reason: 'b' })], stopAt: -1 },
  ];
  for (const c of cases) {
    let st = retryStart();
    let stopped = -1;
    c.closes.forEach((cl, i) => {
      if (stopped >= 0) return;
      const r = afterClose(st, cl);
      st = r.state;
      if (r.stop) stopped = i;
      else assert.equal(r.delay, retryDelay(i), `${c.name}: delay of close ${i}`);
    });
    assert.equal(stopped, c.stopAt, `${c.name}: got stop at ${stopped}; want ${c.stopAt}`);
  }
});

test('a hello in between starts the count again', () => {
  let st = retryStart();
  for (let i = 0; i < GIVE_UP_AFTER - 1; i++) st = afterClose(st, { code: 1006 }).state;
  st = retryStart(); // the hello
  const r = afterClose(st, { code: 1006 });
  assert.equal(r.stop, false);
  assert.equal(r.delay, retryDelay(0));
  assert.equal(closeKey({ code: 1009, reason: 'x' }), '1009:x');
  assert.equal(closeKey(undefined), '0:');
  assert.equal(afterClose(undefined, { code: 1006 }).stop, false);
});

test('normalizeLessons keeps a Go lesson\'s lang and nothing else', () => {
  assert.deepEqual(normalizeLessons([{ id: 'go-counter', title: 'C', topic: 'races', lang: 'go' }, { id: 'b', topic: 'races', lang: 'rust' }]), [
    { id: 'go-counter', title: { en: 'C', zh: 'C' }, topic: 'races', lang: 'go' },
    { id: 'b', title: { en: '', zh: '' }, topic: 'races' },
  ]);
});

test('a page leaves on pagehide and comes back only from the back/forward cache', () => {
  const target = new EventTarget();
  const calls = [];
  onPageLeave(() => calls.push('leave'), () => calls.push('back'), target);
  const shown = persisted => Object.assign(new Event('pageshow'), { persisted });
  target.dispatchEvent(shown(false)); // a first load: nothing to reopen
  assert.deepEqual(calls, []);
  target.dispatchEvent(new Event('pagehide'));
  assert.deepEqual(calls, ['leave']);
  target.dispatchEvent(shown(true));
  assert.deepEqual(calls, ['leave', 'back']);
});
