// sight.js: which of the process view's panels are in sight, so that while
// the run plays the page leaves a panel out of sight undrawn, and draws it
// as soon as it comes into sight or playing stops (app.js drawStep,
// issue 14, part 2). At 1,280 x 800 the timeline and the log lie under
// the first screen and the process table far down the side column; they
// were laid out, restyled and painted at every frame nobody saw.
//
// createSight(IO, panels, draw): IO is the IntersectionObserver class (none:
// every panel counts as in sight, and nothing is ever left undrawn);
// panels maps a panel's name to its element; draw(name) draws that panel
// now. A panel counts as in sight until the observer first says otherwise.
// The observer's callbacks come after the frame that scrolled a panel into
// sight: the panel is drawn in the next one, and meanwhile what shows is
// its last drawing (observed elements start below their card's heading).
// Single-threaded, like the page.
export function createSight(IO, panels, draw) {
  const out = new Set(); // names of the panels out of sight
  const late = new Set(); // names of the panels whose draws were left out
  const nameOf = new Map();
  for (const [name, el] of Object.entries(panels)) if (el) nameOf.set(el, name);
  if (IO) {
    const io = new IO(entries => {
      for (const e of entries) {
        const name = nameOf.get(e.target);
        if (name === undefined) continue;
        if (!e.isIntersecting) { out.add(name); continue; }
        out.delete(name);
        if (late.delete(name)) draw(name);
      }
    });
    for (const el of nameOf.keys()) io.observe(el);
  }
  return {
    // wants says whether panel name is to be drawn now: always when not
    // playing, else when it is in sight. A draw left out is remembered.
    wants(name, playing) {
      if (playing && out.has(name)) { late.add(name); return false; }
      late.delete(name);
      return true;
    },
    // flush draws the panels whose draws were left out (playing stopped).
    flush() {
      for (const name of [...late]) { late.delete(name); draw(name); }
    },
    // late: the names of the panels left undrawn (for tests).
    get late() { return [...late]; },
  };
}
