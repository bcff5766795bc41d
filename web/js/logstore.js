// logstore.js: the log's window of items, kept compact (issue 14, part 2:
// the page's heap after 10,000 steps within 10 % of that after 100).
//
// A log item is what log.js describeEvents makes of an event: {step, pid,
// kind, cause, key, params, weight} (and e, the event, for a problem); the
// sentence is made from it when its row is drawn. Kept as objects, the
// 3,000 items of a 64-task run took about 0.3 MiB of the page's heap; a
// LogStore keeps the same window as records in typed arrays: per item its
// step, its PID and its shape (key, kind, cause, weight and the names and
// types of its params, interned: a run has a few dozen), and the values
// of its params in a ring of 16-bit slots: a string as the index of the
// string in a table of the strings in use (counted, so that a string goes
// with the last item that says it), an integer 0..65535 in one slot, any
// other 32-bit integer in two. An item holding anything else (a problem's
// event, a fraction, a boolean) is kept whole, as the object it is. The
// 3,000 items of that run take about 60 KiB.
//
// Readers see the items through one interface, which logOf also puts on an
// array of items (the live lab's log keeps arrays):
//   length, step(i), item(i), key(i), itemsAt(step), withEvents(),
//   toArray().
// item(i) builds the item, equal to the one pushed field for field; key(i)
// is an identity of item i while it is kept (a row drawn for it is kept).
//
// Not safe for concurrent use (the page has one thread); a store is
// changed only by the fold that owns its view.

export const MAX_LOG = 3000; // log items kept

let stores = 0; // stores made, for keys unique across stores

const MAX_SHAPES = 0xffff;
const MAX_STRINGS = 0xffff; // at most 3,000 items of a few strings each are in use

// Value types in a shape: a string (one slot, its index), a number
// 0..65535 (one slot), another 32-bit integer (two slots), undefined (none).
const STR = 's', U16 = 'n', I32 = 'i', UNDEF = 'u';

function typeOf(x) {
  if (typeof x === 'string') return STR;
  if (x === undefined) return UNDEF;
  if (typeof x === 'number' && Number.isInteger(x) && !Object.is(x, -0)) {
    if (x >= 0 && x <= 0xffff) return U16;
    if (x >= -0x80000000 && x <= 0x7fffffff) return I32;
  }
  return null;
}

const ITEM_KEYS = ['step', 'pid', 'kind', 'cause', 'key', 'params', 'weight'];

export class LogStore {
  // max is the number of items kept (the newest ones).
  constructor(max = MAX_LOG) {
    this.max = Math.max(1, Math.floor(max));
    this.cap = 0;
    this.head = 0;
    this.n = 0;
    this.serial0 = 0;
    this.base = (stores++ % (1 << 20)) * 2 ** 32;
    this.steps = new Int32Array(0);
    this.pids = new Uint16Array(0); // Int32Array once a PID does not fit
    this.shapes = new Uint16Array(0); // 0: kept whole
    this.offs = new Uint16Array(0); // the item's first slot in pool (Int32Array for a pool past 65,536 slots)
    this.pool = new Uint16Array(0); // a ring of slots: [pool0, poolEnd) in use, maybe wrapped
    this.pool0 = 0;
    this.poolEnd = 0;
    this.shapeList = [null]; // {key, kind, cause, weight, pid: bool, fields: [[name, type]], slots}
    this.shapeIds = new Map();
    this.strs = []; // index -> string
    this.strIds = new Map(); // string -> index
    this.refs = []; // index -> items using it
    this.freeStrs = [];
    this.whole = new Map(); // serial -> item kept whole
  }

  get length() { return this.n; }

  slot(i) {
    const p = this.head + i;
    return p >= this.cap ? p - this.cap : p;
  }

  step(i) { return this.steps[this.slot(i)]; }

  key(i) { return this.base + this.serial0 + i; }

  // item builds item i.
  item(i) {
    const p = this.slot(i);
    const sh = this.shapes[p];
    if (!sh) return this.whole.get(this.serial0 + i);
    const shape = this.shapeList[sh];
    const params = {};
    let o = this.offs[p];
    const pool = this.pool, len = pool.length;
    const next = () => { const v = pool[o]; o = o + 1 === len ? 0 : o + 1; return v; };
    for (const [name, type] of shape.fields) {
      if (type === STR) params[name] = this.strs[next()];
      else if (type === U16) params[name] = next();
      else if (type === I32) { const lo = next(); params[name] = ((next() << 16) | lo) | 0; }
      else params[name] = undefined;
    }
    return { step: this.steps[p], pid: shape.pid ? this.pids[p] : undefined, kind: shape.kind, cause: shape.cause, key: shape.key, params, weight: shape.weight };
  }

  // itemsAt lists the items of step s, oldest first.
  itemsAt(s) {
    const out = [];
    for (let i = 0; i < this.n; i++) if (this.steps[this.slot(i)] === s) out.push(this.item(i));
    return out;
  }

  // withEvents lists the items that carry their event (e: the problems),
  // oldest first.
  withEvents() {
    const out = [];
    for (const it of this.whole.values()) if (it.e) out.push(it);
    return out;
  }

  toArray() {
    const out = [];
    for (let i = 0; i < this.n; i++) out.push(this.item(i));
    return out;
  }

  toJSON() { return this.toArray(); }

  // shapeOf is the index of it's shape, 0 when it is kept whole.
  shapeOf(it) {
    if (!it || typeof it !== 'object' || !Number.isInteger(it.step) || typeOf(it.step) === null || it.step < -0x80000000) return 0;
    const keys = Object.keys(it);
    if (keys.length !== ITEM_KEYS.length || keys.some((k, j) => k !== ITEM_KEYS[j])) return 0;
    if (it.pid !== undefined && (typeOf(it.pid) === null || typeOf(it.pid) === UNDEF)) return 0;
    if (typeof it.kind !== 'string' || typeof it.cause !== 'string' || typeof it.key !== 'string' || typeof it.weight !== 'number') return 0;
    const params = it.params;
    if (!params || typeof params !== 'object' || Object.getPrototypeOf(params) !== Object.prototype) return 0;
    let sig = `${it.key}\u0000${it.kind}\u0000${it.cause}\u0000${Object.is(it.weight, -0) ? '-0' : it.weight}\u0000${it.pid === undefined ? 'u' : 'p'}`;
    const names = Object.keys(params);
    for (const name of names) {
      const t = typeOf(params[name]);
      if (t === null) return 0;
      sig += `\u0000${name}\u0001${t}`;
    }
    let id = this.shapeIds.get(sig);
    if (id === undefined) {
      if (this.shapeList.length > MAX_SHAPES) return 0;
      const fields = names.map(name => [name, typeOf(params[name])]);
      const slots = fields.reduce((a, [, t]) => a + (t === I32 ? 2 : t === UNDEF ? 0 : 1), 0);
      id = this.shapeList.length;
      this.shapeList.push({ key: it.key, kind: it.kind, cause: it.cause, weight: it.weight, pid: it.pid !== undefined, fields, slots });
      this.shapeIds.set(sig, id);
    }
    return id;
  }

  // push adds item it as the newest; the oldest goes when the window is full.
  push(it) {
    if (this.n === this.max) this.drop();
    else if (this.n === this.cap) this.resize(Math.min(this.max, Math.max(64, this.cap * 2)), this.pool.length);
    let sh = this.shapeOf(it);
    const serial = this.serial0 + this.n;
    let off = this.poolEnd;
    if (sh) {
      const shape = this.shapeList[sh];
      // Every string must find an index, or the item is kept whole.
      if (this.strIds.size + shape.fields.length > MAX_STRINGS) sh = 0;
      else off = this.alloc(shape.slots);
    }
    const p = this.slot(this.n);
    this.n++;
    this.steps[p] = it && Number.isInteger(it.step) ? it.step : 0;
    this.shapes[p] = sh;
    this.offs[p] = off;
    if (!sh) { this.pids[p] = 0; this.whole.set(serial, it); return; }
    const shape = this.shapeList[sh];
    const pid = shape.pid ? it.pid : 0;
    if ((pid < 0 || pid > 0xffff) && this.pids instanceof Uint16Array) this.pids = Int32Array.from(this.pids);
    this.pids[p] = pid;
    const pool = this.pool, len = pool.length;
    let o = off;
    const put = v => { pool[o] = v; o = o + 1 === len ? 0 : o + 1; };
    for (const [name, type] of shape.fields) {
      const v = it.params[name];
      if (type === STR) put(this.intern(v));
      else if (type === U16) put(v);
      else if (type === I32) { put(v & 0xffff); put((v >>> 16) & 0xffff); }
    }
  }

  // drop removes the oldest item.
  drop() {
    const p = this.head;
    const sh = this.shapes[p];
    if (!sh) this.whole.delete(this.serial0);
    else {
      const shape = this.shapeList[sh];
      let o = this.offs[p];
      const len = this.pool.length;
      for (const [, type] of shape.fields) {
        if (type === STR) this.release(this.pool[o]);
        if (type !== UNDEF) o = o + 1 === len ? 0 : o + 1;
        if (type === I32) o = o + 1 === len ? 0 : o + 1;
      }
    }
    this.head = this.slot(1);
    this.n--;
    this.serial0++;
    if (this.n === 0) { this.pool0 = 0; this.poolEnd = 0; } else this.pool0 = this.offs[this.head];
  }

  // alloc takes k slots at the pool's end, growing the pool when they are
  // not free, and returns the first.
  alloc(k) {
    if (this.used() + k >= this.pool.length) this.resize(this.cap, Math.max(256, this.pool.length * 2, this.used() + k + 1));
    const at = this.poolEnd;
    this.poolEnd = (at + k) % this.pool.length;
    return at;
  }

  // used is the number of pool slots in use.
  used() {
    if (!this.pool.length) return 0;
    return (this.poolEnd - this.pool0 + this.pool.length) % this.pool.length;
  }

  intern(s) {
    let id = this.strIds.get(s);
    if (id === undefined) {
      id = this.freeStrs.length ? this.freeStrs.pop() : this.strs.length;
      this.strs[id] = s;
      this.refs[id] = 0;
      this.strIds.set(s, id);
    }
    this.refs[id]++;
    return id;
  }

  release(id) {
    if (--this.refs[id] > 0) return;
    this.strIds.delete(this.strs[id]);
    this.strs[id] = undefined;
    this.freeStrs.push(id);
  }

  // resize reallocates for cap items and a pool of poolLen slots, keeping
  // the items (item 0 moves to slot 0, its values to the pool's start).
  resize(cap, poolLen) {
    const steps = new Int32Array(cap), pids = new this.pids.constructor(cap), shapes = new Uint16Array(cap);
    const offs = poolLen > 0x10000 ? new Int32Array(cap) : new Uint16Array(cap);
    const pool = new Uint16Array(poolLen);
    const used = this.used();
    const old = this.pool;
    for (let j = 0; j < used; j++) pool[j] = old[(this.pool0 + j) % old.length];
    for (let i = 0; i < this.n; i++) {
      const p = this.slot(i);
      steps[i] = this.steps[p];
      pids[i] = this.pids[p];
      shapes[i] = this.shapes[p];
      offs[i] = old.length ? (this.offs[p] - this.pool0 + old.length) % old.length : 0;
    }
    Object.assign(this, { cap, head: 0, steps, pids, shapes, offs, pool, pool0: 0, poolEnd: used });
  }

  // clone is a copy that shares nothing a change to either would change.
  clone() {
    const c = new LogStore(this.max);
    for (const k of ['cap', 'head', 'n', 'serial0', 'pool0', 'poolEnd']) c[k] = this[k];
    for (const k of ['steps', 'pids', 'shapes', 'offs', 'pool']) c[k] = this[k].slice();
    c.shapeList = this.shapeList.slice();
    c.shapeIds = new Map(this.shapeIds);
    c.strs = this.strs.slice();
    c.strIds = new Map(this.strIds);
    c.refs = this.refs.slice();
    c.freeStrs = this.freeStrs.slice();
    c.whole = new Map(this.whole);
    return c;
  }
}

// ArrayLog puts the store's interface on an array of items.
class ArrayLog {
  constructor(items) { this.items = items; }
  get length() { return this.items.length; }
  step(i) { return this.items[i].step; }
  item(i) { return this.items[i]; }
  key(i) { return this.items[i]; }
  itemsAt(s) { return this.items.filter(it => it.step === s); }
  withEvents() { return this.items.filter(it => it.e); }
  toArray() { return this.items.slice(); }
}

// logOf gives the log interface of a LogStore (itself) or of an array of
// items (a view of it); anything else reads as empty.
export function logOf(x) {
  if (x instanceof LogStore || x instanceof ArrayLog) return x;
  return new ArrayLog(Array.isArray(x) ? x : []);
}
