import test from 'node:test';
import assert from 'node:assert/strict';
import { breakLines, layoutFlow, textWidth } from './diagram.js';

// A measure of one unit per character, so the cases read at a glance.
const chars = s => [...s].length;

test('breakLines', async t => {
  const cases = [
    { name: 'fits', s: 'dispatch', maxw: 10, want: ['dispatch'] },
    { name: 'at spaces', s: 'uninterruptible wait', maxw: 16, want: ['uninterruptible', 'wait'] },
    { name: 'a dot stays with the word before it', s: 'wake-up · signal', maxw: 10, want: ['wake-up ·', 'signal'] },
    { name: 'three lines', s: 'the tracer lets it go', maxw: 10, want: ['the tracer', 'lets it go'] },
    { name: 'CJK between any two characters', s: '已退出，未回收', maxw: 4, want: ['已退出，', '未回收'] },
    { name: 'a word longer than the line keeps whole', s: 'uninterruptible', maxw: 5, want: ['uninterruptible'] },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const got = breakLines(c.s, c.maxw, chars);
      assert.deepEqual(got, c.want, `breakLines(${JSON.stringify(c.s)}, ${c.maxw}) = ${JSON.stringify(got)}; want ${JSON.stringify(c.want)}`);
    });
  }
});

test('layoutFlow', async t => {
  const box = { x: 0, y: 0, w: 200, h: 80 }; // CHIP_H 36, GAP 8: two rows fit
  const cases = [
    { name: 'none', widths: [], rows: 0, rowOf: [] },
    { name: 'one row', widths: [90, 90], rows: 1, rowOf: [0, 0] },
    { name: 'wraps', widths: [120, 120, 60], rows: 2, rowOf: [0, 1, 1] },
    { name: 'more rows than fit', widths: [150, 150, 150], rows: 3, rowOf: [0, 1, 2] },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const got = layoutFlow(box, c.widths);
      assert.equal(got.rows, c.rows, `rows = ${got.rows}; want ${c.rows}`);
      assert.equal(got.fit, 2, `fit = ${got.fit}; want 2`);
      assert.deepEqual(got.rowOf, c.rowOf, `rowOf = ${JSON.stringify(got.rowOf)}; want ${JSON.stringify(c.rowOf)}`);
      // Every chip inside the box across, and chips of one row apart.
      got.points.forEach(([x], i) => {
        const w = c.widths[i];
        assert.ok(x - w / 2 >= box.x - 1e-9 && x + w / 2 <= box.x + box.w + 1e-9, `chip ${i} at ${x} (width ${w}) leaves the box`);
      });
      for (let i = 1; i < c.widths.length; i++) {
        if (got.rowOf[i] !== got.rowOf[i - 1]) continue;
        const gap = (got.points[i][0] - c.widths[i] / 2) - (got.points[i - 1][0] + c.widths[i - 1] / 2);
        assert.ok(gap >= 8 - 1e-9, `chips ${i - 1} and ${i} are ${gap} apart; want 8`);
      }
    });
  }
});

test('textWidth counts a CJK character as one em', () => {
  assert.equal(textWidth('僵尸', 21), 42);
  assert.ok(Math.abs(textWidth('ab', 20) - 25.6) < 1e-9, `textWidth('ab', 20) = ${textWidth('ab', 20)}; want 25.6`);
});

test('textWidth counts characters, not UTF-16 units', async t => {
  // The estimate by code points, as it was first written: the loop over
  // UTF-16 units must give the very same numbers (a pair of surrogates is
  // one wide character, a lone surrogate one too).
  const byCodePoint = (s, px) => {
    let w = 0;
    for (const ch of s) w += ch.codePointAt(0) > 0x2e7f ? px : px * 0.64;
    return w;
  };
  const cases = [
    { name: 'empty', s: '' },
    { name: 'Latin', s: 'P17 worker-3' },
    { name: 'CJK', s: 'P3 僵尸进程' },
    { name: 'the last narrow character', s: '\u2e7f\u2e80' },
    { name: 'an astral character', s: 'P9 \u{1F600}x', want: 21 * 0.64 * 4 + 21 },
    { name: 'a lone high surrogate at the end', s: 'ab\ud83d' },
    { name: 'a lone low surrogate', s: '\ude00ab' },
    { name: 'two high surrogates then a low one', s: '\ud83d\ud83d\ude00' },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const got = textWidth(c.s, 21);
      assert.equal(got, byCodePoint(c.s, 21), `textWidth(${JSON.stringify(c.s)}, 21) = ${got}; by code point ${byCodePoint(c.s, 21)}`);
      if (c.want !== undefined) assert.ok(Math.abs(got - c.want) < 1e-9, `textWidth(${JSON.stringify(c.s)}, 21) = ${got}; want ${c.want}`);
    });
  }
});
