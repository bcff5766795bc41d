import test from 'node:test';
import assert from 'node:assert/strict';
import { treeOrder, threadedTable, changesOf, rowSpec, rowsInSight, rangeFor } from './tree.js';

test('treeOrder lists a process’s threads under its main thread, ps -L style', () => {
  const cases = [
    {
      name: 'processes only: the tree by PPID',
      tasks: [{ pid: 1, ppid: 0, tgid: 1 }, { pid: 3, ppid: 2, tgid: 3 }, { pid: 2, ppid: 1, tgid: 2 }],
      want: [[1, 0, false], [2, 1, false], [3, 2, false]],
      threaded: false,
    },
    {
      name: 'threads are not children of PID 1: they follow their main thread',
      tasks: [{ pid: 1, ppid: 0, tgid: 1 }, { pid: 2, ppid: 1, tgid: 2 }, { pid: 4, ppid: 1, tgid: 2 },
        { pid: 3, ppid: 1, tgid: 2 }, { pid: 5, ppid: 1, tgid: 5 }],
      want: [[1, 0, false], [2, 1, false], [3, 2, true], [4, 2, true], [5, 1, false]],
      threaded: true,
    },
    {
      name: 'tasks without a tgid (the live lab) are processes',
      tasks: [{ pid: 10, ppid: 1 }, { pid: 11, ppid: 10 }],
      want: [[10, 0, false], [11, 1, false]],
      threaded: false,
    },
  ];
  for (const c of cases) {
    const got = treeOrder(c.tasks).map(r => [r.task.pid, r.depth, !!r.thread]);
    assert.deepEqual(got, c.want, c.name);
    assert.equal(threadedTable(c.tasks), c.threaded, c.name);
  }
});

test('changesOf says which cells of a task changed since the step before', () => {
  const base = { pid: 3, ppid: 2, nlwp: 1, name: 'worker', state: 'running', user_ticks: 4, kernel_ticks: 1, vcsw: 0, nvcsw: 2 };
  const cases = [
    { name: 'no prev: nothing to compare', prev: null, task: base, want: null },
    { name: 'a task that was not there is new', prev: [{ ...base, pid: 2 }], task: base, want: { new: true } },
    { name: 'nothing changed', prev: [base], task: { ...base }, want: {} },
    { name: 'adopted by init: PPID', prev: [base], task: { ...base, ppid: 1 }, want: { ppid: '2' } },
    { name: 'a tick: the ticks only', prev: [base], task: { ...base, user_ticks: 5 }, want: { ticks: '4/1' } },
    { name: 'preempted: state and switches', prev: [base], task: { ...base, state: 'runnable', nvcsw: 3 }, want: { state: 'R running', sw: '0/2' } },
    { name: 'exec: the name', prev: [base], task: { ...base, name: 'daemon' }, want: { name: 'worker' } },
    { name: 'asleep in another wait channel: state', prev: [{ ...base, state: 'sleeping', wchan: 'do_wait' }], task: { ...base, state: 'sleeping', wchan: 'pipe_read' }, want: { state: 'S sleeping do_wait' } },
    { name: 'a thread ended: NLWP', prev: [{ ...base, nlwp: 2 }], task: base, want: { nlwp: '2' } },
  ];
  for (const c of cases) {
    assert.deepEqual(changesOf(c.prev, c.task), c.want, c.name);
  }
});

test('rowSpec says each cell of a row as the table draws it, marks included', () => {
  const x = { pid: 3, ppid: 2, tgid: 3, name: 'worker', state: 'running', user_ticks: 4, kernel_ticks: 1, vcsw: 0, nvcsw: 2, pgid: 1, sid: 1 };
  const cases = [
    {
      name: 'a process whose ticks changed: the ticks cell is marked and says what it was',
      task: x, depth: 1, thread: false, ctx: { ps: false, jobs: false, step: 7, ch: { ticks: '3/1' } },
      wantRow: 'st-running', wantNew: false,
      wantCells: [['pid', '', null], ['', '', null], ['name', '', null], ['state', '', null], ['num chg', 'ticks', [4, 1]], ['num sw', '', [0, 2]]],
      wantTitle: { 4: 'changed in step 7; it was 3/1' },
    },
    {
      name: 'a new thread in a ps -L table: TID and NLWP columns, the row and its PID marked new',
      task: { ...x, pid: 4 }, depth: 2, thread: true, ctx: { ps: true, jobs: false, step: 7, ch: { new: true } },
      wantRow: 'st-running thread new', wantNew: true,
      wantCells: [['pid chg', '', null], ['tid', '', null], ['', '', null], ['num', '', null], ['name', '', null], ['state', '', null], ['num', '', [4, 1]], ['num sw', '', [0, 2]]],
      wantTitle: { 0: 'new in step 7 — process group 1, session 1' },
    },
    {
      name: 'a job of the jobs model: no PID or PPID column',
      task: x, depth: 0, thread: false, ctx: { ps: false, jobs: true, step: 7, ch: {} },
      wantRow: 'st-running', wantNew: false,
      wantCells: [['name', '', null], ['state', '', null], ['num', '', [4, 1]], ['num sw', '', [0, 2]]],
      wantTitle: {},
    },
  ];
  for (const c of cases) {
    const got = rowSpec(c.task, c.depth, c.thread, c.ctx);
    assert.equal(got.cls, c.wantRow, c.name);
    assert.equal(got.isNew, c.wantNew, c.name);
    assert.deepEqual(got.cells.map(k => [k.cls, k.col, k.pair || null]), c.wantCells, c.name);
    for (const [i, title] of Object.entries(c.wantTitle)) assert.equal(got.cells[i].title, title, `${c.name}: cell ${i}'s title`);
  }
});

test('rowsInSight counts the drawn rows by their heights, the others by the mean', () => {
  // Rows 100 to 109 drawn from 3,000 px: 30 px each but row 102, 60 px.
  const heights = [30, 30, 60, 30, 30, 30, 30, 30, 30, 30];
  const drawn = { from: 100, to: 110, top: 3000, bottom: 3330 };
  const cases = [
    { name: 'in the rows drawn', sight: { top: 3070, bottom: 3200 }, want: [102, 105] },
    { name: 'from the rows drawn to below them', sight: { top: 3300, bottom: 3400 }, want: [109, 112] },
    { name: 'above the rows drawn', sight: { top: 2000, bottom: 2300 }, want: [66, 76] },
    { name: 'far below', sight: { top: 9000, bottom: 9600 }, want: [299, 318] },
    { name: 'past the end', sight: { top: 99000, bottom: 99600 }, want: [2999, 2999] },
    { name: 'above the body', sight: { top: -900, bottom: -100 }, want: [0, 0] },
  ];
  for (const c of cases) assert.deepEqual(rowsInSight(3000, c.sight, drawn, heights, 30), c.want, c.name);
});

test('rangeFor draws 30 rows more each side of those in sight', () => {
  const cases = [
    { n: 3000, first: 100, last: 120, want: [70, 151] },
    { n: 3000, first: 10, last: 40, want: [0, 71] },
    { n: 3000, first: 2990, last: 2999, want: [2960, 3000] },
  ];
  for (const c of cases) assert.deepEqual(rangeFor(c.n, c.first, c.last), c.want, `${c.first}..${c.last}`);
});
