import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { tokenize, splitLines, renderLines, renderLine, scenarioLineTokens, langOf, lineAt, statementAt, misplaced, escapeHTML, DIRECTIVES, STATEMENTS, ASSIGN_OPS } from './highlight.js';
import { SYNTAX, SECTION, HEADING, editorEn, editorZh } from './i18n-editor.js';
import { indentUnit, newlineIndent, helpSyntax, helpMeaning } from './editor.js';
import { t, has, setLang } from './i18n.js';
import { englishWords } from './zh-words.mjs';

const lessonsDir = new URL('../../assets/lessons/', import.meta.url);
const goDir = new URL('../../assets/lessons/go/', import.meta.url);
const lessonFiles = [
  ...readdirSync(lessonsDir).filter(n => /\.(txt|go)$/.test(n)).map(n => new URL(n, lessonsDir)),
  ...readdirSync(goDir).filter(n => n.endsWith('.go')).map(n => new URL(n, goDir)),
];

// kinds is a line's tokens as "kind:text" (plain text left out).
const kinds = (text, lang) => tokenize(text, lang).filter(x => x.k && x.s.trim()).map(x => `${x.k}:${x.s}`);

test('the tokens of every lesson give back its text, in both languages', () => {
  assert.ok(lessonFiles.length > 30, `found ${lessonFiles.length} lessons`);
  for (const f of lessonFiles) {
    const text = readFileSync(f, 'utf8');
    for (const lang of ['scenario', 'go']) {
      const toks = tokenize(text, lang);
      assert.equal(toks.map(x => x.s).join(''), text, `${f.pathname} as ${lang}`);
      assert.equal(splitLines(toks).length, text.split('\n').length, `${f.pathname} as ${lang}: one line per line`);
    }
  }
});

test('a scenario coloured line by line is the scenario coloured whole', () => {
  for (const f of lessonFiles.filter(u => u.pathname.endsWith('.txt'))) {
    const text = readFileSync(f, 'utf8');
    const whole = renderLines(splitLines(tokenize(text, 'scenario')), { line: 3, col: 2 });
    const byLine = text.split('\n').map((l, i) => renderLine(scenarioLineTokens(l), i === 2 ? 2 : 0)).join('');
    assert.equal(byLine, whole, f.pathname);
  }
});

test('a scenario: directives, statements, names, numbers, comments, text', () => {
  const cases = [
    ['policy rr 2   # two ticks', ['kw:policy', 'op:rr', 'num:2', 'com:# two ticks']],
    ['process shell at=3', ['kw:process', 'def:shell', 'attr:at', 'punct:=', 'num:3']],
    ['  compute 2..5', ['kw:compute', 'num:2..5']],
    ['  kill child SIGTERM', ['kw:kill', 'op:child', 'sig:SIGTERM']],
    ['  catch SIGINT restart', ['kw:catch', 'sig:SIGINT', 'op:restart']],
    ['  counter = counter + 1', ['name:counter', 'punct:=', 'name:counter', 'punct:+', 'num:1']],
    ['  r = fetch_add x 1', ['name:r', 'punct:=', 'op:fetch_add', 'name:x', 'num:1']],
    ['  comptue 3', ['name:comptue', 'num:3']],
    ['compute 3', ['name:compute', 'num:3']], // a statement in column 1 is not a directive
    ['  policy rr', ['name:policy', 'op:rr']], // nor a directive indented
    ['title en: Fork # and exec', ['kw:title', 'op:en:', 'str:Fork # and exec']],
    ['mlfq quanta=3,6,12 io_reset=yes', ['kw:mlfq', 'attr:quanta', 'punct:=', 'num:3,6,12', 'attr:io_reset', 'punct:=', 'op:yes']],
    ['socket srv inet stream', ['kw:socket', 'def:srv', 'op:inet', 'op:stream']],
    ['# a whole comment', ['com:# a whole comment']],
    ['model jobs', ['kw:model', 'op:jobs']],
  ];
  for (const [line, want] of cases) assert.deepEqual(kinds(line, 'scenario'), want, line);
});

test('Go: keywords, types, strings, comments, numbers', () => {
  const cases = [
    ['package main', ['kw:package', 'name:main']],
    ['var n int = 0x1F // count', ['kw:var', 'name:n', 'type:int', 'punct:=', 'num:0x1F', 'com:// count']],
    ['s := "a \\" b" + `raw`', ['name:s', 'punct::=', 'str:"a \\" b"', 'punct:+', 'str:`raw`']],
    ['x := 1e-9 + .5', ['name:x', 'punct::=', 'num:1e-9', 'punct:+', 'num:.5']],
    ['ch := make(chan error, 2)', ['name:ch', 'punct::=', 'fn:make', 'kw:chan', 'type:error', 'num:2']],
    ['/* a\nb */ go f()', ['com:/* a\nb */', 'kw:go', 'name:f']],
    ["r := 'x'", ['name:r', 'punct::=', "str:'x'"]],
    ['if ok == nil {', ['kw:if', 'name:ok', 'punct:==', 'num:nil']],
    ['计数 := 1', ['name:计数', 'punct::=', 'num:1']],
  ];
  for (const [line, want] of cases) assert.deepEqual(kinds(line, 'go'), want, line);
});

test('the language is chosen as the server chooses it', () => {
  const cases = [
    ['package main\n', 'go'],
    ['// c\n\npackage main', 'go'],
    ['# c\nprocess a\n  compute 1', 'scenario'],
    ['', 'scenario'],
  ];
  for (const [text, want] of cases) assert.equal(langOf(text), want, JSON.stringify(text));
});

test('renderLines escapes, marks the error line and underlines the word at the column', () => {
  const lines = splitLines(tokenize('process a\n  comptue <3>\n', 'scenario'));
  const html = renderLines(lines, { line: 2, col: 3 });
  const divs = html.split('</div>').filter(Boolean);
  assert.equal(divs.length, 3);
  assert.match(divs[0], /^<div class="ed-line"><span class="hl-kw">process<\/span>/);
  assert.match(divs[1], /^<div class="ed-line ed-line-err">  <span class="ed-errmark"><span class="hl-name">comptue<\/span><\/span> /);
  assert.ok(divs[1].includes('&lt;3&gt;'), divs[1]);
  assert.ok(!html.includes('<3>'));
  const past = renderLines(splitLines(tokenize('process a', 'scenario')), { line: 1, col: 40 });
  assert.ok(past.includes('ed-errmark-end'), 'a column past the end marks the end');
  assert.equal(escapeHTML('<a href="x">&</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
});

test('statementAt names the help entry of the line under the caret', () => {
  const text = [
    'policy rr 2', //       1
    'process a', //         2
    '  compute 3  # c', //  3
    '  x = x + 1', //       4
    '  r = recv ch', //     5
    '  r = cas v 0 1', //   6
    '  comptue 3', //       7
    '', //                  8
    '# only a comment', //  9
    'memory heap=2', //    10
    '  memory heap=2', //  11
    '  send ch 1', //      12
  ].join('\n');
  const cases = [[1, 'd.policy'], [2, 'd.process'], [3, 's.compute'], [4, 's.='], [5, 's.recv='], [6, 's.cas'],
    [7, null], [8, null], [9, null], [10, 'd.memory'], [11, 's.memory'], [12, 's.send'], [99, null]];
  for (const [line, want] of cases) assert.equal(statementAt(text, line)?.key ?? null, want, `line ${line}`);
  assert.equal(statementAt('package main\nfunc main() {}', 2), null, 'a Go program has no scenario help');
  assert.equal(lineAt('a\nb\nc', 0), 1);
  assert.equal(lineAt('a\nb\nc', 2), 2);
  assert.equal(lineAt('a\nb\nc', 99), 3);
});

test('every directive and statement has a syntax, a section of docs/scenario.md and a meaning in both languages', () => {
  const doc = readFileSync(new URL('../../docs/scenario.md', import.meta.url), 'utf8');
  const headings = new Set([...doc.matchAll(/^#+ (.+)$/gm)].map(m => m[1].trim()));
  const keys = [...DIRECTIVES.map(w => `d.${w}`), ...STATEMENTS.map(w => `s.${w}`), 's.=', ...ASSIGN_OPS.map(w => (w === 'recv' ? 's.recv=' : `s.${w}`))];
  for (const k of keys) {
    assert.ok(SYNTAX[k], `SYNTAX lacks ${k}`);
    const word = k.slice(2).replace(/=$/, '');
    if (word) assert.ok(SYNTAX[k].split(/[\s|[\]]+/).includes(word), `the syntax of ${k} names ${word}: ${SYNTAX[k]}`);
    const heading = HEADING[SECTION[k] || 'statements'];
    assert.ok(headings.has(heading), `${k}: docs/scenario.md has no heading "${heading}"`);
    assert.ok(editorEn[`edh.${k}`], `English meaning of ${k}`);
    assert.ok(editorZh[`edh.${k}`], `Chinese meaning of ${k}`);
  }
  assert.deepEqual(Object.keys(SYNTAX).sort(), [...keys].sort(), 'SYNTAX has no entry the lists lack');
  assert.deepEqual(Object.keys(editorEn).sort(), Object.keys(editorZh).sort(), 'both catalogs have the same keys');
  for (const [k, v] of Object.entries(editorZh)) assert.deepEqual(englishWords(v), [], `${k}: ${v}`);
  // Every meaning's placeholders are its syntax's, so none is left unsaid.
  for (const lang of ['en', 'zh-CN']) {
    setLang(lang);
    for (const k of keys) assert.doesNotMatch(helpMeaning(t, has, k), /[{}]/, `${lang} ${k}`);
  }
  setLang('en');
});

test('editing helpers: the indent unit, Enter\'s indentation, the syntax\'s placeholders', () => {
  assert.equal(indentUnit('go'), '\t');
  assert.equal(indentUnit('scenario'), '  ');
  const cases = [
    ['process a', 'scenario', '\n  '],
    ['thread t1 at=2', 'scenario', '\n  '],
    ['  compute 2', 'scenario', '\n  '],
    ['  repeat 3', 'scenario', '\n    '],
    ['  if x == 1  # test', 'scenario', '\n    '],
    ['policy rr 2', 'scenario', '\n'],
    ['func main() {', 'go', '\n\t'],
    ['\tfor i := 0; i < 2; i++ { // loop', 'go', '\n\t\t'],
    ['\tx++', 'go', '\n\t'],
  ];
  for (const [line, lang, want] of cases) assert.equal(newlineIndent(line, lang), want, line);
  setLang('zh-CN');
  assert.equal(helpSyntax(t, has, 'fork PROGRAM'), `fork ${t('perr.meta.PROGRAM')}`);
  assert.notEqual(t('perr.meta.PROGRAM'), 'PROGRAM');
  assert.equal(helpSyntax(t, has, 'cas OLD NEW'), 'cas 旧值 新值');
  assert.equal(helpSyntax(t, has, 'frob FOO'), 'frob FOO', 'a placeholder no catalog names stays');
  assert.equal(helpMeaning(t, has, 's.sleep'), `nanosleep：睡眠，时长为 ${t('perr.meta.TICKS')}（S）`);
  setLang('en');
  assert.equal(helpSyntax(t, has, 'fork PROGRAM'), 'fork PROGRAM');
});

test('misplaced: a statement in column 1 wants indenting, an indented directive wants column 1', () => {
  const text = 'cpus 1\nprocess a\ncompute 2\n  compute 1\n\tprocess b\n  frobnicate 3\n';
  assert.equal(misplaced(text, 3), 'indent');  // compute in column 1
  assert.equal(misplaced(text, 5), 'outdent'); // a tab before process
  assert.equal(misplaced(text, 4), '');        // a statement where it belongs
  assert.equal(misplaced(text, 2), '');        // a directive where it belongs
  assert.equal(misplaced(text, 6), '');        // not a keyword at all
  assert.equal(misplaced('package main\n', 1), '');
});

test('the help names its section of docs/scenario.md by the English heading, and glosses it in Chinese', () => {
  const headings = new Set(readFileSync(new URL('../../docs/scenario.md', import.meta.url), 'utf8').split('\n').filter(l => l.startsWith('#')).map(l => l.replace(/^#+\s*/, '')));
  for (const [id, heading] of Object.entries(HEADING)) {
    assert.ok(headings.has(heading), `${id}: docs/scenario.md has no heading "${heading}"`);
    setLang('zh-CN');
    const zh = t('edk.help.doc', { section: heading, gloss: t(`edk.sec.${id}`) });
    assert.ok(zh.includes(`“${heading}”`) && /[\u4e00-\u9fff]/.test(t(`edk.sec.${id}`)), `${id}: ${zh}`);
    setLang('en');
    assert.ok(t('edk.help.doc', { section: heading, gloss: t(`edk.sec.${id}`) }).includes(`“${heading}”`), id);
  }
  assert.ok(Object.values(SECTION).every(id => HEADING[id]), 'every SECTION id has a heading');
});
