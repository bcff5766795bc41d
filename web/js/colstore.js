// colstore.js: the timeline's window of columns, kept compact (issue 14,
// part 2: the page's heap after 10,000 steps within 10 % of that after 100).
//
// A column is one step of the timeline: {step, cpu, task, arrived?} where
// cpu[c] is the cell of CPU c ({pid, kernel} and maybe sw, sys, vdso) and
// task[pid] the cell of each task with one ({s, k} and maybe w, spin, sw).
// Kept as objects, the 1,200 columns of a 64-task run took about 0.6 MiB
// of the page's heap (a map of 64 cells per column); a ColumnStore keeps
// the same window in typed arrays: a ring of columns, each with its step,
// per task lane the index of its cell among the distinct cells seen
// (interned, frozen objects; half a byte while there are at most 15 kinds
// of cell, then a byte, then two), and per CPU the PID it ran and the kind
// of its cell (a byte for the kind and two for the PID while they fit, then
// more). The 1,200 columns of that run take about 60 KiB. Storage grows
// with the columns (by doubling, up to the window) and with the lanes (a
// lane per task with a cell in the window; the lane of a task gone from the
// window is used again).
//
// The fold writes a column in two parts: each task's own cell (its state,
// and the object it waits on) into the base row, a row of the same form as
// a column's, only when the task's state or wait changed (setBase); and
// begin(step, true) starts the column as a copy of that row, over which it
// sets the few cells of the step (the tasks on a CPU, those that died).
// A column of the largest run's 3,030 tasks is then a copy of 1.5 KB and a
// few cells, not a write per task (about 33 tasks change a step there).
//
// Readers see the columns through one interface, which columnsOf also puts
// on an array of column objects (the live lab's timeline keeps arrays):
//   length, step(i), cpuCount(i), cpu(i, c), task(i, pid), pids(lo, hi),
//   key(i), column(i), last(), toArray().
// Cells come back as frozen objects shared by every column that has them
// (equal cells are the same object); column(i) builds the column object
// the fold made before this store existed, equal to it field for field.
//
// Not safe for concurrent use (the page has one thread); a store is
// changed only by the fold that owns its view.

export const MAX_COLUMNS = 1200; // timeline steps kept

let stores = 0; // stores made, for keys unique across stores

// The most distinct kinds of cell a store can name (task cells: a state,
// a mode and the sync object waited on or spun on; CPU cells: a mode and
// the call). The scenario limits (16 sync objects, the engine's system
// calls) keep a run far below it.
const MAX_KINDS = 0xffff;

export class ColumnStore {
  // max is the number of columns kept (the newest ones).
  constructor(max = MAX_COLUMNS) {
    this.max = Math.max(1, Math.floor(max));
    this.cap = 0; // slots allocated
    this.head = 0; // the slot of column 0
    this.n = 0; // columns kept
    this.serial0 = 0; // the serial of column 0: columns pushed before it
    this.base = (stores++ % (1 << 20)) * 2 ** 32; // key(i) = base + serial
    this.steps = new Int32Array(0);
    // CPU lanes: ncpu slots per column; cpuN[slot] cells in that column.
    this.ncpu = 0;
    this.cpuN = new Uint8Array(0);
    this.cpuPid = new Uint16Array(0); // Int32Array once a PID does not fit
    this.cpuKind = new Uint8Array(0); // index in cpuKinds (Uint16Array past 255)
    this.cpuKinds = []; // {kernel, sw, sys, vdso}
    this.cpuKindIds = new Map(); // "kernel|sw|sys|vdso" -> index
    this.cpuCells = new Map(); // pid * 65536 + kind -> frozen cell (a cache)
    // Task lanes: width lanes per column, a row of stride elements of
    // cells per slot; a lane's cell (cellAt) is 0 for no cell, else an
    // index in cellList, in bits bits (4: two lanes a byte).
    this.width = 0;
    this.bits = 4;
    this.stride = 0;
    this.cells = new Uint8Array(0);
    this.baseRow = new Uint8Array(0); // the base row: a column's cells before the step's own (setBase)
    this.cellList = [undefined]; // frozen task cells; 0: none
    this.cellIds = new Map(); // "s|k|w|spin|sw" -> index
    this.plainIds = [new Map(), new Map()]; // [kernel ? 1 : 0]: state -> index of {s, k}
    this.lanePid = new Int32Array(0);
    // The newest serial with a cell in the lane, for a lane whose base cell
    // is none (lastSerial: a lane with a base cell has one in the newest
    // column); at least that, never less.
    this.laneLast = new Float64Array(0);
    this.laneOf = new Map(); // pid -> lane
    this.free = []; // lanes with no task
    this.arrived = new Map(); // serial -> {pid: program} (the rare steps where tasks arrived)
  }

  get length() { return this.n; }

  slot(i) {
    const p = this.head + i;
    return p >= this.cap ? p - this.cap : p;
  }

  // step is column i's step.
  step(i) { return this.steps[this.slot(i)]; }

  // cpuCount is the number of CPU cells of column i.
  cpuCount(i) { return this.cpuN[this.slot(i)]; }

  // cpu is the cell of CPU c in column i (undefined past its cells).
  cpu(i, c) {
    const p = this.slot(i);
    if (c < 0 || c >= this.cpuN[p]) return undefined;
    return this.cpuCell(this.cpuPid[p * this.ncpu + c], this.cpuKind[p * this.ncpu + c]);
  }

  cpuCell(pid, kind) {
    const key = pid * 65536 + kind;
    let cell = this.cpuCells.get(key);
    if (!cell) {
      const k = this.cpuKinds[kind];
      const c = k.sw ? { pid, kernel: false, sw: true } : { pid, kernel: k.kernel };
      if (k.sys !== undefined) c.sys = k.sys;
      if (k.vdso !== undefined) c.vdso = k.vdso;
      cell = Object.freeze(c);
      if (this.cpuCells.size >= 4096) this.cpuCells.clear(); // a cache, not the store
      this.cpuCells.set(key, cell);
    }
    return cell;
  }

  // task is the cell of task pid in column i (undefined: none).
  task(i, pid) {
    const lane = this.laneOf.get(pid);
    if (lane === undefined) return undefined;
    return this.cellList[this.cellAt(this.slot(i), lane)];
  }

  // readCell is the cell index of lane in the row of cells that starts at
  // element at of arr (two lanes a byte while bits is 4).
  readCell(arr, at, lane) {
    if (this.bits !== 4) return arr[at + lane];
    const b = arr[at + (lane >> 1)];
    return lane & 1 ? b >> 4 : b & 15;
  }

  // writeCell sets the cell index of lane in the row of cells that starts
  // at element at of arr.
  writeCell(arr, at, lane, id) {
    if (this.bits !== 4) { arr[at + lane] = id; return; }
    const i = at + (lane >> 1);
    const b = arr[i];
    arr[i] = lane & 1 ? (b & 15) | (id << 4) : (b & 0xf0) | id;
  }

  // cellAt is the cell index of lane in slot p.
  cellAt(p, lane) { return this.readCell(this.cells, p * this.stride, lane); }

  // baseAt is the cell index of lane in the base row.
  baseAt(lane) { return this.readCell(this.baseRow, 0, lane); }

  // lastSerial is the newest serial with a cell in lane, or one above it
  // (a lane with a base cell: the newest column's).
  lastSerial(lane) {
    return this.baseAt(lane) ? this.serial0 + Math.max(0, this.n - 1) : this.laneLast[lane];
  }

  // putCell sets the cell index of lane in slot p.
  putCell(p, lane, id) { this.writeCell(this.cells, p * this.stride, lane, id); }

  // pids lists the PIDs with a cell in some column lo..hi-1.
  pids(lo, hi) {
    const out = [];
    lo = Math.max(0, lo);
    hi = Math.min(this.n, hi);
    if (lo >= hi) return out;
    const oldest = this.serial0 + lo;
    for (const [pid, lane] of this.laneOf) {
      if (this.lastSerial(lane) < oldest) continue;
      for (let i = lo; i < hi; i++) {
        if (this.cellAt(this.slot(i), lane)) { out.push(pid); break; }
      }
    }
    return out;
  }

  // key is an identity of column i: the same number while the column is
  // kept, another for any other column of any store.
  key(i) { return this.base + this.serial0 + i; }

  // column builds column i as an object {step, cpu, task, arrived?}.
  column(i) {
    const p = this.slot(i);
    const cpu = [];
    for (let c = 0; c < this.cpuN[p]; c++) cpu.push(this.cpuCell(this.cpuPid[p * this.ncpu + c], this.cpuKind[p * this.ncpu + c]));
    const task = {};
    for (const [pid, lane] of this.laneOf) {
      const id = this.cellAt(p, lane);
      if (id) task[pid] = this.cellList[id];
    }
    const col = { step: this.steps[p], cpu, task };
    const arrived = this.arrived.get(this.serial0 + i);
    if (arrived) col.arrived = arrived;
    return col;
  }

  // last is the newest column as an object, or null.
  last() { return this.n ? this.column(this.n - 1) : null; }

  toArray() {
    const out = [];
    for (let i = 0; i < this.n; i++) out.push(this.column(i));
    return out;
  }

  toJSON() { return this.toArray(); }

  // begin adds a column for step as the newest, empty or, fromBase, a copy
  // of the base row (setBase); the oldest goes when the window is full. The
  // set* methods fill it.
  begin(step, fromBase = false) {
    if (this.n === this.max) {
      this.arrived.delete(this.serial0);
      this.head = this.slot(1);
      this.n--;
      this.serial0++;
    } else if (this.n === this.cap) {
      this.resize(Math.min(this.max, Math.max(16, this.cap * 2)), this.ncpu, this.width);
    }
    const p = this.slot(this.n);
    this.n++;
    this.steps[p] = step;
    this.cpuN[p] = 0;
    if (fromBase) this.cells.set(this.baseRow, p * this.stride);
    else this.cells.fill(0, p * this.stride, (p + 1) * this.stride);
  }

  // setBase sets task pid's cell in the base row to cell index id
  // (taskCell); 0: none. The columns begun from the base row after it have
  // it, under the cells set in them.
  setBase(pid, id) {
    let lane = this.laneOf.get(pid);
    if (lane === undefined) {
      if (!id) return;
      lane = this.lane(pid);
    }
    const old = this.baseAt(lane);
    if (old === id) return;
    // A lane that loses its base cell had one in the newest column.
    if (old && this.n) this.laneLast[lane] = Math.max(this.laneLast[lane], this.serial0 + this.n - 1);
    this.writeCell(this.baseRow, 0, lane, id);
  }

  // setCpu sets the newest column's cell of CPU c: {pid, kernel, sw?, sys?,
  // vdso?}. The CPUs before c without a cell get an idle one.
  setCpu(c, cell) {
    if (c >= this.ncpu) this.resize(this.cap, Math.max(c + 1, 4), this.width);
    const p = this.slot(this.n - 1);
    const sw = !!cell.sw;
    const kernel = sw ? false : !!cell.kernel;
    const key = `${kernel ? 1 : 0}|${sw ? 1 : 0}|${cell.sys === undefined ? '\u0000' : cell.sys}|${cell.vdso === undefined ? '\u0000' : cell.vdso}`;
    let kind = this.cpuKindIds.get(key);
    if (kind === undefined) {
      if (this.cpuKinds.length >= MAX_KINDS) throw new RangeError(`a timeline cannot name more than ${MAX_KINDS} kinds of CPU cell`);
      kind = this.cpuKinds.length;
      this.cpuKinds.push({ kernel, sw, sys: cell.sys, vdso: cell.vdso });
      this.cpuKindIds.set(key, kind);
    }
    while (this.cpuN[p] < c) this.setCpu(this.cpuN[p], { pid: 0, kernel: false });
    const pid = cell.pid || 0;
    if ((pid < 0 || pid > 0xffff || pid !== Math.floor(pid)) && this.cpuPid instanceof Uint16Array) this.cpuPid = Int32Array.from(this.cpuPid);
    if (kind > 0xff && this.cpuKind instanceof Uint8Array) this.cpuKind = Uint16Array.from(this.cpuKind);
    this.cpuPid[p * this.ncpu + c] = pid;
    this.cpuKind[p * this.ncpu + c] = kind;
    if (this.cpuN[p] <= c) this.cpuN[p] = c + 1;
  }

  // taskCell is the index of the task cell {s, k, w?, spin?, sw?} (the
  // same object for equal cells), for setTask; w and spin name a sync
  // object ("lock:3"), empty for none.
  taskCell(s, k, w = '', spin = '', sw = false) {
    if (!w && !spin && !sw) {
      const by = this.plainIds[k ? 1 : 0];
      const id = by.get(s);
      if (id !== undefined) return id;
      const nid = this.addCell({ s, k: !!k });
      by.set(s, nid);
      return nid;
    }
    const key = `${s}|${k ? 1 : 0}|${w}|${spin}|${sw ? 1 : 0}`;
    const id = this.cellIds.get(key);
    if (id !== undefined) return id;
    const cell = { s, k: !!k };
    if (w) cell.w = w;
    if (spin) cell.spin = spin;
    if (sw) cell.sw = true;
    const nid = this.addCell(cell);
    this.cellIds.set(key, nid);
    return nid;
  }

  addCell(cell) {
    if (this.cellList.length > MAX_KINDS) throw new RangeError(`a timeline cannot name more than ${MAX_KINDS} kinds of task cell`);
    this.cellList.push(Object.freeze(cell));
    const id = this.cellList.length - 1;
    if (id >= 1 << this.bits) this.widen(this.bits === 4 ? 8 : 16);
    return id;
  }

  // widen stores the cells in bits bits (8 or 16) from now on.
  widen(bits) {
    const cells = bits === 8 ? new Uint8Array(this.cap * this.width) : new Uint16Array(this.cap * this.width);
    for (let p = 0; p < this.cap; p++) for (let l = 0; l < this.width; l++) cells[p * this.width + l] = this.cellAt(p, l);
    const baseRow = new cells.constructor(this.width);
    for (let l = 0; l < this.width; l++) baseRow[l] = this.baseAt(l);
    this.cells = cells;
    this.baseRow = baseRow;
    this.bits = bits;
    this.stride = this.width;
  }

  // setTask sets task pid's cell in the newest column to cell index id
  // (taskCell); 0 removes it.
  setTask(pid, id) {
    let lane = this.laneOf.get(pid);
    if (lane === undefined) {
      if (!id) return;
      lane = this.lane(pid);
    }
    this.putCell(this.slot(this.n - 1), lane, id);
    if (id) this.laneLast[lane] = this.serial0 + this.n - 1;
  }

  // setArrived records the tasks that arrived in the newest column's step
  // (pid -> program index).
  setArrived(arrived) {
    this.arrived.set(this.serial0 + this.n - 1, arrived);
  }

  // reserve makes room for k more tasks' lanes: the lanes of tasks with
  // no cell left in the window are freed, and the lanes grow (by k, and
  // by at least an eighth) when that is not enough.
  reserve(k) {
    if (this.free.length >= k) return;
    for (const [q, l] of this.laneOf) {
      if (this.lastSerial(l) < this.serial0) { this.laneOf.delete(q); this.lanePid[l] = -1; this.free.push(l); }
    }
    if (this.free.length >= k) return;
    const w = this.width;
    this.resize(this.cap, this.ncpu, w + Math.max(k - this.free.length, Math.ceil(w / 8)));
  }

  // lane gives task pid a lane (reserve: a free one).
  lane(pid) {
    this.reserve(1);
    const lane = this.free.pop();
    this.laneOf.set(pid, lane);
    this.lanePid[lane] = pid;
    this.laneLast[lane] = -1;
    return lane;
  }

  // resize reallocates the arrays for cap columns, ncpu CPUs and width
  // lanes, keeping the columns (column 0 moves to slot 0).
  resize(cap, ncpu, width) {
    const steps = new Int32Array(cap);
    const cpuN = new Uint8Array(cap);
    const cpuPid = new this.cpuPid.constructor(cap * ncpu);
    const cpuKind = new this.cpuKind.constructor(cap * ncpu);
    // A lane keeps its place in a row when the rows grow (two lanes a byte
    // or one an element): the old row is the new row's start.
    const stride = this.bits === 4 ? (width + 1) >> 1 : width;
    const cells = new this.cells.constructor(cap * stride);
    const baseRow = new this.cells.constructor(stride);
    baseRow.set(this.baseRow);
    for (let i = 0; i < this.n; i++) {
      const p = this.slot(i);
      steps[i] = this.steps[p];
      cpuN[i] = this.cpuN[p];
      cpuPid.set(this.cpuPid.subarray(p * this.ncpu, (p + 1) * this.ncpu), i * ncpu);
      cpuKind.set(this.cpuKind.subarray(p * this.ncpu, (p + 1) * this.ncpu), i * ncpu);
      cells.set(this.cells.subarray(p * this.stride, (p + 1) * this.stride), i * stride);
    }
    if (width > this.width) {
      const lanePid = new Int32Array(width).fill(-1);
      lanePid.set(this.lanePid);
      const laneLast = new Float64Array(width);
      laneLast.set(this.laneLast);
      for (let l = width - 1; l >= this.width; l--) this.free.push(l);
      this.lanePid = lanePid;
      this.laneLast = laneLast;
    }
    Object.assign(this, { cap, ncpu, width, stride, head: 0, steps, cpuN, cpuPid, cpuKind, cells, baseRow });
  }

  // push adds a column object as the newest (as the fold makes them).
  push(col) {
    this.begin(col.step);
    (col.cpu || []).forEach((cell, c) => this.setCpu(c, cell || { pid: 0, kernel: false }));
    for (const k of Object.keys(col.task || {})) {
      const x = col.task[k];
      this.setTask(Number(k), this.taskCell(x.s, x.k, x.w || '', x.spin || '', !!x.sw));
    }
    if (col.arrived) this.setArrived(col.arrived);
  }

  // clone is a copy that shares nothing a change to either would change
  // (its keys are its own: a timeline's hints do not carry over).
  clone() {
    const c = new ColumnStore(this.max);
    for (const k of ['cap', 'head', 'n', 'serial0', 'ncpu', 'width', 'bits', 'stride']) c[k] = this[k];
    for (const k of ['steps', 'cpuN', 'cpuPid', 'cpuKind', 'cells', 'baseRow', 'lanePid', 'laneLast']) c[k] = this[k].slice();
    c.cpuKinds = this.cpuKinds.slice();
    c.cpuKindIds = new Map(this.cpuKindIds);
    c.cellList = this.cellList.slice();
    c.cellIds = new Map(this.cellIds);
    c.plainIds = this.plainIds.map(m => new Map(m));
    c.laneOf = new Map(this.laneOf);
    c.free = this.free.slice();
    c.arrived = new Map(this.arrived);
    return c;
  }
}

// ArrayColumns puts the store's interface on an array of column objects.
class ArrayColumns {
  constructor(cols) { this.cols = cols; }
  get length() { return this.cols.length; }
  step(i) { return this.cols[i].step; }
  cpuCount(i) { return (this.cols[i].cpu || []).length; }
  cpu(i, c) { return (this.cols[i].cpu || [])[c]; }
  task(i, pid) { const t = this.cols[i].task; return t ? t[pid] : undefined; }
  pids(lo, hi) {
    const set = new Set();
    for (let i = Math.max(0, lo); i < Math.min(this.cols.length, hi); i++) for (const k in this.cols[i].task) set.add(Number(k));
    return [...set];
  }
  key(i) { return this.cols[i]; }
  column(i) { return this.cols[i]; }
  last() { return this.cols.length ? this.cols[this.cols.length - 1] : null; }
  toArray() { return this.cols.slice(); }
}

// columnsOf gives the columns interface of a ColumnStore (itself) or of an
// array of column objects (a view of it); anything else reads as none.
export function columnsOf(x) {
  if (x instanceof ColumnStore || x instanceof ArrayColumns) return x;
  return new ArrayColumns(Array.isArray(x) ? x : []);
}
