import test from 'node:test';
import assert from 'node:assert/strict';
import { boxRows, breakLines, layoutFlow, textWidth, topWidths } from './diagram.js';

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

test('a box laid out from its top shows what it shows laid out whole', async t => {
  // topWidths and boxRows against layoutFlow and boxRows on every chip:
  // the chips before the cut are placed alike, the box scrolls alike and
  // shows the same chips, the marks (more above, more below) are alike,
  // and every chip from the cut on is out of sight.
  let seed = 7; // a seeded generator: the same cases at every run
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const boxes = [
    { name: 'two rows', box: { x: 0, y: 0, w: 200, h: 80 } },
    { name: 'one row', box: { x: 0, y: 0, w: 280, h: 36 } },
    { name: 'the ready queue', box: { x: 272, y: 222, w: 280, h: 154 } },
  ];
  for (const { name, box } of boxes) {
    await t.test(name, () => {
      for (let round = 0; round < 400; round++) {
        const n = Math.floor(rand() * 60);
        // Some chips wider than the box: layoutFlow narrows them to it.
        const widths = Array.from({ length: n }, () => Math.round(58 + rand() * (rand() < 0.1 ? 400 : 150)));
        const came = n && rand() < 0.6 ? Math.floor(rand() * n) : -1;
        const at = `widths ${JSON.stringify(widths)}, came ${came}`;
        const asked = [];
        const top = topWidths(box, widths, w => { asked.push(w); return w; }, came);
        assert.deepEqual(top.widths, widths.slice(0, top.cut), `${at}: the widths before the cut`);
        assert.ok(asked.length <= top.cut + 1, `${at}: asked for ${asked.length} widths, cut at ${top.cut}`);
        assert.ok(came < top.cut, `${at}: cut at ${top.cut}, before the chip that came in`);
        const whole = layoutFlow(box, widths);
        const part = layoutFlow(box, top.widths);
        const w = boxRows(whole, false, came, 0);
        const p = boxRows(part, top.cut < n, came, 0);
        assert.equal(p.shown, w.shown, `${at}: rows shown`);
        assert.equal(p.scroll, w.scroll, `${at}: scroll`);
        assert.equal(p.scroll > 0, w.scroll > 0, `${at}: the mark of rows above`);
        assert.equal(p.scroll < p.maxScroll, w.scroll < w.maxScroll, `${at}: the mark of rows below`);
        assert.ok(p.maxScroll <= w.maxScroll, `${at}: maxScroll ${p.maxScroll} over the whole's ${w.maxScroll}`);
        const inSight = i => whole.rowOf[i] >= w.scroll && whole.rowOf[i] < w.scroll + w.shown;
        for (let i = 0; i < top.cut; i++) {
          assert.deepEqual(part.points[i], whole.points[i], `${at}: chip ${i} placed`);
          assert.equal(part.rowOf[i], whole.rowOf[i], `${at}: chip ${i}'s row`);
        }
        for (let i = top.cut; i < n; i++) assert.ok(!inSight(i), `${at}: chip ${i}, past the cut at ${top.cut}, is in sight`);
      }
    });
  }
});
