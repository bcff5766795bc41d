// js/export-svg.js
var SVG_NS = "http://www.w3.org/2000/svg";
var STYLE_PROPS = [
  ["display", "inline"],
  ["visibility", "visible"],
  ["opacity", "1"],
  ["fill", "rgb(0, 0, 0)"],
  ["fill-opacity", "1"],
  ["fill-rule", "nonzero"],
  ["stroke", "none"],
  ["stroke-width", "1px"],
  ["stroke-opacity", "1"],
  ["stroke-dasharray", "none"],
  ["stroke-dashoffset", "0px"],
  ["stroke-linecap", "butt"],
  ["stroke-linejoin", "miter"],
  ["paint-order", "normal"],
  ["vector-effect", "none"],
  ["filter", "none"],
  ["font-family", ""],
  ["font-size", ""],
  ["font-weight", "400"],
  ["font-style", "normal"],
  ["letter-spacing", "normal"],
  ["text-anchor", "start"],
  ["dominant-baseline", "auto"],
  ["text-decoration-line", "none"]
];
var TEXT_TAGS = /* @__PURE__ */ new Set(["svg", "g", "text", "tspan", "textPath", "a"]);
function localURL(v) {
  return String(v).replace(/url\((["']?)[^)"'#]*#([^)"']+)\1\)/g, "url(#$2)");
}
function styleText(get, tag) {
  const out = [];
  const textual = TEXT_TAGS.has(tag);
  for (const [prop, def] of STYLE_PROPS) {
    if (!textual && (prop.startsWith("font") || prop === "letter-spacing" || prop === "text-anchor" || prop === "dominant-baseline" || prop === "text-decoration-line")) continue;
    let v = get(prop);
    if (v === void 0 || v === null) continue;
    v = String(v).trim();
    if (v === "" || v === def) continue;
    if (prop === "font-family") v = v.replace(/"/g, "'");
    out.push(`${prop}:${localURL(v)}`);
  }
  return out.join(";");
}
function parseMatrix(v) {
  const s = String(v || "").trim();
  if (!s || s === "none") return null;
  let m = /^matrix\(([^)]*)\)$/.exec(s);
  if (m) {
    const n = m[1].split(",").map(Number);
    return n.length === 6 && n.every(Number.isFinite) ? n : null;
  }
  m = /^matrix3d\(([^)]*)\)$/.exec(s);
  if (m) {
    const n = m[1].split(",").map(Number);
    return n.length === 16 && n.every(Number.isFinite) ? [n[0], n[1], n[4], n[5], n[12], n[13]] : null;
  }
  return null;
}
var num = (x) => String(Math.round(x * 1e3) / 1e3);
function transformAttr(v, ox = 0, oy = 0) {
  const m = parseMatrix(v);
  if (!m) return "";
  const [a, b, c, d, e, f] = m;
  const e2 = e + ox - (a * ox + c * oy);
  const f2 = f + oy - (b * ox + d * oy);
  if (a === 1 && b === 0 && c === 0 && d === 1 && Math.abs(e2) < 1e-9 && Math.abs(f2) < 1e-9) return "";
  return `matrix(${[a, b, c, d, e2, f2].map(num).join(" ")})`;
}
function parseOrigin(v) {
  const p = String(v || "").trim().split(/\s+/).map((x) => parseFloat(x));
  return [Number.isFinite(p[0]) ? p[0] : 0, Number.isFinite(p[1]) ? p[1] : 0];
}
function viewBoxOf(attr, width, height) {
  const n = String(attr || "").trim().split(/[\s,]+/).map(Number);
  if (n.length === 4 && n.every(Number.isFinite) && n[2] > 0 && n[3] > 0) return n;
  return [0, 0, Math.max(1, Math.round(Number(width) || 1)), Math.max(1, Math.round(Number(height) || 1))];
}
function escapeXML(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}
function standaloneSVG({ inner, box, width, height, background = "#ffffff", font = "sans-serif", title = "", lang = "" }) {
  const [x, y, w, h] = box;
  const bg = background || "#ffffff";
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" viewBox="${num(x)} ${num(y)} ${num(w)} ${num(h)}" width="${num(width || w)}" height="${num(height || h)}"` + (lang ? ` xml:lang="${escapeXML(lang)}"` : "") + ` style="${escapeXML(`font-family:${String(font).replace(/"/g, "'")};background:${bg}`)}">` + (title ? `<title>${escapeXML(title)}</title>` : "") + `<rect class="export-bg" x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${escapeXML(bg)}"/>` + inner + "</svg>\n";
}
var MAX_SIDE = 16384;
var MAX_PIXELS = 64 * 1024 * 1024;
function pngSize(cssW, cssH, scale = 2) {
  let s = scale;
  const w0 = Math.max(1, cssW), h0 = Math.max(1, cssH);
  s = Math.min(s, MAX_SIDE / w0, MAX_SIDE / h0, Math.sqrt(MAX_PIXELS / (w0 * h0)));
  return { width: Math.max(1, Math.ceil(w0 * s)), height: Math.max(1, Math.ceil(h0 * s)), scale: s };
}
function slug(s) {
  const v = String(s || "").toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48);
  return v || "run";
}
function fileName({ lesson, step, what, ext }) {
  const parts = ["proclab", slug(lesson)];
  if (step !== null && step !== void 0 && Number.isInteger(step) && step >= 0) parts.push(`step${step}`);
  parts.push(slug(what));
  return `${parts.join("-")}.${ext}`;
}
function runRequest(state, semantics) {
  if (!state || state.ostep) return null;
  const r = {};
  if (state.lesson) r.lesson = state.lesson;
  else if (typeof state.scenario === "string" && state.scenario) r.scenario = state.scenario;
  else return null;
  if (state.seed) r.seed = state.seed;
  if (state.choices && state.choices.length) r.choices = state.choices.slice();
  if (state.picker === "random") r.picker = "random";
  if (state.manual) r.manual = true;
  if (state.interleave) r.interleave = true;
  if (Number.isSafeInteger(semantics) && semantics > 0) r.semantics = semantics;
  return r;
}
function labelColumn(rows, width) {
  const out = [];
  let y = 0;
  for (const r of rows) {
    const cy = y + r.h / 2;
    let x = 4;
    if (r.dot) {
      out.push(`<circle cx="${num(x + 5)}" cy="${num(cy)}" r="5" fill="${escapeXML(r.dot)}"/>`);
      x += 16;
    }
    const font = `font-size:${num(r.size || 14)}px;font-weight:${escapeXML(r.weight || "400")};fill:${escapeXML(r.fill || "#17202b")}`;
    if (r.text) out.push(`<text x="${num(x)}" y="${num(cy)}" dominant-baseline="central" style="${font}">${escapeXML(r.text)}</text>`);
    if (r.badge) out.push(`<text x="${num(width - 8)}" y="${num(cy)}" dominant-baseline="central" text-anchor="end" style="${font};font-weight:700">${escapeXML(r.badge)}</text>`);
    y += r.h;
  }
  return `<g class="export-labels">${out.join("")}</g>`;
}

export {
  styleText,
  transformAttr,
  parseOrigin,
  viewBoxOf,
  standaloneSVG,
  pngSize,
  fileName,
  runRequest,
  labelColumn
};
