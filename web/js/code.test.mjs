import test from 'node:test';
import assert from 'node:assert/strict';
import { renderCode, toggleMicro, resetMicro, MAX_CHIPS } from './code.js';
import { setLang } from './i18n.js';

// A small stand-in for the page's DOM: what code.js's program panes use,
// with a count of the elements made and of the insertions.
function fakeDoc() {
  const doc = { made: 0, inserted: 0 };
  class El {
    constructor(tag) {
      this.tagName = tag.toUpperCase();
      this.ownerDocument = doc;
      this.parentNode = null;
      this.kids = [];
      this.attrs = new Map();
      this.text = '';
      this.styles = new Map();
      const el = this;
      this.style = {
        setProperty(k, v) { el.styles.set(k, v); },
        set background(v) { el.styles.set('background', v); },
        set color(v) { el.styles.set('color', v); },
      };
      this.dataset = new Proxy({}, {
        get: (o, k) => el.attrs.get('data-' + String(k).replace(/[A-Z]/g, c => '-' + c.toLowerCase())),
        set: (o, k, v) => { el.attrs.set('data-' + String(k).replace(/[A-Z]/g, c => '-' + c.toLowerCase()), String(v)); return true; },
      });
    }
    get className() { return this.attrs.get('class') || ''; }
    set className(v) { this.attrs.set('class', String(v)); }
    get title() { return this.attrs.get('title') || ''; }
    set title(v) { this.attrs.set('title', String(v)); }
    set type(v) { this.attrs.set('type', String(v)); }
    setAttribute(k, v) { this.attrs.set(k, String(v)); }
    getAttribute(k) { return this.attrs.has(k) ? this.attrs.get(k) : null; }
    hasAttribute(k) { return this.attrs.has(k); }
    removeAttribute(k) { if (k === 'style') this.styles.clear(); else this.attrs.delete(k); }
    get textContent() { return this.text + this.kids.map(k => k.textContent).join(''); }
    set textContent(v) { for (const k of this.kids) k.parentNode = null; this.kids = []; this.text = String(v); }
    get children() { return this.kids; }
    get firstChild() { return this.kids[0] || null; }
    get nextSibling() { const p = this.parentNode; return p ? p.kids[p.kids.indexOf(this) + 1] || null : null; }
    get nextElementSibling() { return this.nextSibling; }
    remove() { const p = this.parentNode; if (p) { p.kids.splice(p.kids.indexOf(this), 1); this.parentNode = null; } }
    replaceWith(e) { const p = this.parentNode; if (p) { p.insertBefore(e, this); this.remove(); } }
    insertBefore(e, ref) {
      e.remove();
      const i = ref ? this.kids.indexOf(ref) : this.kids.length;
      this.kids.splice(i, 0, e);
      e.parentNode = this;
      doc.inserted++;
      return e;
    }
    appendChild(e) { return this.insertBefore(e, null); }
    append(...es) { for (const e of es) this.appendChild(e); }
    replaceChildren(...es) { for (const k of this.kids) k.parentNode = null; this.kids = []; this.append(...es); }
    contains(e) { for (let x = e; x; x = x.parentNode) if (x === this) return true; return false; }
    closest() { return null; }
    html() {
      const at = [...this.attrs].sort().map(([k, v]) => ` ${k}="${v}"`).join('');
      const st = this.styles.size ? ` style="${[...this.styles].map(([k, v]) => `${k}:${v}`).join(';')}"` : '';
      return `<${this.tagName}${at}${st}>${this.text}${this.kids.map(k => k.html()).join('')}</${this.tagName}>`;
    }
  }
  doc.createElement = tag => { doc.made++; return new El(tag); };
  return doc;
}

const programs = [
  { name: 'a', line: 1, code: [{ line: 2, text: '  compute 2' }, { line: 3, text: '  io 1' }, { line: 4, text: '  exit' }] },
  { name: 'b', line: 6, code: [{ line: 7, text: '  compute 1' }, { line: 8, text: '  sleep 2' }] },
];
const task = (pid, program, line, state) => ({ pid, program, line, state });

// A view: tasks PIDs 2-31 of program a (lines by at(pid)), 32-33 of b.
function viewAt(step, at, running) {
  const tasks = [];
  for (let pid = 2; pid < 32; pid++) tasks.push(task(pid, 0, at(pid), running.has(pid) ? 'running' : 'runnable'));
  tasks.push(task(32, 1, step % 2 ? 7 : 8, running.has(32) ? 'running' : 'sleeping'));
  tasks.push(task(33, 1, 7, 'runnable'));
  const ran = [...running].map(pid => ({ pid, program: pid < 32 ? 0 : 1, line: pid < 32 ? 2 : 7 }));
  return { step, tasks, ran };
}

const views = [
  viewAt(1, () => 2, new Set([2, 3])),
  viewAt(2, pid => (pid < 6 ? 3 : 2), new Set([6, 7, 32])),
  viewAt(3, pid => (pid % 3 ? 3 : 2), new Set([9, 20])),
  viewAt(4, pid => (pid === 5 ? 4 : 2), new Set([30, 31])),
  viewAt(5, () => 3, new Set()),
];

for (const lang of ['en', 'zh-CN']) {
  test(`renderCode (${lang}): a draw over the last one shows what a draw from nothing shows`, () => {
    setLang(lang);
    resetMicro();
    const doc = fakeDoc();
    const kept = doc.createElement('div');
    for (const v of views) {
      renderCode(kept, programs, v, null);
      const fresh = doc.createElement('div');
      renderCode(fresh, programs, v, null);
      assert.equal(kept.html(), fresh.html(), `step ${v.step}`);
    }
    setLang('en');
  });
}

test('renderCode builds the first panes alone when asked, and the next draw shows what a draw from nothing shows', () => {
  setLang('en');
  resetMicro();
  for (const build of [0, 1]) {
    const doc = fakeDoc();
    const kept = doc.createElement('div');
    assert.equal(renderCode(kept, programs, views[1], null, build), true, `build ${build}: panes left`);
    kept.children.forEach((box, i) => {
      const built = box.children.some(c => c.tagName === 'OL');
      assert.equal(built, i < build, `build ${build}: pane ${i} built`);
      assert.equal(box.styles.get('--pane-lines'), String(programs[i].code.length), `pane ${i} as tall as its lines`);
      assert.equal(box.children[0].textContent.startsWith(programs[i].name), true, `pane ${i} has its head`);
    });
    for (const v of views) {
      assert.equal(renderCode(kept, programs, v, null), false, 'every pane built');
      const fresh = doc.createElement('div');
      renderCode(fresh, programs, v, null);
      assert.equal(kept.html(), fresh.html(), `build ${build}, then step ${v.step}`);
    }
  }
});

test('renderCode keeps the chips and marks that stay, and moves a chip that changes line', () => {
  setLang('en');
  resetMicro();
  const doc = fakeDoc();
  const c = doc.createElement('div');
  const a = viewAt(1, pid => (pid < 4 ? 2 : 3), new Set([2]));
  renderCode(c, programs, a, null);
  const line = n => c.kids[0].kids[1].kids.find(li => li.attrs.get('data-line') === String(n));
  const chipOf = pid => [...c.kids[0].kids[1].kids].flatMap(li => li.kids[3].kids).find(x => x.attrs.get('data-task') === String(pid));
  const p3 = chipOf(3), p2 = chipOf(2), next2 = line(2).kids[0].kids.find(m => m.className === 'next-mark');
  // Step 2: P2 stays on line 2 (no longer running), P3 moves to line 4.
  const b = viewAt(2, pid => (pid === 3 ? 4 : pid < 4 ? 2 : 3), new Set([4]));
  b.ran = [{ pid: 4, program: 0, line: 3 }];
  const made = doc.made;
  renderCode(c, programs, b, null);
  assert.equal(chipOf(2), p2, 'the chip of a task that stays is the same element');
  assert.equal(p2.className, 'chip');
  assert.equal(chipOf(3), p3, 'the chip of a task that changed line is moved, not made again');
  assert.equal(p3.parentNode, line(4).kids[3]);
  assert.equal(line(2).kids[0].kids.find(m => m.className === 'next-mark'), next2, 'a ▶ that stays is kept');
  assert.equal(line(2).kids[0].kids.some(m => m.className === 'ran-mark'), false);
  // Made: line 4's ▶ and program b's ▶ on line 8 (P32 moved there); line
  // 3's ✓ is line 2's, moved. Nothing else.
  assert.equal(doc.made - made, 2);
  assert.equal(line(3).kids[0].kids[0].className, 'ran-mark');
  // The same view again writes nothing.
  const before = c.html(), ins = doc.inserted, made2 = doc.made;
  renderCode(c, programs, b, null);
  assert.equal(c.html(), before);
  assert.equal(doc.inserted, ins);
  assert.equal(doc.made, made2);
});

test('renderCode shows MAX_CHIPS chips and a "+k" button on a crowded line, and all after a click', () => {
  setLang('en');
  resetMicro();
  const doc = fakeDoc();
  const c = doc.createElement('div');
  renderCode(c, programs, views[0], null);
  const marks = () => c.kids[0].kids[1].kids[0].kids[3];
  assert.equal(marks().kids.length, MAX_CHIPS + 1);
  const more = marks().kids[MAX_CHIPS];
  assert.equal(more.textContent, `+${30 - MAX_CHIPS}`);
  // The running tasks (P2, P3) are among the chips shown.
  assert.deepEqual(marks().kids.slice(0, 2).map(x => x.attrs.get('data-task')), ['2', '3']);
  more.closest = () => more;
  assert.equal(toggleMicro(more), true);
  renderCode(c, programs, views[0], null);
  assert.equal(marks().kids.length, 31);
  assert.equal(marks().kids[30].textContent, '−');
  resetMicro();
});
