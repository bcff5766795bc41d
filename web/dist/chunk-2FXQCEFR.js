// js/colors.js
var PALETTE = [
  { fill: "#0072B2", ink: "#ffffff" },
  // blue
  { fill: "#E69F00", ink: "#111111" },
  // orange
  { fill: "#009E73", ink: "#ffffff" },
  // bluish green
  { fill: "#D55E00", ink: "#ffffff" },
  // vermillion
  { fill: "#56B4E9", ink: "#111111" },
  // sky blue
  { fill: "#CC79A7", ink: "#111111" },
  // reddish purple
  { fill: "#F0E442", ink: "#111111" }
  // yellow
];
var INIT = { fill: "#8A8F98", ink: "#ffffff" };
function taskColor(pid) {
  if (pid === 1) return INIT;
  if (!pid) return { fill: "transparent", ink: "#111" };
  return PALETTE[(pid - 2 + PALETTE.length * 1e3) % PALETTE.length];
}
var STATE_LETTER = {
  none: "·",
  runnable: "R",
  running: "R",
  sleeping: "S",
  disk: "D",
  stopped: "T",
  traced: "t",
  zombie: "Z",
  dead: "X"
};
var STATE_COLOR = {
  runnable: "#C98A00",
  running: "#1E7B4F",
  sleeping: "#3C8DD0",
  disk: "#23427A",
  stopped: "#B83A2E",
  traced: "#7A4FA8",
  zombie: "#5E5E5E",
  dead: "#9A9A9A",
  none: "#9A9A9A"
};
var STATE_HEIGHT = {
  running: 1,
  runnable: 0.62,
  sleeping: 0.4,
  disk: 0.4,
  stopped: 0.62,
  traced: 0.62,
  zombie: 0.3,
  dead: 0.15
};
function jobColor(i) {
  return PALETTE[(i % PALETTE.length + PALETTE.length) % PALETTE.length];
}
function isOpaque(c) {
  const s = String(c || "").replace(/\s+/g, "");
  if (!s || s === "transparent") return false;
  const m = /^rgba\([^)]*,([\d.]+)\)$/.exec(s);
  return !m || Number(m[1]) > 0;
}
function backgroundOf(el) {
  for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (isOpaque(c)) return c;
  }
  return "#ffffff";
}

export {
  taskColor,
  STATE_LETTER,
  STATE_COLOR,
  STATE_HEIGHT,
  jobColor,
  backgroundOf
};
