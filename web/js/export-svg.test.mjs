import test from 'node:test';
import assert from 'node:assert/strict';
import { styleText, transformAttr, parseMatrix, parseOrigin, viewBoxOf, standaloneSVG, pngSize, fileName, slug, localURL, runRequest, labelColumn, MAX_SIDE, MAX_PIXELS } from './export-svg.js';
import { isOpaque } from './colors.js';

test('styleText writes the computed values that differ from the defaults', () => {
  const cs = { fill: 'rgb(0, 114, 178)', stroke: 'none', 'stroke-width': '2px', opacity: '1', 'font-family': '"Inter", "Noto Sans CJK SC", sans-serif', 'font-size': '20px', 'font-weight': '800', display: 'inline' };
  const get = p => cs[p];
  assert.equal(styleText(get, 'text'), "fill:rgb(0, 114, 178);stroke-width:2px;font-family:'Inter', 'Noto Sans CJK SC', sans-serif;font-size:20px;font-weight:800");
  // A rectangle holds no text: its font properties are not written.
  assert.equal(styleText(get, 'rect'), 'fill:rgb(0, 114, 178);stroke-width:2px');
  assert.equal(styleText(() => undefined, 'rect'), '');
});

test('styleText keeps hidden elements hidden and url() references local', () => {
  const cs = { display: 'none', fill: 'url("http://127.0.0.1:8080/#lg-running")', visibility: 'hidden' };
  assert.equal(styleText(p => cs[p], 'g'), 'display:none;visibility:hidden;fill:url(#lg-running)');
});

test('localURL makes absolute url() references point into the file', () => {
  const tests = [
    ['url("http://h/a/b.html?x=1#arrow-2")', 'url(#arrow-2)'],
    ["url('#p')", 'url(#p)'],
    ['url(#p)', 'url(#p)'],
    ['rgb(1, 2, 3)', 'rgb(1, 2, 3)'],
  ];
  for (const [v, want] of tests) assert.equal(localURL(v), want, v);
});

test('transformAttr turns a computed transform into an attribute, about its origin', () => {
  const tests = [
    { v: 'none', o: [0, 0], want: '' },
    { v: 'matrix(1, 0, 0, 1, 0, 0)', o: [0, 0], want: '' },
    { v: 'matrix(1, 0, 0, 1, 470, 50)', o: [0, 0], want: 'matrix(1 0 0 1 470 50)' },
    // scale(0.5) about (100, 40): the point (100, 40) stays put.
    { v: 'matrix(0.5, 0, 0, 0.5, 0, 0)', o: [100, 40], want: 'matrix(0.5 0 0 0.5 50 20)' },
    { v: 'matrix3d(2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 5, 6, 0, 1)', o: [0, 0], want: 'matrix(2 0 0 2 5 6)' },
    { v: 'rotate(3deg)', o: [0, 0], want: '' },
  ];
  for (const tt of tests) assert.equal(transformAttr(tt.v, ...tt.o), tt.want, tt.v);
  assert.equal(parseMatrix('garbage'), null);
  assert.deepEqual(parseOrigin('12px 30.5px 0px'), [12, 30.5]);
  assert.deepEqual(parseOrigin(''), [0, 0]);
});

test('viewBoxOf uses the viewBox, else the size', () => {
  assert.deepEqual(viewBoxOf('0 12 1200 708', 10, 10), [0, 12, 1200, 708]);
  assert.deepEqual(viewBoxOf('', 640.4, 200), [0, 0, 640, 200]);
  assert.deepEqual(viewBoxOf('0 0 0 5', 30, 20), [0, 0, 30, 20]);
});

test('standaloneSVG makes a file with namespace, viewBox, size and background', () => {
  const s = standaloneSVG({ inner: '<text x="1" y="2">P2 僵尸</text>', box: [0, 12, 1200, 708], width: 1200, height: 708, background: 'rgb(255, 255, 255)', font: '"Inter", sans-serif', title: 'A & B', lang: 'zh-CN' });
  assert.match(s, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(s, / viewBox="0 12 1200 708" width="1200" height="708"/);
  assert.match(s, /<title>A &amp; B<\/title>/);
  assert.match(s, /<rect class="export-bg" x="0" y="12" width="1200" height="708" fill="rgb\(255, 255, 255\)"\/>/);
  assert.match(s, /style="font-family:'Inter', sans-serif;background:rgb\(255, 255, 255\)"/);
  assert.ok(s.includes('P2 僵尸'));
  assert.ok(s.trimEnd().endsWith('</svg>'));
});

test('isOpaque tells a painted background from a transparent one', () => {
  assert.equal(isOpaque('rgba(0, 0, 0, 0)'), false);
  assert.equal(isOpaque('transparent'), false);
  assert.equal(isOpaque('rgb(255, 255, 255)'), true);
  assert.equal(isOpaque('rgba(20, 20, 20, 0.5)'), true);
});

test('pngSize is twice the size on screen, within the canvas limits', () => {
  assert.deepEqual(pngSize(800, 472), { width: 1600, height: 944, scale: 2 });
  assert.deepEqual(pngSize(800.2, 10), { width: 1601, height: 20, scale: 2 });
  const wide = pngSize(12000, 300);
  assert.ok(wide.width <= MAX_SIDE && wide.width * wide.height <= MAX_PIXELS * 1.01, JSON.stringify(wide));
  const big = pngSize(9000, 9000);
  assert.ok(big.width * big.height <= MAX_PIXELS * 1.01, JSON.stringify(big));
  assert.deepEqual(pngSize(0, 0), { width: 2, height: 2, scale: 2 });
});

test('fileName names the lesson, the step and the drawing', () => {
  const tests = [
    [{ lesson: 'lifecycle', step: 7, what: 'diagram', ext: 'svg' }, 'proclab-lifecycle-step7-diagram.svg'],
    [{ lesson: 'lost-update', step: 0, what: 'timeline', ext: 'png' }, 'proclab-lost-update-step0-timeline.png'],
    [{ lesson: 'lifecycle', step: null, what: 'trace', ext: 'jsonl' }, 'proclab-lifecycle-trace.jsonl'],
    [{ lesson: '../My Scenario!', step: 3, what: 'wait-for', ext: 'svg' }, 'proclab-my-scenario-step3-wait-for.svg'],
    [{ lesson: '', step: -1, what: 'gantt', ext: 'png' }, 'proclab-run-gantt.png'],
  ];
  for (const [arg, want] of tests) assert.equal(fileName(arg), want);
  assert.equal(slug('僵尸'), 'run');
});

test('runRequest is the load of a share state, for the trace and the views', () => {
  assert.deepEqual(runRequest({ lesson: 'lifecycle', seed: 0, choices: [], step: 4 }, 2), { lesson: 'lifecycle', semantics: 2 });
  assert.deepEqual(runRequest({ scenario: 'process a\n', seed: 9, choices: [2, 3], picker: 'random', manual: true, interleave: true, step: 1 }),
    { scenario: 'process a\n', seed: 9, choices: [2, 3], picker: 'random', manual: true, interleave: true });
  assert.equal(runRequest({ ostep: 'process-run.py -l 5:100', step: 0 }), null);
  assert.equal(runRequest(null), null);
  assert.equal(runRequest({ scenario: '' }), null);
});

test('labelColumn draws the HTML row labels beside a drawing', () => {
  const rows = [
    { h: 30, text: 'STEP', fill: 'rgb(90, 100, 114)', size: 13.6, weight: '400', dot: '', badge: '' },
    { h: 40, text: 'CPU 0', fill: 'rgb(30, 123, 79)', size: 16, weight: '750', dot: '', badge: '' },
    { h: 10, text: '', dot: '', badge: '' },
    { h: 28, text: 'P2 shell & co', fill: '#000', size: 16, weight: '400', dot: '#0072B2', badge: 'R' },
  ];
  const g = labelColumn(rows, 140);
  assert.match(g, /^<g class="export-labels">/);
  assert.match(g, /<text x="4" y="15" dominant-baseline="central" style="font-size:13.6px;font-weight:400;fill:rgb\(90, 100, 114\)">STEP<\/text>/);
  assert.match(g, /<text x="4" y="50" [^>]*>CPU 0<\/text>/);
  // The task row starts at 30 + 40 + 10 = 80: its middle is at 94.
  assert.match(g, /<circle cx="9" cy="94" r="5" fill="#0072B2"\/>/);
  assert.match(g, /<text x="20" y="94" [^>]*>P2 shell &amp; co<\/text>/);
  assert.match(g, /<text x="132" y="94" dominant-baseline="central" text-anchor="end" [^>]*>R<\/text>/);
  assert.equal((g.match(/<text/g) || []).length, 4);
});
