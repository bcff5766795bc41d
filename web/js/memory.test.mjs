import test from 'node:test';
import assert from 'node:assert/strict';
import { memoryModel } from './memory.js';
import { describeEvents, sentence } from './log.js';
import { setLang } from './i18n.js';
import { englishWords } from './zh-words.mjs';

const names = { 1: 'init', 2: 'parent', 3: 'parent' };
const ctx = { name: p => names[p], parent: p => (p === 3 ? 2 : 1), program: () => 'parent' };

const page = (frame, maps, writable, dirty = true) => ({ addr: '0x0', frame, maps, writable, dirty });
const space = (pid, heap, extra = {}) => ({
  pid, program: 0,
  regions: [
    { name: 'text', perm: 'r-xp', start: '0x555555554000', pages: [page(1, 2, false, false), page(2, 2, false, false)] },
    { name: 'data', perm: 'rw-p', start: '0x555555556000', pages: [page(3, 2, false)] },
    { name: 'heap', perm: 'rw-p', start: '0x555555557000', pages: heap },
    { name: 'stack', perm: 'rw-p', start: '0x7fffffffe000', pages: [page(6, 2, false)] },
  ],
  smaps: { rss: 24, pss: 16, shared_clean: 8, shared_dirty: 8, private_clean: 0, private_dirty: 8 },
  ...extra,
});

// The child (P3) has just copied heap page 0 into frame 9: the parent's
// frame 4 is mapped once now, still write-protected.
const mem = {
  frames: 9,
  spaces: [
    space(2, [page(4, 1, false), page(5, 2, false)]),
    space(3, [page(9, 1, true), page(5, 2, false)]),
    { pid: 7, program: 0, freed: 3, regions: [], smaps: {} },
  ],
};
const events = [
  { step: 8, kind: 'page_fault', pid: 3, cpu: 0, obj: 2, value: 0, arg: 4, cause: 'cow' },
  { step: 8, kind: 'page_copy', pid: 3, cpu: 0, obj: 2, value: 0, arg: 9 },
  { step: 8, kind: 'page_private', pid: 2, other: 3, cpu: -1, obj: 2, value: 0, arg: 4 },
];
const tasks = [{ pid: 2, tgid: 2, state: 'sleeping' }, { pid: 3, tgid: 3, state: 'running' }];

test('a scenario without memory has no model', () => {
  assert.equal(memoryModel(null), null);
  assert.equal(memoryModel(undefined, {}), null);
});

test('shared frames get one colour each, private pages none, freed spaces come last', () => {
  const m = memoryModel(mem, { items: describeEvents(events, ctx), step: 8, tasks, names });
  assert.deepEqual(m.spaces.map(s => [s.pid, s.freed]), [[2, 0], [3, 0], [7, 3]]);
  const heap = pid => m.spaces.find(s => s.pid === pid).regions[2].pages;
  assert.equal(heap(2)[1].colour, heap(3)[1].colour, 'frame 5 is shared: same colour in both');
  assert.notEqual(heap(2)[1].colour, '');
  assert.equal(heap(2)[0].colour, '', 'frame 4 is private now');
  assert.equal(heap(3)[0].colour, '');
  const text = m.spaces[0].regions[0].pages;
  assert.notEqual(text[0].colour, text[1].colour, 'frames 1 and 2 are told apart');
  assert.deepEqual([heap(2)[0].cow, heap(3)[0].cow, text[0].cow, text[0].ro], [true, false, false, true]);
  assert.deepEqual(m.counters.map(c => [c.pid, c.pss, c.private_dirty]), [[2, 16, 8], [3, 16, 8]]);
  assert.equal(m.frames, 9);
});

test('the step marks the faulting page, its copy, and the page that became private', () => {
  const m = memoryModel(mem, { items: describeEvents(events, ctx), step: 8, tasks, names });
  const heap = pid => m.spaces.find(s => s.pid === pid).regions[2].pages;
  assert.deepEqual(heap(3)[0].marks, ['fault', 'copy']);
  assert.deepEqual(heap(2)[0].marks, ['private']);
  assert.deepEqual(heap(2)[1].marks, []);
  const later = memoryModel(mem, { items: describeEvents(events, ctx), step: 9, tasks, names });
  assert.deepEqual(later.spaces[1].regions[2].pages[0].marks, [], 'marks last one step');
});

test('a thread\'s write marks its process\'s page', () => {
  const ev = [{ step: 4, kind: 'mem_write', pid: 5, cpu: 0, obj: 2, value: 1, arg: 5 }];
  const m = memoryModel(mem, { items: describeEvents(ev, ctx), step: 4, tasks: [...tasks, { pid: 5, tgid: 2, state: 'running' }], names });
  assert.deepEqual(m.spaces[0].regions[2].pages[1].marks, ['write']);
  assert.deepEqual(m.spaces[0].threads, [5]);
});

test('every memory event has a sentence in both languages, with no English left in Chinese', () => {
  const all = [
    ...events,
    { step: 2, kind: 'page_fault', pid: 3, obj: 0, value: 1, arg: 2, cause: 'read_only' },
    { step: 2, kind: 'page_reuse', pid: 2, obj: 2, value: 0, arg: 4 },
    { step: 2, kind: 'mem_read', pid: 2, obj: 1, value: 0, arg: 3 },
    { step: 2, kind: 'mem_write', pid: 2, obj: 3, value: 0, arg: 6 },
    { step: 2, kind: 'mem_fork', pid: 3, other: 2, value: 6 },
    { step: 2, kind: 'mem_exec', pid: 3, value: 6, arg: 6, obj: 0 },
    { step: 2, kind: 'mem_free', pid: 3, other: 3, value: 6, arg: 4 },
    { step: 2, kind: 'mem_free', pid: 3, other: 5, value: 6, arg: 4 },
  ];
  for (const lang of ['en', 'zh-CN']) {
    setLang(lang);
    const items = describeEvents(all, ctx);
    assert.equal(items.length, all.length);
    for (const it of items) {
      const s = sentence(it);
      assert.ok(!/\{\w+\}/.test(s) && !s.startsWith('ev.'), `${lang} ${it.kind}: ${s}`);
      if (lang === 'zh-CN') assert.deepEqual(englishWords(s), [], s);
    }
  }
  setLang('en');
  const [fault] = describeEvents(events.slice(0, 1), ctx);
  assert.equal(sentence(fault), 'P3 (parent) writes heap page 0 (frame 4), which is write-protected: page fault, the kernel takes over (copy-on-write)');
  setLang('zh-CN');
  assert.equal(sentence(fault), 'P3 (parent) 写堆的第 0 页（页框 4），该页被写保护：触发缺页异常，由内核接管（写时复制）');
  setLang('en');
});
