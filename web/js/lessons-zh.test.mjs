import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { englishWords } from './zh-words.mjs';

// The lessons' Chinese lines (title zh, explain zh, step zh) follow the same
// rule as the catalogs: no English outside zh-words.mjs's allow-list, except
// the names the lesson's own scenario gives (its processes, threads,
// programs, variables and sync objects, which the student sees as they are).
const dirs = ['../../assets/lessons/', '../../assets/live/'].map(d => new URL(d, import.meta.url));

test('the lessons\' Chinese lines leave no English', () => {
  const bad = [];
  let lines = 0;
  for (const dir of dirs) {
    for (const name of readdirSync(dir).filter(n => n.endsWith('.txt') || n.endsWith('.go'))) {
      const text = readFileSync(new URL(name, dir), 'utf8');
      const own = new Set();
      for (const m of text.matchAll(/^(?:process|program|thread|var|mutex|gomutex|spinlock|ticketlock|semaphore|cond|chan|waitgroup|shm|socket|pipe|fifo|mqueue)\s+([A-Za-z][\w-]*)/gm)) own.add(m[1]);
      for (const m of text.matchAll(/^\s+accept\s+\w+\s+([A-Za-z][\w-]*)/gm)) own.add(m[1]); // a socket accept makes
      // A Go lesson's own names: its functions, variables and constants.
      for (const m of text.matchAll(/^\s*(?:func|var|const)\s+([A-Za-z_]\w*)/gm)) own.add(m[1]);
      for (const m of text.matchAll(/\b([A-Za-z_]\w*)\s*:?=/g)) own.add(m[1]);
      for (const [i, line] of text.split('\n').entries()) {
        const m = /^(?:\/\/ )?(?:title|explain|step) zh:(.*)$/.exec(line);
        if (!m) continue;
        lines++;
        const words = englishWords(m[1]).filter(w => !own.has(w));
        if (words.length) bad.push(`${name}:${i + 1}: ${words.join(' ')}`);
      }
    }
  }
  assert.ok(lines > 50, `only ${lines} Chinese lines found`);
  assert.deepEqual(bad, []);
});
