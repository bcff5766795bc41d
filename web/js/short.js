// short.js: short links and QR codes in the Share dialog (issue 13, part 3).
// A share link can be shortened to BASE/s/CODE: the page sends the link's
// fragment (without '#') to POST /api/links, which answers {code, url:
// "/s/CODE"}; the server stores the fragment under CODE (content-addressed:
// the same fragment always gets the same code) and GET /s/CODE redirects to
// /#FRAGMENT. The dialog also shows a QR code of the link (the short one
// once it is made, else the long one), drawn by the server (GET
// /api/qr?text=URL, an SVG; the server refuses a text over its limit), and
// can show it over the whole screen for a projector.
//
// A link made at a loopback address opens on this computer only, so the QR
// code and the short link can be made for the same link at the teacher's
// public URL or a network address instead (the bases that urlstate.js's
// drawShareLocal found); the short link always has the base of the long
// link it stands for.
//
// The first part is pure (node tests: short.test.mjs); the second draws
// the dialog's part. The page is single-threaded: the dialog's state below
// is changed only by its event handlers, and an answer that arrives after
// the dialog was opened again is dropped (seq).
import { readResponse, errorText } from './errors.js';

// ---- pure helpers ------------------------------------------------------------------

// CODE is the shape of a short link's code: base32 (RFC 4648, upper case,
// no padding), 8 characters or more (longer only on a collision).
export const CODE = /^[A-Z2-7]{8,64}$/;

// fragmentOf is a link's fragment without '#' ('' when it has none).
export function fragmentOf(link) {
  const s = String(link || '');
  const i = s.indexOf('#');
  return i < 0 ? '' : s.slice(i + 1);
}

// shortLinkAt is the short link for code, at the base of a long link: the
// directory of its path ("http://h:8080/?lang=en#s=1.x" gives
// "http://h:8080/s/CODE"; "https://school.example/proclab/#…" gives
// "https://school.example/proclab/s/CODE"). '' when the link is not an
// http(s) URL or the code has the wrong shape.
export function shortLinkAt(link, code) {
  if (!CODE.test(String(code))) return '';
  let u;
  try {
    u = new URL(link);
  } catch {
    return '';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
  return new URL(`s/${code}`, u.origin + u.pathname).href;
}

// qrSrc is the address of the QR code of a text (an SVG, or a PNG with
// png true), on this page's server.
export function qrSrc(text, png = false) {
  return `/api/qr?text=${encodeURIComponent(text)}${png ? '&format=png' : ''}`;
}

// utf8Bytes is the length of a text in UTF-8 bytes (the unit of the
// server's limit on a QR code's text).
export function utf8Bytes(s) {
  return new TextEncoder().encode(String(s)).length;
}

// readShortAnswer reads the answer of POST /api/links: {ok:true, code} or
// {ok:false, error:{code, message}}; an answer without a well-formed code
// is the error bad_answer.
export function readShortAnswer(r) {
  if (!r.ok) return r;
  const code = r.data && typeof r.data === 'object' ? r.data.code : undefined;
  if (typeof code !== 'string' || !CODE.test(code)) return { ok: false, error: { code: 'bad_answer', message: '' } };
  return { ok: true, code };
}

// NO_LINKS are the answers of a server that has no POST /api/links (an
// older ProcLab, or one started without a links store): the route is
// unknown, not allowed, or not implemented.
const NO_LINKS = ['http_404', 'http_405', 'http_501', 'not_found'];

// shortErrorText is the sentence for an error of making a short link, in
// the current language: this part's own words (short.err.<code>) first,
// then the catalog's err.<code>, then the server's message. t is i18n.js's t.
export function shortErrorText(t, err) {
  const code = NO_LINKS.includes(err.code) ? 'none' : err.code;
  const own = `short.err.${code}`;
  const s = t(own);
  if (s !== own) return s;
  return errorText(t, err);
}

// bases are the links the QR code and the short link can be made for: the
// page's own link first, then those of drawShareLocal (public, network),
// each {url, kind: 'page'|'public'|'network', host}. pick is the index the
// dialog starts with: the public URL when there is one, else a network
// address that reaches the server, else the page's own link.
export function basesOf(link, local) {
  const out = [{ url: link, kind: 'page', host: hostOf(link) }];
  const l = local && Array.isArray(local.links) ? local.links : [];
  for (const o of l) {
    if (o && typeof o.url === 'string' && o.url !== link && (o.kind === 'public' || o.kind === 'network')) {
      out.push({ url: o.url, kind: o.kind, host: hostOf(o.url) });
    }
  }
  let pick = out.findIndex(b => b.kind === 'public');
  if (pick < 0 && local && local.reachable === true) pick = out.findIndex(b => b.kind === 'network');
  return { bases: out, pick: Math.max(pick, 0) };
}

function hostOf(link) {
  try {
    return new URL(link).host;
  } catch {
    return '';
  }
}

// ---- the dialog's part -----------------------------------------------------------

const $ = id => document.getElementById(id);

// st is the dialog's state: the bases of the link shown, the one chosen,
// the short code once made (one code serves every base: it names the
// fragment), and seq, the number of the dialog's latest opening.
const st = { bases: [], pick: 0, code: '', seq: 0, busy: false, t: k => k };

// ownFull is true while the full-screen QR code is in the full screen it
// asked for (presenter mode may hold the full screen already: then the
// view covers the window and leaves presenter mode's full screen alone).
let ownFull = false;

// shownLong is the long link the QR code and the short link are for.
function shownLong() {
  const b = st.bases[st.pick];
  return b ? b.url : '';
}

// shownShort is the short link at the chosen base ('' before it is made).
function shownShort() {
  return st.code ? shortLinkAt(shownLong(), st.code) : '';
}

// drawShort draws the dialog's short link and QR code for the link shown
// (link), each time the dialog opens. local is drawShareLocal's promise:
// for a page at a loopback address it gives the same link at the public
// URL and the network addresses, which become choices of the base.
export async function drawShort(link, local, t) {
  const seq = ++st.seq;
  st.t = t;
  st.code = '';
  st.busy = false;
  ({ bases: st.bases, pick: st.pick } = basesOf(link, null));
  $('short-make').disabled = false;
  $('short-make').classList.remove('suggest');
  $('short-row').hidden = true;
  $('short-url').value = '';
  say('', '');
  drawBases();
  drawQR();
  let o = null;
  try {
    o = await local;
  } catch { /* drawShareLocal said it */ }
  if (seq !== st.seq || !o) return;
  ({ bases: st.bases, pick: st.pick } = basesOf(link, o));
  drawBases();
  drawQR();
}

// drawBases fills the choice of base; it shows only when there is more
// than one (a page at a loopback address).
function drawBases() {
  const t = st.t;
  const sel = $('short-base');
  sel.replaceChildren(...st.bases.map((b, i) => {
    const opt = document.createElement('option');
    opt.value = String(i);
    opt.textContent = t(`short.base.${b.kind}`, { host: b.host });
    return opt;
  }));
  sel.value = String(st.pick);
  $('short-bases').hidden = st.bases.length < 2;
}

// say shows a line under the short link: kind '' (nothing), 'ok' or 'error'.
function say(kind, text) {
  const p = $('short-msg');
  p.textContent = text;
  p.dataset.kind = kind;
  p.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

// drawQR shows the QR code of the link shown: the short link once made,
// else the long one.
function drawQR() {
  const t = st.t;
  const short = shownShort();
  const text = short || shownLong();
  $('short-url').value = short;
  $('short-row').hidden = !short;
  $('short-make-row').hidden = !!short;
  $('short-full-row').hidden = false;
  const img = $('short-qr');
  const fig = $('short-qr-box');
  fig.dataset.state = 'loading';
  fig.dataset.text = text;
  $('short-qr-note').textContent = '';
  $('short-qr-note').dataset.kind = '';
  $('short-qr-full').disabled = true;
  img.alt = t('short.qr.alt', { url: text });
  img.hidden = false;
  $('short-qr-caption').textContent = t(short ? 'short.qr.caption.short' : 'short.qr.caption.long');
  const src = qrSrc(text);
  if (img.getAttribute('src') === src && img.complete && img.naturalWidth > 0) {
    qrLoaded();
    return;
  }
  img.src = src;
}

function qrLoaded() {
  const fig = $('short-qr-box');
  if (fig.dataset.text !== (shownShort() || shownLong())) return;
  fig.dataset.state = 'ok';
  $('short-qr-full').disabled = false;
}

// qrFailed says why the QR code did not load: the image's error says
// nothing, so the same address is asked again for the server's error.
async function qrFailed() {
  const t = st.t;
  const img = $('short-qr');
  const fig = $('short-qr-box');
  const text = fig.dataset.text || '';
  const src = img.getAttribute('src');
  const seq = st.seq;
  let err = { code: 'unknown', message: '' };
  try {
    const r = await readResponse(await fetch(src));
    if (!r.ok) err = r.error;
  } catch {
    err = { code: 'network', message: '' };
  }
  // The dialog moved on (another opening, another base or the short
  // link): this answer is for a QR code no longer shown.
  if (seq !== st.seq || img.getAttribute('src') !== src) return;
  img.hidden = true;
  fig.dataset.state = 'error';
  $('short-full-row').hidden = true;
  const note = $('short-qr-note');
  note.dataset.kind = 'error';
  if (['too_large', 'http_413', 'http_414', 'text_too_long'].includes(err.code)) {
    fig.dataset.state = 'too_long';
    note.textContent = t(st.code ? 'short.qr.too_long.short' : 'short.qr.too_long', { bytes: utf8Bytes(text) });
    if (!st.code) $('short-make').classList.add('suggest');
  } else if (['http_404', 'http_405', 'http_501'].includes(err.code)) {
    note.textContent = t('short.qr.none');
  } else {
    note.textContent = t('short.qr.failed', { why: errorText(t, err) });
  }
}

// makeShort asks the server for the short link of the fragment shown.
async function makeShort() {
  const t = st.t;
  if (st.busy || st.code) return;
  const frag = fragmentOf(shownLong());
  if (!frag) return;
  const seq = st.seq;
  st.busy = true;
  const btn = $('short-make');
  btn.disabled = true;
  say('', t('short.making'));
  let r;
  try {
    const res = await fetch('/api/links', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ link: frag }),
    });
    r = readShortAnswer(await readResponse(res));
  } catch {
    r = { ok: false, error: { code: 'network', message: '' } };
  }
  if (seq !== st.seq) return; // the dialog was opened again meanwhile
  st.busy = false;
  if (!r.ok) {
    btn.disabled = false;
    say('error', shortErrorText(t, r.error));
    return;
  }
  st.code = r.code;
  btn.classList.remove('suggest');
  drawQR();
  await copy(shownShort(), 'short.copied');
  $('short-url').focus();
  $('short-url').select();
}

async function copy(text, done) {
  const t = st.t;
  try {
    await navigator.clipboard.writeText(text);
    say('ok', t(done));
  } catch {
    say('ok', t('short.made'));
  }
}

// showFull shows the QR code over the whole screen (for a projector), with
// its link under it in large type; Esc, a click or Close ends it.
function showFull() {
  const t = st.t;
  const text = $('short-qr-box').dataset.text || '';
  const dlg = $('qr-full');
  const img = $('qr-full-img');
  img.src = $('short-qr').getAttribute('src');
  img.alt = t('short.qr.alt', { url: text });
  $('qr-full-url').textContent = text;
  dlg.showModal();
  // Full screen needs the click's permission; when the browser refuses,
  // the dialog still covers the window.
  if (dlg.requestFullscreen && !document.fullscreenElement) {
    dlg.requestFullscreen().then(() => { ownFull = true; }, () => {});
  }
  $('qr-full-close').focus();
}

// leaveFull ends the full screen the view asked for, and only that.
function leaveFull() {
  if (ownFull && document.fullscreenElement === $('qr-full') && document.exitFullscreen) document.exitFullscreen().catch(() => {});
  ownFull = false;
}

function closeFull() {
  const dlg = $('qr-full');
  leaveFull();
  if (dlg.open) dlg.close();
}

// initShort wires the dialog's controls once (app.js's start).
export function initShort() {
  $('short-make').addEventListener('click', () => { makeShort(); });
  $('short-base').addEventListener('change', e => {
    const i = Number(e.target.value);
    if (Number.isInteger(i) && i >= 0 && i < st.bases.length) st.pick = i;
    say('', '');
    drawQR();
  });
  $('short-copy').addEventListener('click', () => {
    $('short-url').select();
    copy(shownShort(), 'short.copied');
  });
  $('short-qr').addEventListener('load', qrLoaded);
  $('short-qr').addEventListener('error', () => { qrFailed(); });
  $('short-qr-full').addEventListener('click', showFull);
  $('qr-full').addEventListener('click', closeFull);
  $('qr-full').addEventListener('close', leaveFull);
  // Esc in full screen ends the full screen only (the browser keeps the
  // key): the view ends with it, so that one Esc closes it.
  document.addEventListener('fullscreenchange', () => {
    if (ownFull && document.fullscreenElement !== $('qr-full')) {
      ownFull = false;
      if ($('qr-full').open) $('qr-full').close();
    }
  });
}
