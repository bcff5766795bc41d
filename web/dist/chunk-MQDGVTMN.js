import {
  loadMessage
} from "./chunk-65JYWMDR.js";

// js/urlstate.js
function runKey(st) {
  const m = loadMessage({ ...st, step: 0, semantics: void 0 });
  delete m.v;
  delete m.type;
  return JSON.stringify(m);
}
function placeOfRun(st) {
  if (!st) return "home";
  if (st.lesson) return `proc:l:${st.lesson}`;
  if (st.ostep) return `proc:o:${st.ostep}
${st.source || ""}`;
  return `proc:s:${st.scenario || ""}`;
}
var LIVE = /^#live(?:\/([a-z0-9-]{1,64}))?$/;
function placeOfLive(hash) {
  const m = LIVE.exec(hash);
  return m && m[1] ? `live/${m[1]}` : "live";
}
var URL_LANGS = ["en", "zh-CN"];
function langOfSearch(search) {
  try {
    const l = new URLSearchParams(search || "").get("lang");
    return URL_LANGS.includes(l) ? l : "";
  } catch {
    return "";
  }
}
function searchWithLang(search, lang) {
  const p = new URLSearchParams(search || "");
  if (URL_LANGS.includes(lang)) p.set("lang", lang);
  else p.delete("lang");
  const s = p.toString();
  return s ? `?${s}` : "";
}
function isLoopbackHost(hostname) {
  const h = String(hostname || "").toLowerCase().replace(/\.$/, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (/^127(\.\d{1,3}){3}$/.test(h)) return h.split(".").every((p) => Number(p) <= 255);
  const v6 = h.replace(/^\[|\]$/g, "");
  if (v6 === "::1" || v6 === "0:0:0:0:0:0:0:1") return true;
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(v6) || /^::ffff:127(\.\d{1,3}){3}$/.test(v6);
}
function linkAt(base, link) {
  let b, l;
  try {
    b = new URL(base);
    l = new URL(link);
  } catch {
    return "";
  }
  if (b.protocol !== "http:" && b.protocol !== "https:") return "";
  const dir = b.pathname.endsWith("/") ? b.pathname : `${b.pathname}/`;
  return `${b.origin}${dir}${l.pathname.replace(/^\//, "")}${l.search}${l.hash}`;
}
function otherLinks(answer, link) {
  const a = answer && typeof answer === "object" ? answer : {};
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  const add = (base, kind) => {
    const url = typeof base === "string" ? linkAt(base, link) : "";
    if (url && !seen.has(url)) {
      seen.add(url);
      out.push({ url, kind });
    }
  };
  add(a.public, "public");
  for (const u of (Array.isArray(a.urls) ? a.urls : []).slice(0, 16)) add(u, "network");
  const port = Number.isInteger(a.port) && a.port > 0 && a.port < 65536 ? a.port : 0;
  return { links: out, reachable: a.reachable === true, port };
}
var $ = (id) => document.getElementById(id);
var shareSeq = 0;
async function drawShareLocal(link, t) {
  const box = $("share-local");
  const local = isLoopbackHost(location.hostname);
  box.hidden = !local;
  if (!local) return null;
  const seq = ++shareSeq;
  $("share-local-warn").textContent = t("url.local.warn", { host: location.hostname });
  const list = $("share-addrs");
  const note = $("share-addr-note");
  list.replaceChildren();
  list.setAttribute("aria-busy", "true");
  note.textContent = t("url.addr.asking");
  note.dataset.kind = "asking";
  let answer = null;
  try {
    const res = await fetch("/api/addresses", { headers: { Accept: "application/json" } });
    if (res.ok) answer = await res.json();
  } catch {
  }
  if (seq !== shareSeq) return null;
  list.removeAttribute("aria-busy");
  const o = otherLinks(answer, link);
  const port = o.port || Number(location.port) || 8080;
  for (const l of o.links) {
    const li = document.createElement("li");
    li.dataset.kind = l.kind;
    if (l.kind === "network" && !o.reachable) li.classList.add("unreachable");
    const label = document.createElement("span");
    label.className = "addr-kind";
    label.textContent = t(l.kind === "public" ? "url.addr.public" : "url.addr.network");
    const inp = document.createElement("input");
    inp.type = "text";
    inp.readOnly = true;
    inp.value = l.url;
    inp.className = "addr-url";
    inp.setAttribute("aria-label", label.textContent);
    const copy = document.createElement("button");
    copy.type = "button";
    copy.className = "btn small";
    copy.dataset.copy = l.url;
    copy.textContent = t("btn.copy");
    li.append(label, inp, copy);
    list.append(li);
  }
  const network = o.links.some((l) => l.kind === "network");
  const kind = !answer ? "failed" : network && !o.reachable ? "loopback" : !o.links.length ? "none" : "ok";
  note.dataset.kind = kind;
  note.textContent = t(`url.addr.${kind}`, { flag: `--addr 0.0.0.0:${port}` });
  return o;
}
function createAddressKeeper(deps) {
  const delay = deps.delay ?? 600;
  const playDelay = deps.playDelay ?? 3e3;
  const playing = deps.playing || (() => false);
  const hist = deps.history;
  const loc = deps.location;
  let current = null;
  let expected = null;
  let holding = false;
  let timer = 0;
  let due = 0;
  let writing = false;
  let again = false;
  let lastHref = loc.href;
  async function write() {
    if (writing) {
      again = true;
      return;
    }
    writing = true;
    try {
      do {
        again = false;
        if (holding) continue;
        const place = deps.placeNow();
        if (expected !== null && place !== expected) continue;
        const url = await deps.urlNow();
        if (url === null || url === void 0 || holding || deps.placeNow() !== place) continue;
        if (expected !== null && place === expected) {
          current = place;
          expected = null;
        }
        const here = loc.pathname + loc.search + loc.hash;
        if (place !== current && current !== null) hist.pushState(null, "", url);
        else if (url !== here) hist.replaceState(null, "", url);
        current = place;
        lastHref = loc.href;
      } while (again);
    } finally {
      writing = false;
    }
  }
  return {
    changed(now = false) {
      if (now) {
        clearTimeout(timer);
        timer = 0;
        write();
        return;
      }
      const wait = playing() ? playDelay : delay;
      const at = Date.now() + wait;
      if (timer && due <= at) return;
      clearTimeout(timer);
      due = at;
      timer = setTimeout(() => {
        timer = 0;
        write();
      }, wait);
    },
    user() {
      holding = false;
      expected = null;
    },
    hold() {
      holding = true;
    },
    arrived(place) {
      holding = false;
      expected = place;
      current = place;
      lastHref = loc.href;
    },
    // isNew reports whether location holds an address the keeper did not
    // write or open yet (popstate and hashchange come both for one
    // fragment navigation).
    isNew() {
      return loc.href !== lastHref;
    },
    applied() {
      lastHref = loc.href;
    },
    // place is the place of the history entry shown (null before the
    // first address is known).
    place: () => current
  };
}

export {
  runKey,
  placeOfRun,
  LIVE,
  placeOfLive,
  langOfSearch,
  searchWithLang,
  isLoopbackHost,
  drawShareLocal,
  createAddressKeeper
};
