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

// COST_VARIANTS are the costs the card offers to rerun the same workload
// with, one click each: free switches, a switch cost of 1 tick, and the
// same plus a 2-tick address-space penalty.
export const COST_VARIANTS = [
  { base: 0, mm: 0 },
  { base: 1, mm: 0 },
  { base: 1, mm: 2 },
];

const COST_LINE = /^switch_cost(?:[ \t][^\n]*)?$/;

// switchCostOf reads a scenario's switch_cost directive: {base, mm}
// (both 0 when there is none or it does not read as numbers).
export function switchCostOf(text) {
  for (const line of String(text || '').split('\n')) {
    if (!COST_LINE.test(line)) continue;
    const m = /^switch_cost[ \t]+(\d+)(?:[ \t]+mm=(\d+))?[ \t]*(?:#.*)?$/.exec(line);
    if (m) return { base: Number(m[1]), mm: Number(m[2] || 0) };
  }
  return { base: 0, mm: 0 };
}

// withSwitchCost returns the scenario text with its switch_cost directive
// replaced by "switch_cost BASE [mm=MM]" (none for 0 and 0), everything
// else unchanged: the same workload at another cost. A directive may be
// on any line that starts in column 1, so the new one goes at the end.
export function withSwitchCost(text, base, mm) {
  const lines = String(text || '').split('\n').filter(l => !COST_LINE.test(l));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (base > 0 || mm > 0) lines.push(mm > 0 ? `switch_cost ${base} mm=${mm}` : `switch_cost ${base}`);
  return lines.join('\n') + '\n';
}
