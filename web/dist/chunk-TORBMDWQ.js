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
    if (m && s.length > m[0].length) out.push({ kind: "misconception", text: s.slice(m[0].length) });
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

export {
  renderExplain
};
