// export-svg.js: what makes a drawing of the page a file of its own (issue
// 12, part 9), as pure functions: no DOM, so node tests them. export.js walks
// the page's SVG and asks these functions what to write.
//
// A drawing on the page takes its colours, lines and fonts from the page's
// CSS, which does not travel with a file. So every element of the copy
// carries, in its style attribute, the computed values of STYLE_PROPS that
// differ from SVG's defaults (styleText), a CSS transform becomes the
// transform attribute (transformAttr), and the file gets the SVG namespace,
// a viewBox, a width and height in CSS px, and a background rectangle in
// the card's colour (standaloneSVG). A PNG of it is drawn at twice the size
// it has on screen (pngSize), within the canvas limits of browsers.

export const SVG_NS = 'http://www.w3.org/2000/svg';

// STYLE_PROPS are the CSS properties copied into each element's style, each
// with the value that is SVG's (or CSS's) default and so need not be
// written. font-family is written on every element that shows text (the
// page's font stack, with its CJK fonts); see styleText.
export const STYLE_PROPS = [
  ['display', 'inline'],
  ['visibility', 'visible'],
  ['opacity', '1'],
  ['fill', 'rgb(0, 0, 0)'],
  ['fill-opacity', '1'],
  ['fill-rule', 'nonzero'],
  ['stroke', 'none'],
  ['stroke-width', '1px'],
  ['stroke-opacity', '1'],
  ['stroke-dasharray', 'none'],
  ['stroke-dashoffset', '0px'],
  ['stroke-linecap', 'butt'],
  ['stroke-linejoin', 'miter'],
  ['paint-order', 'normal'],
  ['vector-effect', 'none'],
  ['filter', 'none'],
  ['font-family', ''],
  ['font-size', ''],
  ['font-weight', '400'],
  ['font-style', 'normal'],
  ['letter-spacing', 'normal'],
  ['text-anchor', 'start'],
  ['dominant-baseline', 'auto'],
  ['text-decoration-line', 'none'],
];

// TEXT_TAGS are the elements whose font properties matter.
const TEXT_TAGS = new Set(['svg', 'g', 'text', 'tspan', 'textPath', 'a']);

// localURL turns a computed url() value that the browser made absolute
// (url("http://host/page#id")) back into the file's own reference
// (url(#id)); other values are returned as they are.
export function localURL(v) {
  return String(v).replace(/url\((["']?)[^)"'#]*#([^)"']+)\1\)/g, 'url(#$2)');
}

// styleText returns the style attribute of one element: "prop:value;..."
// for each of STYLE_PROPS whose computed value, get(prop), is set and not
// its default. tag is the element's local name: font properties are
// written only for elements that hold or group text.
export function styleText(get, tag) {
  const out = [];
  const textual = TEXT_TAGS.has(tag);
  for (const [prop, def] of STYLE_PROPS) {
    if (!textual && (prop.startsWith('font') || prop === 'letter-spacing' || prop === 'text-anchor' || prop === 'dominant-baseline' || prop === 'text-decoration-line')) continue;
    let v = get(prop);
    if (v === undefined || v === null) continue;
    v = String(v).trim();
    if (v === '' || v === def) continue;
    if (prop === 'font-family') v = v.replace(/"/g, "'");
    out.push(`${prop}:${localURL(v)}`);
  }
  return out.join(';');
}

// parseMatrix reads a computed transform ("none", "matrix(a, b, c, d, e,
// f)") into six numbers, or null for none. A 3D matrix is flattened to its
// 2D part.
export function parseMatrix(v) {
  const s = String(v || '').trim();
  if (!s || s === 'none') return null;
  let m = /^matrix\(([^)]*)\)$/.exec(s);
  if (m) {
    const n = m[1].split(',').map(Number);
    return n.length === 6 && n.every(Number.isFinite) ? n : null;
  }
  m = /^matrix3d\(([^)]*)\)$/.exec(s);
  if (m) {
    const n = m[1].split(',').map(Number);
    return n.length === 16 && n.every(Number.isFinite) ? [n[0], n[1], n[4], n[5], n[12], n[13]] : null;
  }
  return null;
}

const num = x => String(Math.round(x * 1000) / 1000);

// transformAttr is the transform attribute for a computed transform v
// applied about the origin (ox, oy) in user units: "matrix(...)" with the
// origin folded in, or '' when v is none (or the identity).
export function transformAttr(v, ox = 0, oy = 0) {
  const m = parseMatrix(v);
  if (!m) return '';
  const [a, b, c, d, e, f] = m;
  // translate(o) · M · translate(-o)
  const e2 = e + ox - (a * ox + c * oy);
  const f2 = f + oy - (b * ox + d * oy);
  if (a === 1 && b === 0 && c === 0 && d === 1 && Math.abs(e2) < 1e-9 && Math.abs(f2) < 1e-9) return '';
  return `matrix(${[a, b, c, d, e2, f2].map(num).join(' ')})`;
}

// parseOrigin reads a computed transform-origin ("12px 30px 0px").
export function parseOrigin(v) {
  const p = String(v || '').trim().split(/\s+/).map(x => parseFloat(x));
  return [Number.isFinite(p[0]) ? p[0] : 0, Number.isFinite(p[1]) ? p[1] : 0];
}

// viewBoxOf returns the drawing's box [x, y, w, h]: its viewBox attribute
// when it has a valid one, else 0 0 width height (its attributes, or its
// size on screen).
export function viewBoxOf(attr, width, height) {
  const n = String(attr || '').trim().split(/[\s,]+/).map(Number);
  if (n.length === 4 && n.every(Number.isFinite) && n[2] > 0 && n[3] > 0) return n;
  return [0, 0, Math.max(1, Math.round(Number(width) || 1)), Math.max(1, Math.round(Number(height) || 1))];
}

// escapeXML escapes text for an element or a double-quoted attribute.
export function escapeXML(s) {
  return String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

// standaloneSVG wraps the markup of a drawing's children (inner, already
// serialised) into a file: XML declaration, the SVG namespace, viewBox
// (box, [x, y, w, h]), width and height in px, a title, the font stack
// and background colour, and a background rectangle under everything.
export function standaloneSVG({ inner, box, width, height, background = '#ffffff', font = 'sans-serif', title = '', lang = '' }) {
  const [x, y, w, h] = box;
  const bg = background || '#ffffff';
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1"` +
    ` viewBox="${num(x)} ${num(y)} ${num(w)} ${num(h)}" width="${num(width || w)}" height="${num(height || h)}"` +
    (lang ? ` xml:lang="${escapeXML(lang)}"` : '') +
    ` style="${escapeXML(`font-family:${String(font).replace(/"/g, "'")};background:${bg}`)}">` +
    (title ? `<title>${escapeXML(title)}</title>` : '') +
    `<rect class="export-bg" x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${escapeXML(bg)}"/>` +
    inner + '</svg>\n';
}

// MAX_SIDE and MAX_PIXELS bound the PNG's canvas (browsers refuse larger
// canvases, or draw them blank).
export const MAX_SIDE = 16384;
export const MAX_PIXELS = 64 * 1024 * 1024;

// pngSize is the PNG's size in pixels for a drawing shown at cssW x cssH
// CSS px: scale times that (2: sharp on a projector and on a slide), made
// smaller to fit MAX_SIDE and MAX_PIXELS, never below 1 px.
export function pngSize(cssW, cssH, scale = 2) {
  let s = scale;
  const w0 = Math.max(1, cssW), h0 = Math.max(1, cssH);
  s = Math.min(s, MAX_SIDE / w0, MAX_SIDE / h0, Math.sqrt(MAX_PIXELS / (w0 * h0)));
  return { width: Math.max(1, Math.ceil(w0 * s)), height: Math.max(1, Math.ceil(h0 * s)), scale: s };
}

// slug makes a name safe for a file name: letters, digits, - and _.
export function slug(s) {
  const v = String(s || '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
  return v || 'run';
}

// fileName is an export's file name: proclab-<lesson>-step<N>-<what>.<ext>
// (step null: the whole run, no step part).
export function fileName({ lesson, step, what, ext }) {
  const parts = ['proclab', slug(lesson)];
  if (step !== null && step !== undefined && Number.isInteger(step) && step >= 0) parts.push(`step${step}`);
  parts.push(slug(what));
  return `${parts.join('-')}.${ext}`;
}

// runRequest is the body of POST /api/trace and /api/views for a share
// state (share.js's loadedState): a lesson or a scenario with its seed,
// choices and picker; null for what has no trace (an OSTEP run, nothing).
export function runRequest(state, semantics) {
  if (!state || state.ostep) return null;
  const r = {};
  if (state.lesson) r.lesson = state.lesson;
  else if (typeof state.scenario === 'string' && state.scenario) r.scenario = state.scenario;
  else return null;
  if (state.seed) r.seed = state.seed;
  if (state.choices && state.choices.length) r.choices = state.choices.slice();
  if (state.picker === 'random') r.picker = 'random';
  if (state.manual) r.manual = true;
  if (state.interleave) r.interleave = true;
  if (Number.isSafeInteger(semantics) && semantics > 0) r.semantics = semantics;
  return r;
}

// labelColumn draws, as SVG markup, a column of row labels that the page
// shows in HTML beside a drawing (the timeline's "CPU 0", "P2 shell S"):
// rows top to bottom, each {h (px), text, fill, size (px), weight, dot (a
// colour, or ''), badge (a short text at the right end, or '')}, in a
// column width px wide.
export function labelColumn(rows, width) {
  const out = [];
  let y = 0;
  for (const r of rows) {
    const cy = y + r.h / 2;
    let x = 4;
    if (r.dot) {
      out.push(`<circle cx="${num(x + 5)}" cy="${num(cy)}" r="5" fill="${escapeXML(r.dot)}"/>`);
      x += 16;
    }
    const font = `font-size:${num(r.size || 14)}px;font-weight:${escapeXML(r.weight || '400')};fill:${escapeXML(r.fill || '#17202b')}`;
    if (r.text) out.push(`<text x="${num(x)}" y="${num(cy)}" dominant-baseline="central" style="${font}">${escapeXML(r.text)}</text>`);
    if (r.badge) out.push(`<text x="${num(width - 8)}" y="${num(cy)}" dominant-baseline="central" text-anchor="end" style="${font};font-weight:700">${escapeXML(r.badge)}</text>`);
    y += r.h;
  }
  return `<g class="export-labels">${out.join('')}</g>`;
}
