// js/explain.js
var MARKERS = [
  /^Common misconceptions?:\s*/,
  /^常见误解[：:]\s*/
];
function explainParts(text) {
  const out = [];
  for (const line of String(text || "").split("\n")) {
    const s = line.trim();
    if (!s) continue;
    const m = MARKERS.map((re) => s.match(re)).find(Boolean);
    const rest = m ? s.slice(m[0].length) : "";
    if (m && rest) out.push({ kind: "misconception", text: rest[0].toUpperCase() + rest.slice(1) });
    else out.push({ kind: "para", text: s });
  }
  return out;
}
function renderExplain(el, text, heading) {
  el.replaceChildren();
  for (const part of explainParts(text)) {
    if (part.kind === "para") {
      const p2 = document.createElement("p");
      p2.textContent = part.text;
      el.append(p2);
      continue;
    }
    const box = document.createElement("aside");
    box.className = "misconception";
    box.setAttribute("role", "note");
    const h = document.createElement("strong");
    h.className = "misconception-head";
    h.textContent = heading;
    const p = document.createElement("p");
    p.textContent = part.text;
    box.append(h, p);
    el.append(box);
  }
}

// js/textwidth.js
function textWidth(s, px) {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 11903) {
      w += px * 0.64;
      continue;
    }
    w += px;
    if (c >= 55296 && c <= 56319 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 56320 && d <= 57343) i++;
    }
  }
  return w;
}

export {
  textWidth,
  renderExplain
};
