// testdata.mjs: a small recorded run (the wire format of docs/protocol.md)
// shared by the unit tests: shell (P2) forks worker (P3), which exits with
// code 7 and stays a zombie until P2 reaps it.
export const programs = [
  { name: 'shell', line: 10, code: [{ line: 11, text: '    fork worker' }, { line: 12, text: '    compute 4' }, { line: 13, text: '    wait' }] },
  { name: 'worker', line: 17, code: [{ line: 18, text: '    compute 2' }, { line: 19, text: '    exit 7' }] },
];

const task = (pid, ppid, name, state, extra = {}) => ({
  pid, ppid, name, program: pid - 2, state, cpu: -1, line: 0, mode: 'user', exit_code: 0,
  user_ticks: 0, kernel_ticks: 0, vcsw: 0, nvcsw: 0, created: 1, pending: [], ...extra,
});

export const init = task(1, 0, 'init', 'sleeping', { program: -1, created: 0 });

export const steps = {
  1: [
    { step: 1, kind: 'created', pid: 2, other: 1, cause: 'arrival', value: 0 },
    { step: 1, kind: 'exec', pid: 2, value: 0 },
    { step: 1, kind: 'state', pid: 2, from: 'none', to: 'runnable', cause: 'arrival' },
    { step: 1, kind: 'switch', pid: 2, cpu: 0 },
    { step: 1, kind: 'state', pid: 2, cpu: 0, from: 'runnable', to: 'running', cause: 'dispatch' },
    { step: 1, kind: 'mode', pid: 2, cpu: 0, value: 1 },
    { step: 1, kind: 'syscall', pid: 2, cpu: 0, value: 1, syscall: 'fork' },
    { step: 1, kind: 'created', pid: 3, other: 2, cause: 'fork', value: 1 },
    { step: 1, kind: 'exec', pid: 3, value: 1 },
    { step: 1, kind: 'state', pid: 3, from: 'none', to: 'runnable', cause: 'fork' },
  ],
  2: [
    { step: 2, kind: 'mode', pid: 2, cpu: 0, value: 0 },
    { step: 2, kind: 'state', pid: 2, cpu: 0, from: 'running', to: 'runnable', cause: 'quantum' },
  ],
  3: [
    { step: 3, kind: 'switch', pid: 3, other: 2, cpu: 0 },
    { step: 3, kind: 'state', pid: 3, cpu: 0, from: 'runnable', to: 'running', cause: 'dispatch' },
    { step: 3, kind: 'mode', pid: 3, cpu: 0, value: 1 },
    { step: 3, kind: 'syscall', pid: 3, cpu: 0, value: 2, syscall: 'exit' },
    { step: 3, kind: 'exit', pid: 3, cpu: 0, value: 7 },
    { step: 3, kind: 'state', pid: 3, cpu: 0, from: 'running', to: 'zombie', cause: 'exit' },
    { step: 3, kind: 'signal_sent', pid: 2, other: 3, value: 17, signal: 'SIGCHLD' },
  ],
  4: [
    { step: 4, kind: 'switch', pid: 2, other: 3, cpu: 0, voluntary: true },
    { step: 4, kind: 'state', pid: 2, cpu: 0, from: 'runnable', to: 'running', cause: 'dispatch' },
    { step: 4, kind: 'mode', pid: 2, cpu: 0, value: 1 },
    { step: 4, kind: 'syscall', pid: 2, cpu: 0, value: 3, syscall: 'wait' },
    { step: 4, kind: 'state', pid: 3, from: 'zombie', to: 'dead', cause: 'reap' },
    { step: 4, kind: 'reaped', pid: 3, other: 2, value: 7 },
  ],
};

export const tasksAt = {
  0: [init],
  1: [init, task(2, 1, 'shell', 'running', { cpu: 0, mode: 'kernel', kernel_ticks: 1 }), task(3, 2, 'worker', 'runnable')],
  2: [init, task(2, 1, 'shell', 'runnable', { kernel_ticks: 1, user_ticks: 1, nvcsw: 1 }), task(3, 2, 'worker', 'runnable')],
  3: [init, task(2, 1, 'shell', 'runnable', { kernel_ticks: 1, user_ticks: 1, nvcsw: 1 }), task(3, 2, 'worker', 'zombie', { exit_code: 7, kernel_ticks: 1 })],
  4: [init, task(2, 1, 'shell', 'running', { cpu: 0, mode: 'kernel', kernel_ticks: 2, user_ticks: 1, nvcsw: 1 }), task(3, 2, 'worker', 'dead', { exit_code: 7, kernel_ticks: 1 })],
};

export const cpusAt = { 0: [0], 1: [2], 2: [2], 3: [0], 4: [2] };

// snapshotAt is the snapshot message the server sends for step n (base 0).
export function snapshotAt(n) {
  const events = [];
  for (let k = 1; k <= n; k++) events.push(...steps[k]);
  return { v: 1, type: 'snapshot', step: n, total: 4, base: { step: 0, tasks: tasksAt[0], cpus: cpusAt[0] }, events, tasks: tasksAt[n], cpus: cpusAt[n] };
}

// eventsAt is the events message for step n.
export function eventsAt(n) {
  return { v: 1, type: 'events', step: n, events: steps[n], tasks: tasksAt[n], cpus: cpusAt[n] };
}
