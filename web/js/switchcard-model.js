// switchcard-model.js: what the context-switch card says, as data (no DOM),
// from the view (fold.js: v.switches and v.switchCounters, which the server
// sends with every step; docs/protocol.md) and the loaded run's programs.
//
// switchRows returns one row per dispatch of the shown step: {cpu, kind,
// out, in, mmBefore, mmAfter, reload, base, refill}, where kind is
//   'switch'  another task's context was saved and this one's restored,
//   'idle'    the CPU was idle: nothing is saved now,
//   'same'    the task that left comes back: nothing is switched,
// and out / in are contexts {pid, tag, name, line, text, pc, regs} (regs:
// [{name, value}] for a thread, null for a process, whose statements keep
// no values). switchSummary returns the run's counters with the share of
// CPU time spent switching, in whole percent (null before any).
import { taskTag, lineText } from './fold.js';

// slotName is a local slot's name as the code pane writes it (the hidden
// temporaries carry a marker before r0 and r1 on the wire's locals list).
function slotName(s) {
  return String(s).replace(/^[^A-Za-z_%]+/, '');
}

function contextOf(view, loaded, c) {
  if (!c) return null;
  const programs = (loaded && loaded.programs) || [];
  const task = (view.tasks || []).find(x => x.pid === c.pid);
  const prog = task && programs[task.program];
  let regs = null;
  if (Array.isArray(c.locals)) {
    const names = (prog && prog.locals) || [];
    regs = c.locals.map((value, i) => ({ name: names[i] !== undefined ? slotName(names[i]) : `#${i}`, value }));
  }
  return {
    pid: c.pid, tgid: c.tgid || c.pid, tag: taskTag(view, c.pid), name: (view.names && view.names[c.pid]) || '',
    line: c.line || 0, pc: c.pc ?? 0, text: c.line ? lineText(programs, c.line) : '', regs,
  };
}

export function switchRows(view, loaded) {
  if (!view || !Array.isArray(view.switches)) return [];
  return view.switches.map(s => {
    const out = contextOf(view, loaded, s.out);
    const inn = contextOf(view, loaded, s.in);
    const kind = !out ? 'idle' : out.pid === inn.pid ? 'same' : 'switch';
    return {
      cpu: s.cpu ?? 0, kind, out, in: inn, mmBefore: s.mm_before || 0, mmAfter: s.mm_after || 0,
      reload: !!s.reload, base: s.base || 0, refill: s.refill || 0,
    };
  });
}

export function switchSummary(view) {
  const c = view && view.switchCounters;
  if (!c) return null;
  const sw = c.switch_ticks || 0;
  const busy = c.busy_ticks || 0;
  const pct = sw + busy > 0 ? Math.round((100 * sw) / (sw + busy)) : 0;
  return { switches: c.switches || 0, addressSpace: c.address_space || 0, switchTicks: sw, busyTicks: busy, pct };
}
