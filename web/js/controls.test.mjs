import test from 'node:test';
import assert from 'node:assert/strict';
import { speedRange, speedFromSlider, sliderFromSpeed } from './controls.js';

test('the speed slider spans the range of the hello', () => {
  const cases = [
    { name: 'the default range', limits: { min_speed: 0.5, max_speed: 50 }, ends: [0.5, 50], mid: 5 },
    { name: 'a narrower server', limits: { min_speed: 1, max_speed: 4 }, ends: [1, 4], mid: 2 },
  ];
  for (const c of cases) {
    const r = speedRange(c.limits);
    assert.deepEqual(r, c.ends, c.name);
    assert.equal(speedFromSlider(0, r), c.ends[0], `${c.name}: left end`);
    assert.equal(speedFromSlider(100, r), c.ends[1], `${c.name}: right end`);
    assert.equal(speedFromSlider(50, r), c.mid, `${c.name}: middle`);
    assert.equal(sliderFromSpeed(c.ends[1] * 10, r), 100, `${c.name}: clamped`);
    for (let v = 0; v <= 100; v += 5) {
      const s = speedFromSlider(v, r);
      assert.ok(s >= r[0] && s <= r[1], `${c.name}: ${s} within the range`);
    }
  }
  for (const bad of [{}, { min_speed: 2, max_speed: 1 }, { min_speed: 0, max_speed: 3 }, null]) assert.equal(speedRange(bad), null, JSON.stringify(bad));
});

test('the ? overlay lists every shortcut with words in both languages', async () => {
  const { KEYS, keyRows } = await import('./controls.js');
  const { setLang, catalogs } = await import('./i18n.js');
  for (const lang of ['en', 'zh-CN']) {
    for (const [k, what] of KEYS) {
      assert.ok(catalogs[lang][what], `${lang}: ${what}`);
      if (k.startsWith('keys.')) assert.ok(catalogs[lang][k], `${lang}: ${k}`);
    }
  }
  setLang('zh-CN');
  const rows = keyRows();
  setLang('en');
  assert.deepEqual(rows.map(r => r[0]), ['→', '←', '空格', 'Home', 'End', 'N', 'F', '+ −', '?', 'Esc']);
  assert.equal(rows[4][1], '跳到最后一步');
});
