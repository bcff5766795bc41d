import test from 'node:test';
import assert from 'node:assert/strict';
import {
  readCode, joinURL, joinBase, qrURL, createPacer, roomRetryDelay, ROOM_RETRY_MAX, freeQuestion, histogram, votesLine,
  askKinds, followerText, linkHash, ROOM_HASH, CODE_ALPHABET, optionLetter, judge,
} from './room-model.js';

test('a typed room code is read forgivingly', () => {
  const cases = [
    ['ABC234', { ok: true, code: 'ABC234' }],
    ['abc234', { ok: true, code: 'ABC234' }],
    ['  ab c-23 4 ', { ok: true, code: 'ABC234' }],
    ['abc.234', { ok: true, code: 'ABC234' }],
    ['http://192.0.2.7:8080/r/XYZ789', { ok: true, code: 'XYZ789' }],
    ['https://lab.example/#room/xyz789', { ok: true, code: 'XYZ789' }],
    ['', { ok: false, error: 'empty' }],
    ['   ', { ok: false, error: 'empty' }],
    ['ABC23', { ok: false, error: 'short' }],
    ['ABC2345', { ok: false, error: 'long' }],
    ['AB0O1I', { ok: false, error: 'letters', bad: '0 O 1 I' }],
    ['ABCL34', { ok: false, error: 'letters', bad: 'L' }],
    [null, { ok: false, error: 'empty' }],
  ];
  for (const [input, want] of cases) assert.deepEqual(readCode(input), want, `readCode(${JSON.stringify(input)})`);
});

test('every character of the alphabet is accepted and the room fragment matches it', () => {
  for (let i = 0; i + 6 <= CODE_ALPHABET.length; i++) {
    const code = CODE_ALPHABET.slice(i, i + 6);
    assert.deepEqual(readCode(code.toLowerCase()), { ok: true, code });
    assert.ok(ROOM_HASH.test(`#room/${code}`), code);
  }
  assert.ok(!ROOM_HASH.test('#room/ABC23'));
  assert.ok(!ROOM_HASH.test('#room/abc234'));
});

test('the join link uses the public URL, else a network address of a loopback page', () => {
  const o = 'http://127.0.0.1:8080';
  const cases = [
    [null, o, true, { base: o, local: true }],
    [{ public: 'https://lab.example/' }, o, true, { base: 'https://lab.example/', local: false }],
    [{ public: 'ftp://x', urls: ['http://192.0.2.7:8080/'], reachable: true }, o, true, { base: 'http://192.0.2.7:8080/', local: false }],
    [{ urls: ['http://192.0.2.7:8080/'], reachable: false }, o, true, { base: o, local: true }],
    [{ urls: ['http://192.0.2.7:8080/'], reachable: true }, 'http://lab.school:8080', false, { base: 'http://lab.school:8080', local: false }],
    [{ public: 'https://lab.example/' }, 'http://lab.school:8080', false, { base: 'https://lab.example/', local: false }],
  ];
  for (const [answer, origin, loopback, want] of cases) assert.deepEqual(joinBase(answer, origin, loopback), want, JSON.stringify(answer));
  assert.equal(joinURL('http://127.0.0.1:8080', 'ABC234'), 'http://127.0.0.1:8080/r/ABC234');
  assert.equal(joinURL('https://lab.example/', 'ABC234'), 'https://lab.example/r/ABC234');
  assert.equal(joinURL('https://school.example/proclab/', 'ABC234'), 'https://school.example/proclab/r/ABC234');
  assert.equal(qrURL('http://a/r/X?y=1&z'), '/api/qr?text=http%3A%2F%2Fa%2Fr%2FX%3Fy%3D1%26z');
  assert.equal(qrURL('x', 'png'), '/api/qr?text=x&format=png');
});

// fakeClock is a clock whose time moves only when the test says.
function fakeClock() {
  let now = 0;
  let timers = [];
  let next = 1;
  return {
    now: () => now,
    setTimeout(fn, ms) { const id = next++; timers.push({ id, at: now + ms, fn }); return id; },
    clearTimeout(id) { timers = timers.filter(x => x.id !== id); },
    advance(ms) {
      now += ms;
      for (;;) {
        const due = timers.filter(x => x.at <= now).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter(x => x !== due);
        due.fn();
      }
    },
  };
}

test('the pacer sends at most one value per interval and always the last', () => {
  const clock = fakeClock();
  const sent = [];
  const p = createPacer(v => sent.push([clock.now(), v]), 50, clock);
  p.offer('a'); // sent at once
  p.offer('b'); // waits
  p.offer('c'); // replaces b
  clock.advance(10);
  p.offer('d'); // replaces c
  assert.deepEqual(sent, [[0, 'a']]);
  clock.advance(40);
  assert.deepEqual(sent, [[0, 'a'], [50, 'd']]);
  p.offer('d'); // the same as the last one sent: not sent again
  clock.advance(100);
  assert.deepEqual(sent.length, 2);
  p.reset();
  p.offer('d'); // after a reset it is sent again
  assert.deepEqual(sent[2], [150, 'd']);
  p.offer('e');
  p.cancel();
  clock.advance(100);
  assert.equal(sent.length, 3);
  // 100 offers over a second come out as at most 21 sends, the last one included.
  const many = [];
  const q = createPacer(v => many.push(v), 50, clock);
  for (let i = 0; i < 100; i++) { q.offer(i); clock.advance(10); }
  clock.advance(100);
  assert.ok(many.length <= 21, `got ${many.length} sends; want at most 21`);
  assert.equal(many[many.length - 1], 99);
});

test('the pacer runs on the page clock by default', async () => {
  const sent = [];
  const p = createPacer(v => sent.push(v), 20);
  p.offer(1); // at once
  p.offer(2); // after 20 ms
  assert.deepEqual(sent, [1]);
  await new Promise(resolve => { const id = setInterval(() => { if (sent.length === 2) { clearInterval(id); resolve(); } }, 5); });
  assert.deepEqual(sent, [1, 2]);
});

test('room reconnects back off, with some spread, up to a cap', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 9].map(a => roomRetryDelay(a, 0)), [500, 1000, 2000, 4000, 8000, 8000, 8000]);
  assert.equal(roomRetryDelay(0, 0.999), 625);
  assert.equal(roomRetryDelay(-3, 0), 500);
  for (let a = 0; a < 50; a++) assert.ok(roomRetryDelay(a, 1) <= ROOM_RETRY_MAX * 1.25);
});

test('the free question editor checks its fields and renumbers the answer', () => {
  const both = s => ({ en: s, zh: s });
  const cases = [
    [{ prompt: ' Which runs? ', options: ['A', '', 'B', 'C'], answer: [2] },
      { ok: true, question: { prompt: both('Which runs?'), options: [both('A'), both('B'), both('C')], answer: [1], multi: false } }],
    [{ prompt: 'Q', options: ['x', 'y', 'z'], answer: [0, 2] },
      { ok: true, question: { prompt: both('Q'), options: [both('x'), both('y'), both('z')], answer: [0, 2], multi: true } }],
    [{ prompt: '', options: ['x', 'y'], answer: [0] }, { ok: false, errors: ['room.q.err.prompt'] }],
    [{ prompt: 'Q', options: ['x', ''], answer: [0] }, { ok: false, errors: ['room.q.err.options'] }],
    [{ prompt: 'Q', options: ['x', 'y'], answer: [] }, { ok: false, errors: ['room.q.err.answer'] }],
    [{ prompt: 'Q', options: ['x', '', 'y'], answer: [1] }, { ok: false, errors: ['room.q.err.answer'] }], // a tick on an empty row
    [{ prompt: 'Q'.repeat(501), options: ['x', 'y'], answer: [0] }, { ok: false, errors: ['room.q.err.prompt_long'] }],
    [{ prompt: 'Q', options: ['x', 'y'.repeat(201)], answer: [0] }, { ok: false, errors: ['room.q.err.option_long'] }],
    [null, { ok: false, errors: ['room.q.err.prompt', 'room.q.err.options', 'room.q.err.answer'] }],
  ];
  for (const [fields, want] of cases) assert.deepEqual(freeQuestion(fields), want, JSON.stringify(fields));
  // At most eight options are kept.
  const r = freeQuestion({ prompt: 'Q', options: Array.from({ length: 12 }, (_, i) => `o${i}`), answer: [0, 10] });
  assert.equal(r.question.options.length, 8);
  assert.deepEqual(r.question.answer, [0]);
});

test('the histogram gives counts, shares of the voters and the longest bar', () => {
  assert.deepEqual(histogram([3, 1, 0], 4), { rows: [{ count: 3, pct: 75 }, { count: 1, pct: 25 }, { count: 0, pct: 0 }], max: 3, voters: 4 });
  // A multiple-choice question: shares of the voters may add up to more than 100.
  assert.deepEqual(histogram([2, 2], 2).rows, [{ count: 2, pct: 100 }, { count: 2, pct: 100 }]);
  // No tallies yet: one empty row per option.
  assert.deepEqual(histogram(null, 0, 3), { rows: [{ count: 0, pct: 0 }, { count: 0, pct: 0 }, { count: 0, pct: 0 }], max: 0, voters: 0 });
  assert.deepEqual(histogram([1, 'x', -2], 1).rows.map(r => r.count), [1, 0, 0]);
  assert.deepEqual([0, 1, 25].map(optionLetter), ['A', 'B', 'Z']);
});

test('the engine questions offered fit the view shown', () => {
  const cases = [
    [{ name: 'proc', loaded: false }, []],
    [{ name: 'proc', loaded: true, tasks: 2 }, ['next_state', 'next_run']],
    [{ name: 'proc', loaded: true, tasks: 0 }, ['next_run']],
    [{ name: 'proc', loaded: true, tasks: [{ pid: 1, name: 'P1' }] }, ['next_state', 'next_run']],
    [{ name: 'proc', loaded: true, tasks: [] }, ['next_run']],
    [{ name: 'proc', loaded: true, tasks: 2, race: true }, ['next_state', 'next_run', 'outcomes', 'data_race']],
    [{ name: 'proc', loaded: true, tasks: 2, race: true, atEnd: true }, ['outcomes', 'data_race']],
    [{ name: 'sched', schedReady: true }, ['avg_wait']],
    [{ name: 'sched', schedReady: false }, []],
    [{ name: 'live', loaded: true, tasks: 3 }, []],
    [null, []],
  ];
  for (const [view, want] of cases) assert.deepEqual(askKinds(view), want, JSON.stringify(view));
});

test('the follower count says who follows and who explores alone', () => {
  const cases = [
    [0, 0, { key: 'room.count.none', params: {} }],
    [1, 0, { key: 'room.count.one', params: { n: 1 } }],
    [27, 0, { key: 'room.count', params: { n: 27 } }],
    [27, 3, { key: 'room.count.alone', params: { n: 27, m: 3 } }],
    [0, 2, { key: 'room.count.alone', params: { n: 0, m: 2 } }],
    [undefined, -1, { key: 'room.count.none', params: {} }],
  ];
  for (const [f, d, want] of cases) assert.deepEqual(followerText(f, d), want, `${f}, ${d}`);
  assert.equal(linkHash('s=1.abc'), '#s=1.abc');
  assert.equal(linkHash('#sched'), '#sched');
});

test('a student answer is judged against the revealed one', () => {
  const cases = [
    [[1], [1], 'right'],
    [[0, 2], [2, 0], 'right'],
    [[0], [0, 2], 'wrong'], // one of two right options is not the answer
    [[0, 1, 2], [0, 2], 'wrong'],
    [[3], [1], 'wrong'],
    [[], [1], 'none'],
    [null, [1], 'none'],
    [[1], [], 'poll'],
    [[1], null, 'poll'],
  ];
  for (const [mine, answer, want] of cases) assert.equal(judge(mine, answer), want, `judge(${JSON.stringify(mine)}, ${JSON.stringify(answer)})`);
});

test('the votes line tells the teacher when the answers outnumber the students here', () => {
  assert.deepEqual(votesLine(1, 5, true), [{ key: 'room.q.votes.one', params: { n: 1 } }]);
  assert.deepEqual(votesLine(5, 5, true), [{ key: 'room.q.votes', params: { n: 5 } }]);
  // 60 answers from tokens made one after another, nobody connected: said.
  assert.deepEqual(votesLine(60, 0, true), [{ key: 'room.q.votes', params: { n: 60 } }, { key: 'room.q.votes.more', params: { m: 0 } }]);
  // A student sees the count only.
  assert.deepEqual(votesLine(60, 0, false), [{ key: 'room.q.votes', params: { n: 60 } }]);
  assert.deepEqual(votesLine(undefined, undefined, true), [{ key: 'room.q.votes', params: { n: 0 } }]);
});
