import {
  errorText,
  readResponse
} from "./chunk-KFGCQDDF.js";

// js/short.js
var CODE = /^[A-Z2-7]{8,64}$/;
function fragmentOf(link) {
  const s = String(link || "");
  const i = s.indexOf("#");
  return i < 0 ? "" : s.slice(i + 1);
}
function shortLinkAt(link, code) {
  if (!CODE.test(String(code))) return "";
  let u;
  try {
    u = new URL(link);
  } catch {
    return "";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return "";
  return new URL(`s/${code}`, u.origin + u.pathname).href;
}
function qrSrc(text, png = false) {
  return `/api/qr?text=${encodeURIComponent(text)}${png ? "&format=png" : ""}`;
}
function utf8Bytes(s) {
  return new TextEncoder().encode(String(s)).length;
}
function readShortAnswer(r) {
  if (!r.ok) return r;
  const code = r.data && typeof r.data === "object" ? r.data.code : void 0;
  if (typeof code !== "string" || !CODE.test(code)) return { ok: false, error: { code: "bad_answer", message: "" } };
  return { ok: true, code };
}
var NO_LINKS = ["http_404", "http_405", "http_501", "not_found"];
function shortErrorText(t, err) {
  const code = NO_LINKS.includes(err.code) ? "none" : err.code;
  const own = `short.err.${code}`;
  const s = t(own);
  if (s !== own) return s;
  return errorText(t, err);
}
function basesOf(link, local) {
  const out = [{ url: link, kind: "page", host: hostOf(link) }];
  const l = local && Array.isArray(local.links) ? local.links : [];
  for (const o of l) {
    if (o && typeof o.url === "string" && o.url !== link && (o.kind === "public" || o.kind === "network")) {
      out.push({ url: o.url, kind: o.kind, host: hostOf(o.url) });
    }
  }
  let pick = out.findIndex((b) => b.kind === "public");
  if (pick < 0 && local && local.reachable === true) pick = out.findIndex((b) => b.kind === "network");
  return { bases: out, pick: Math.max(pick, 0) };
}
function hostOf(link) {
  try {
    return new URL(link).host;
  } catch {
    return "";
  }
}
var $ = (id) => document.getElementById(id);
var st = { bases: [], pick: 0, code: "", seq: 0, busy: false, t: (k) => k };
var ownFull = false;
function shownLong() {
  const b = st.bases[st.pick];
  return b ? b.url : "";
}
function shownShort() {
  return st.code ? shortLinkAt(shownLong(), st.code) : "";
}
async function drawShort(link, local, t) {
  const seq = ++st.seq;
  st.t = t;
  st.code = "";
  st.busy = false;
  ({ bases: st.bases, pick: st.pick } = basesOf(link, null));
  $("short-make").disabled = false;
  $("short-make").classList.remove("suggest");
  $("short-row").hidden = true;
  $("short-url").value = "";
  say("", "");
  drawBases();
  drawQR();
  let o = null;
  try {
    o = await local;
  } catch {
  }
  if (seq !== st.seq || !o) return;
  ({ bases: st.bases, pick: st.pick } = basesOf(link, o));
  drawBases();
  drawQR();
}
function drawBases() {
  const t = st.t;
  const sel = $("short-base");
  sel.replaceChildren(...st.bases.map((b, i) => {
    const opt = document.createElement("option");
    opt.value = String(i);
    opt.textContent = t(`short.base.${b.kind}`, { host: b.host });
    return opt;
  }));
  sel.value = String(st.pick);
  $("short-bases").hidden = st.bases.length < 2;
}
function say(kind, text) {
  const p = $("short-msg");
  p.textContent = text;
  p.dataset.kind = kind;
  p.setAttribute("role", kind === "error" ? "alert" : "status");
}
function drawQR() {
  const t = st.t;
  const short = shownShort();
  const text = short || shownLong();
  $("short-url").value = short;
  $("short-row").hidden = !short;
  $("short-make-row").hidden = !!short;
  $("short-full-row").hidden = false;
  const img = $("short-qr");
  const fig = $("short-qr-box");
  fig.dataset.state = "loading";
  fig.dataset.text = text;
  $("short-qr-note").textContent = "";
  $("short-qr-note").dataset.kind = "";
  $("short-qr-full").disabled = true;
  img.alt = t("short.qr.alt", { url: text });
  img.hidden = false;
  $("short-qr-caption").textContent = t(short ? "short.qr.caption.short" : "short.qr.caption.long");
  const src = qrSrc(text);
  if (img.getAttribute("src") === src && img.complete && img.naturalWidth > 0) {
    qrLoaded();
    return;
  }
  img.src = src;
}
function qrLoaded() {
  const fig = $("short-qr-box");
  if (fig.dataset.text !== (shownShort() || shownLong())) return;
  fig.dataset.state = "ok";
  $("short-qr-full").disabled = false;
}
async function qrFailed() {
  const t = st.t;
  const img = $("short-qr");
  const fig = $("short-qr-box");
  const text = fig.dataset.text || "";
  const src = img.getAttribute("src");
  const seq = st.seq;
  let err = { code: "unknown", message: "" };
  try {
    const r = await readResponse(await fetch(src));
    if (!r.ok) err = r.error;
  } catch {
    err = { code: "network", message: "" };
  }
  if (seq !== st.seq || img.getAttribute("src") !== src) return;
  img.hidden = true;
  fig.dataset.state = "error";
  $("short-full-row").hidden = true;
  const note = $("short-qr-note");
  note.dataset.kind = "error";
  if (["too_large", "http_413", "http_414", "text_too_long"].includes(err.code)) {
    fig.dataset.state = "too_long";
    note.textContent = t(st.code ? "short.qr.too_long.short" : "short.qr.too_long", { bytes: utf8Bytes(text) });
    if (!st.code) $("short-make").classList.add("suggest");
  } else if (["http_404", "http_405", "http_501"].includes(err.code)) {
    note.textContent = t("short.qr.none");
  } else {
    note.textContent = t("short.qr.failed", { why: errorText(t, err) });
  }
}
async function makeShort() {
  const t = st.t;
  if (st.busy || st.code) return;
  const frag = fragmentOf(shownLong());
  if (!frag) return;
  const seq = st.seq;
  st.busy = true;
  const btn = $("short-make");
  btn.disabled = true;
  say("", t("short.making"));
  let r;
  try {
    const res = await fetch("/api/links", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ link: frag })
    });
    r = readShortAnswer(await readResponse(res));
  } catch {
    r = { ok: false, error: { code: "network", message: "" } };
  }
  if (seq !== st.seq) return;
  st.busy = false;
  if (!r.ok) {
    btn.disabled = false;
    say("error", shortErrorText(t, r.error));
    return;
  }
  st.code = r.code;
  btn.classList.remove("suggest");
  drawQR();
  await copy(shownShort(), "short.copied");
  $("short-url").focus();
  $("short-url").select();
}
async function copy(text, done) {
  const t = st.t;
  try {
    await navigator.clipboard.writeText(text);
    say("ok", t(done));
  } catch {
    say("ok", t("short.made"));
  }
}
function showFull() {
  const t = st.t;
  const text = $("short-qr-box").dataset.text || "";
  const dlg = $("qr-full");
  const img = $("qr-full-img");
  img.src = $("short-qr").getAttribute("src");
  img.alt = t("short.qr.alt", { url: text });
  $("qr-full-url").textContent = text;
  dlg.showModal();
  if (dlg.requestFullscreen && !document.fullscreenElement) {
    dlg.requestFullscreen().then(() => {
      ownFull = true;
    }, () => {
    });
  }
  $("qr-full-close").focus();
}
function leaveFull() {
  if (ownFull && document.fullscreenElement === $("qr-full") && document.exitFullscreen) document.exitFullscreen().catch(() => {
  });
  ownFull = false;
}
function closeFull() {
  const dlg = $("qr-full");
  leaveFull();
  if (dlg.open) dlg.close();
}
function initShort() {
  $("short-make").addEventListener("click", () => {
    makeShort();
  });
  $("short-base").addEventListener("change", (e) => {
    const i = Number(e.target.value);
    if (Number.isInteger(i) && i >= 0 && i < st.bases.length) st.pick = i;
    say("", "");
    drawQR();
  });
  $("short-copy").addEventListener("click", () => {
    $("short-url").select();
    copy(shownShort(), "short.copied");
  });
  $("short-qr").addEventListener("load", qrLoaded);
  $("short-qr").addEventListener("error", () => {
    qrFailed();
  });
  $("short-qr-full").addEventListener("click", showFull);
  $("qr-full").addEventListener("click", closeFull);
  $("qr-full").addEventListener("close", leaveFull);
  document.addEventListener("fullscreenchange", () => {
    if (ownFull && document.fullscreenElement !== $("qr-full")) {
      ownFull = false;
      if ($("qr-full").open) $("qr-full").close();
    }
  });
}
export {
  CODE,
  basesOf,
  drawShort,
  fragmentOf,
  initShort,
  qrSrc,
  readShortAnswer,
  shortErrorText,
  shortLinkAt,
  utf8Bytes
};
