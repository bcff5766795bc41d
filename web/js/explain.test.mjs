import test from 'node:test';
import assert from 'node:assert/strict';
import { explainParts } from './explain.js';

test('explainParts: misconception lines are set apart, prefix removed', () => {
  const cases = [
    { name: 'plain paragraphs', text: 'one\ntwo', want: [['para', 'one'], ['para', 'two']] },
    { name: 'English marker', text: 'a\nCommon misconception: "x" is wrong.', want: [['para', 'a'], ['misconception', '"x" is wrong.']] },
    { name: 'plural marker', text: 'Common misconceptions: two of them.', want: [['misconception', 'Two of them.']] },
    { name: 'the rest starts a sentence', text: 'Common misconception: the course says so.', want: [['misconception', 'The course says so.']] },
    { name: 'Chinese full-width colon', text: '常见误解：“x”是错的。', want: [['misconception', '“x”是错的。']] },
    { name: 'Chinese ASCII colon', text: '常见误解: y', want: [['misconception', 'Y']] },
    { name: 'marker inside a line is not a box', text: 'This is a common misconception: no.', want: [['para', 'This is a common misconception: no.']] },
    { name: 'a bare marker stays a paragraph', text: 'Common misconception:', want: [['para', 'Common misconception:']] },
    { name: 'empty lines dropped', text: '\n\nx\n', want: [['para', 'x']] },
    { name: 'nothing', text: undefined, want: [] },
  ];
  for (const c of cases) {
    const got = explainParts(c.text).map(p => [p.kind, p.text]);
    assert.deepEqual(got, c.want, c.name);
  }
});
