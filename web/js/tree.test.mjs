import test from 'node:test';
import assert from 'node:assert/strict';
import { treeOrder, threadedTable } from './tree.js';

test('treeOrder lists a process’s threads under its main thread, ps -L style', () => {
  const cases = [
    {
      name: 'processes only: the tree by PPID',
      tasks: [{ pid: 1, ppid: 0, tgid: 1 }, { pid: 3, ppid: 2, tgid: 3 }, { pid: 2, ppid: 1, tgid: 2 }],
      want: [[1, 0, false], [2, 1, false], [3, 2, false]],
      threaded: false,
    },
    {
      name: 'threads are not children of PID 1: they follow their main thread',
      tasks: [{ pid: 1, ppid: 0, tgid: 1 }, { pid: 2, ppid: 1, tgid: 2 }, { pid: 4, ppid: 1, tgid: 2 },
        { pid: 3, ppid: 1, tgid: 2 }, { pid: 5, ppid: 1, tgid: 5 }],
      want: [[1, 0, false], [2, 1, false], [3, 2, true], [4, 2, true], [5, 1, false]],
      threaded: true,
    },
    {
      name: 'tasks without a tgid (the live lab) are processes',
      tasks: [{ pid: 10, ppid: 1 }, { pid: 11, ppid: 10 }],
      want: [[10, 0, false], [11, 1, false]],
      threaded: false,
    },
  ];
  for (const c of cases) {
    const got = treeOrder(c.tasks).map(r => [r.task.pid, r.depth, !!r.thread]);
    assert.deepEqual(got, c.want, c.name);
    assert.equal(threadedTable(c.tasks), c.threaded, c.name);
  }
});
