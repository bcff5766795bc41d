import test from 'node:test';
import assert from 'node:assert/strict';
import { normalizeCourse, courseTarget, lessonNumbers, chapterNumber } from './course.js';

const good = {
  v: 1, type: 'course', sections: [
    { number: '一', chapter: true, heading: { en: 'Multi-process programming', zh: '多进程编程' }, lessons: [] },
    {
      number: '1.1', heading: { en: 'What a process is', zh: '进程的定义' }, lessons: [
        { kind: 'lesson', id: 'lifecycle', title: { en: 'Life', zh: '一生' } },
        { kind: 'live', id: 'states', title: { en: 'States', zh: '状态' } },
      ],
    },
    { number: '1.5', heading: { en: 'The address space', zh: '进程的空间' }, lessons: [] },
  ],
};

test('normalizeCourse keeps a well-formed course as it is', () => {
  const got = normalizeCourse(good);
  assert.equal(got.length, 3);
  assert.deepEqual(got[0], { number: '一', chapter: true, heading: { en: 'Multi-process programming', zh: '多进程编程' }, lessons: [] });
  assert.deepEqual(got[1].lessons.map(l => `${l.kind}:${l.id}`), ['lesson:lifecycle', 'live:states']);
  assert.deepEqual(got[2].lessons, [], 'a section with no lesson yet');
});

test('normalizeCourse drops what is not a course', () => {
  const tests = [
    ['null', null, 0],
    ['a list', [], 0],
    ['another type', { ...good, type: 'lessons' }, 0],
    ['sections not a list', { type: 'course', sections: {} }, 0],
    ['an entry with no number', { type: 'course', sections: [{ heading: { en: 'x', zh: 'y' } }] }, 0],
  ];
  for (const [name, doc, want] of tests) assert.equal(normalizeCourse(doc).length, want, name);
});

test('normalizeCourse drops bad lessons and a chapter\'s lessons', () => {
  const doc = {
    type: 'course', sections: [
      { number: '二', chapter: true, heading: { en: 'a', zh: 'b' }, lessons: [{ kind: 'lesson', id: 'x' }] },
      {
        number: '2.1', heading: 'not a pair', lessons: [
          { kind: 'shell', id: 'rm' }, { kind: 'lesson', id: '../etc' }, { kind: 'live', id: 7 }, null,
          { kind: 'lesson', id: 'mutex', title: { en: 'Mutex', zh: 42 } },
        ],
      },
    ],
  };
  const got = normalizeCourse(doc);
  assert.deepEqual(got[0].lessons, []);
  assert.deepEqual(got[1].heading, { en: '', zh: '' });
  assert.deepEqual(got[1].lessons, [{ kind: 'lesson', id: 'mutex', title: { en: 'Mutex', zh: '' } }]);
});

test('courseTarget opens a built-in lesson by load and a live lesson at its address', () => {
  assert.deepEqual(courseTarget({ kind: 'lesson', id: 'lifecycle' }), { lesson: 'lifecycle' });
  assert.deepEqual(courseTarget({ kind: 'live', id: 'cow' }), { hash: '#live/cow' });
});

test('lessonNumbers numbers lessons as the topic list does', () => {
  const m = lessonNumbers([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
  assert.equal(m.get('a'), 1);
  assert.equal(m.get('c'), 3);
  assert.equal(m.get('z'), undefined);
  assert.equal(lessonNumbers(null).size, 0);
});

test('a chapter number is in figures in English and the course\'s own in Chinese', () => {
  for (const [n, want] of [['一', '1'], ['四', '4'], ['九', '9'], ['十', '10'], ['十二', '12'], ['二十', '20'], ['二十三', '23'], ['1', '1'], ['二三', '二三'], ['', '']]) {
    assert.equal(chapterNumber(n, 'en'), want, n);
  }
  assert.equal(chapterNumber('四', 'zh-CN'), '四');
});
