import test from 'node:test';
import assert from 'node:assert/strict';
import {
  parseBursts, formatBursts, toWire, runFor, nextName, queuesAt, runningAt, levelCount, compareRows, fmt2, fmtTick,
  cpuUsed, remainingBurst, horizon, gradeRows, exampleWorkload, EXAMPLES, POLICY_IDS,
  isJobsModel, levelRuns, jobsNow, fmtVruntime, schedLessons,
} from './sched-model.js';

test('parseBursts reads CPU bursts and io waits', () => {
  const cases = {
    '5': [5],
    '5 io3 2': [5, 3, 2],
    ' 5, io 3 , 2 ': [5, 3, 2],
    'IO is case-blind: 1 IO2 1': null,
    '1 IO2 1': [1, 2, 1],
    '24': [24],
    '1 io4 1 io4 1': [1, 4, 1, 4, 1],
  };
  for (const [text, want] of Object.entries(cases)) {
    const got = parseBursts(text);
    if (want === null) { assert.equal(got.ok, false, text); continue; }
    assert.deepEqual(got, { ok: true, bursts: want }, text);
  }
});

test('parseBursts names what is wrong', () => {
  const cases = [
    ['', 'empty', undefined],
    ['   ', 'empty', undefined],
    ['io3 4', 'io_first', 'io3'],
    ['4 io3', 'io_last', undefined],
    ['4 2', 'two_cpu', '2'],
    ['4 io1 io2 3', 'two_io', 'io2'],
    ['4 x 3', 'token', 'x'],
    ['4.5', 'token', '4.5'],
    ['-3', 'token', '-3'],
    ['0', 'range', '0'],
  ];
  for (const [text, error, token] of cases) {
    const got = parseBursts(text);
    assert.equal(got.ok, false, text);
    assert.equal(got.error, error, text);
    assert.equal(got.token, token, text);
  }
});

test('formatBursts is the inverse of parseBursts', () => {
  for (const b of [[5], [5, 3, 2], [1, 4, 1, 4, 1]]) assert.deepEqual(parseBursts(formatBursts(b)).bursts, b);
  assert.equal(formatBursts([5, 3, 2]), '5 io3 2');
});

test('every example parses and has unique names', () => {
  assert.ok(EXAMPLES.length >= 5);
  for (const ex of EXAMPLES) {
    const w = toWire(exampleWorkload(ex.id));
    assert.equal(w.ok, true, ex.id);
    assert.equal(new Set(w.workload.jobs.map(j => j.name)).size, w.workload.jobs.length, ex.id);
  }
  assert.deepEqual(toWire(exampleWorkload('convoy')).workload.jobs.map(j => j.bursts), [[24], [3], [3]]);
  const st = toWire(exampleWorkload('stallings')).workload.jobs.map(j => `${j.name}${j.arrival}:${j.bursts}`);
  assert.deepEqual(st, ['A0:3', 'B2:6', 'C4:4', 'D6:5', 'E8:2']);
  assert.equal(exampleWorkload('nope'), null);
});

test('toWire builds the API workload and reports unreadable fields', () => {
  const ed = { cpus: '2', switchCost: 1, quantum: 3, jobs: [
    { name: ' A ', arrival: '0', bursts: '5 io3 2', priority: '', tickets: '50', nice: '-5' },
    { name: 'B', arrival: 4, bursts: '3', priority: 2, tickets: 100, nice: 0 },
  ] };
  assert.deepEqual(toWire(ed), { ok: true, workload: { cpus: 2, switch_cost: 1, jobs: [
    { name: 'A', arrival: 0, bursts: [5, 3, 2], priority: 0, tickets: 50, nice: -5 },
    { name: 'B', arrival: 4, bursts: [3], priority: 2 },
  ] } });
  const bad = toWire({ cpus: 9, switchCost: 0, jobs: [{ name: 'A', arrival: 'x', bursts: 'io2', priority: 0, tickets: 100, nice: 0 }] });
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.errors, [{ row: 0, field: 'bursts', error: 'io_first', token: 'io2' }, { row: 0, field: 'arrival', error: 'number' }]);
  const cases = [
    { name: 'the hello says 8 CPUs, switch cost 10', limits: { sched_cpus: 8, sched_switch_cost: 10 }, ed: { cpus: 9, switchCost: 12 }, cpus: 8, sw: 10 },
    { name: 'a smaller server', limits: { sched_cpus: 4, sched_switch_cost: 5 }, ed: { cpus: 9, switchCost: 7 }, cpus: 4, sw: 5 },
    { name: 'lower bounds are what the fields mean', limits: { sched_cpus: 4 }, ed: { cpus: 0, switchCost: -2 }, cpus: 1, sw: 0 },
    { name: 'before the hello the server judges', limits: {}, ed: { cpus: 9, switchCost: 7 }, cpus: 9, sw: 7 },
  ];
  for (const c of cases) {
    const w = toWire({ ...c.ed, jobs: [{ name: 'A', bursts: '1' }] }, c.limits).workload;
    assert.equal(w.cpus, c.cpus, `${c.name}: got cpus ${w.cpus}; want ${c.cpus}`);
    assert.equal(w.switch_cost, c.sw, `${c.name}: got switch cost ${w.switch_cost}; want ${c.sw}`);
  }
  assert.deepEqual(parseBursts('5000 io1 2'), { ok: true, bursts: [5000, 1, 2] }, 'the largest burst is the server\'s to judge');
});

test('runFor sends the quantum only to the policies that use one', () => {
  assert.deepEqual(runFor('fcfs', 4), { policy: 'fcfs' });
  assert.deepEqual(runFor('rr', '4'), { policy: 'rr', quantum: 4 });
  assert.deepEqual(runFor('mlfq', 0), { policy: 'mlfq', quantum: 1 });
  assert.deepEqual(runFor('rr', 500, { sched_quantum: 100 }), { policy: 'rr', quantum: 100 });
  assert.deepEqual(runFor('rr', 500, {}), { policy: 'rr', quantum: 500 });
  assert.deepEqual(runFor('stride', ''), { policy: 'stride', quantum: 2 });
  assert.equal(POLICY_IDS.length, 11);
});

test('nextName continues letters, else numbers', () => {
  assert.equal(nextName([{ name: 'A' }, { name: 'B' }]), 'C');
  assert.equal(nextName([{ name: 'P1' }, { name: 'P2' }]), 'P3');
  assert.equal(nextName([{ name: 'P1' }, { name: 'P3' }]), 'P4');
  assert.equal(nextName([{ name: 'P3' }, { name: 'P2' }]), 'P4');
  assert.equal(nextName([]), 'P1');
});

const mlfq = {
  policy: 'mlfq', end: 6,
  queues: [['B', 'C'], ['B', 'C'], ['C', 'A'], [], []],
  levels: { A: '011111', B: '000111', C: '000001' },
  gantt: [{ cpu: 0, job: 'A', start: 0, end: 2, kind: 'run' }, { cpu: 0, job: 'B', start: 2, end: 3, kind: 'switch' }, { cpu: 0, job: 'B', start: 3, end: 5, kind: 'run' }],
};

test('queuesAt splits the MLFQ queue by level, in queue order', () => {
  assert.deepEqual(queuesAt(mlfq, 2), [{ level: 0, jobs: ['C'] }, { level: 1, jobs: ['A'] }, { level: 2, jobs: [] }]);
  assert.deepEqual(queuesAt(mlfq, 0), [{ level: 0, jobs: ['B', 'C'] }, { level: 1, jobs: [] }, { level: 2, jobs: [] }]);
  assert.deepEqual(queuesAt({ queues: [['B', 'C']] }, 0), [{ level: null, jobs: ['B', 'C'] }]);
  assert.deepEqual(queuesAt({ queues: [] }, 9), [{ level: null, jobs: [] }]);
  assert.equal(levelCount({ A: '0123' }), 4);
  assert.equal(levelCount({}), 3);
});

test('runningAt finds the slice of each CPU at a tick', () => {
  assert.deepEqual(runningAt(mlfq, 1, 2).map(s => s && `${s.job}/${s.kind}`), ['A/run', null]);
  assert.deepEqual(runningAt(mlfq, 2, 1).map(s => s && `${s.job}/${s.kind}`), ['B/switch']);
  assert.deepEqual(runningAt(mlfq, 5, 1), [null]);
});

test('compareRows marks the lowest average of each column, ties included', () => {
  const r = (policy, tt, w, resp) => ({ policy, quantum: 2, avg: { turnaround: tt, waiting: w, response: resp }, context_switches: 2, end: 30 });
  const rows = compareRows([r('fcfs', 27, 17, 17), r('sjf', 13, 3, 3), r('srtf', 13, 3, 3), r('rr', 16.333333333333332, 6.333333333333333, 2)]);
  assert.deepEqual(rows.map(x => x.policy), ['fcfs', 'sjf', 'srtf', 'rr']);
  assert.deepEqual(rows.map(x => x.best.waiting), [false, true, true, false]);
  assert.deepEqual(rows.map(x => x.best.response), [false, false, false, true]);
  assert.deepEqual(rows.map(x => fmt2(x.avg.turnaround)), ['27.00', '13.00', '13.00', '16.33']);
  assert.deepEqual(compareRows([r('fcfs', 1, 1, 1)])[0].best, { turnaround: false, waiting: false, response: false }, 'one row: nothing to beat');
});

test('formatting: averages with two decimals, unknown ticks as a dash', () => {
  assert.equal(fmt2(17), '17.00');
  assert.equal(fmt2(5.666666), '5.67');
  assert.equal(fmt2(undefined), '—');
  assert.equal(fmtTick(0), '0');
  assert.equal(fmtTick(-1), '—');
});

test('remainingBurst follows the CPU bursts through I/O', () => {
  assert.equal(cpuUsed('rrRRRcr SS'), 3);
  const b = [5, 3, 2];
  assert.equal(remainingBurst(b, 0), 5);
  assert.equal(remainingBurst(b, 3), 2);
  assert.equal(remainingBurst(b, 5), 2, 'after the first burst comes the second');
  assert.equal(remainingBurst(b, 6), 1);
  assert.equal(remainingBurst(b, 7), 0);
  assert.equal(horizon({ switch_cost: 1, jobs: [{ arrival: 2, bursts: [5, 3, 2] }, { arrival: 0, bursts: [4] }] }), 2 + 14 + 3);
});

test('gradeRows ranks by average waiting, the student first among equals', () => {
  const g = {
    student: { turnaround: 27, waiting: 17, response: 17 }, optimum: 'sjf',
    policies: [{ policy: 'fcfs', avg: { turnaround: 27, waiting: 17, response: 17 } }, { policy: 'sjf', avg: { turnaround: 13, waiting: 3, response: 3 } }],
  };
  assert.deepEqual(gradeRows(g).map(r => (r.you ? 'you' : r.policy) + (r.optimum ? '*' : '')), ['sjf*', 'you', 'fcfs']);
});

test('isJobsModel finds the model jobs line', () => {
  assert.equal(isJobsModel({ scenario: '# x\ntitle en: T\nmodel jobs\npolicy fcfs\n' }), true);
  assert.equal(isJobsModel({ scenario: 'process a\n  compute 3\n' }), false);
  assert.equal(isJobsModel({ scenario: 'model jobs', lang: 'go' }), false);
  assert.equal(isJobsModel(null), false);
});

test('levelRuns keeps the ticks a job is in the system', () => {
  assert.deepEqual(levelRuns('0001122200', '--RRrRRr  '), [{ level: 0, start: 2, end: 3 }, { level: 1, start: 3, end: 5 }, { level: 2, start: 5, end: 8 }]);
  assert.deepEqual(levelRuns('', ''), []);
});

test('jobsNow gives levels, vruntime and weights at a time', () => {
  const r = { names: ['a', 'b'], states: { a: 'RRr', b: 'rrR' }, vruntime: { a: [1024, 2048, 2048], b: [0, 0, 336] }, weights: { a: 1024, b: 3121 } };
  assert.deepEqual(jobsNow(r, 1), [{ name: 'a', state: 'R', vruntime: 2048, weight: 1024 }, { name: 'b', state: 'r', vruntime: 0, weight: 3121 }]);
  assert.deepEqual(jobsNow({ names: ['a'], states: { a: 'Rr' }, levels: { a: '01' } }, 1), [{ name: 'a', state: 'r', level: 1 }]);
  assert.equal(fmtVruntime(1536), '1.5');
  assert.deepEqual(schedLessons([{ id: 'x', topic: 'races' }, { id: 'y', topic: 'scheduling' }]).map(l => l.id), ['y']);
});

test('toWire refuses a job with no lottery ticket: 0 on the wire would mean the default 100', () => {
  const ed = t => ({ cpus: 1, switchCost: 0, jobs: [{ name: 'A', arrival: 0, bursts: '3', priority: 0, tickets: t, nice: 0 }] });
  for (const t of ['0', 0, '-3']) {
    const w = toWire(ed(t));
    assert.equal(w.ok, false, String(t));
    assert.deepEqual(w.errors, [{ row: 0, field: 'tickets', error: 'tickets' }], String(t));
  }
  assert.equal(toWire(ed('1')).ok, true);
  assert.equal(toWire(ed('')).ok, true); // empty: the default
});
