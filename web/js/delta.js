// delta.js: the page's side of step messages that carry only what changed
// (docs/protocol.md, "Step messages"). The server sends a step's task
// table as a delta against the table the page holds (the last snapshot's
// or step's): `tasks` lists the tasks new or changed, `gone` the PIDs no
// longer there. At high speeds several steps come as one `batch` message.
// A TaskTable turns both back into the whole `events` messages, one per
// step, that the views fold.

// foldTasks returns the table a step message leaves the page holding,
// given the table held before it (null: none). The tasks held keep their
// order, changed ones in place, gone ones removed; new ones follow. It
// returns null for a delta with no table held (the page must seek).
export function foldTasks(held, msg) {
  const tasks = Array.isArray(msg.tasks) ? msg.tasks : [];
  if (!msg.delta) return tasks;
  if (!Array.isArray(held)) return null;
  const changed = new Map(tasks.map(t => [t.pid, t]));
  const gone = new Set(Array.isArray(msg.gone) ? msg.gone : []);
  const out = [];
  const kept = new Set();
  for (const t of held) {
    if (gone.has(t.pid)) continue;
    kept.add(t.pid);
    out.push(changed.get(t.pid) || t);
  }
  for (const t of tasks) if (!kept.has(t.pid)) out.push(t);
  return out;
}

// TaskTable follows one simulation socket's messages. expand(msg) returns
// the messages to handle in order: a batch becomes its steps, a delta
// step gets the whole table, anything else passes as it is. A delta that
// cannot be folded (no table held: a bug or a lost message) becomes a
// {type: 'resync', step} message: the page seeks to that step, whose
// snapshot carries the whole table again.
export class TaskTable {
  constructor() { this.held = null; }

  expand(msg) {
    if (!msg || typeof msg !== 'object') return [];
    switch (msg.type) {
      case 'loaded':
        this.held = null;
        return [msg];
      case 'snapshot':
        this.held = Array.isArray(msg.tasks) ? msg.tasks : [];
        return [msg];
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
    const tasks = foldTasks(this.held, msg);
    if (!tasks) {
      this.held = null;
      return { type: 'resync', step: msg.step };
    }
    this.held = tasks;
    if (!msg.delta) return msg;
    const whole = { ...msg, tasks };
    delete whole.delta;
    delete whole.gone;
    return whole;
  }
}
