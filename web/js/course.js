// course.js: the course's table of contents for the welcome page (GET
// /api/course, built from lab.Course on the server, the same as
// docs/course.md). Pure functions: no DOM, no fetch, so node tests them.
//
// A course is a list of entries in the course's order, each
//   {number, chapter, heading: {en, zh}, lessons: [{kind, id, title: {en, zh}}]}
// where number is the course's own ("一" for a chapter, "1.1" for a
// section), chapter is true for a chapter (it has no lessons), and kind is
// "lesson" (a built-in lesson) or "live" (a live lesson).

const ID = /^[a-z0-9-]{1,64}$/;

// bilingual keeps a server {en, zh} pair as two strings.
function bilingual(p) {
  if (!p || typeof p !== 'object') return { en: '', zh: '' };
  return { en: typeof p.en === 'string' ? p.en : '', zh: typeof p.zh === 'string' ? p.zh : '' };
}

// normalizeCourse keeps the well-formed entries of GET /api/course's
// answer ({type: "course", sections: [...]}); anything else becomes [].
// A lesson with another kind or an id that is not a lesson id is dropped.
export function normalizeCourse(doc) {
  if (!doc || typeof doc !== 'object' || doc.type !== 'course' || !Array.isArray(doc.sections)) return [];
  const out = [];
  for (const s of doc.sections) {
    if (!s || typeof s !== 'object' || typeof s.number !== 'string' || !s.number) continue;
    const entry = { number: s.number, chapter: s.chapter === true, heading: bilingual(s.heading), lessons: [] };
    if (!entry.chapter && Array.isArray(s.lessons)) {
      for (const l of s.lessons) {
        if (!l || (l.kind !== 'lesson' && l.kind !== 'live') || typeof l.id !== 'string' || !ID.test(l.id)) continue;
        entry.lessons.push({ kind: l.kind, id: l.id, title: bilingual(l.title) });
      }
    }
    out.push(entry);
  }
  return out;
}

// chapterNumber is a chapter's number in the language shown: the course's
// own ("四") in Chinese, in figures in English ("Chapter 4": an English
// voice read "Chapter 一" badly). Numbers it cannot read stay as they are.
export function chapterNumber(n, lang) {
  if (lang !== 'en') return n;
  const digit = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(n);
  if (!m || n === '' || (!m[2] && m[1] && m[3])) return n;
  if (!m[2]) return String(digit[m[1]]);
  return String((m[1] ? digit[m[1]] : 1) * 10 + (m[3] ? digit[m[3]] : 0));
}

// courseTarget says how a course lesson opens: a built-in lesson with the
// load command ({lesson: id}), a live lesson at its address in the live
// lab ({hash: "#live/ID"}), the same address the live lab's own lesson
// buttons give.
export function courseTarget(l) {
  return l.kind === 'live' ? { hash: `#live/${l.id}` } : { lesson: l.id };
}

// lessonNumbers maps each built-in lesson's id to its number on the
// welcome page's topic list (1 for the first), so that a lesson has the
// same "Lesson N" in both views.
export function lessonNumbers(lessons) {
  const m = new Map();
  (Array.isArray(lessons) ? lessons : []).forEach((l, i) => { if (l && typeof l.id === 'string') m.set(l.id, i + 1); });
  return m;
}
