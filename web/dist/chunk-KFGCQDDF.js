// js/errors.js
function readError(body, status) {
  const o = body && typeof body === "object" && !Array.isArray(body) ? body : {};
  const code = typeof o.code === "string" && /^[a-z0-9_]{1,64}$/.test(o.code) ? o.code : status ? `http_${status}` : "unknown";
  const message = typeof o.message === "string" ? o.message : typeof o.error === "string" ? o.error : "";
  const out = { code, message };
  if (Number.isInteger(o.line)) out.line = o.line;
  if (Number.isInteger(o.col)) out.col = o.col;
  if (o.id !== void 0) out.id = o.id;
  const d = o.detail;
  if (d && typeof d === "object" && typeof d.code === "string" && /^[a-z0-9_]{1,64}$/.test(d.code) && Array.isArray(d.args) && d.args.length <= 16 && d.args.every((a) => typeof a === "string")) {
    out.detail = { code: d.code, args: d.args.map((a) => a.slice(0, 200)) };
  }
  return out;
}
function errorText(t, err, params = {}) {
  const key = `err.${err.code}`;
  const p = { line: err.line ?? "?", col: err.col ?? "?", ...params };
  const s = t(key, p);
  if (s !== key) return s;
  return err.message || t("err.unknown", p);
}
function errorParts(t, err, params = {}, lang = "en") {
  const text = errorText(t, err, params);
  const msg = err.message || "";
  const detail = text === msg ? "" : msg;
  if (lang !== "en") return { text, detail: "", hint: detail };
  return { text, detail, hint: "" };
}
function knownError(t, code) {
  return t(`err.${code}`) !== `err.${code}`;
}
async function readResponse(res) {
  let data = null;
  try {
    data = await res.json();
  } catch {
  }
  if (!res.ok) return { ok: false, error: readError(data, res.status) };
  return { ok: true, data };
}

export {
  readError,
  errorText,
  errorParts,
  knownError,
  readResponse
};
