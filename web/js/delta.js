// delta.js: the page's side of step messages that carry only what changed
// (docs/protocol.md, "Step messages"). The server sends a step's task
// table as a delta against the table the page holds (the last snapshot's
// or step's): `tasks` lists the tasks new or changed, `gone` the PIDs no
// longer there. At high speeds several steps come as one `batch` message.
// A TaskTable turns both back into the whole `events` messages, one per
// step, that the views fold. A task the page holds comes as a patch: only
// the fields that changed (patched).

// foldTasks returns the table a step message leaves the page holding,
// given the table held before it (null: none). The tasks held keep their
// order, changed ones in place, gone ones removed; new ones follow. It
// returns null for a delta with no table held (the page must seek). The
// table held is never changed: the view keeps it as the step before's.
//
// index, when given, maps each PID of held to its place there (indexOf);
// a delta that removes no task then costs a copy of held and a look-up per
// task it lists, not a map and two sets of the whole table (at 1,000
// steps/s the page folds 1,000 deltas a second), and the index is updated
// for the table returned. Without index, or when tasks are gone, the table
// is built afresh (and an index given must be made again: indexOf).
//
// With msg.patch, a listed task whose PID is held is a patch: its pid and
// the fields that changed, and in unset the fields it no longer has (a
// whole task leaves those out when empty); a task new to the table comes
// whole (server/patch.go).
export function foldTasks(held, msg, index) {
  const tasks = Array.isArray(msg.tasks) ? msg.tasks : [];
  if (!msg.delta) return tasks;
  if (!Array.isArray(held)) return null;
  const goneList = Array.isArray(msg.gone) ? msg.gone : [];
  const patch = !!msg.patch;
  if (index && !goneList.length) {
    const out = held.slice();
    for (const t of tasks) {
      const i = index.get(t.pid);
      if (i !== undefined) out[i] = patch ? patched(out[i], t) : t;
      else { index.set(t.pid, out.length); out.push(t); }
    }
    return out;
  }
  const changed = new Map(tasks.map(t => [t.pid, t]));
  const gone = new Set(goneList);
  const out = [];
  const kept = new Set();
  for (const t of held) {
    if (gone.has(t.pid)) continue;
    kept.add(t.pid);
    const c = changed.get(t.pid);
    out.push(c ? (patch ? patched(t, c) : c) : t);
  }
  for (const t of tasks) if (!kept.has(t.pid)) out.push(t);
  return out;
}

// patched returns a new task: t with patch p's fields over it, and the
// fields p.unset names taken out. t is not changed (a table held is the
// view's step before).
export function patched(t, p) {
  const out = { ...t, ...p };
  if (p.unset !== undefined) {
    delete out.unset;
    for (const k of Array.isArray(p.unset) ? p.unset : []) delete out[k];
  }
  return out;
}

// indexOf maps each PID of a task table to its place in it, or returns
// null when a PID is listed twice (foldTasks then builds tables afresh).
export function indexOf(tasks) {
  const index = new Map();
  for (let i = 0; i < tasks.length; i++) index.set(tasks[i].pid, i);
  return index.size === tasks.length ? index : null;
}

// withRows returns a snapshot message with its tasks whole. The server
// sends a socket that folds patches (/ws?patch=1) a snapshot's tasks as
// rows ("tasks_rows": true; docs/protocol.md): the first whole, each next
// one a patch against the one before it, as patched folds a step's.
export function withRows(msg) {
  if (!msg.tasks_rows) return msg;
  const { tasks_rows: _, ...whole } = msg;
  const rows = Array.isArray(msg.tasks) ? msg.tasks : [];
  const tasks = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) tasks[i] = i ? patched(tasks[i - 1], rows[i]) : rows[0];
  whole.tasks = tasks;
  return whole;
}

// withPrev returns a snapshot message with its whole prev table (the tasks
// after the step before its step). The server sends prev as a delta
// against the snapshot's own tasks (prev_delta: prev lists the tasks that
// differ, prev_gone the PIDs not there then; docs/protocol.md), folded
// here as a step's delta is; an export's snapshot has it whole.
export function withPrev(msg) {
  if (!msg.prev_delta) return msg;
  const { prev_delta: _, prev_gone: gone, ...whole } = msg;
  whole.prev = foldTasks(Array.isArray(msg.tasks) ? msg.tasks : [], { delta: true, tasks: msg.prev, gone });
  return whole;
}

// withBase returns a snapshot message with its window's start (base) whole.
// The server sends a slim base as a delta against the snapshot's own
// tasks (base.delta: base.tasks lists the tasks whose slim fields differ
// or that tasks lacks, base.gone the PIDs of tasks not there then;
// docs/protocol.md, "Rows"), folded here as a step's delta is: the tasks
// in their order, each listed one in place of the task with its PID, the
// gone ones dropped, the other listed ones after them. A task not listed
// is made of the slim fields of the snapshot's task (what fold.js
// seedMaps reads): the base's tasks then have one shape, as a whole
// base's have, and the snapshot's tasks are not shared.
export function withBase(msg) {
  const base = msg.base;
  if (!base || !base.delta) return msg;
  const { delta: _, gone, ...rest } = base;
  const listed = new Map();
  for (const t of Array.isArray(base.tasks) ? base.tasks : []) listed.set(t.pid, t);
  const dropped = new Set(Array.isArray(gone) ? gone : []);
  const tasks = [];
  for (const t of Array.isArray(msg.tasks) ? msg.tasks : []) {
    if (dropped.has(t.pid)) continue;
    const c = listed.get(t.pid);
    if (c) {
      tasks.push(c);
      listed.delete(t.pid);
    } else {
      tasks.push({ pid: t.pid, ppid: t.ppid, tgid: t.tgid, name: t.name, state: t.state, mode: t.mode });
    }
  }
  for (const c of listed.values()) tasks.push(c);
  rest.tasks = tasks;
  return { ...msg, base: rest };
}

// newestByPid returns tasks with each PID's last task only (tasks itself
// when no PID repeats). PIDs wrap: a task reaped long ago stays in the
// table, shown in X, and a new task can get its PID (the lesson on PIDs).
// The PID then names the new task, as in Linux, where the reaped one is
// gone: the page's panels name a task by its PID, and showed the old
// task's X for the new task's Z. The server sends such tables whole
// (docs/protocol.md, "Step messages carry what changed").
export function newestByPid(tasks) {
  if (!Array.isArray(tasks) || tasks.length < 2) return tasks;
  // Most tables list PIDs in increasing order (tasks in creation order,
  // PIDs not wrapped): none twice, seen without a map.
  let rising = true;
  for (let i = 1; i < tasks.length && rising; i++) rising = tasks[i].pid > tasks[i - 1].pid;
  if (rising) return tasks;
  const last = new Map();
  for (let i = 0; i < tasks.length; i++) last.set(tasks[i].pid, i);
  if (last.size === tasks.length) return tasks;
  return tasks.filter((t, i) => last.get(t.pid) === i);
}

// newestTables returns a snapshot message with newestByPid's tables (its
// tasks, prev and base), msg itself when none changes. A run's table only
// grows (a task reaped stays listed): when the snapshot's own tasks name
// each PID once, so do the tables of the steps before.
function newestTables(msg) {
  const tasks = newestByPid(msg.tasks);
  if (tasks === msg.tasks) return msg;
  const prev = newestByPid(msg.prev);
  const baseTasks = msg.base ? newestByPid(msg.base.tasks) : undefined;
  if (tasks === msg.tasks && prev === msg.prev && (!msg.base || baseTasks === msg.base.tasks)) return msg;
  const out = { ...msg, tasks, prev };
  if (msg.prev === undefined) delete out.prev;
  if (msg.base) out.base = { ...msg.base, tasks: baseTasks };
  return out;
}

// TaskTable follows one simulation socket's messages. expand(msg) returns
// the messages to handle in order: a batch becomes its steps, a delta
// step gets the whole table, anything else passes as it is. A delta that
// cannot be folded (no table held: a bug or a lost message) becomes a
// {type: 'resync', step} message: the page seeks to that step, whose
// snapshot carries the whole table again.
export class TaskTable {
  constructor() { this.held = null; this.index = null; }

  // hold makes tasks the table held, with its index (foldTasks).
  hold(tasks) {
    this.held = tasks;
    this.index = Array.isArray(tasks) ? indexOf(tasks) : null;
  }

  expand(msg) {
    if (!msg || typeof msg !== 'object') return [];
    switch (msg.type) {
      case 'loaded':
        this.hold(null);
        return [msg];
      case 'snapshot': {
        const whole = newestTables(withBase(withPrev(withRows(msg))));
        this.hold(Array.isArray(whole.tasks) ? whole.tasks : []);
        return [whole];
      }
      case 'events':
        return [this.step(msg)];
      case 'batch': {
        const out = [];
        for (const f of Array.isArray(msg.frames) ? msg.frames : []) {
          const m = this.step(f);
          out.push(m);
          if (m.type === 'resync') break;
        }
        return out;
      }
      default:
        return [msg];
    }
  }

  step(msg) {
    const fast = !!(msg.delta && this.index && !(Array.isArray(msg.gone) && msg.gone.length));
    const tasks = foldTasks(this.held, msg, fast ? this.index : undefined);
    if (!tasks) {
      this.hold(null);
      return { type: 'resync', step: msg.step };
    }
    if (fast) this.held = tasks; // the index followed
    if (!msg.delta) {
      const newest = newestByPid(tasks); // a whole table (a PID twice comes so)
      this.hold(newest);
      return newest === tasks ? msg : { ...msg, tasks: newest };
    }
    if (!fast) this.hold(tasks);
    // The message without delta, gone and patch (made without them: deleting
    // properties leaves an object slower to read for the fold).
    const { delta, gone, patch, ...whole } = msg;
    whole.tasks = tasks;
    return whole;
  }
}
