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
// of its params in a ring of bytes: a string as the index of the string
// in a table of the strings in use (counted, so that a string goes with the
// last item that says it) in one byte or two, an integer in one, two or
// four. An item holding anything else (a problem's event, a fraction, a
// boolean) is kept whole, as the object it is. The 3,000 items of that run
// take about 45 KiB.
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

// Value types in a shape, and their bytes in the pool: a string whose
// index is below 256 (1) or not (2), an integer 0..255 (1), 0..65535 (2),
// another 32-bit integer (4), undefined (0). STR stands for either string
// type until the string has its index.
const STR = 's', STR8 = 'a', STR16 = 'A', U8 = 'b', U16 = 'n', I32 = 'i', UNDEF = 'u';
const BYTES = { [STR8]: 1, [STR16]: 2, [U8]: 1, [U16]: 2, [I32]: 4, [UNDEF]: 0 };

function typeOf(x) {
  if (typeof x === 'string') return STR;
  if (x === undefined) return UNDEF;
  if (typeof x === 'number' && Number.isInteger(x) && !Object.is(x, -0)) {
    if (x >= 0 && x <= 0xff) return U8;
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
    this.offs = new Uint16Array(0); // the item's first byte in pool (Int32Array for a pool past 65,536 bytes)
    this.pool = new Uint8Array(0); // a ring of bytes: [pool0, poolEnd) in use, maybe wrapped
    this.pool0 = 0;
    this.poolEnd = 0;
    this.shapeList = [null]; // {key, kind, cause, weight, pid: bool, fields: [[name, type]], bytes}
    this.shapesByKey = new Map(); // key -> the shapes with it
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

  step(i) {
    const p = this.slot(i);
    if (this.shapes[p]) return this.steps[p];
    const it = this.whole.get(this.serial0 + i);
    return it ? it.step : undefined;
  }

  key(i) { return this.base + this.serial0 + i; }

  // item builds item i.
  item(i) {
    const p = this.slot(i);
    const sh = this.shapes[p];
    if (!sh) return this.whole.get(this.serial0 + i);
    const shape = this.shapeList[sh];
    const params = {};
    let o = this.offs[p];
    for (const [name, type] of shape.fields) {
      const v = this.read(o, BYTES[type]);
      o += BYTES[type];
      params[name] = type === STR8 || type === STR16 ? this.strs[v] : type === UNDEF ? undefined : v;
    }
    return { step: this.steps[p], pid: shape.pid ? this.pids[p] : undefined, kind: shape.kind, cause: shape.cause, key: shape.key, params, weight: shape.weight };
  }

  // read is the n-byte little-endian value at pool offset o (wrapping
  // around), signed when n is 4.
  read(o, n) {
    const pool = this.pool, len = pool.length;
    let v = 0;
    for (let j = 0; j < n; j++) v |= pool[(o + j) % len] << (8 * j);
    return n === 4 ? v | 0 : v;
  }

  // write puts the n-byte little-endian value v at pool offset o.
  write(o, n, v) {
    const pool = this.pool, len = pool.length;
    for (let j = 0; j < n; j++) pool[(o + j) % len] = (v >>> (8 * j)) & 0xff;
  }

  // itemsAt lists the items of step s, oldest first.
  itemsAt(s) {
    const out = [];
    for (let i = 0; i < this.n; i++) if (this.step(i) === s) out.push(this.item(i));
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

  // encodable reports whether a record can say item it exactly: its
  // fields are those describeEvents makes, in its order, and its params'
  // values strings or 32-bit integers (or undefined).
  encodable(it) {
    if (!it || typeof it !== 'object' || typeOf(it.step) === null || typeOf(it.step) === UNDEF) return false;
    const keys = Object.keys(it);
    if (keys.length !== ITEM_KEYS.length || keys.some((k, j) => k !== ITEM_KEYS[j])) return false;
    if (it.pid !== undefined && (typeOf(it.pid) === null || typeof it.pid !== 'number')) return false;
    if (typeof it.kind !== 'string' || typeof it.cause !== 'string' || typeof it.key !== 'string' || typeof it.weight !== 'number') return false;
    const params = it.params;
    if (!params || typeof params !== 'object' || Object.getPrototypeOf(params) !== Object.prototype) return false;
    let strings = 0;
    for (const name in params) {
      if (!Object.hasOwn(params, name)) continue;
      const t = typeOf(params[name]);
      if (t === null) return false;
      if (t === STR) strings++;
    }
    // Every string must find an index.
    return this.strIds.size + strings <= MAX_STRINGS;
  }

  // shapeOf finds the shape of item it with the params' names and types
  // (a string's type as its index says), or 0 when it has none yet. The
  // shapes are listed by key (a run has a few per key), and compared field
  // by field: a signature string built for each item cost most of pushing
  // the 3,000 items of a snapshot.
  shapeOf(it, names, types) {
    const list = this.shapesByKey.get(it.key);
    if (!list) return 0;
    const pid = it.pid !== undefined;
    for (const sh of list) {
      const s = this.shapeList[sh];
      if (s.kind !== it.kind || s.cause !== it.cause || !Object.is(s.weight, it.weight) || s.pid !== pid || s.fields.length !== names.length) continue;
      let j = 0;
      while (j < names.length && s.fields[j][0] === names[j] && s.fields[j][1] === types[j]) j++;
      if (j === names.length) return sh;
    }
    return 0;
  }

  // push adds item it as the newest; the oldest goes when the window is full.
  push(it) {
    if (this.n === this.max) this.drop();
    else if (this.n === this.cap) this.resize(Math.min(this.max, Math.max(64, this.cap * 2)), this.pool.length);
    const serial = this.serial0 + this.n;
    let sh = 0, vals = null;
    if (this.encodable(it)) {
      // The values (a string as its index, counted from here on) and their
      // types, then the shape that says them.
      const names = Object.keys(it.params);
      vals = new Array(names.length);
      const types = new Array(names.length);
      for (let j = 0; j < names.length; j++) {
        const v = it.params[names[j]];
        let t = typeOf(v);
        if (t === STR) { vals[j] = this.intern(v); t = vals[j] <= 0xff ? STR8 : STR16; } else vals[j] = v;
        types[j] = t;
      }
      sh = this.shapeOf(it, names, types);
      if (!sh) {
        if (this.shapeList.length > MAX_SHAPES) {
          for (let j = 0; j < names.length; j++) if (types[j] === STR8 || types[j] === STR16) this.release(vals[j]);
        } else {
          const fields = names.map((name, j) => [name, types[j]]);
          sh = this.shapeList.length;
          this.shapeList.push({ key: it.key, kind: it.kind, cause: it.cause, weight: it.weight, pid: it.pid !== undefined, fields, bytes: fields.reduce((a, [, t]) => a + BYTES[t], 0) });
          const list = this.shapesByKey.get(it.key);
          if (list) list.push(sh); else this.shapesByKey.set(it.key, [sh]);
        }
      }
    }
    const off = sh ? this.alloc(this.shapeList[sh].bytes) : this.poolEnd;
    const p = this.slot(this.n);
    this.n++;
    this.steps[p] = sh ? it.step : 0; // (a whole item says its own: step)
    this.shapes[p] = sh;
    this.offs[p] = off;
    if (!sh) { this.pids[p] = 0; this.whole.set(serial, it); return; }
    const shape = this.shapeList[sh];
    const pid = shape.pid ? it.pid : 0;
    if ((pid < 0 || pid > 0xffff) && this.pids instanceof Uint16Array) this.pids = Int32Array.from(this.pids);
    this.pids[p] = pid;
    let o = off;
    const fields = shape.fields;
    for (let j = 0; j < fields.length; j++) {
      const n = BYTES[fields[j][1]];
      this.write(o, n, vals[j] | 0);
      o += n;
    }
  }

  // drop removes the oldest item.
  drop() {
    const p = this.head;
    const sh = this.shapes[p];
    if (!sh) this.whole.delete(this.serial0);
    else {
      let o = this.offs[p];
      for (const [, type] of this.shapeList[sh].fields) {
        if (type === STR8 || type === STR16) this.release(this.read(o, BYTES[type]));
        o += BYTES[type];
      }
    }
    this.head = this.slot(1);
    this.n--;
    this.serial0++;
    if (this.n === 0) { this.pool0 = 0; this.poolEnd = 0; } else this.pool0 = this.offs[this.head];
  }

  // reserve makes room for n more items of about perItem pool bytes each
  // (at most max items in all), in one reallocation: a snapshot pushes its
  // 3,000 items at once, and growing item by item reallocated the pool
  // about twenty times (a quarter at a time).
  reserve(n, perItem = 8) {
    const cap = Math.min(this.max, this.n + Math.max(0, n));
    const poolLen = Math.max(this.pool.length, 256, Math.ceil((this.used() + Math.max(0, n) * perItem + 1) * 1.25));
    if (cap > this.cap || poolLen > this.pool.length) this.resize(Math.max(cap, this.cap), poolLen);
  }

  // alloc takes k bytes at the pool's end, growing the pool (by a quarter)
  // when they are not free, and returns the first.
  alloc(k) {
    if (this.used() + k >= this.pool.length) this.resize(this.cap, Math.max(256, Math.ceil((this.used() + k + 1) * 1.25)));
    const at = this.poolEnd;
    this.poolEnd = (at + k) % this.pool.length;
    return at;
  }

  // used is the number of pool bytes in use.
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

  // resize reallocates for cap items and a pool of poolLen bytes, keeping
  // the items (item 0 moves to slot 0, its values to the pool's start).
  resize(cap, poolLen) {
    const steps = new Int32Array(cap), pids = new this.pids.constructor(cap), shapes = new Uint16Array(cap);
    const offs = poolLen > 0x10000 ? new Int32Array(cap) : new Uint16Array(cap);
    const pool = new Uint8Array(poolLen);
    const used = this.used();
    const old = this.pool;
    // The bytes in use, [pool0, pool0 + used) around the ring: one block
    // or two.
    const first = Math.min(used, old.length - this.pool0);
    if (first > 0) pool.set(old.subarray(this.pool0, this.pool0 + first));
    if (used > first) pool.set(old.subarray(0, used - first), first);
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
    c.shapesByKey = new Map([...this.shapesByKey].map(([k, l]) => [k, l.slice()]));
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
