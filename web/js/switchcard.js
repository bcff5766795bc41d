// switchcard.js: the context-switch card (#switch-card, in the race lab's
// side column). At a step where a CPU took a task it shows, per dispatch,
// what was saved (the outgoing task's PC, SP, registers and page-table
// pointer) and what was restored, whether the page-table pointer (CR3)
// changed, and the ticks charged; below, the run's counters (switches,
// how many changed address space, ticks switching vs ticks of work).
// Hooks for browser tests: #switch-card is hidden when the run has made
// no switch and charges no switch cost; one .sw-row[data-cpu][data-kind]
// [data-reload] per dispatch (data-kind switch | idle | same, data-reload
// "1" when CR3 changed); .sw-ctx[data-role=saved|restored][data-pid] for
// each context; #switch-counters has data-switches, data-address-space,
// data-switch-ticks and data-busy-ticks; #switch-rerun has one
// button[data-cost="BASE,MM"] per cost to rerun the same scenario at
// (aria-pressed "true" for the cost it runs at now).
import { t } from './i18n.js';
import { taskColor } from './colors.js';
import { switchRows, switchSummary, COST_VARIANTS, switchCostOf, withSwitchCost } from './switchcard-model.js';

const $ = id => document.getElementById(id);

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of kids.flat(Infinity)) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

function chip(ctx) {
  const c = taskColor(ctx.pid);
  const e = h('span', { class: 'rtoken', 'data-pid': ctx.pid, title: `${ctx.tag} ${ctx.name}` }, ctx.name ? `${ctx.tag} ${ctx.name}` : ctx.tag);
  e.style.background = c.fill;
  e.style.color = c.ink;
  return e;
}

// contextBox lists one context: PC, SP, registers and CR3.
function contextBox(role, ctx) {
  const pc = ctx.line ? t('ctx.pc', { line: ctx.line, text: ctx.text, pc: ctx.pc }) : t('ctx.pc.none');
  const regs = ctx.regs === null ? t('ctx.regs.none')
    : ctx.regs.length ? ctx.regs.map(r => `${r.name}=${r.value}`).join('  ') : '—';
  return h('div', { class: `sw-ctx ${role}`, 'data-role': role, 'data-pid': ctx.pid },
    h('div', { class: 'sw-who' }, h('span', { class: 'sw-role', text: t(`ctx.${role}`) }), ' ', chip(ctx)),
    h('dl', {},
      h('dt', { text: 'PC' }), h('dd', { text: pc }),
      h('dt', { text: 'SP' }), h('dd', { text: t('ctx.sp', { p: ctx.tag }) }),
      h('dt', { text: t('ctx.regs') }), h('dd', { class: 'mono', text: regs }),
      h('dt', { text: 'CR3' }), h('dd', { text: t('ctx.cr3', { p: `P${ctx.tgid}` }) })));
}

function verdict(r) {
  if (r.kind === 'same') return t('ctx.same', { p: r.in.tag });
  if (!r.mmBefore) return t('ctx.first', { cpu: r.cpu, p: `P${r.mmAfter}` });
  if (r.reload) return t('ctx.reload', { a: `P${r.mmBefore}`, b: `P${r.mmAfter}` });
  return t('ctx.keep', { p: `P${r.mmAfter}` });
}

function cost(r) {
  if (r.kind === 'same' || (r.kind === 'idle' && !r.base && !r.refill && r.mmBefore === r.mmAfter)) return t('ctx.cost.none');
  if (r.base + r.refill === 0) return t('ctx.cost.free');
  if (r.refill) return t('ctx.cost.refill', { n: r.base + r.refill, base: r.base, refill: r.refill });
  return t(r.base === 1 ? 'ctx.cost.one' : 'ctx.cost', { n: r.base });
}

let rerunWith = null; // the callback of the last render

// drawRerun offers the same workload at the other costs, one click each:
// rerun(text) loads the scenario text so changed.
function drawRerun(loaded, rerun) {
  const box = $('switch-rerun');
  rerunWith = rerun;
  const text = loaded && !loaded.ostep && loaded.lang !== 'go' ? loaded.scenario : '';
  box.hidden = !text || !rerun;
  if (box.hidden) { box.replaceChildren(); return; }
  if (!box.dataset.wired) {
    box.dataset.wired = '1';
    box.addEventListener('click', e => {
      const b = e.target.closest('button[data-cost]');
      if (!b || !rerunWith || b.getAttribute('aria-pressed') === 'true') return;
      const [base, mm] = b.dataset.cost.split(',').map(Number);
      rerunWith(withSwitchCost(b.dataset.text, base, mm));
    });
  }
  const now = switchCostOf(text);
  box.replaceChildren(h('span', { class: 'sw-rerun-label', text: t('ctx.rerun') }),
    ...COST_VARIANTS.map(v => {
      const on = v.base === now.base && v.mm === now.mm;
      const label = v.mm ? `switch_cost ${v.base} mm=${v.mm}` : `switch_cost ${v.base}`;
      const b = h('button', { type: 'button', class: 'btn small' + (on ? ' on' : ''), 'data-cost': `${v.base},${v.mm}`, 'aria-pressed': on ? 'true' : 'false', title: t('ctx.rerun.title') }, label);
      b.dataset.text = text;
      return b;
    }));
}

// renderSwitchCard draws the card for view (fold.js) and the loaded run;
// rerun(text) loads the same scenario at another cost (see drawRerun).
export function renderSwitchCard(view, loaded, rerun) {
  const card = $('switch-card');
  if (!card) return;
  drawRerun(loaded, rerun);
  const sum = switchSummary(view);
  const rows = switchRows(view, loaded);
  const hidden = !sum && !rows.length;
  if (card.hidden !== hidden) card.hidden = hidden; // each write restyles, at every step
  if (hidden) return;
  const box = $('switch-rows');
  if (!rows.length) {
    box.replaceChildren(h('p', { class: 'muted', text: t('ctx.none') }));
  } else {
    box.replaceChildren(...rows.map(r => h('div', { class: `sw-row ${r.reload ? 'reload' : 'keep'}`, 'data-cpu': r.cpu, 'data-kind': r.kind, 'data-reload': r.reload ? '1' : '0' },
      h('h4', { text: r.kind === 'idle' ? t('ctx.head.idle', { cpu: r.cpu }) : t('ctx.head', { cpu: r.cpu }) }),
      r.kind === 'switch' ? contextBox('saved', r.out) : null,
      r.kind === 'switch' ? h('div', { class: 'sw-arrow', 'aria-hidden': 'true', text: '↓' }) : null,
      contextBox('restored', r.in),
      h('p', { class: 'sw-verdict', text: verdict(r) }),
      h('p', { class: 'sw-cost', text: cost(r) }))));
  }
  const c = $('switch-counters');
  if (!sum) { c.replaceChildren(); return; }
  c.dataset.switches = String(sum.switches);
  c.dataset.addressSpace = String(sum.addressSpace);
  c.dataset.switchTicks = String(sum.switchTicks);
  c.dataset.busyTicks = String(sum.busyTicks);
  c.replaceChildren(t('ctx.counters', { n: sum.switches, m: sum.addressSpace, s: sum.switchTicks, b: sum.busyTicks, pct: sum.pct }));
}
