// lazy.js: the parts of the page that the first screen does not show (the
// scheduling view, the live lab, the classroom, the editor, the OSTEP
// dialog, export, short links) load when first opened, not with the page
// (issue 14, part 6: page weight). app.js names each module with a literal
// import('./name.js'), which the server versions like a static import
// (server/static.go), so a module loaded later is cached as long as the
// page's own, and a repeat visit fetches none of them.
//
// A lazily made object (lazyObject) stands in for the real one from the
// start: app.js calls it as it would call the view. Before the module is
// loaded, each method answers from an idle table (what the view would
// answer with nothing open: no lesson, not shown) or wakes the view: it
// starts loading the module and replays the call, and every call made
// while the module loads, on the real object in order once it is made. A
// view's strings come with its module (a dictionary that adds itself to
// the catalogs when imported, i18n.js addCatalog); the static HTML under
// the view's roots is translated again before the view is made, since the
// page translated it at start-up without them.
//
// Everything here runs on the page's event loop (one thread).
import { t } from './i18n.js';

// WAKE, answered by an idle method, loads the view and replays the call;
// the call answers undefined. wakeWith(value) does the same and answers
// value.
export const WAKE = Symbol('wake');
export const wakeWith = value => ({ [WAKE]: true, value });

const loading = new Set(); // the loads under way (promises)

// lazyModule returns a function that loads a module once (load() is an
// import('./name.js')), calls setup(module) once it is there, and answers
// a promise of what setup returned. A load that failed (the network) is
// tried again by the next call.
export function lazyModule(load, setup = m => m) {
  let done = null;
  return () => {
    if (!done) {
      done = load().then(setup);
      loading.add(done);
      done.then(() => loading.delete(done), () => { loading.delete(done); done = null; });
    }
    return done;
  };
}

// settled answers a promise that resolves once no load is under way (one
// that failed counts as over): app.js waits for it before it writes the
// address of a view that is still loading.
export async function settled() {
  while (loading.size) await Promise.allSettled([...loading]);
}

// translateUnder translates the static HTML under each of roots (element
// ids) as the page does at start-up (data-i18n, data-i18n-title,
// data-i18n-aria), in the current language.
export function translateUnder(roots) {
  for (const id of roots) {
    const root = document.getElementById(id);
    if (!root) continue;
    for (const e of [root, ...root.querySelectorAll('[data-i18n], [data-i18n-title], [data-i18n-aria]')]) {
      if (e.dataset.i18n) e.textContent = t(e.dataset.i18n);
      if (e.dataset.i18nTitle) e.title = t(e.dataset.i18nTitle);
      if (e.dataset.i18nAria) e.setAttribute('aria-label', t(e.dataset.i18nAria));
    }
  }
}

// stylesheet loads the stylesheet css/NAME that index.html holds back: a
// <link rel="stylesheet" data-href="css/NAME"> with no href, in its place in
// the cascade (the server versions data-href like href). It answers a
// promise that resolves once the sheet is loaded (or failed: the view works
// unstyled rather than not at all).
const sheets = new Map(); // name -> promise
export function stylesheet(name) {
  if (sheets.has(name)) return sheets.get(name);
  const link = [...document.querySelectorAll('link[data-href]')]
    .find(l => new URL(l.dataset.href, document.baseURI).pathname.endsWith('/css/' + name));
  const p = !link ? Promise.resolve() : new Promise(resolve => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', () => { console.error(`proclab: css/${name} did not load`); resolve(); }, { once: true });
    link.href = link.dataset.href;
  });
  sheets.set(name, p);
  return p;
}

// lazyObject returns the stand-in for the object make(module) makes, the
// module being what load() (an import) resolves to:
//   - roots: the ids of the view's static HTML, translated again once its
//     strings are loaded (see translateUnder);
//   - css: the names of its stylesheets (see stylesheet), loaded with it;
//   - idle: for each method, what it does before the view is loaded: a
//     function of the call's arguments answering a value, WAKE or
//     wakeWith(value); a method not named answers undefined and does
//     nothing (hide, relabel, resize: nothing to hide or relabel yet).
// While the module loads every call is queued (a method with an idle
// answer still answers it), and replayed in order on the made object.
// The stand-in has one method of its own, whenLoaded(): a promise of the
// made object, loading it if needed (a name no view's object uses).
export function lazyObject({ load, make, roots = [], css = [], idle = {} }) {
  let real = null;
  let waiting = false; // a load was asked for and the object is not made yet
  const queue = [];
  const get = lazyModule(() => Promise.all([load(), ...css.map(stylesheet)]).then(([m]) => m), m => {
    translateUnder(roots);
    real = make(m);
    waiting = false;
    // A replayed call that throws is said and does not stop the others (as
    // each would have been on its own had the view been there).
    for (const [name, args] of queue.splice(0)) {
      try { real[name](...args); } catch (err) { console.error(`proclab: ${name} on a view just loaded:`, err); }
    }
    return real;
  });
  const whenLoaded = () => {
    waiting = !real;
    return get().catch(err => { waiting = false; queue.length = 0; throw err; });
  };
  const own = { whenLoaded };
  return new Proxy(own, {
    get(target, name) {
      if (Object.hasOwn(own, name)) return own[name];
      if (typeof name !== 'string' || name === 'then') return undefined; // not a promise
      return (...args) => {
        if (real) return real[name](...args);
        const f = idle[name];
        const r = typeof f === 'function' ? f(...args) : undefined;
        const wake = r === WAKE || (r !== null && typeof r === 'object' && r[WAKE] === true);
        if (wake || waiting) queue.push([name, args]);
        if (wake && !waiting) whenLoaded().catch(err => console.error('proclab: a view did not load:', err));
        return r === WAKE ? undefined : wake ? r.value : r;
      };
    },
  });
}

// openOnClick makes a click on button (an element) load what ready()
// (a promise-returning loader) loads first: the first click waits for it and is then given again to
// the button, whose own handler the loaded module added. Later clicks
// reach that handler directly.
export function openOnClick(button, ready) {
  if (!button) return;
  let asked = false; // a click waits for the load: more clicks meanwhile are one
  const first = e => {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (asked) return;
    asked = true;
    ready().then(() => {
      button.removeEventListener('click', first);
      button.click();
    }, err => { asked = false; console.error('proclab: a view did not load:', err); });
  };
  button.addEventListener('click', first);
}
