// boot.js: opens the lab's websocket the moment the page starts, before
// the rest of the front end has arrived.
//
// The page's modules take a few hundred milliseconds to arrive and run;
// only then did app.js open its socket, and only after the server's hello
// could it send the load of a share link. The page loads this module on
// its own (index.html, async, no imports), so the socket's handshake and
// the server's hello travel while the other modules load. app.js takes the
// socket with takeEarlySocket and gets every event the socket had by then,
// in order, as if it had been listening from the start.
//
// Nothing here sends anything: a socket the page never takes (app.js
// failed to load) is closed by the server's idle deadline like any other.

const EVENTS = ['open', 'message', 'close', 'error'];

// SOCKET_PATH is the simulation socket's address: patch=1 asks for step
// messages whose tasks the page holds come as patches (delta.js folds
// them; docs/protocol.md).
export const SOCKET_PATH = '/ws?patch=1';

let early = null;
try {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${proto}//${location.host}${SOCKET_PATH}`);
  const queue = [];
  const keep = ev => queue.push(ev);
  for (const type of EVENTS) ws.addEventListener(type, keep);
  early = { ws, queue, keep };
} catch {
  early = null; // app.js opens its own socket and handles the failure
}

// A page hidden (or put into the back/forward cache) before app.js took the
// socket closes it, as app.js closes its own then (conn.js onPageLeave):
// app.js opens a new one when it runs.
globalThis.addEventListener?.('pagehide', () => {
  if (!early) return;
  try { early.ws.close(1000, 'page hidden'); } catch { /* closed already */ }
  early = null;
});

// takeEarlySocket returns the socket opened as the page started, once
// (null after the first call, or when it could not be opened), as
// {ws, listen}. listen(handlers), handlers mapping event types (open,
// message, close, error) to listeners, gives each listener the events the
// socket had until then, in order, then makes it listen on the socket
// itself. The socket may be closed already: its close event is then among
// those given.
export function takeEarlySocket() {
  const e = early;
  early = null;
  if (!e) return null;
  const listen = handlers => {
    for (const type of EVENTS) {
      e.ws.removeEventListener(type, e.keep);
      if (handlers[type]) e.ws.addEventListener(type, handlers[type]);
    }
    for (const ev of e.queue.splice(0)) if (handlers[ev.type]) handlers[ev.type](ev);
  };
  return { ws: e.ws, listen };
}
