// explain.js turns a lesson's explanation into paragraphs and "common
// misconception" boxes. A lesson marks a misconception by starting an
// explain line with "Common misconception:" (English) or "常见误解：" (Chinese):
// the page draws that line apart, with its own heading, so a student sees at
// a glance which statement of the course is wrong and what is true instead.

// MARKERS are the prefixes that start a misconception line, per language.
// The Chinese one accepts the full-width colon the lessons use and an ASCII
// one.
const MARKERS = [
  /^Common misconceptions?:\s*/,
  /^常见误解[：:]\s*/,
];

// explainParts splits an explanation (lines joined by "\n") into its parts:
// { kind: 'para', text } for an ordinary line, { kind: 'misconception', text }
// for a misconception line, its prefix removed. Empty lines are dropped.
export function explainParts(text) {
  const out = [];
  for (const line of String(text || '').split('\n')) {
    const s = line.trim();
    if (!s) continue;
    const m = MARKERS.map(re => s.match(re)).find(Boolean);
    // The rest stands alone under the box's heading: as a sentence, it
    // starts with a capital ("The course says…", not "the course says…").
    const rest = m ? s.slice(m[0].length) : '';
    if (m && rest) out.push({ kind: 'misconception', text: rest[0].toUpperCase() + rest.slice(1) });
    else out.push({ kind: 'para', text: s });
  }
  return out;
}

// renderExplain fills el with the explanation's parts: a <p> per paragraph
// and, per misconception, an <aside class="misconception"> whose heading is
// heading (already translated).
export function renderExplain(el, text, heading) {
  el.replaceChildren();
  for (const part of explainParts(text)) {
    if (part.kind === 'para') {
      const p = document.createElement('p');
      p.textContent = part.text;
      el.append(p);
      continue;
    }
    const box = document.createElement('aside');
    box.className = 'misconception';
    box.setAttribute('role', 'note');
    const h = document.createElement('strong');
    h.className = 'misconception-head';
    h.textContent = heading;
    const p = document.createElement('p');
    p.textContent = part.text;
    box.append(h, p);
    el.append(box);
  }
}
