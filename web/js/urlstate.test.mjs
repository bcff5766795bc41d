import test, { mock } from 'node:test';
import assert from 'node:assert/strict';
import {
  runKey, placeOfRun, placeOfLive, langOfSearch, searchWithLang, isLoopbackHost, linkAt, otherLinks, createAddressKeeper,
} from './urlstate.js';

test('a run is its load without the step: same run, other step, one key', () => {
  const a = { lesson: 'lifecycle', seed: 3, choices: [2], step: 4, semantics: 2, lang: 'en' };
  assert.equal(runKey(a), runKey({ ...a, step: 9, semantics: 1, lang: 'zh-CN', tab: 'go' }));
  for (const [name, other] of [
    ['another lesson', { ...a, lesson: 'zombies' }],
    ['another seed', { ...a, seed: 4 }],
    ['other choices', { ...a, choices: [2, 3] }],
    ['the random picker', { ...a, picker: 'random' }],
    ['manual', { ...a, manual: true }],
    ['interleaved', { ...a, interleave: true }],
  ]) assert.notEqual(runKey(a), runKey(other), name);
});

test('a place is the lesson or text shown; options of the same run are the same place', () => {
  const cases = [
    [null, 'home'],
    [{ lesson: 'lifecycle', step: 3 }, 'proc:l:lifecycle'],
    [{ lesson: 'lifecycle', picker: 'random', manual: true, choices: [1] }, 'proc:l:lifecycle'],
    [{ scenario: 'process a\n' }, 'proc:s:process a\n'],
    [{ ostep: 'x86.py -p a.s', source: 'mov 1,%ax\n' }, 'proc:o:x86.py -p a.s\nmov 1,%ax\n'],
    [{ ostep: 'fork.py -s 1' }, 'proc:o:fork.py -s 1\n'],
  ];
  for (const [st, want] of cases) assert.equal(placeOfRun(st), want, JSON.stringify(st));
  assert.equal(placeOfLive('#live'), 'live');
  assert.equal(placeOfLive('#live/zombies'), 'live/zombies');
  assert.equal(placeOfLive('#live/Bad_Id'), 'live');
});

test('the language rides in ?lang= beside any other parameter', () => {
  const cases = [
    ['', 'zh-CN', '?lang=zh-CN'],
    ['?lang=en', 'zh-CN', '?lang=zh-CN'],
    ['?broken42', 'en', '?broken42=&lang=en'],
    ['?a=1&lang=zh-CN&b=2', 'en', '?a=1&lang=en&b=2'],
    ['?lang=en', 'fr', ''],
  ];
  for (const [search, lang, want] of cases) assert.equal(searchWithLang(search, lang), want, `${search} ${lang}`);
  for (const [search, want] of [['?lang=zh-CN', 'zh-CN'], ['?lang=en&x=1', 'en'], ['?lang=fr', ''], ['', ''], ['?lang=', '']]) {
    assert.equal(langOfSearch(search), want, search);
  }
});

test('loopback host names are this computer only', () => {
  const yes = ['localhost', 'LOCALHOST', 'localhost.', 'lab.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1', '[::ffff:7f00:1]'];
  const no = ['', '192.168.1.20', '10.0.0.5', 'lab.school.example', '[2001:db8::5]', '128.0.0.1', '127.0.0.256', 'localhost.example', '0.0.0.0', '[::]'];
  for (const h of yes) assert.equal(isLoopbackHost(h), true, h);
  for (const h of no) assert.equal(isLoopbackHost(h), false, h);
});

test('a link moves to another base with its path, query and fragment', () => {
  const link = 'http://127.0.0.1:8080/?lang=zh-CN#s=1.abc';
  const cases = [
    ['http://192.168.1.20:8080/', 'http://192.168.1.20:8080/?lang=zh-CN#s=1.abc'],
    ['http://[2001:db8::5]:8080/', 'http://[2001:db8::5]:8080/?lang=zh-CN#s=1.abc'],
    ['https://school.example/proclab', 'https://school.example/proclab/?lang=zh-CN#s=1.abc'],
    ['https://school.example/proclab/', 'https://school.example/proclab/?lang=zh-CN#s=1.abc'],
    ['javascript:alert(1)', ''],
    ['not a url', ''],
  ];
  for (const [base, want] of cases) assert.equal(linkAt(base, link), want, base);
  assert.equal(linkAt('http://10.0.0.5:8080/', 'http://localhost:8080/index.html#live/zombies'), 'http://10.0.0.5:8080/index.html#live/zombies');
});

test('the Share dialog offers the public URL first, then the network, each once', () => {
  const link = 'http://127.0.0.1:8080/#s=1.x';
  const got = otherLinks({ public: 'https://lab.example/', urls: ['http://10.0.0.5:8080/', 'http://10.0.0.5:8080/', 'ftp://x/', 7], reachable: false, port: 8080 }, link);
  assert.deepEqual(got, {
    links: [{ url: 'https://lab.example/#s=1.x', kind: 'public' }, { url: 'http://10.0.0.5:8080/#s=1.x', kind: 'network' }],
    reachable: false, port: 8080,
  });
  assert.deepEqual(otherLinks(null, link), { links: [], reachable: false, port: 0 });
  assert.deepEqual(otherLinks({ urls: 'http://10.0.0.5/', port: 70000 }, link), { links: [], reachable: false, port: 0 });
});

// fakeWindow is a history and a location the keeper writes to.
function fakeWindow(start) {
  const w = { entries: [start], at: 0 };
  const set = url => { const u = new URL(url, 'http://h'); w.location.pathname = u.pathname; w.location.search = u.search; w.location.hash = u.hash; w.location.href = u.href; };
  w.location = {};
  set(start);
  w.history = {
    pushState(_s, _t, url) { w.entries = w.entries.slice(0, w.at + 1); w.entries.push(url); w.at++; set(url); },
    replaceState(_s, _t, url) { w.entries[w.at] = url; set(url); },
  };
  w.back = () => { w.at--; set(w.entries[w.at]); };
  return w;
}

// settle lets the keeper's async write finish.
const settle = () => new Promise(r => setImmediate(r));

test('moving to another place pushes; a step, a choice or the language replaces', async () => {
  const w = fakeWindow('/');
  const page = { place: 'home', url: '/?lang=en' };
  const k = createAddressKeeper({ history: w.history, location: w.location, urlNow: async () => page.url, placeNow: () => page.place });
  k.arrived('home');
  k.changed(true);
  await settle();
  assert.deepEqual(w.entries, ['/?lang=en']);

  const steps = [
    ['a lesson', 'proc:l:a', '/?lang=en#s=1.a0', ['/?lang=en', '/?lang=en#s=1.a0']],
    ['its step 5', 'proc:l:a', '/?lang=en#s=1.a5', ['/?lang=en', '/?lang=en#s=1.a5']],
    ['Chinese', 'proc:l:a', '/?lang=zh-CN#s=1.a5', ['/?lang=en', '/?lang=zh-CN#s=1.a5']],
    ['the scheduling view', 'sched', '/?lang=zh-CN#s=1.s', ['/?lang=en', '/?lang=zh-CN#s=1.a5', '/?lang=zh-CN#s=1.s']],
    ['its compare mode', 'sched', '/?lang=zh-CN#s=1.sc', ['/?lang=en', '/?lang=zh-CN#s=1.a5', '/?lang=zh-CN#s=1.sc']],
  ];
  for (const [name, place, url, want] of steps) {
    page.place = place;
    page.url = url;
    k.user();
    k.changed(true);
    await settle();
    assert.deepEqual(w.entries, want, name);
    assert.equal(k.place(), place, name);
  }

  // Back: the address names the lesson at step 5 while the page still
  // shows the scheduling view; nothing is written until the lesson shows.
  w.back();
  assert.equal(k.isNew(), true);
  k.applied();
  assert.equal(k.isNew(), false);
  k.hold();
  k.changed(true);
  await settle();
  k.arrived('proc:l:a');
  k.changed(true); // the scheduling view still shows: not written over the lesson's entry
  await settle();
  assert.deepEqual(w.entries, ['/?lang=en', '/?lang=zh-CN#s=1.a5', '/?lang=zh-CN#s=1.sc']);
  assert.equal(w.at, 1);
  page.place = 'proc:l:a';
  page.url = '/?lang=zh-CN#s=1.a5';
  k.changed(true);
  await settle();
  assert.deepEqual(w.entries, ['/?lang=en', '/?lang=zh-CN#s=1.a5', '/?lang=zh-CN#s=1.sc'], 'the forward entry stays');
  page.url = '/?lang=zh-CN#s=1.a6';
  k.changed(true);
  await settle();
  assert.deepEqual(w.entries, ['/?lang=en', '/?lang=zh-CN#s=1.a6', '/?lang=zh-CN#s=1.sc'], 'a step replaces');
});

test('a write made while the page moved on is dropped; the latest one wins', async () => {
  const w = fakeWindow('/');
  const page = { place: 'home', url: '/' };
  let release;
  const k = createAddressKeeper({
    history: w.history, location: w.location, placeNow: () => page.place,
    urlNow: () => (page.place === 'proc:l:a' ? new Promise(r => { release = () => r('/#s=1.a'); }) : Promise.resolve(page.url)),
  });
  k.arrived('home');
  page.place = 'proc:l:a';
  k.user();
  k.changed(true);
  await settle();
  page.place = 'proc:l:b';
  page.url = '/#s=1.b';
  k.changed(true); // comes while the first write is compressing its link
  release();
  await settle();
  await settle();
  assert.deepEqual(w.entries, ['/', '/#s=1.b']);
});

test('while playing a step waits playDelay to be written; once playing stops, delay', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const w = fakeWindow('/#s=1.a0');
    const page = { place: 'proc:l:a', url: '/#s=1.a0', playing: true };
    const k = createAddressKeeper({
      history: w.history, location: w.location, urlNow: async () => page.url, placeNow: () => page.place,
      playing: () => page.playing, delay: 600, playDelay: 3000,
    });
    k.arrived('proc:l:a');
    const cases = [
      // [what happens, ms later, the address after]
      ['step 5 while playing', () => { page.url = '/#s=1.a5'; k.changed(); }, 600, '/#s=1.a0'],
      ['step 9 while playing', () => { page.url = '/#s=1.a9'; k.changed(); }, 2000, '/#s=1.a0'],
      ['the wait is over', () => {}, 400, '/#s=1.a9'],
      ['step 12 while playing', () => { page.url = '/#s=1.a12'; k.changed(); }, 1000, '/#s=1.a9'],
      ['playing stops at step 14', () => { page.playing = false; page.url = '/#s=1.a14'; k.changed(); }, 600, '/#s=1.a14'],
      ['a step while paused', () => { page.url = '/#s=1.a15'; k.changed(); }, 599, '/#s=1.a14'],
      ['... after delay', () => {}, 1, '/#s=1.a15'],
    ];
    for (const [name, act, ms, want] of cases) {
      act();
      mock.timers.tick(ms);
      await settle();
      assert.equal(w.location.pathname + w.location.hash, want, name);
    }
  } finally {
    mock.timers.reset();
  }
});
