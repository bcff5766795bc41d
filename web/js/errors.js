// errors.js: the one error shape of the server, on the websocket and in
// REST bodies alike: {"v":1,"type":"error","code":"<snake_code>",
// "message":"<English text>"} with optional line and col (scenario parse
// errors) and id (a live command's id). The page translates by code (the
// i18n key err.<code>) and falls back to the English message.

// readError reads an error object (a websocket message or a REST body);
// status is the HTTP status, used when the body says nothing. It never
// throws: {code, message, line?, col?, id?, detail?}.
export function readError(body, status) {
  const o = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
  const code = typeof o.code === 'string' && /^[a-z0-9_]{1,64}$/.test(o.code) ? o.code
    : status ? `http_${status}` : 'unknown';
  // Older REST bodies said {"error": text}; the shape says message.
  const message = typeof o.message === 'string' ? o.message : typeof o.error === 'string' ? o.error : '';
  const out = { code, message };
  if (Number.isInteger(o.line)) out.line = o.line;
  if (Number.isInteger(o.col)) out.col = o.col;
  if (o.id !== undefined) out.id = o.id;
  // A parse error's detail: the parser's code and its arguments, for
  // translation (i18n-parse.js). Anything malformed is dropped.
  const d = o.detail;
  if (d && typeof d === 'object' && typeof d.code === 'string' && /^[a-z0-9_]{1,64}$/.test(d.code)
    && Array.isArray(d.args) && d.args.length <= 16 && d.args.every(a => typeof a === 'string')) {
    out.detail = { code: d.code, args: d.args.map(a => a.slice(0, 200)) };
  }
  return out;
}

// errorText is the sentence for an error in the current language: the
// catalog's err.<code> when it has one, else the server's own message, else
// err.unknown. t is i18n's lookup (passed in so that this stays pure).
export function errorText(t, err, params = {}) {
  const key = `err.${err.code}`;
  const p = { line: err.line ?? '?', col: err.col ?? '?', ...params };
  const s = t(key, p);
  if (s !== key) return s;
  return err.message || t('err.unknown', p);
}

// errorParts splits an error for showing: {text, detail, hint} where text
// is the translated sentence (or the server's message when the code has no
// translation) and detail the server's message beside a translation ('' when
// the text is the message already). The server's message is English: in
// another language (lang, default English) it is not shown beside the
// translation but given as hint, for a tooltip, so that no English is left
// on a page in Chinese.
export function errorParts(t, err, params = {}, lang = 'en') {
  const text = errorText(t, err, params);
  const msg = err.message || '';
  const detail = text === msg ? '' : msg;
  if (lang !== 'en') return { text, detail: '', hint: detail };
  return { text, detail, hint: '' };
}

// knownError reports whether the catalog translates a code.
export function knownError(t, code) {
  return t(`err.${code}`) !== `err.${code}`;
}

// readResponse reads a fetch Response: {ok:true, data} or {ok:false,
// error:{code, message}}. A body that is not JSON still gives an error
// named after the status.
export async function readResponse(res) {
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  if (!res.ok) return { ok: false, error: readError(data, res.status) };
  return { ok: true, data };
}
