// tree.js: the process tree (PID, PPID, name, state letter) with each
// task's counters (user/kernel ticks, voluntary/involuntary switches).
import { t } from './i18n.js';
import { taskColor, STATE_LETTER } from './colors.js';

// treeOrder returns the tasks depth first from the roots, with their depth.
export function treeOrder(tasks) {
  const byPid = new Map(tasks.map(x => [x.pid, x]));
  const kids = new Map();
  const roots = [];
  for (const x of tasks) {
    if (x.ppid && byPid.has(x.ppid) && x.ppid !== x.pid) {
      if (!kids.has(x.ppid)) kids.set(x.ppid, []);
      kids.get(x.ppid).push(x);
    } else roots.push(x);
  }
  const out = [];
  const seen = new Set();
  const walk = (x, depth, last) => {
    if (seen.has(x.pid)) return;
    seen.add(x.pid);
    out.push({ task: x, depth, last });
    const ch = (kids.get(x.pid) || []).sort((a, b) => a.pid - b.pid);
    ch.forEach((c, i) => walk(c, depth + 1, i === ch.length - 1));
  };
  roots.sort((a, b) => a.pid - b.pid).forEach(r => walk(r, 0, true));
  return out;
}

export function renderTree(container, view) {
  const live = view.tasks.filter(x => x.state !== 'dead');
  const dead = view.tasks.filter(x => x.state === 'dead');
  const rows = treeOrder(live).concat(dead.map(x => ({ task: x, depth: 0, last: true })));
  const head = `<thead><tr><th>${t('col.pid')}</th><th>${t('col.ppid')}</th><th>${t('col.name')}</th><th>${t('col.state')}</th>` +
    `<th class="num" title="${t('col.ticks.title')}">${t('col.ticks')}</th><th class="num" title="${t('col.sw.title')}">${t('col.switches')}</th></tr></thead>`;
  const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const body = rows.map(({ task: x, depth }) => {
    const c = taskColor(x.pid);
    const indent = depth ? `<span class="indent" style="width:${(depth - 1) * 16}px"></span><span class="branch">└</span>` : '';
    return `<tr class="st-${x.state}" data-task="${x.pid}">` +
      `<td class="pid"><i class="dot" style="background:${c.fill}"></i>${x.pid}</td><td>${x.ppid || '–'}</td>` +
      `<td class="name">${indent}${esc(x.name)}</td>` +
      `<td><span class="letter st-${x.state}" title="${esc(t('state.' + x.state))}">${STATE_LETTER[x.state] || '?'}</span> <span class="st-name">${esc(t('state.' + x.state))}</span></td>` +
      `<td class="num">${x.user_ticks ?? 0}<span class="sl">/</span>${x.kernel_ticks ?? 0}</td><td class="num">${x.vcsw ?? 0}<span class="sl">/</span>${x.nvcsw ?? 0}</td></tr>`;
  }).join('');
  container.innerHTML = `<table class="ptable">${head}<tbody>${body}</tbody></table>`;
}
