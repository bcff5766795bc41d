// livetwins.js: which live lessons show a simulated lesson with real
// processes. A live lesson names its simulated twin (GET /api/live/lessons,
// field twin); a simulated lesson offers the live lessons that name it, so
// that a student can see the same thing on real Linux processes, opened at
// #live/ID with the simulation beside it.

// liveTwinsOf returns the live lessons whose twin is the simulated lesson
// id, in the live lessons' order, as { id, title: { en, zh } }.
export function liveTwinsOf(liveLessons, id) {
  if (!Array.isArray(liveLessons) || !id) return [];
  return liveLessons
    .filter(l => l && typeof l.id === 'string' && l.id && l.twin === id)
    .map(l => ({ id: l.id, title: l.title && typeof l.title === 'object' ? { en: String(l.title.en || ''), zh: String(l.title.zh || '') } : { en: l.id, zh: l.id } }));
}
