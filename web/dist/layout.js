// js/layout.js
var root = document.documentElement;
var written = { "--top-h": "", "--ctl-h": "" };
function measure() {
  const top = document.querySelector("body > .top");
  const banner = document.getElementById("banner");
  const ctl = document.getElementById("controls");
  let h = top ? top.getBoundingClientRect().height : 0;
  if (banner && !banner.hidden) h += banner.getBoundingClientRect().height + 12;
  const values = { "--top-h": `${Math.ceil(h)}px`, "--ctl-h": `${Math.ceil(ctl ? ctl.getBoundingClientRect().height : 0)}px` };
  for (const [name, v] of Object.entries(values)) {
    if (written[name] === v && root.style.getPropertyValue(name) === v) continue;
    root.style.setProperty(name, v);
    written[name] = v;
  }
}
function start() {
  const ro = new ResizeObserver(measure);
  for (const id of ["banner", "controls"]) {
    const e = document.getElementById(id);
    if (e) ro.observe(e);
  }
  const top = document.querySelector("body > .top");
  if (top) ro.observe(top);
  measure();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
