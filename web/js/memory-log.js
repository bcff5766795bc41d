// memory-log.js: the event log's sentences for the memory model's events
// (sim/memory.go): a fork that shares the pages, a page fault, the copy or
// the reuse that follows, a page that became private, a read or write, an
// address space replaced at exec or freed at exit. log.js calls
// memorySentence for the kinds it does not know itself.

// REGIONS are the regions in the order of sim.Region (an event's obj).
export const REGIONS = ['text', 'data', 'heap', 'stack'];

// MEMORY_KINDS are the memory event kinds.
export const MEMORY_KINDS = new Set(['mem_fork', 'mem_exec', 'mem_free', 'mem_read', 'mem_write',
  'page_fault', 'page_copy', 'page_reuse', 'page_private']);

const WEIGHT = { mem_fork: 6, mem_exec: 5, mem_free: 6, mem_read: 4, mem_write: 5, page_fault: 8, page_copy: 8, page_reuse: 8, page_private: 7 };

// memorySentence pushes the log item of memory event e through push(e,
// key, params, weight), naming tasks with name(pid), and reports whether e
// was one. The item's params carry the region's catalog key (the sentence
// translates it) and the page and frame numbers, which the address-space
// card reads to mark the pages of the step.
export function memorySentence(e, push, name) {
  if (!MEMORY_KINDS.has(e.kind)) return false;
  const region = REGIONS[e.obj ?? 0] || 'text';
  const page = { p: name(e.pid), region: `mem.region.${region}`, regionName: region, page: e.value ?? 0, frame: e.arg ?? 0 };
  const w = WEIGHT[e.kind];
  switch (e.kind) {
    case 'mem_fork':
      push(e, 'ev.mem_fork', { p: name(e.pid), o: name(e.other), n: e.value ?? 0 }, w);
      break;
    case 'mem_exec':
      push(e, 'ev.mem_exec', { p: name(e.pid), n: e.value ?? 0, old: e.arg ?? 0, freed: e.obj ?? 0 }, w);
      break;
    case 'mem_free': {
      const thread = e.other && e.other !== e.pid;
      push(e, thread ? 'ev.mem_free.thread' : 'ev.mem_free', { p: name(e.pid), o: thread ? name(e.other) : '', n: e.value ?? 0, freed: e.arg ?? 0 }, w);
      break;
    }
    case 'page_fault':
      push(e, e.cause === 'read_only' ? 'ev.page_fault.read_only' : 'ev.page_fault.cow', page, w);
      break;
    case 'page_private':
      push(e, 'ev.page_private', { ...page, o: name(e.other) }, w);
      break;
    default:
      push(e, `ev.${e.kind}`, page, w);
  }
  return true;
}
