// editor.js: the scenario and Go editor (#scenario-dialog; issue 12, part
// 8). A plain <textarea> holds the text, so the browser's own caret,
// selection, undo, IME input and screen-reader support stay as they are; a
// highlighted mirror (<pre>, highlight.js) drawn under it, whose text is the
// same and whose glyphs are the ones seen (the textarea's own text is
// transparent), and a gutter of line numbers follow its scrolling. A help
// line under it says the syntax and meaning of the statement under the
// caret (i18n-editor.js); a parse error is said in the dialog only (line and
// column, in the page's language), its line marked in the gutter and its
// word underlined in the text.
//
// Keys: Tab indents (two spaces in a scenario, a tab in Go); Shift+Tab, or
// Esc then Tab, leaves the editor; a second Esc closes the dialog; Enter
// keeps the line's indentation (one level more after a block header);
// Ctrl+Enter (Cmd+Enter) loads.
//
// Hooks for browser tests: #scenario-text (the textarea), #scenario-gutter
// (one div per line, .ed-gut-err on the marked line), #scenario-mirror
// (div.ed-line per line, .ed-line-err and span.ed-errmark for the error),
// #scenario-help (data-key: the help entry shown, e.g. "s.compute", or
// "none", "go", "unknown", "escaped"), #scenario-error (data-line and
// data-col of the error shown), #scenario-examples, #scenario-lang
// (data-lang "go" or "scenario"), #scenario-ref (every entry).
import { t, getLang, has, pick } from './i18n.js';
import { tokenize, splitLines, renderLines, renderLine, scenarioLineTokens, langOf, lineAt, statementAt, misplaced, DIRECTIVES, STATEMENTS } from './highlight.js';
import { SYNTAX, SECTION, HEADING } from './i18n-editor.js';
import { goTemplate, scenarioTemplate, exampleGroups, parseExample } from './examples.js';
import { parseErrorText } from './i18n-parse.js';

// indentUnit is what Tab inserts: a tab in Go (gofmt), two spaces in a
// scenario (as the lessons indent).
export function indentUnit(lang) {
  return lang === 'go' ? '\t' : '  ';
}

// newlineIndent is what Enter inserts after line (the text before the
// caret on its line): a newline, the line's own indentation, and one unit
// more after a block header (a scenario's process, program or thread, a
// repeat, if, else, while or critical; a Go line ending in '{').
export function newlineIndent(line, lang) {
  const lead = /^[ \t]*/.exec(line)[0];
  const code = line.replace(/#.*$/, '').trim();
  let more = false;
  if (lang === 'go') more = /\{\s*(\/\/.*)?$/.test(line.trim());
  else if (lead === '') more = /^(process|program|thread)\s/.test(code);
  else more = /^(repeat|if|else|while|critical)\b/.test(code);
  return '\n' + lead + (more ? indentUnit(lang) : '');
}

const PLACEHOLDER = /\b[A-Z][A-Z_]+\b/g;

// metaWord says a syntax's placeholder (an upper-case word such as TICKS)
// in the page's language: the parse catalog's perr.meta.WORD, else the
// editor's edk.meta.WORD, else the word itself.
export function metaWord(tr, hasKey, w) {
  if (hasKey(`perr.meta.${w}`)) return tr(`perr.meta.${w}`);
  if (hasKey(`edk.meta.${w}`)) return tr(`edk.meta.${w}`);
  return w;
}

// helpSyntax says a syntax with its placeholders in the page's language.
export function helpSyntax(tr, hasKey, syntax) {
  return syntax.replace(PLACEHOLDER, w => metaWord(tr, hasKey, w));
}

// helpMeaning is help entry key's meaning (edh.KEY), its {WORD}
// placeholders said as helpSyntax says them.
export function helpMeaning(tr, hasKey, key) {
  const params = {};
  for (const w of (SYNTAX[key] || '').match(PLACEHOLDER) || []) params[w] = metaWord(tr, hasKey, w);
  return tr(`edh.${key}`, params);
}

// createEditor wires the dialog. lessons() is the lesson list (the hello's);
// load(text) sends the text to be loaded and reports whether it was sent.
export function createEditor({ lessons, load }) {
  const $ = id => document.getElementById(id);
  const dlg = $('scenario-dialog');
  const ta = $('scenario-text');
  const mirror = $('scenario-mirror');
  const gutter = $('scenario-gutter');
  const help = $('scenario-help');
  const errBox = $('scenario-error');
  const box = ta.closest('.ed');
  let mark = null; // {line, col, text}: the error's place and its line's text then
  let err = null; // the error shown: {line, col, detail, english} or {text}
  let escaped = false; // Esc was pressed: Tab leaves, Esc closes
  let exampleSeq = 0;
  let gutterLines = 0;
  let lastHelp = '';
  const lineCache = new Map(); // a scenario line's text -> its mirror HTML

  // ---- drawing -------------------------------------------------------------

  function render() {
    const text = ta.value;
    if (mark && text.split('\n')[mark.line - 1] !== mark.text) {
      mark = null; // the marked line changed: the mark would mislead
      errBox.classList.add('stale');
    }
    const lang = langOf(text);
    let count;
    if (lang === 'go') {
      const lines = splitLines(tokenize(text, lang));
      mirror.innerHTML = renderLines(lines, mark);
      count = lines.length;
    } else {
      // A scenario's lines are coloured one by one: unchanged lines reuse
      // their HTML, so that typing in a long scenario stays quick.
      const lines = text.split('\n');
      if (lineCache.size > 4 * lines.length + 1000) lineCache.clear();
      mirror.innerHTML = lines.map((l, i) => {
        if (mark && mark.line === i + 1) return renderLine(scenarioLineTokens(l), mark.col);
        let h = lineCache.get(l);
        if (h === undefined) { h = renderLine(scenarioLineTokens(l), 0); lineCache.set(l, h); }
        return h;
      }).join('');
      count = lines.length;
    }
    if (count !== gutterLines || gutter.querySelector('.ed-gut-err') || mark) {
      const out = [];
      for (let i = 1; i <= count; i++) out.push(`<div${mark && mark.line === i ? ' class="ed-gut-err"' : ''}>${i}</div>`);
      gutter.firstElementChild.innerHTML = out.join('');
      gutterLines = count;
    }
    const el = $('scenario-lang');
    el.dataset.lang = lang;
    el.textContent = t(lang === 'go' ? 'ed.lang.go' : 'ed.lang.scenario');
    box.dataset.lang = lang;
    syncScroll();
    drawHelp();
  }

  function syncScroll() {
    mirror.style.transform = `translate(${-ta.scrollLeft}px, ${-ta.scrollTop}px)`;
    gutter.firstElementChild.style.transform = `translateY(${-ta.scrollTop}px)`;
  }

  // drawHelp says what the statement under the caret is.
  function drawHelp() {
    if (escaped) return setHelp('escaped', t('edk.escaped'));
    const text = ta.value;
    if (langOf(text) === 'go') return setHelp('go', t('edk.help.go'));
    const line = lineAt(text, ta.selectionStart);
    const st = statementAt(text, line);
    if (!st) {
      const raw = (text.split('\n')[line - 1] || '').replace(/#.*$/, '').trim();
      const word = raw.split(/\s+/)[0];
      const wrong = misplaced(text, line); // a keyword in the other column
      if (wrong) return setHelp(wrong, t(`edk.help.${wrong}`, { word }));
      if (word && !/^(title|explain)$/.test(word) && raw.split(/\s+/)[1] !== '=') return setHelp('unknown', t('edk.help.unknown', { word }));
      return setHelp('none', t('edk.help.none'));
    }
    setHelp(st.key, '', st.key);
  }

  // setHelp shows the help line: a plain sentence, or entry key's syntax,
  // kind, meaning and section.
  function setHelp(key, sentence, entry) {
    const sig = `${getLang()}|${key}|${sentence}`;
    if (sig === lastHelp) return;
    lastHelp = sig;
    help.dataset.key = key;
    help.replaceChildren();
    if (!entry) { help.textContent = sentence; return; }
    help.append(...helpEntry(entry));
  }

  function helpEntry(key) {
    const code = document.createElement('code');
    code.className = 'ed-help-syntax';
    code.textContent = helpSyntax(t, has, SYNTAX[key] || '');
    const kind = document.createElement('span');
    kind.className = 'ed-help-kind';
    kind.textContent = t(key.startsWith('d.') ? 'edk.help.directive' : 'edk.help.statement');
    const meaning = document.createElement('span');
    meaning.className = 'ed-help-meaning';
    meaning.textContent = helpMeaning(t, has, key);
    // The server serves the documents at /docs/NAME.md (plain text): the
    // link opens the whole file in a new tab; the section is named.
    const doc = document.createElement('a');
    doc.className = 'ed-help-doc';
    doc.href = 'docs/scenario.md';
    doc.target = '_blank';
    doc.rel = 'noopener';
    const sec = SECTION[key] || 'statements';
    doc.textContent = t('edk.help.doc', { section: HEADING[sec], gloss: t(`edk.sec.${sec}`) });
    return [kind, ' ', code, ' ', meaning, ' ', doc];
  }

  // drawRef fills the reference list (every directive and statement).
  function drawRef() {
    const list = $('scenario-ref-list');
    list.replaceChildren();
    const group = (titleKey, keys) => {
      const h = document.createElement('h4');
      h.textContent = t(titleKey);
      const dl = document.createElement('dl');
      for (const k of keys) {
        const dt = document.createElement('dt');
        const c = document.createElement('code');
        c.textContent = helpSyntax(t, has, SYNTAX[k]);
        dt.append(c);
        const dd = document.createElement('dd');
        dd.textContent = helpMeaning(t, has, k);
        dl.append(dt, dd);
      }
      list.append(h, dl);
    };
    group('edk.ref.directives', DIRECTIVES.map(w => `d.${w}`));
    group('edk.ref.statements', [...STATEMENTS.map(w => `s.${w}`), 's.=', 's.xchg', 's.fetch_add', 's.cas', 's.trylock', 's.recv=']);
  }

  function drawError() {
    if (!err) { errBox.hidden = true; errBox.replaceChildren(); delete errBox.dataset.line; delete errBox.dataset.col; return; }
    errBox.hidden = false;
    errBox.replaceChildren();
    if (err.text !== undefined) { errBox.textContent = err.text; return; }
    const detail = (err.detail && parseErrorText(t, err.detail)) ?? (getLang() === 'en' ? err.english : '');
    const msg = document.createElement('span');
    // Without a translation (a Go program's error in Chinese) the place is
    // said, and the server's English is the tooltip.
    msg.textContent = detail ? t('scen.error', { line: err.line, col: err.col, text: detail }) : t('edk.err.at', { line: err.line, col: err.col });
    errBox.append(msg);
    errBox.dataset.line = err.line;
    errBox.dataset.col = err.col;
    if (err.english && getLang() !== 'en') errBox.title = err.english;
    else errBox.removeAttribute('title');
    const go = document.createElement('button');
    go.type = 'button';
    go.className = 'linkish ed-err-goto';
    go.textContent = t('edk.err.goto', { line: err.line });
    go.addEventListener('click', () => selectLine(err.line, err.col));
    errBox.append(' ', go);
  }

  function drawExamples() {
    const sel = $('scenario-examples');
    const groups = exampleGroups(lessons(), t, pick, l => l.go !== false);
    sel.replaceChildren(new Option(t('ed.examples.pick'), ''));
    for (const g of groups) {
      const og = document.createElement('optgroup');
      og.label = g.label;
      for (const o of g.options) og.append(new Option(o.label, o.value));
      sel.append(og);
    }
    sel.value = '';
  }

  // ---- editing -------------------------------------------------------------

  // insert types s over the selection as the user would, so that undo
  // (Ctrl+Z) takes it back; where execCommand is missing, setRangeText.
  function insert(s) {
    ta.focus();
    let done = false;
    try { done = document.execCommand('insertText', false, s); } catch { done = false; }
    if (!done) {
      ta.setRangeText(s, ta.selectionStart, ta.selectionEnd, 'end');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  // replaceAll puts text in the editor, undoably, caret at the top.
  function replaceAll(text) {
    ta.focus();
    ta.select();
    insert(text);
    ta.setSelectionRange(0, 0);
    ta.scrollTop = 0;
    ta.scrollLeft = 0;
    render();
  }

  function selectLine(line, col) {
    if (!line) return;
    const lines = ta.value.split('\n');
    let start = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    const len = (lines[line - 1] || '').length;
    const from = Math.min(start + Math.max(0, (col || 1) - 1), start + len);
    ta.focus();
    ta.setSelectionRange(from, start + len);
    const lh = parseFloat(getComputedStyle(ta).lineHeight) || 21;
    ta.scrollTop = Math.max(0, (line - 3) * lh);
    syncScroll();
    drawHelp();
  }

  function onKey(e) {
    if (e.isComposing || e.keyCode === 229) return; // the IME has the key
    const plain = !e.ctrlKey && !e.altKey && !e.metaKey;
    if (e.key === 'Escape') {
      if (!escaped) {
        e.preventDefault(); // the first Esc keeps the dialog open
        escaped = true;
        drawHelp();
      }
      return;
    }
    if (e.key === 'Tab' && plain && !e.shiftKey && !escaped) {
      e.preventDefault();
      insert(indentUnit(langOf(ta.value)));
      return;
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      $('scenario-form').requestSubmit();
      return;
    }
    if (e.key === 'Enter' && plain && !e.shiftKey) {
      e.preventDefault();
      const before = ta.value.slice(0, ta.selectionStart);
      insert(newlineIndent(before.slice(before.lastIndexOf('\n') + 1), langOf(ta.value)));
      return;
    }
    if (escaped && e.key !== 'Shift') { escaped = false; lastHelp = ''; queueMicrotask(drawHelp); }
  }

  async function pickExample(value) {
    const ex = parseExample(value);
    if (!ex) return;
    err = null;
    mark = null;
    drawError();
    const seq = ++exampleSeq;
    if (ex.tpl) { replaceAll(ex.tpl === 'go' ? goTemplate(t) : scenarioTemplate(t)); return; }
    const sel = $('scenario-examples');
    sel.setAttribute('aria-busy', 'true');
    err = { text: t('ed.loading') };
    drawError();
    let text = '';
    try {
      const res = await fetch(`/api/lessons/${encodeURIComponent(ex.lesson)}`, { headers: { Accept: 'application/json' } });
      if (res.ok) {
        const l = await res.json();
        text = ex.form === 'go' ? l.go_source || '' : l.scenario || '';
      }
    } catch { /* said below */ }
    sel.removeAttribute('aria-busy');
    if (seq !== exampleSeq) return; // another example was picked since
    err = text ? null : { text: t('ed.failed') };
    drawError();
    if (text) replaceAll(text);
  }

  // ---- wiring --------------------------------------------------------------

  ta.setAttribute('wrap', 'off');
  ta.addEventListener('input', render);
  ta.addEventListener('scroll', syncScroll);
  ta.addEventListener('keydown', onKey);
  for (const ev of ['keyup', 'click', 'focus', 'select']) ta.addEventListener(ev, () => drawHelp());
  document.addEventListener('selectionchange', () => { if (document.activeElement === ta) drawHelp(); });
  ta.addEventListener('blur', () => { if (escaped) { escaped = false; lastHelp = ''; drawHelp(); } });
  ta.addEventListener('compositionstart', () => box.classList.add('composing'));
  ta.addEventListener('compositionend', () => { box.classList.remove('composing'); render(); });
  $('scenario-examples').addEventListener('change', e => { pickExample(e.target.value); e.target.value = ''; });
  $('scenario-cancel').addEventListener('click', () => dlg.close());
  $('scenario-ref').addEventListener('toggle', e => { if (e.target.open) drawRef(); });
  $('scenario-form').addEventListener('submit', e => {
    e.preventDefault();
    err = null;
    mark = null;
    errBox.classList.remove('stale');
    drawError();
    render();
    dlg.dataset.loading = '1';
    load(ta.value);
  });
  new ResizeObserver(syncScroll).observe(ta);

  return {
    // open shows the dialog with text (the loaded scenario), or with the
    // Go template when there is none.
    open(text) {
      if (text) ta.value = text;
      if (!ta.value.trim()) ta.value = goTemplate(t);
      err = null;
      mark = null;
      escaped = false;
      errBox.classList.remove('stale');
      drawError();
      drawExamples();
      if (!dlg.open) dlg.showModal();
      ta.focus();
      ta.setSelectionRange(0, 0);
      ta.scrollTop = 0;
      render();
    },
    isOpen: () => dlg.open,
    // showParseError shows a parse error (readError's shape) in the dialog
    // and marks its line; nothing else on the page shows it.
    showParseError(msg) {
      delete dlg.dataset.loading;
      const english = String(msg.message || '').replace(/^line \d+, column \d+:\s*/i, '');
      err = { line: msg.line || 1, col: msg.col || 1, detail: msg.detail, english };
      const text = ta.value.split('\n')[err.line - 1];
      mark = text === undefined ? null : { line: err.line, col: err.col, text };
      errBox.classList.remove('stale');
      drawError();
      render();
      selectLine(err.line, err.col);
    },
    // refused shows why the dialog's load was not done (a local or the
    // server's too-large refusal), when the dialog waits for its load.
    refused(text) {
      if (!dlg.open || !dlg.dataset.loading) return;
      delete dlg.dataset.loading;
      err = { text };
      drawError();
    },
    // loaded closes the dialog when its load succeeded.
    loaded() {
      if (dlg.open && dlg.dataset.loading) dlg.close();
      delete dlg.dataset.loading;
    },
    // relabel redraws the dialog's words in the page's language.
    relabel() {
      if (!dlg.open) return;
      drawExamples();
      drawError();
      lastHelp = '';
      render();
      if ($('scenario-ref').open) drawRef();
    },
  };
}
