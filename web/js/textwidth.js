// textwidth.js: a text's width estimated, for where it cannot be measured
// (a drawing not laid out, or not in the page yet).

// textWidth estimates the width of s at size px (in the units of px) when
// it cannot be measured: wide (CJK) characters one em, the others about
// 0.64 em (bold sans).
// (A loop over UTF-16 units: a large run's first render estimates
// thousands of labels, and iterating a string by code points cost several
// times as much. A pair of surrogates counts as one character.)
export function textWidth(s, px) {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x2e7f) { w += px * 0.64; continue; }
    w += px;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return w;
}
