import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeQuiz, grade, replayDelay } from './quiz.js';

const q1 = { id: '1', kind: 'next_state', prompt: { en: 'p', zh: 'p' }, options: [{ en: 'a' }, { en: 'b' }, { en: 'c' }], multi: false, step: 4, answer: [1], explain: { en: 'e' }, reveal_step: 5 };
const q2 = { ...q1, id: '2', kind: 'outcomes', multi: true, answer: [0, 2], step: 0, reveal_step: 8 };

test('normalizeQuiz keeps good questions and refuses bad ones', () => {
  const got = normalizeQuiz({ lesson: 'lost-update', seed: 7, questions: [q1, q2] });
  assert.equal(got.lesson, 'lost-update');
  assert.equal(got.seed, 7);
  assert.deepEqual(got.questions.map(q => [q.id, q.step, q.reveal, q.answer, q.multi]), [['1', 4, 5, [1], false], ['2', 0, 8, [0, 2], true]]);
  const bad = [
    null, {}, { questions: [] }, { questions: 'x' },
    { questions: [{ ...q1, options: [{ en: 'a' }] }] }, // one option
    { questions: [{ ...q1, answer: [3] }] }, // out of range
    { questions: [{ ...q1, answer: [1, 1] }] }, // twice
    { questions: [{ ...q1, answer: ['1'] }] }, // not a number
    { questions: [{ ...q1, answer: undefined }] },
  ];
  for (const b of bad) assert.equal(normalizeQuiz(b), null, JSON.stringify(b));
  // A reveal before the step is read as the step itself.
  assert.equal(normalizeQuiz({ lesson: 'x', questions: [{ ...q1, reveal_step: 2 }] }).questions[0].reveal, 4);
});

test('grade marks right, wrong and missed options', () => {
  const cases = [
    [q1, [1], true, ['', 'right', '']],
    [q1, [0], false, ['wrong', 'right', '']],
    [q2, [0, 2], true, ['right', '', 'right']],
    [q2, [2, 0], true, ['right', '', 'right']],
    [q2, [0], false, ['right', '', 'missed']],
    [q2, [0, 1, 2], false, ['right', 'wrong', 'right']],
    [q2, [1], false, ['missed', 'wrong', 'missed']],
  ];
  for (const [q, chosen, right, results] of cases) {
    const g = grade(q, chosen);
    assert.equal(g.right, right, `${q.id} ${chosen}`);
    assert.deepEqual(g.results, results, `${q.id} ${chosen}`);
  }
});

test('replayDelay is slow for a step and bounded for a long replay', () => {
  assert.equal(replayDelay(4, 5), 700);
  assert.equal(replayDelay(0, 1000), 120);
  const mid = replayDelay(0, 20);
  assert.ok(mid > 120 && mid < 700, String(mid));
});
