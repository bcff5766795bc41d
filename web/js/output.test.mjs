import test from 'node:test';
import assert from 'node:assert/strict';
import { outputRows, rowWriters } from './output.js';
import { emptyView, fromSnapshot, applyEvents, MAX_OUTPUT } from './fold.js';

const line = (index, step, pid, text, stderr = false) => ({ index, step, pid, text, stderr });
const texts = rows => rows.map(r => r.segs.map(s => s.text).join(''));

test('outputRows: one row per printed line, writes joined as a terminal shows them', () => {
  const cases = [
    { name: 'Println lines', lines: [line(0, 3, 2, 'a\n'), line(1, 5, 3, 'b\n')], want: ['a', 'b'], open: [false, false] },
    { name: 'Print without a newline continues the row', lines: [line(0, 3, 2, 'x = '), line(1, 4, 3, '7\n')], want: ['x = 7'], open: [false] },
    { name: 'one write of several lines', lines: [line(0, 2, 2, 'one\ntwo\nthree\n')], want: ['one', 'two', 'three'], open: [false, false, false] },
    { name: 'an empty Println is an empty row', lines: [line(0, 2, 2, '\n'), line(1, 3, 2, 'z\n')], want: ['', 'z'], open: [false, false] },
    { name: 'a last write without a newline stays open', lines: [line(0, 2, 2, 'wait')], want: ['wait'], open: [true] },
    { name: 'stderr never joins a stdout row', lines: [line(0, 2, 2, 'half'), line(1, 3, 2, 'panic: boom\n', true)], want: ['half', 'panic: boom'], open: [false, false] },
    { name: 'an empty write shows nothing', lines: [line(0, 2, 2, '')], want: [], open: [] },
  ];
  for (const c of cases) {
    const rows = outputRows(c.lines);
    assert.deepEqual(texts(rows), c.want, c.name);
    assert.deepEqual(rows.map(r => r.open), c.open, `${c.name}: open rows`);
  }
});

test('outputRows keeps who wrote each part, and where a row began', () => {
  const rows = outputRows([line(4, 3, 2, 'x = '), line(5, 4, 3, '7\n'), line(6, 9, 3, 'done\n', false)]);
  assert.equal(rows.length, 2);
  assert.deepEqual(rowWriters(rows[0]), [2, 3]);
  assert.equal(rows[0].pid, 2);
  assert.equal(rows[0].index, 4);
  assert.equal(rows[0].step, 4, 'the step that ended the row');
  assert.deepEqual(rows[1].segs.map(s => [s.pid, s.step, s.index]), [[3, 9, 6]]);
  assert.equal(rows[1].stderr, false);
});

const programs = [{ name: 'main', thread: true, code: [] }];
const snap = (step, output, omitted) => ({ type: 'snapshot', step, total: 20, base: { step: 0, tasks: [], cpus: [0] }, events: [], tasks: [], cpus: [0], output, output_omitted: omitted });

test('the fold keeps the output: a snapshot sets it, a step adds to it, a step back rebuilds it', () => {
  let v = fromSnapshot(snap(4, [line(0, 2, 2, 'a\n'), line(1, 4, 3, 'b\n')], 0), programs, null);
  assert.deepEqual(v.output.map(l => l.index), [0, 1]);
  v = applyEvents(v, { step: 5, events: [], tasks: [], cpus: [0], output: [line(2, 5, 2, 'c\n')] }, programs, null);
  assert.deepEqual(v.output.map(l => l.text), ['a\n', 'b\n', 'c\n']);
  const before = v.output;
  const w = applyEvents(v, { step: 6, events: [], tasks: [], cpus: [0] }, programs, null);
  assert.equal(w.output, before, 'a step that prints nothing keeps the lines');
  // Back to step 3: the snapshot's output is all there is.
  v = fromSnapshot(snap(3, [line(0, 2, 2, 'a\n')], 0), programs, null);
  assert.deepEqual(v.output.map(l => l.text), ['a\n']);
  assert.equal(v.outputOmitted, 0);
  assert.deepEqual(emptyView().output, []);
});

test('the fold keeps at most MAX_OUTPUT lines and counts the rest as omitted', () => {
  const many = Array.from({ length: MAX_OUTPUT + 5 }, (_, i) => line(i + 10, i + 1, 2, `${i}\n`));
  const v = fromSnapshot(snap(MAX_OUTPUT + 5, many, 10), programs, null);
  assert.equal(v.output.length, MAX_OUTPUT);
  assert.equal(v.outputOmitted, 15);
  assert.equal(v.output[0].index, 15);
  const w = applyEvents(v, { step: MAX_OUTPUT + 6, events: [], tasks: [], cpus: [0], output: [line(MAX_OUTPUT + 15, MAX_OUTPUT + 6, 2, 'last\n')] }, programs, null);
  assert.equal(w.output.length, MAX_OUTPUT);
  assert.equal(w.outputOmitted, 16);
  assert.equal(w.output[w.output.length - 1].text, 'last\n');
});

test('outputRows: the engine\'s truncation notice is a row of its own, marked', () => {
  const rows = outputRows([
    { index: 0, step: 1, pid: 2, text: 'half a line' },
    { index: 1, step: 2, pid: 2, text: '[output truncated: ...]\n', stderr: true, truncated: true },
  ]);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].truncated, undefined);
  assert.equal(rows[1].truncated, true);
  assert.equal(rows[1].segs[0].text, '[output truncated: ...]');
});
