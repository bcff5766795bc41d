import test from 'node:test';
import assert from 'node:assert/strict';

// A socket that records its listeners and lets the test fire events.
class FakeSocket {
  constructor(url) { this.url = url; this.listeners = {}; FakeSocket.made.push(this); }
  addEventListener(type, fn) { (this.listeners[type] ||= new Set()).add(fn); }
  removeEventListener(type, fn) { this.listeners[type]?.delete(fn); }
  close(code, reason) { this.closed = { code, reason }; }
  fire(type, extra = {}) { const ev = { type, ...extra }; for (const fn of [...(this.listeners[type] || [])]) fn(ev); }
}
FakeSocket.made = [];

// boot.js opens its socket as it is first evaluated: the page's globals
// must exist before the import.
globalThis.location = { protocol: 'https:', host: 'lab.example:8443' };
globalThis.WebSocket = FakeSocket;
// The window's events (pagehide): a target the tests fire.
const win = new EventTarget();
globalThis.addEventListener = win.addEventListener.bind(win);
const { takeEarlySocket } = await import('./boot.js');

test('the socket opens as the module loads, at the page\'s own /ws', () => {
  assert.equal(FakeSocket.made.length, 1);
  assert.equal(FakeSocket.made[0].url, 'wss://lab.example:8443/ws?patch=1');
});

test('what the socket heard before app.js took it arrives first, in order, then the rest', () => {
  const ws = FakeSocket.made[0];
  ws.fire('open');
  ws.fire('message', { data: 'hello' });
  ws.fire('message', { data: 'second' });
  const early = takeEarlySocket();
  assert.equal(early.ws, ws);
  const got = [];
  early.listen({
    open: ev => got.push(ev.type),
    message: ev => got.push(ev.data),
    close: ev => got.push('close ' + ev.code),
  });
  assert.deepEqual(got, ['open', 'hello', 'second']);
  ws.fire('message', { data: 'live' });
  ws.fire('close', { code: 1001 });
  assert.deepEqual(got, ['open', 'hello', 'second', 'live', 'close 1001']);
  // boot.js no longer keeps events: one listener per type is left, app.js's.
  for (const type of ['open', 'message', 'close']) assert.equal(ws.listeners[type].size, 1, type);
  assert.equal(ws.listeners.error.size, 0);
});

test('the early socket is given once: a reconnect opens its own', () => {
  assert.equal(takeEarlySocket(), null);
  assert.equal(FakeSocket.made.length, 1);
});

test('a page hidden before app.js took the socket closes it, and app.js then opens its own', async () => {
  // A second instance of the module (another URL), with a socket of its own.
  const boot = await import('./boot.js?hidden');
  const ws = FakeSocket.made[FakeSocket.made.length - 1];
  win.dispatchEvent(new Event('pagehide'));
  assert.deepEqual(ws.closed, { code: 1000, reason: 'page hidden' });
  assert.equal(boot.takeEarlySocket(), null);
});
