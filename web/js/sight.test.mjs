import test from 'node:test';
import assert from 'node:assert/strict';
import { createSight } from './sight.js';

// FakeIO stands for IntersectionObserver: the test says which elements
// come into or go out of sight (report), as the browser would after a frame.
class FakeIO {
  constructor(cb) { this.cb = cb; this.els = []; FakeIO.last = this; }
  observe(el) { this.els.push(el); }
  report(changes) { this.cb(changes.map(([target, isIntersecting]) => ({ target, isIntersecting }))); }
}

test('createSight leaves panels out of sight undrawn while playing, and draws them in sight or at a stop', () => {
  const tl = { id: 'timeline' }, log = { id: 'log' };
  // Each case: what happens, in order; want: the draws made by sight (in
  // order), the answers of wants, and what is left undrawn at the end.
  const cases = [
    {
      name: 'in sight until the observer says otherwise',
      run: s => [s.wants('timeline', true), s.wants('log', true)],
      want: { answers: [true, true], draws: [], late: [] },
    },
    {
      name: 'out of sight while playing: left out, and drawn when it comes into sight',
      run: (s, io) => {
        io.report([[tl, false], [log, false]]);
        const a = [s.wants('timeline', true), s.wants('log', true), s.wants('timeline', true)];
        io.report([[tl, true]]);
        return a;
      },
      want: { answers: [false, false, false], draws: ['timeline'], late: ['log'] },
    },
    {
      name: 'out of sight while not playing: drawn now, nothing left',
      run: (s, io) => { io.report([[tl, false]]); return [s.wants('timeline', false)]; },
      want: { answers: [true], draws: [], late: [] },
    },
    {
      name: 'a draw left out, then made by a full draw: not drawn again in sight',
      run: (s, io) => {
        io.report([[tl, false]]);
        const a = [s.wants('timeline', true), s.wants('timeline', false)];
        io.report([[tl, true]]);
        return a;
      },
      want: { answers: [false, true], draws: [], late: [] },
    },
    {
      name: 'playing stops: flush draws what was left out, once',
      run: (s, io) => {
        io.report([[tl, false], [log, false]]);
        const a = [s.wants('log', true), s.wants('timeline', true)];
        s.flush();
        s.flush();
        return a;
      },
      want: { answers: [false, false], draws: ['log', 'timeline'], late: [] },
    },
    {
      name: 'coming into sight with nothing left out draws nothing',
      run: (s, io) => { io.report([[tl, false]]); io.report([[tl, true]]); return [s.wants('timeline', true)]; },
      want: { answers: [true], draws: [], late: [] },
    },
  ];
  for (const c of cases) {
    const draws = [];
    const s = createSight(FakeIO, { timeline: tl, log }, name => draws.push(name));
    const answers = c.run(s, FakeIO.last);
    assert.deepEqual({ answers, draws, late: s.late }, c.want, c.name);
  }
});

test('createSight without an IntersectionObserver draws every panel', () => {
  const draws = [];
  const s = createSight(undefined, { timeline: {} }, name => draws.push(name));
  assert.deepEqual([s.wants('timeline', true), s.wants('timeline', false)], [true, true]);
  s.flush();
  assert.deepEqual({ draws, late: s.late }, { draws: [], late: [] });
});
