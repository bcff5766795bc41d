import test from 'node:test';
import assert from 'node:assert/strict';
import { visibleRange, runAround, knownRun, lanesOf, runs } from './timeline.js';

test('visibleRange: the columns a viewport shows, with a margin, within the columns there are', () => {
  const cases = [
    { name: 'start', args: [1000, 10, 0, 100, 0], want: [0, 10] },
    { name: 'middle', args: [1000, 10, 505, 100, 0], want: [50, 61] },
    { name: 'end', args: [1000, 10, 9900, 100, 0], want: [990, 1000] },
    { name: 'margin', args: [1000, 10, 500, 100, 8], want: [42, 68] },
    { name: 'margin at the edges', args: [20, 10, 0, 100, 8], want: [0, 18] },
    { name: 'fewer than the viewport', args: [5, 10, 0, 100, 8], want: [0, 5] },
    { name: 'none', args: [0, 10, 0, 100, 8], want: [0, 0] },
  ];
  for (const c of cases) assert.deepEqual(visibleRange(...c.args), c.want, `${c.name}: got ${visibleRange(...c.args)}; want ${c.want}`);
});

test('visibleRange: the window stays as large as the viewport whatever the run\'s length', () => {
  for (const n of [100, 1200, 100000]) {
    const [lo, hi] = visibleRange(n, 10, n * 10 - 1000, 1000, 8);
    assert.ok(hi - lo <= 1000 / 10 + 8 + 1, `${n} columns: got ${hi - lo} drawn; want at most ${1000 / 10 + 9}`);
  }
});

test('runAround finds the whole run that holds a column, also past the window', () => {
  const lane = ['a', 'a', 'a', null, 'b', 'b', 'c'];
  const cell = i => lane[i];
  const same = (x, y) => x === y;
  const cases = [
    { i: 2, want: { from: 0, len: 3, value: 'a' } },
    { i: 0, want: { from: 0, len: 3, value: 'a' } },
    { i: 3, want: { from: 3, len: 1, value: null } },
    { i: 5, want: { from: 4, len: 2, value: 'b' } },
    { i: 6, want: { from: 6, len: 1, value: 'c' } },
  ];
  for (const c of cases) assert.deepEqual(runAround(cell, c.i, lane.length, same), c.want, `column ${c.i}`);
  // Walking the lane run by run gives what runs() gives for the whole lane.
  const got = [];
  for (let i = 0; i < lane.length;) {
    const r = runAround(cell, i, lane.length, same);
    i = r.from + r.len;
    if (r.value !== null) got.push(r);
  }
  assert.deepEqual(got, runs(lane, same));
});

test('lanesOf: the tasks alive and those with a cell in the window, by PID', () => {
  const view = {
    tasks: [{ pid: 3, state: 'running' }, { pid: 1, state: 'sleeping' }, { pid: 9, state: 'dead' }],
    columns: [{ task: { 7: { s: 'running' } } }, { task: { 9: { s: 'dead' } } }, { task: { 2: { s: 'runnable' } } }],
  };
  const cases = [
    { name: 'all columns', lo: 0, hi: 3, want: [1, 2, 3, 7, 9] },
    { name: 'the last', lo: 2, hi: 3, want: [1, 2, 3] },
    { name: 'none', lo: 0, hi: 0, want: [1, 3] },
  ];
  for (const c of cases) assert.deepEqual(lanesOf(view, c.lo, c.hi), c.want, c.name);
});

test('runAround with a known run finds what it finds without one', () => {
  const lane = ['a', 'a', 'a', 'a', null, 'b', 'b', 'b', 'c'];
  const cell = i => lane[i];
  const same = (x, y) => x === y;
  const cases = [
    { i: 2, known: { from: 1, to: 3 }, want: { from: 0, len: 4, value: 'a' } },
    { i: 0, known: { from: 0, to: 4 }, want: { from: 0, len: 4, value: 'a' } },
    { i: 6, known: { from: 5, to: 7 }, want: { from: 5, len: 3, value: 'b' } },
    { i: 4, known: { from: 0, to: 4 }, want: { from: 4, len: 1, value: null } },
    { i: 8, known: { from: 5, to: 8 }, want: { from: 8, len: 1, value: 'c' } },
  ];
  for (const c of cases) assert.deepEqual(runAround(cell, c.i, lane.length, same, c.known), c.want, `column ${c.i}`);
});

test('knownRun places a hint in the columns while its columns are still there', () => {
  const cols = [10, 11, 12, 13, 14, 15].map(step => ({ step }));
  const hint = { first: cols[1], last: cols[3], firstStep: 11, lastStep: 13 };
  const trimmed = cols.slice(2); // the window dropped steps 10 and 11
  const other = cols.map(c => ({ step: c.step })); // a view loaded again
  const cases = [
    { name: 'inside', cols, i: 2, want: { from: 1, to: 4 } },
    { name: 'at its first column', cols, i: 1, want: { from: 1, to: 4 } },
    { name: 'outside', cols, i: 4, want: null },
    { name: 'its first column dropped', cols: trimmed, i: 1, want: { from: 0, to: 2 } },
    { name: 'other columns', cols: other, i: 2, want: null },
    { name: 'no hint', cols, i: 2, hint: null, want: null },
  ];
  for (const c of cases) {
    const got = knownRun(c.cols, c.i, c.hint === undefined ? hint : c.hint);
    assert.deepEqual(got, c.want, c.name);
  }
});

test('runAround with the known run of a full window looks at its two ends only', () => {
  // A task asleep over the whole window of 1,200 columns: without the known
  // run every render walked all of it (the costliest function at 1,000 steps/s).
  const n = 1200;
  const cases = [
    { name: 'known', known: { from: 0, to: n }, maxLooks: 4 },
    { name: 'not known', known: null, maxLooks: 2 * n + 2 },
  ];
  for (const c of cases) {
    let looks = 0;
    const cell = () => { looks++; return 's'; };
    const got = runAround(cell, 600, n, (x, y) => x === y, c.known);
    assert.deepEqual(got, { from: 0, len: n, value: 's' }, c.name);
    assert.ok(looks <= c.maxLooks, `${c.name}: ${looks} cells looked at; want at most ${c.maxLooks}`);
  }
});
