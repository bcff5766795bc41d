// layout.js: the page's first screen (issue 12, part 1). On a landscape
// screen the process view's first row (lesson, diagram, narration) fills
// the window between the header and the controls bar (app.css, --fit), so
// the diagram, its narration and the controls show without scrolling and
// the controls bar never lies over them. Their heights change with the
// language, the width and the banner: this module keeps them in two CSS
// variables of the root element, in CSS px: --top-h (the header, and the
// banner while it shows) and --ctl-h (the controls bar, 0 while hidden).
// Keyboard focus and scripted scrolling keep clear of both bars through
// html's scroll-padding, which uses the same variables.
const root = document.documentElement;

// measure reads the bars' heights, all of them before it writes (a read
// after a write restyles the whole page: every element inherits the
// variables), and writes a variable only when its value changed.
const written = { '--top-h': '', '--ctl-h': '' };
function measure() {
  const top = document.querySelector('body > .top');
  const banner = document.getElementById('banner');
  const ctl = document.getElementById('controls');
  let h = top ? top.getBoundingClientRect().height : 0;
  if (banner && !banner.hidden) h += banner.getBoundingClientRect().height + 12;
  const values = { '--top-h': `${Math.ceil(h)}px`, '--ctl-h': `${Math.ceil(ctl ? ctl.getBoundingClientRect().height : 0)}px` };
  for (const [name, v] of Object.entries(values)) {
    if (written[name] === v && root.style.getPropertyValue(name) === v) continue;
    root.style.setProperty(name, v);
    written[name] = v;
  }
}

function start() {
  const ro = new ResizeObserver(measure);
  for (const id of ['banner', 'controls']) { const e = document.getElementById(id); if (e) ro.observe(e); }
  const top = document.querySelector('body > .top');
  if (top) ro.observe(top);
  measure();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
