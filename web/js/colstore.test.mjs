import test from 'node:test';
import assert from 'node:assert/strict';
import { ColumnStore, columnsOf, MAX_COLUMNS } from './colstore.js';

// col makes a column object as fold.js made them before the store: the
// CPU cells, and the task cells by PID.
function col(step, cpu, task, arrived) {
  const c = { step, cpu, task };
  if (arrived) c.arrived = arrived;
  return c;
}

const idle = { pid: 0, kernel: false };

test('a store gives back the columns pushed into it, field for field', () => {
  const cols = [
    col(1, [{ pid: 2, kernel: true, sys: 'fork' }, idle], { 1: { s: 'sleeping', k: false }, 2: { s: 'running', k: true } }, { 2: 0 }),
    col(2, [{ pid: 2, kernel: false }, { pid: 3, kernel: false, vdso: 'clock_gettime' }], { 2: { s: 'running', k: false }, 3: { s: 'running', k: false } }),
    col(3, [{ pid: 3, kernel: false, sw: true }, idle], { 2: { s: 'sleeping', k: false, w: 'lock:1' }, 3: { s: 'running', k: false, sw: true } }),
    col(4, [{ pid: 2, kernel: false }], { 2: { s: 'running', k: false, spin: 'lock:0' }, 3: { s: 'dead', k: false } }),
    col(5, [], {}),
  ];
  const s = new ColumnStore();
  for (const c of cols) s.push(c);
  assert.equal(s.length, cols.length);
  assert.deepStrictEqual(s.toArray(), cols);
  for (let i = 0; i < cols.length; i++) {
    assert.equal(s.step(i), cols[i].step, `step of column ${i}`);
    assert.equal(s.cpuCount(i), cols[i].cpu.length, `CPU cells of column ${i}`);
    for (let c = 0; c < 3; c++) assert.deepStrictEqual(s.cpu(i, c), cols[i].cpu[c], `column ${i} CPU ${c}`);
    for (const pid of [1, 2, 3, 4]) assert.deepStrictEqual(s.task(i, pid), cols[i].task[pid], `column ${i} task ${pid}`);
  }
  assert.deepStrictEqual(s.last(), cols[4]);
  assert.equal(s.task(1, 2), s.task(1, 3), 'equal cells are one object');
  assert.ok(Object.isFrozen(s.task(1, 2)), 'cells are frozen: they are shared');
});

test('the ring keeps the newest columns as it wraps around', () => {
  const cases = [
    { name: 'not full', max: 8, n: 5 },
    { name: 'full', max: 8, n: 8 },
    { name: 'wrapped once', max: 8, n: 13 },
    { name: 'wrapped many times', max: 5, n: 103 },
    { name: 'past a growth of its slots', max: 40, n: 97 },
  ];
  for (const c of cases) {
    const s = new ColumnStore(c.max);
    const all = [];
    for (let k = 1; k <= c.n; k++) {
      // Tasks come and go: task k lives three steps, task 1 all along.
      const task = { 1: { s: k % 2 ? 'running' : 'runnable', k: k % 3 === 0 } };
      for (let p = Math.max(2, k - 2); p <= k; p++) task[p + 1] = { s: p === k ? 'runnable' : 'sleeping', k: false };
      const cpu = [{ pid: k % 2 ? 1 : k + 1, kernel: k % 3 === 0 }];
      all.push(col(k, cpu, task));
      s.push(all[all.length - 1]);
    }
    const want = all.slice(-c.max);
    assert.equal(s.length, want.length, `${c.name}: length`);
    assert.deepStrictEqual(s.toArray(), want, `${c.name}: the columns kept`);
    const keys = new Set(want.map((_, i) => s.key(i)));
    assert.equal(keys.size, want.length, `${c.name}: a key per column`);
    // The lanes of tasks gone from the window are used again: they do not
    // grow with the run.
    assert.ok(s.width <= c.max + 16, `${c.name}: ${s.width} lanes for a window of ${c.max} columns; want them used again`);
  }
});

test('a column keeps its key while it is kept, and a key names one column of one store', () => {
  const s = new ColumnStore(3);
  s.push(col(1, [], {}));
  s.push(col(2, [], {}));
  const k2 = s.key(1);
  s.push(col(3, [], {}));
  s.push(col(4, [], {})); // step 1 goes: step 2 is column 0 now
  assert.equal(s.key(0), k2, 'step 2 keeps its key');
  const other = new ColumnStore(3);
  other.push(col(2, [], {}));
  assert.notEqual(other.key(0), k2, 'another store');
  assert.notEqual(s.clone().key(0), k2, 'a clone has keys of its own');
});

test('cells widen from half a byte to a byte to two as kinds of cell are added, and keep their values', () => {
  // Kinds of cell: the states and, for a sleeping task, the object it waits on.
  const cases = [{ objects: 3, bits: 4 }, { objects: 40, bits: 8 }, { objects: 400, bits: 16 }];
  for (const c of cases) {
    const s = new ColumnStore(10);
    const all = [];
    for (let k = 0; k < 60; k++) {
      const task = {};
      for (let pid = 1; pid <= 7; pid++) {
        const o = (k * 7 + pid) % c.objects;
        task[pid] = pid % 3 ? { s: 'sleeping', k: false, w: `lock:${o}` } : { s: 'running', k: pid === 3 };
      }
      all.push(col(k, [{ pid: 1, kernel: false }], task));
      s.push(all[k]);
    }
    assert.equal(s.bits, c.bits, `${c.objects} objects: bits per cell`);
    assert.deepStrictEqual(s.toArray(), all.slice(-10), `${c.objects} objects: the cells`);
  }
});

test('a PID past 16 bits and many kinds of CPU cell are kept', () => {
  const s = new ColumnStore(4);
  const all = [];
  for (let k = 0; k < 300; k++) {
    const cpu = [{ pid: 70000 + k, kernel: true, sys: `call${k}` }, { pid: 3, kernel: false }];
    all.push(col(k, cpu, { [70000 + k]: { s: 'running', k: true } }));
    s.push(all[k]);
  }
  assert.deepStrictEqual(s.toArray(), all.slice(-4));
});

test('a clone shares nothing that a change to either changes', () => {
  const s = new ColumnStore(3);
  s.push(col(1, [idle], { 1: { s: 'running', k: false } }));
  const c = s.clone();
  s.push(col(2, [{ pid: 1, kernel: true }], { 1: { s: 'running', k: true }, 5: { s: 'runnable', k: false } }));
  c.push(col(2, [idle], { 2: { s: 'sleeping', k: false, w: 'lock:1' } }));
  assert.deepStrictEqual(s.toArray().map(x => x.task), [{ 1: { s: 'running', k: false } }, { 1: { s: 'running', k: true }, 5: { s: 'runnable', k: false } }]);
  assert.deepStrictEqual(c.toArray().map(x => x.task), [{ 1: { s: 'running', k: false } }, { 2: { s: 'sleeping', k: false, w: 'lock:1' } }]);
});

test('pids lists the tasks with a cell in a range of columns', () => {
  const s = new ColumnStore(4);
  s.push(col(1, [], { 1: { s: 'running', k: false }, 9: { s: 'dead', k: false } }));
  s.push(col(2, [], { 1: { s: 'running', k: false } }));
  s.push(col(3, [], { 1: { s: 'running', k: false }, 4: { s: 'runnable', k: false } }));
  const cases = [
    { lo: 0, hi: 3, want: [1, 4, 9] },
    { lo: 1, hi: 2, want: [1] },
    { lo: 2, hi: 9, want: [1, 4] },
    { lo: 2, hi: 2, want: [] },
  ];
  for (const c of cases) assert.deepStrictEqual(s.pids(c.lo, c.hi).sort((a, b) => a - b), c.want, `${c.lo}..${c.hi}`);
});

test('columnsOf reads an array of columns as a store reads its own', () => {
  const cols = [col(7, [{ pid: 2, kernel: false }], { 2: { s: 'running', k: false } }), col(8, [idle], { 3: { s: 'runnable', k: false } })];
  const s = new ColumnStore();
  for (const c of cols) s.push(c);
  for (const x of [columnsOf(cols), s]) {
    assert.equal(x.length, 2);
    assert.deepStrictEqual([x.step(0), x.step(1)], [7, 8]);
    assert.deepStrictEqual(x.cpu(0, 0), { pid: 2, kernel: false });
    assert.deepStrictEqual(x.task(1, 3), { s: 'runnable', k: false });
    assert.equal(x.task(1, 2), undefined);
    assert.deepStrictEqual(x.pids(0, 2).sort(), [2, 3]);
    assert.deepStrictEqual(x.last(), cols[1]);
  }
  assert.equal(columnsOf(s), s);
  assert.equal(columnsOf(undefined).length, 0);
  assert.equal(MAX_COLUMNS, 1200);
});

test('columns begun from the base row hold its cells under their own, as lanes are freed, grown and widened', () => {
  // A model of what the store must hold: each task's base cell, and each
  // column as the base row when it began with the step's own cells over it.
  // Random steps (seeded) set base cells (a task's state changes), put
  // cells of the step (on a CPU, died), and push far more tasks and kinds
  // of cell through a window of 6 columns than it holds: lanes are freed
  // and used again, rows grow, cells widen to a byte and then to two.
  let seed = 7; // xorshift32
  const rand = n => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) % n; };
  const kinds = [];
  for (let i = 0; i < 300; i++) kinds.push({ s: 'sleeping', w: `lock:${i}` });
  for (const s of ['runnable', 'running']) kinds.push({ s, w: '' });
  const s = new ColumnStore(6);
  let model = []; // the columns: {step, task: {pid: cell}}
  const base = new Map(); // pid -> cell
  let clone = null, cloneModel = null, cloneBase = null;
  for (let step = 1; step <= 400; step++) {
    const lo = Math.max(1, step - 40); // tasks come and go
    for (const pid of [...base.keys()]) if (pid < lo) { s.setBase(pid, 0); base.delete(pid); }
    for (let j = 0; j < 4; j++) {
      const pid = lo + rand(45);
      if (rand(4) === 0) { s.setBase(pid, 0); base.delete(pid); continue; }
      const k = kinds[step < 150 ? rand(12) + 290 : rand(kinds.length)];
      const cell = k.w ? { s: k.s, k: false, w: k.w } : { s: k.s, k: false };
      s.setBase(pid, s.taskCell(cell.s, false, cell.w || ''));
      base.set(pid, cell);
    }
    s.begin(step, true);
    const task = Object.fromEntries([...base].map(([pid, cell]) => [pid, cell]));
    const own = lo + rand(45);
    s.setTask(own, s.taskCell('running', true));
    task[own] = { s: 'running', k: true };
    model.push({ step, cpu: [], task });
    if (model.length > 6) model.shift();
    assert.deepStrictEqual(s.toArray(), model, `step ${step}`);
    const pids = new Set(model.flatMap(c => Object.keys(c.task).map(Number)));
    assert.deepStrictEqual(s.pids(0, s.length).sort((a, b) => a - b), [...pids].sort((a, b) => a - b), `pids at step ${step}`);
    if (step === 200) { clone = s.clone(); cloneModel = model.slice(); cloneBase = Object.fromEntries(base); }
  }
  assert.equal(s.bits, 16, 'the cells widened to two bytes');
  assert.ok(s.width < 60, `lanes are used again: ${s.width} lanes for at most 45 tasks at once`);
  // A clone keeps its columns and its own base row: its next column is the
  // base row as it was at step 200, whatever the store did after.
  clone.begin(201, true);
  assert.deepStrictEqual(clone.toArray(), [...cloneModel.slice(1), { step: 201, cpu: [], task: cloneBase }], 'the clone');
});
