import { test } from 'node:test';
import assert from 'node:assert/strict';
import { switchRows, switchSummary } from './switchcard-model.js';
import { t, setLang } from './i18n.js';

// A process P2 with threads P2 and P3, and another process P4.
const loaded = {
  programs: [
    { name: 'web', thread: true, locals: ['\u0000r0', '\u0000r1', 'sum'], code: [{ line: 5, text: 'sum = sum + 5', index: 0 }] },
    { name: 'log', thread: true, locals: ['\u0000r0', '\u0000r1', 'lines'], code: [{ line: 9, text: 'compute 4', index: 1 }] },
    { name: 'backup', code: [{ line: 13, text: 'compute 6', index: 0 }] },
  ],
};
function view(switches, counters) {
  return {
    tasks: [{ pid: 2, program: 0 }, { pid: 3, program: 1 }, { pid: 4, program: 2 }],
    names: { 2: 'web', 3: 'log', 4: 'backup' }, tgids: { 2: 2, 3: 2, 4: 4 },
    switches, switchCounters: counters,
  };
}
const ctx = (pid, tgid, line, pc, locals) => ({ pid, tgid, line, pc, ...(locals ? { locals } : {}) });

test('switchRows says what each dispatch saved, restored and cost', () => {
  const cases = [
    {
      name: 'thread to thread of the same process keeps CR3',
      sw: { cpu: 0, out: ctx(2, 2, 5, 0, [0, 0, 5]), in: ctx(3, 2, 9, 1, [0, 0, 1]), mm_before: 2, mm_after: 2, reload: false, base: 1, refill: 0 },
      want: { kind: 'switch', reload: false, base: 1, refill: 0, outRegs: 'r0=0 r1=0 sum=5', inTag: 'TID 3', inText: 'compute 4' },
    },
    {
      name: 'thread to another process reloads CR3 and pays the refill',
      sw: { cpu: 0, out: ctx(3, 2, 9, 1, [0, 0, 1]), in: ctx(4, 4, 13, 0), mm_before: 2, mm_after: 4, reload: true, base: 1, refill: 2 },
      want: { kind: 'switch', reload: true, base: 1, refill: 2, outRegs: 'r0=0 r1=0 lines=1', inTag: 'P4', inText: 'compute 6', inRegs: null },
    },
    {
      name: 'from an idle CPU nothing is saved',
      sw: { cpu: 1, in: ctx(4, 4, 13, 0), mm_before: 0, mm_after: 4, reload: true, base: 0, refill: 0 },
      want: { kind: 'idle', reload: true, base: 0, refill: 0, inTag: 'P4', inText: 'compute 6', inRegs: null },
    },
    {
      name: 'the same task coming back is no switch',
      sw: { cpu: 0, out: ctx(4, 4, 13, 0), in: ctx(4, 4, 13, 0), mm_before: 4, mm_after: 4, reload: false, base: 0, refill: 0 },
      want: { kind: 'same', reload: false, base: 0, refill: 0, inTag: 'P4', inText: 'compute 6', inRegs: null },
    },
  ];
  for (const c of cases) {
    const [r] = switchRows(view([c.sw], null), loaded);
    assert.equal(r.kind, c.want.kind, `${c.name}: kind`);
    assert.equal(r.reload, c.want.reload, `${c.name}: reload`);
    assert.equal(r.base, c.want.base, `${c.name}: base`);
    assert.equal(r.refill, c.want.refill, `${c.name}: refill`);
    assert.equal(r.in.tag, c.want.inTag, `${c.name}: in tag`);
    assert.equal(r.in.text, c.want.inText, `${c.name}: in line text`);
    if ('outRegs' in c.want) assert.equal(r.out.regs.map(x => `${x.name}=${x.value}`).join(' '), c.want.outRegs, `${c.name}: saved registers`);
    if ('inRegs' in c.want) assert.equal(r.in.regs, c.want.inRegs, `${c.name}: restored registers`);
  }
});

test('switchRows is empty without switches', () => {
  assert.deepEqual(switchRows(view([], null), loaded), []);
  assert.deepEqual(switchRows({}, loaded), []);
});

test('switchSummary gives the share of CPU time spent switching', () => {
  const cases = [
    { c: null, want: null },
    { c: { switches: 4, address_space: 2, switch_ticks: 6, busy_ticks: 14 }, want: { switches: 4, addressSpace: 2, switchTicks: 6, busyTicks: 14, pct: 30 } },
    { c: { switches: 0, switch_ticks: 0, busy_ticks: 0 }, want: { switches: 0, addressSpace: 0, switchTicks: 0, busyTicks: 0, pct: 0 } },
  ];
  for (const { c, want } of cases) assert.deepEqual(switchSummary(view([], c)), want);
});

test('the card strings exist in both languages', () => {
  for (const lang of ['en', 'zh-CN']) {
    setLang(lang);
    for (const key of ['ctx.title', 'ctx.reload', 'ctx.keep', 'ctx.cost.refill', 'ctx.counters', 'ev.switch.refill']) {
      assert.notEqual(t(key), key, `${lang}: ${key}`);
    }
  }
  setLang('en');
});

test('withSwitchCost reruns the same workload at another cost', async () => {
  const { withSwitchCost, switchCostOf } = await import('./switchcard-model.js');
  const text = 'title en: x\nmodel jobs\nswitch_cost 1 mm=2   # the penalty\n\nthread a\n  compute 2\n';
  const cases = [
    { base: 0, mm: 0, want: 'title en: x\nmodel jobs\n\nthread a\n  compute 2\n' },
    { base: 1, mm: 0, want: 'title en: x\nmodel jobs\n\nthread a\n  compute 2\nswitch_cost 1\n' },
    { base: 1, mm: 2, want: 'title en: x\nmodel jobs\n\nthread a\n  compute 2\nswitch_cost 1 mm=2\n' },
    { base: 0, mm: 3, want: 'title en: x\nmodel jobs\n\nthread a\n  compute 2\nswitch_cost 0 mm=3\n' },
  ];
  for (const c of cases) {
    const got = withSwitchCost(text, c.base, c.mm);
    assert.equal(got, c.want, `${c.base} mm=${c.mm}`);
    assert.deepEqual(switchCostOf(got), { base: c.base, mm: c.mm });
  }
  assert.deepEqual(switchCostOf(text), { base: 1, mm: 2 });
  assert.deepEqual(switchCostOf('process a\n  compute 1\n'), { base: 0, mm: 0 });
  // A statement indented under a block is not the directive.
  assert.equal(withSwitchCost('process a\n  compute 1\n', 2, 0), 'process a\n  compute 1\nswitch_cost 2\n');
});
