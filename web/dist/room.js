import {
  isLoopbackHost
} from "./chunk-MQDGVTMN.js";
import {
  POLICY_IDS,
  runFor,
  toWire
} from "./chunk-R2HXWHV2.js";
import {
  onPageLeave
} from "./chunk-5SMQBUYD.js";
import "./chunk-65JYWMDR.js";
import {
  addCatalog,
  getLang,
  pick,
  t
} from "./chunk-GO5LWYH4.js";
import {
  getLimits
} from "./chunk-J4M4X52N.js";

// js/i18n-room.js
var roomEn = {
  "room.dlg.title": "Classroom",
  "room.dlg.intro": "In a room, every student's screen follows the teacher's steps, and the teacher can ask the class questions and see the answers live.",
  "room.start": "Start a room",
  "room.start.help": "For the teacher: you get a code and a QR code to project.",
  "room.join": "Join",
  "room.join.label": "Room code",
  "room.join.help": "The 6 characters on the teacher's screen.",
  "room.code.err.empty": "Type the room code.",
  "room.code.err.short": "A room code has 6 characters.",
  "room.code.err.long": "A room code has 6 characters.",
  "room.code.err.letters": "Room codes have no {bad}. Check the code on the teacher's screen: codes never use 0, 1, I, L or O.",
  "room.starting": "Starting a room…",
  "room.joining": "Joining room {code}…",
  "room.bar.label": "Classroom room",
  "room.bar.code": "Room code",
  "room.bar.join": "Join at",
  "room.url.local": "Only this computer can open it: restart the lab with {flag}",
  "room.teacher": "You teach this room",
  "room.qr.show": "Show QR",
  "room.qr.alt": "QR code of {url}",
  "room.qr.hint": "Scan to follow, or open {url}",
  "room.count.none": "No students following",
  "room.count.one": "1 following",
  "room.count": "{n} following",
  "room.count.alone": "{n} following · {m} exploring alone",
  "room.ask": "Ask",
  "room.ask.title": "Ask the class",
  "room.ask.next_state": "Which state will a task be in after the next step?",
  "room.ask.next_run": "Which task runs next?",
  "room.ask.outcomes": "Which outcomes are possible?",
  "room.ask.data_race": "Is there a data race?",
  "room.ask.avg_wait": "Average waiting time under a policy",
  "room.ask.free": "Your own question…",
  "room.ask.none": "Open a lesson to ask about its next step; your own question works anywhere.",
  "room.ask.task": "Task",
  "room.ask.task.auto": "The one whose change teaches most (ProcLab picks)",
  "room.ask.policy": "Policy",
  "room.ask.send": "Ask",
  "room.ask.busy": "A question is open: reveal it first.",
  "room.q.title": "Question",
  "room.q.prompt": "Question",
  "room.q.options": "Options (tick the right ones)",
  "room.q.option": "Option {l}",
  "room.q.right": "Right answer",
  "room.q.add": "Add an option",
  "room.q.err.prompt": "Type the question.",
  "room.q.err.prompt_long": "The question is too long (at most 500 characters).",
  "room.q.err.options": "Give at least two options.",
  "room.q.err.option_long": "An option is too long (at most 200 characters).",
  "room.q.err.answer": "Tick the right option (or options).",
  "room.q.votes": "{n} answers",
  "room.q.votes.one": "1 answer",
  "room.q.votes.more": "more than the {m} students in the room now",
  "room.q.bar": "Option {l}: {n} ({p}%)",
  "room.q.reveal": "Reveal",
  "room.q.hide": "Hide",
  "room.q.multi": "Choose every right option.",
  "room.q.single": "Choose one option.",
  "room.q.send": "Answer",
  "room.q.sent.wait": "Answer sent. Waiting for the teacher to reveal the answer.",
  "room.q.right.mark": "right",
  "room.q.yours": "your answer",
  "room.q.you.right": "You got it right.",
  "room.q.you.wrong": "Not this time: the right answer is marked.",
  "room.q.you.none": "The right answer is marked.",
  "room.q.you.poll": "This question had no right answer: see how the class voted.",
  "room.q.at": "At step {n}",
  "room.q.revealed": "Answer revealed",
  "room.follow": "Following the teacher · room {code}",
  "room.alone": "Exploring alone · room {code}",
  "room.rejoin": "Rejoin",
  "room.leave": "Leave",
  "room.close": "Close the room",
  "room.close.confirm": "Click again to close room {code} for everyone",
  "room.reconnecting": "Connection lost: reconnecting…",
  "room.closed": "The teacher closed the room.",
  "room.expired": "Room {code} has ended: rooms last 12 hours.",
  "room.err.room_not_found": "There is no room {code}: it may have closed or expired. Check the code.",
  "room.err.room_full": "Room {code} is full.",
  "room.err.not_teacher": "Only the teacher can do that.",
  "room.err.already_voted": "You have answered this question already.",
  "room.err.no_question": "There is no open question.",
  "room.err.bad_field": "The room refused the message.",
  "room.err.rate_limited": "Too many messages: wait a moment.",
  "room.err.too_large": "The message is too large for the room.",
  "room.err.bad_key": "This browser's teacher key is not room {code}'s: it was forgotten. You can join as a student.",
  "room.err.links_off": "This server keeps no rooms (it was started without its store).",
  "room.err.busy": "The server is busy: try again in a moment.",
  "room.err.start": "Could not start a room.",
  "room.err.other": "The room said: {msg}"
};
var roomZh = {
  "room.dlg.title": "课堂",
  "room.dlg.intro": "在课堂里，每个学生的屏幕都跟随教师的每一步；教师可以向全班提问，并实时看到大家的作答。",
  "room.start": "开设课堂",
  "room.start.help": "教师使用：你会得到一个课堂码和二维码，投影给学生。",
  "room.join": "加入",
  "room.join.label": "课堂码",
  "room.join.help": "教师屏幕上的 6 个字符。",
  "room.code.err.empty": "请输入课堂码。",
  "room.code.err.short": "课堂码有 6 个字符。",
  "room.code.err.long": "课堂码有 6 个字符。",
  "room.code.err.letters": "课堂码里没有 {bad}。请对照教师屏幕上的课堂码：课堂码不使用 0、1、I、L、O。",
  "room.starting": "正在开设课堂…",
  "room.joining": "正在加入课堂 {code}…",
  "room.bar.label": "课堂",
  "room.bar.code": "课堂码",
  "room.bar.join": "加入地址",
  "room.url.local": "只有本机能打开：请用 {flag} 重新启动 ProcLab 服务器",
  "room.teacher": "你是这个课堂的教师",
  "room.qr.show": "显示二维码",
  "room.qr.alt": "{url} 的二维码",
  "room.qr.hint": "扫码跟随，或打开 {url}",
  "room.count.none": "没有学生跟随",
  "room.count.one": "1 人跟随",
  "room.count": "{n} 人跟随",
  "room.count.alone": "{n} 人跟随 · {m} 人独自探索",
  "room.ask": "提问",
  "room.ask.title": "向全班提问",
  "room.ask.next_state": "下一步之后，某个任务处于什么状态？",
  "room.ask.next_run": "下一步哪个任务运行？",
  "room.ask.outcomes": "可能出现哪些结果？",
  "room.ask.data_race": "有没有数据竞争？",
  "room.ask.avg_wait": "某个调度策略下的平均等待时间",
  "room.ask.free": "自己出题…",
  "room.ask.none": "打开一个课程，才能就它的下一步提问；自己出题在任何地方都可以。",
  "room.ask.task": "任务",
  "room.ask.task.auto": "变化最值得讲的那个（由 ProcLab 选）",
  "room.ask.policy": "调度策略",
  "room.ask.send": "提问",
  "room.ask.busy": "还有一道题目没有公布答案：请先公布答案。",
  "room.q.title": "题目",
  "room.q.prompt": "题目",
  "room.q.options": "选项（勾选正确的选项）",
  "room.q.option": "选项 {l}",
  "room.q.right": "正确答案",
  "room.q.add": "添加选项",
  "room.q.err.prompt": "请输入题目。",
  "room.q.err.prompt_long": "题目太长（最多 500 个字符）。",
  "room.q.err.options": "至少给出两个选项。",
  "room.q.err.option_long": "有一个选项太长（最多 200 个字符）。",
  "room.q.err.answer": "请勾选正确的选项（可以多选）。",
  "room.q.votes": "{n} 人作答",
  "room.q.votes.one": "1 人作答",
  "room.q.votes.more": "多于现在课堂里的 {m} 名学生",
  "room.q.bar": "选项 {l}：{n} 人（{p}%）",
  "room.q.reveal": "公布答案",
  "room.q.hide": "收起",
  "room.q.multi": "选出所有正确的选项。",
  "room.q.single": "选一项。",
  "room.q.send": "提交答案",
  "room.q.sent.wait": "答案已提交。等待教师公布答案。",
  "room.q.right.mark": "正确",
  "room.q.yours": "你的答案",
  "room.q.you.right": "你答对了。",
  "room.q.you.wrong": "不对：正确答案已标出。",
  "room.q.you.none": "正确答案已标出。",
  "room.q.you.poll": "这道题目没有标准答案：看看全班是怎么选的。",
  "room.q.at": "第 {n} 步",
  "room.q.revealed": "答案已公布",
  "room.follow": "正在跟随教师 · 课堂 {code}",
  "room.alone": "独自探索中 · 课堂 {code}",
  "room.rejoin": "重新跟随",
  "room.leave": "离开课堂",
  "room.close": "关闭课堂",
  "room.close.confirm": "再点一次，为所有人关闭课堂 {code}",
  "room.reconnecting": "连接已断开，正在重新连接…",
  "room.closed": "教师已关闭课堂。",
  "room.expired": "课堂 {code} 已结束：课堂最多持续 12 小时。",
  "room.err.room_not_found": "没有课堂 {code}：它可能已经关闭或过期。请检查课堂码。",
  "room.err.room_full": "课堂 {code} 已满。",
  "room.err.not_teacher": "只有教师可以这样做。",
  "room.err.already_voted": "你已经回答过这道题目。",
  "room.err.no_question": "现在没有题目。",
  "room.err.bad_field": "课堂拒绝了这条消息。",
  "room.err.rate_limited": "消息太多了：请稍等一会儿。",
  "room.err.too_large": "这条消息太大，课堂不接受。",
  "room.err.bad_key": "这个浏览器保存的教师密钥不属于课堂 {code}，已将它删除。你可以作为学生加入。",
  "room.err.links_off": "这台服务器不保存课堂（启动时没有开启存储）。",
  "room.err.busy": "服务器正忙：请稍后再试。",
  "room.err.start": "无法开设课堂。",
  "room.err.other": "课堂服务器说：{msg}"
};
addCatalog(roomEn, roomZh);

// js/room-model.js
var CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
var CODE_LENGTH = 6;
var KEY_PREFIX = "proclab.room.";
function readCode(input) {
  let s = String(input ?? "").trim();
  const link = /(?:\/r\/|#room\/)([^/?#\s]+)\/?$/i.exec(s);
  if (link) s = link[1];
  s = s.toUpperCase().replace(/[\s\-._·]/g, "");
  if (!s) return { ok: false, error: "empty" };
  const bad = [...new Set([...s].filter((c) => !CODE_ALPHABET.includes(c)))];
  if (bad.length) return { ok: false, error: "letters", bad: bad.join(" ") };
  if (s.length < CODE_LENGTH) return { ok: false, error: "short" };
  if (s.length > CODE_LENGTH) return { ok: false, error: "long" };
  return { ok: true, code: s };
}
function joinBase(answer, origin, loopback) {
  const a = answer && typeof answer === "object" ? answer : {};
  const http = (u) => typeof u === "string" && /^https?:\/\/[^/]/i.test(u);
  if (http(a.public)) return { base: a.public, local: false };
  if (loopback) {
    const net = Array.isArray(a.urls) ? a.urls.find(http) : void 0;
    if (net && a.reachable === true) return { base: net, local: false };
    return { base: origin, local: true };
  }
  return { base: origin, local: false };
}
function joinURL(base, code) {
  return `${String(base).replace(/\/+$/, "")}/r/${code}`;
}
function qrURL(text, format) {
  return `/api/qr?text=${encodeURIComponent(text)}${format === "png" ? "&format=png" : ""}`;
}
var STATE_INTERVAL = 50;
var realClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id)
};
function createPacer(send, interval = STATE_INTERVAL, clock = realClock) {
  let lastAt = -Infinity;
  let lastSent;
  let waiting;
  let timer = 0;
  const flush = () => {
    timer = 0;
    if (!waiting) return;
    const { value } = waiting;
    waiting = void 0;
    if (value === lastSent) return;
    lastSent = value;
    lastAt = clock.now();
    send(value);
  };
  return {
    offer(value) {
      waiting = { value };
      if (timer) return;
      const wait = lastAt + interval - clock.now();
      if (wait <= 0) flush();
      else timer = clock.setTimeout(flush, wait);
    },
    reset() {
      lastSent = void 0;
      lastAt = -Infinity;
    },
    cancel() {
      if (timer) clock.clearTimeout(timer);
      timer = 0;
      waiting = void 0;
    }
  };
}
var ROOM_RETRY_MIN = 500;
var ROOM_RETRY_MAX = 8e3;
function roomRetryDelay(attempt, rand = 0) {
  const n = Number.isInteger(attempt) && attempt > 0 ? Math.min(attempt, 8) : 0;
  const base = Math.min(ROOM_RETRY_MAX, ROOM_RETRY_MIN * 2 ** n);
  return Math.round(base * (1 + Math.max(0, Math.min(1, rand)) / 4));
}
var PING_EVERY = 3e4;
var FATAL_ERRORS = /* @__PURE__ */ new Set(["room_not_found", "room_full", "bad_key", "links_off"]);
var MAX_OPTIONS = 8;
var MIN_OPTIONS = 2;
var MAX_PROMPT = 500;
var MAX_OPTION = 200;
function freeQuestion(fields) {
  const f = fields || {};
  const prompt = String(f.prompt ?? "").trim();
  const errors = [];
  if (!prompt) errors.push("room.q.err.prompt");
  else if (prompt.length > MAX_PROMPT) errors.push("room.q.err.prompt_long");
  const rows = (Array.isArray(f.options) ? f.options : []).slice(0, MAX_OPTIONS).map((s, i) => ({ text: String(s ?? "").trim(), i }));
  const kept = rows.filter((r) => r.text);
  if (kept.length < MIN_OPTIONS) errors.push("room.q.err.options");
  if (kept.some((r) => r.text.length > MAX_OPTION)) errors.push("room.q.err.option_long");
  const ticked = new Set((Array.isArray(f.answer) ? f.answer : []).filter(Number.isInteger));
  const answer = kept.map((r, j) => ticked.has(r.i) ? j : -1).filter((j) => j >= 0);
  if (!answer.length) errors.push("room.q.err.answer");
  if (errors.length) return { ok: false, errors };
  const both = (s) => ({ en: s, zh: s });
  return { ok: true, question: { prompt: both(prompt), options: kept.map((r) => both(r.text)), answer, multi: answer.length > 1 } };
}
function histogram(counts, voters, n) {
  const len = Number.isInteger(n) && n > 0 ? n : Array.isArray(counts) ? counts.length : 0;
  const rows = [];
  let max = 0;
  const total = Number.isInteger(voters) && voters > 0 ? voters : 0;
  for (let i = 0; i < len; i++) {
    const c = Array.isArray(counts) && Number.isInteger(counts[i]) && counts[i] > 0 ? counts[i] : 0;
    max = Math.max(max, c);
    rows.push({ count: c, pct: total ? Math.round(100 * c / total) : 0 });
  }
  return { rows, max, voters: total };
}
function votesLine(voters, here, teacher) {
  const n = Number.isInteger(voters) && voters > 0 ? voters : 0;
  const parts = [{ key: n === 1 ? "room.q.votes.one" : "room.q.votes", params: { n } }];
  const m = Number.isInteger(here) && here > 0 ? here : 0;
  if (teacher && n > m) parts.push({ key: "room.q.votes.more", params: { m } });
  return parts;
}
var ENGINE_KINDS = /* @__PURE__ */ new Set(["next_state", "next_run", "outcomes", "data_race", "avg_wait"]);
function judge(mine, answer) {
  const m = new Set(Array.isArray(mine) ? mine.filter(Number.isInteger) : []);
  const a = new Set(Array.isArray(answer) ? answer.filter(Number.isInteger) : []);
  if (!m.size) return "none";
  if (!a.size) return "poll";
  return m.size === a.size && [...m].every((i) => a.has(i)) ? "right" : "wrong";
}
var optionLetter = (i) => String.fromCharCode(65 + i);
function askKinds(view) {
  const v = view || {};
  if (v.name === "sched") return v.schedReady ? ["avg_wait"] : [];
  if (v.name !== "proc" || !v.loaded) return [];
  const out = [];
  const tasks = Array.isArray(v.tasks) ? v.tasks.length : v.tasks;
  if (!v.atEnd && tasks > 0) out.push("next_state");
  if (!v.atEnd) out.push("next_run");
  if (v.race) out.push("outcomes", "data_race");
  return out;
}
function followerText(followers, detached) {
  const f = Number.isInteger(followers) && followers > 0 ? followers : 0;
  const d = Number.isInteger(detached) && detached > 0 ? detached : 0;
  if (!f && !d) return { key: "room.count.none", params: {} };
  if (!d) return { key: f === 1 ? "room.count.one" : "room.count", params: { n: f } };
  return { key: "room.count.alone", params: { n: f, m: d } };
}
function linkHash(link) {
  const s = String(link ?? "");
  return s.startsWith("#") ? s : `#${s}`;
}

// js/room-card.js
var $ = (id) => document.getElementById(id);
function drawCard(st) {
  const card = $("room-q");
  const q = st.q;
  const pill = $("room-q-pill");
  pill.hidden = !(q && st.role && st.qHidden);
  pill.textContent = t(st.reveal ? "room.q.revealed" : "room.q.title");
  if (!q || !st.role || st.qHidden) {
    card.hidden = true;
    delete card.dataset.qid;
    return;
  }
  card.hidden = false;
  const teacher = st.role === "teacher";
  const revealed = !!st.reveal;
  card.dataset.qid = String(q.id);
  card.dataset.openedAt = String(st.openedAt || 0);
  if (revealed && st.reveal.step !== null) card.dataset.revealStep = String(st.reveal.step);
  else delete card.dataset.revealStep;
  card.dataset.role = st.role;
  card.dataset.state = revealed ? "revealed" : st.voted ? "voted" : "open";
  card.dataset.poll = revealed && !st.reveal.answer.length ? "1" : "0";
  $("room-q-title").textContent = t(revealed ? "room.q.revealed" : "room.q.title");
  $("room-q-at").textContent = q.step !== null && ENGINE_KINDS.has(q.kind) ? t("room.q.at", { n: q.step }) : "";
  $("room-q-prompt").textContent = pick(q.prompt);
  $("room-q-how").textContent = teacher || revealed || st.voted ? "" : t(q.multi ? "room.q.multi" : "room.q.single");
  const counts = revealed ? st.reveal.counts : st.tally ? st.tally.counts : null;
  const voters = revealed ? st.reveal.voters : st.tally ? st.tally.voters : 0;
  const hist = histogram(counts, voters, q.options.length);
  const showBars = teacher || revealed;
  const right = new Set(revealed ? st.reveal.answer : []);
  const mine = new Set(st.mine || []);
  const list = $("room-q-options");
  const ticked = new Set([...list.querySelectorAll("input:checked")].map((i) => Number(i.value)));
  const sameQ = list.dataset.qid === String(q.id);
  list.dataset.qid = String(q.id);
  list.classList.toggle("bars", showBars);
  list.replaceChildren(...q.options.map((o, i) => {
    const li = document.createElement("li");
    li.dataset.index = String(i);
    const row = hist.rows[i];
    if (right.has(i)) li.classList.add("right");
    if (mine.has(i) && !teacher) li.classList.add("mine");
    const letter = document.createElement("span");
    letter.className = "rq-letter";
    letter.textContent = optionLetter(i);
    letter.setAttribute("aria-hidden", "true");
    const text = document.createElement("span");
    text.className = "rq-text";
    text.textContent = pick(o);
    if (!teacher && !revealed) {
      const lab = document.createElement("label");
      const inp = document.createElement("input");
      inp.type = q.multi ? "checkbox" : "radio";
      inp.name = "room-q-choice";
      inp.value = String(i);
      inp.disabled = st.voted;
      inp.checked = st.voted ? mine.has(i) : sameQ && ticked.has(i);
      inp.addEventListener("change", () => {
        $("room-q-send").disabled = st.voted || !list.querySelector("input:checked");
      });
      lab.append(inp, letter, text);
      li.append(lab);
    } else {
      li.append(letter, text);
    }
    const tags = document.createElement("span");
    tags.className = "rq-tags";
    if (right.has(i)) tags.append(tag("right", `✓ ${t("room.q.right.mark")}`));
    if (mine.has(i) && !teacher) tags.append(tag("mine", t("room.q.yours")));
    if (tags.childElementCount) li.append(tags);
    if (showBars) {
      li.dataset.count = String(row.count);
      li.dataset.pct = String(row.pct);
      const bar = document.createElement("span");
      bar.className = "rq-bar";
      bar.setAttribute("aria-hidden", "true");
      const fill = document.createElement("span");
      fill.className = "rq-fill";
      fill.style.width = `${hist.max ? Math.round(100 * row.count / hist.max) : 0}%`;
      bar.append(fill);
      const num = document.createElement("span");
      num.className = "rq-num";
      num.textContent = `${row.count} · ${row.pct}%`;
      num.setAttribute("aria-hidden", "true");
      const sr = document.createElement("span");
      sr.className = "sr-only";
      sr.textContent = t("room.q.bar", { l: optionLetter(i), n: row.count, p: row.pct });
      li.append(bar, num, sr);
    }
    return li;
  }));
  const votes = $("room-q-votes");
  votes.hidden = !showBars;
  votes.dataset.voters = String(hist.voters);
  const line = votesLine(hist.voters, (st.followers | 0) + (st.alone | 0), teacher);
  votes.textContent = line.map((p) => t(p.key, p.params)).join(" · ");
  votes.classList.toggle("more", line.length > 1);
  const send = $("room-q-send");
  send.hidden = teacher || revealed || st.voted;
  send.disabled = !list.querySelector("input:checked");
  $("room-q-reveal").hidden = !teacher || revealed;
  $("room-q-hide").hidden = false;
  const note = $("room-q-note");
  let noteText = "";
  if (!teacher && revealed) {
    const result = judge(st.mine, st.reveal.answer);
    noteText = t(`room.q.you.${result}`);
    note.dataset.result = result;
  } else if (!teacher && st.voted) {
    noteText = t("room.q.sent.wait");
    delete note.dataset.result;
  } else delete note.dataset.result;
  note.textContent = noteText;
  const ex = $("room-q-explain");
  const exText = revealed ? pick(st.reveal.explain) : "";
  ex.textContent = exText;
  ex.hidden = !exText;
}
function tag(kind, text) {
  const s = document.createElement("span");
  s.className = `rq-tag ${kind}`;
  s.textContent = text;
  return s;
}

// js/room-ask.js
var $2 = (id) => document.getElementById(id);
var FIRST_OPTIONS = 4;
function createAsk(deps) {
  let kind = null;
  let optionCount = FIRST_OPTIONS;
  function kinds() {
    return [...askKinds(deps.view()), "free"];
  }
  function drawKinds() {
    const box = $2("room-ask-kinds");
    const list = kinds();
    if (!list.includes(kind)) kind = list[0];
    box.replaceChildren(...list.map((k) => {
      const lab = document.createElement("label");
      lab.className = "ra-kind";
      const inp = document.createElement("input");
      inp.type = "radio";
      inp.name = "room-kind";
      inp.value = k;
      inp.checked = k === kind;
      inp.addEventListener("change", () => {
        kind = k;
        drawFields();
      });
      const span = document.createElement("span");
      span.textContent = t(`room.ask.${k}`);
      lab.append(inp, span);
      return lab;
    }));
    $2("room-ask-none").textContent = list.length === 1 ? t("room.ask.none") : "";
  }
  function drawTasks() {
    const sel = $2("room-ask-task");
    const was = sel.value;
    const tasks = (deps.view().tasks || []).slice(0, 64);
    sel.replaceChildren(new Option(t("room.ask.task.auto"), "0"), ...tasks.map((x) => new Option(x.name, String(x.pid))));
    sel.value = tasks.some((x) => String(x.pid) === was) ? was : "0";
  }
  function drawPolicies() {
    const sel = $2("room-ask-policy");
    const was = sel.value || deps.view().policy || "";
    const list = deps.policies();
    sel.replaceChildren(...list.map((p) => new Option(p.toUpperCase(), p)));
    if (list.includes(was)) sel.value = was;
  }
  function drawOptions() {
    const ol = $2("room-ask-options");
    const keep = [...ol.querySelectorAll("li")].map((li) => ({ text: li.querySelector(".rq-opt").value, right: li.querySelector(".rq-right").checked }));
    const rows = [];
    for (let i = 0; i < optionCount; i++) {
      const li = document.createElement("li");
      const right = document.createElement("input");
      right.type = "checkbox";
      right.className = "rq-right";
      right.checked = !!(keep[i] && keep[i].right);
      right.setAttribute("aria-label", `${t("room.q.option", { l: optionLetter(i) })}: ${t("room.q.right")}`);
      right.title = t("room.q.right");
      const letter = document.createElement("span");
      letter.className = "rq-letter";
      letter.textContent = optionLetter(i);
      letter.setAttribute("aria-hidden", "true");
      const text = document.createElement("input");
      text.type = "text";
      text.className = "rq-opt";
      text.maxLength = 200;
      text.value = keep[i] ? keep[i].text : "";
      text.setAttribute("aria-label", t("room.q.option", { l: optionLetter(i) }));
      li.append(right, letter, text);
      rows.push(li);
    }
    ol.replaceChildren(...rows);
    $2("room-ask-add").hidden = optionCount >= MAX_OPTIONS;
  }
  function drawFields() {
    $2("room-ask-task-row").hidden = kind !== "next_state";
    $2("room-ask-policy-row").hidden = kind !== "avg_wait";
    $2("room-ask-free").hidden = kind !== "free";
    $2("room-ask-error").textContent = "";
    if (kind === "next_state") drawTasks();
    if (kind === "avg_wait") drawPolicies();
  }
  function open() {
    const dlg = $2("room-ask-dialog");
    drawKinds();
    drawFields();
    drawOptions();
    $2("room-ask-error").textContent = deps.busy() ? t("room.ask.busy") : "";
    if (!dlg.open) dlg.showModal();
    const first = dlg.querySelector('input[name="room-kind"]:checked');
    if (first) first.focus();
  }
  function submit() {
    const err = $2("room-ask-error");
    let spec;
    if (kind === "free") {
      const rows = [...$2("room-ask-options").querySelectorAll("li")];
      const r = freeQuestion({
        prompt: $2("room-ask-prompt").value,
        options: rows.map((li) => li.querySelector(".rq-opt").value),
        answer: rows.map((li, i) => li.querySelector(".rq-right").checked ? i : -1).filter((i) => i >= 0)
      });
      if (!r.ok) {
        err.textContent = r.errors.map((k) => t(k)).join(" ");
        return;
      }
      spec = { kind: "free", question: r.question };
    } else if (kind === "next_state") {
      const pid = Number($2("room-ask-task").value);
      spec = { kind, pid: Number.isInteger(pid) ? pid : void 0 };
    } else if (kind === "avg_wait") {
      spec = { kind, policy: $2("room-ask-policy").value };
    } else {
      spec = { kind };
    }
    if (!deps.send(spec)) {
      err.textContent = t("room.reconnecting");
      return;
    }
    if (kind === "free") {
      $2("room-ask-prompt").value = "";
      for (const i of $2("room-ask-options").querySelectorAll("input")) {
        if (i.type === "checkbox") i.checked = false;
        else i.value = "";
      }
      optionCount = FIRST_OPTIONS;
    }
    $2("room-ask-dialog").close();
  }
  $2("room-ask-add").addEventListener("click", () => {
    if (optionCount >= MAX_OPTIONS) return;
    optionCount++;
    drawOptions();
    const last = $2("room-ask-options").querySelector("li:last-child .rq-opt");
    if (last) last.focus();
  });
  $2("room-ask-form").addEventListener("submit", (e) => {
    if (e.submitter && e.submitter.value === "cancel") return;
    e.preventDefault();
    submit();
  });
  return {
    open,
    close() {
      const d = $2("room-ask-dialog");
      if (d.open) d.close();
    },
    relabel() {
      if (!$2("room-ask-dialog").open) return;
      drawKinds();
      drawFields();
      drawOptions();
    }
  };
}

// js/room.js
var $3 = (id) => document.getElementById(id);
var TEACHING = "proclab.room.teaching";
var TOKEN = "proclab.room.token.";
var VOTE = "proclab.room.vote.";
var KEEP_FOLLOWING = ".room-ui, #btn-lang, #btn-present, #btn-display, #display-menu, #btn-keys, #keys-dialog, #btn-share, #share-dialog, #btn-export, #export-menu, .export-menu, #banner";
function keepBarsHeight(bars) {
  let h = 0;
  for (const b of bars) {
    if (!b.getClientRects().length) continue;
    const cs = getComputedStyle(b);
    h += b.getBoundingClientRect().height + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom);
  }
  const root = document.documentElement, v = `${Math.ceil(h)}px`;
  if (root.style.getPropertyValue("--room-h") !== v) root.style.setProperty("--room-h", v);
}
var CONTROL = 'button, select, input, textarea, a[href], [role="tab"], [data-choose], summary';
var MOVING_KEYS = /* @__PURE__ */ new Set(["ArrowRight", "ArrowLeft", "Home", "End", " ", "Spacebar", "n", "N"]);
var CLOSE_CONFIRM_MS = 5e3;
var store = {
  get(s, k) {
    try {
      return s.getItem(k);
    } catch {
      return null;
    }
  },
  set(s, k, v) {
    try {
      s.setItem(k, v);
    } catch {
    }
  },
  del(s, k) {
    try {
      s.removeItem(k);
    } catch {
    }
  }
};
var local = () => globalThis.localStorage;
var session = () => globalThis.sessionStorage;
function createRoom(deps) {
  const st = {
    role: "",
    // '' (no room), 'teacher' or 'follower'
    code: "",
    key: "",
    // the teacher key
    token: "",
    // the follower token
    ws: null,
    open: false,
    // the socket is open and the room answered
    attempt: 0,
    // reconnects since the last answer
    retryTimer: 0,
    pingTimer: 0,
    detached: false,
    lastLink: null,
    // the teacher's last state link heard
    sentLink: null,
    // the teacher's last state link sent
    linkSeq: 0,
    // changes of the teacher's place offered to the pacer
    doneSeq: 0,
    // ... and the last one whose link was sent (or was the same)
    ackedLink: null,
    // the teacher's last state link the room sent back
    want: null,
    // a link waiting to be shown (a follower)
    applying: false,
    followers: 0,
    alone: 0,
    q: null,
    // the open or last question: {id, kind, prompt, options, multi, step}
    voted: false,
    mine: null,
    // the choices this page sent
    reveal: null,
    // {answer, counts, voters, explain, reveal_step}
    tally: null,
    // {counts, voters}
    qHidden: false,
    // the card is folded into its button
    openedAt: 0,
    // when the question came (this page's clock, ms)
    note: null,
    // {key, params, kind}
    join: null
    // the join link's base: {base, local} (room-model.js joinBase)
  };
  const pacer = createPacer(() => {
    sendState();
  });
  const ask = createAsk({
    view: () => deps.view(),
    policies: () => POLICY_IDS,
    send: (msg) => buildAsk(msg),
    busy: () => !!(st.q && !st.reveal)
  });
  function wsSend(msg) {
    if (!st.ws || st.ws.readyState !== WebSocket.OPEN) return false;
    st.ws.send(JSON.stringify({ v: 1, ...msg }));
    return true;
  }
  function connect() {
    clearTimeout(st.retryTimer);
    st.retryTimer = 0;
    if (st.ws || !st.role) return;
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    let ws;
    try {
      ws = new WebSocket(`${proto}//${location.host}/ws/room`);
    } catch {
      dropped();
      return;
    }
    st.ws = ws;
    ws.addEventListener("open", () => {
      if (st.ws !== ws) return;
      const join = { type: "join", code: st.code };
      if (st.key) join.key = st.key;
      if (st.token) join.token = st.token;
      ws.send(JSON.stringify({ v: 1, ...join }));
    });
    ws.addEventListener("message", (ev) => {
      if (st.ws !== ws) return;
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      try {
        handle(msg);
      } catch (err) {
        console.warn("ProcLab room: cannot handle", msg && msg.type, err);
      }
    });
    ws.addEventListener("close", () => {
      if (st.ws !== ws) return;
      st.ws = null;
      st.open = false;
      clearInterval(st.pingTimer);
      document.body.dataset.roomConn = "closed";
      if (!st.role) return;
      dropped();
    });
    ws.addEventListener("error", () => {
    });
  }
  function dropped() {
    if (!st.role) return;
    showNote("room.reconnecting", {}, "wait");
    const delay = roomRetryDelay(st.attempt++, Math.random());
    st.retryTimer = setTimeout(connect, delay);
  }
  onPageLeave(disconnect, () => {
    if (st.role && !st.ws) {
      st.attempt = 0;
      connect();
    }
  });
  function disconnect() {
    clearTimeout(st.retryTimer);
    clearInterval(st.pingTimer);
    st.retryTimer = 0;
    const ws = st.ws;
    st.ws = null;
    st.open = false;
    if (ws) {
      try {
        ws.close(1e3, "left");
      } catch {
      }
    }
  }
  function handle(msg) {
    switch (msg.type) {
      case "room":
        onRoom(msg);
        break;
      case "state":
        if (typeof msg.link !== "string") return;
        st.lastLink = msg.link;
        if (Number.isInteger(msg.seq)) document.body.dataset.roomSeq = String(msg.seq);
        if (st.role === "teacher") {
          st.ackedLink = msg.link;
          drawSync();
        }
        if (st.role === "follower" && !st.detached) show(msg.link);
        break;
      case "question":
        if (msg.question && typeof msg.question === "object") setQuestion(msg.question, false, null);
        break;
      case "voted":
        if (st.q && msg.id === st.q.id) {
          st.voted = true;
          drawQuestion();
        }
        break;
      case "tally":
        if (st.q && msg.id === st.q.id) {
          st.tally = { counts: msg.counts, voters: msg.voters };
          drawQuestion();
        }
        break;
      case "reveal":
        if (st.q && msg.id === st.q.id) onReveal(msg);
        break;
      case "followers":
        st.followers = msg.followers | 0;
        st.alone = msg.detached | 0;
        drawBar();
        if (st.q) drawQuestion();
        break;
      case "closed":
        leave(msg.why === "expired" ? "room.expired" : "room.closed");
        break;
      case "live":
        if (st.role === "follower" && !st.detached) deps.liveFeed(msg.msg);
        break;
      case "pong":
        break;
      case "error":
        onError(msg);
        break;
    }
  }
  function onRoom(msg) {
    const first = !st.open;
    st.open = true;
    st.attempt = 0;
    document.body.dataset.roomConn = "open";
    if (st.note && (st.note.key === "room.reconnecting" || st.note.kind === "wait")) clearNote();
    st.role = msg.role === "teacher" ? "teacher" : "follower";
    if (typeof msg.token === "string" && msg.token) {
      st.token = msg.token;
      if (st.role === "follower") store.set(session(), TOKEN + st.code, msg.token);
    }
    if (st.role === "teacher") store.set(session(), TEACHING, st.code);
    st.followers = msg.followers | 0;
    st.alone = msg.detached | 0;
    clearInterval(st.pingTimer);
    st.pingTimer = setInterval(() => wsSend({ type: "ping" }), PING_EVERY);
    if (msg.question && typeof msg.question === "object") {
      const voted = !!msg.voted;
      const same = st.q && st.q.id === msg.question.id;
      setQuestion(msg.question, voted, same ? st.reveal : null);
      const r = msg.reveal;
      if (r && typeof r === "object" && r.id === msg.question.id) st.reveal = readReveal(r);
      const tl = msg.tally;
      if (tl && typeof tl === "object" && tl.id === msg.question.id) st.tally = { counts: tl.counts, voters: tl.voters };
    } else if (st.q && !st.reveal) {
      st.q = null;
    }
    const link = msg.state && typeof msg.state.link === "string" ? msg.state.link : null;
    if (msg.state && Number.isInteger(msg.state.seq)) document.body.dataset.roomSeq = String(msg.state.seq);
    st.lastLink = link;
    if (st.role === "teacher") {
      pacer.reset();
      st.sentLink = null;
      st.ackedLink = link;
      viewChanged();
    } else if (st.detached) {
      wsSend({ type: "detach" });
    } else {
      if (link !== null) show(link);
    }
    drawAll();
    if (first) deps.addressChanged();
  }
  function onError(msg) {
    const code = typeof msg.code === "string" ? msg.code : "unknown";
    if (code === "already_voted" && st.q) {
      st.voted = true;
      drawQuestion();
      return;
    }
    if (FATAL_ERRORS.has(code) && !st.open) {
      if (code === "bad_key") store.del(local(), KEY_PREFIX + st.code);
      leave(`room.err.${code}`);
      return;
    }
    const key = `room.err.${code}`;
    const english = String(msg.message || "").slice(0, 300);
    if (t(key) !== key) showNote(key, { code: st.code }, "error", english);
    else showNote("room.err.other", { msg: english || code }, "error");
  }
  async function show(link) {
    st.want = link;
    if (st.applying) return;
    st.applying = true;
    try {
      while (st.want !== null) {
        const l = st.want;
        st.want = null;
        if (st.role !== "follower" || st.detached) break;
        if (l) await deps.openLink(linkHash(l));
      }
    } finally {
      st.applying = false;
      st.want = null;
      deps.addressChanged();
    }
  }
  function detach() {
    if (st.role !== "follower" || st.detached) return;
    st.detached = true;
    st.want = null;
    wsSend({ type: "detach" });
    drawFollow();
  }
  function rejoin() {
    if (st.role !== "follower") return;
    if (!wsSend({ type: "rejoin" })) return;
    st.detached = false;
    drawFollow();
  }
  function onUserEvent(e) {
    if (st.role !== "follower" || st.detached || !e.isTrusted) return;
    const el = e.target && e.target.closest ? e.target : null;
    if (!el || el.closest(KEEP_FOLLOWING)) return;
    if (e.type === "keydown") {
      if (e.ctrlKey || e.metaKey || e.altKey || !MOVING_KEYS.has(e.key)) return;
      const tag2 = el.tagName;
      if (tag2 === "INPUT" || tag2 === "TEXTAREA" || tag2 === "SELECT" || el.isContentEditable) return;
      const dlg = el.closest("dialog");
      if (dlg && dlg.open) return;
      if ((e.key === " " || e.key === "Spacebar") && tag2 === "BUTTON") return;
      detach();
      return;
    }
    if (!el.closest(CONTROL)) return;
    detach();
  }
  function viewChanged() {
    if (st.role !== "teacher" || !st.open) return;
    pacer.offer(++st.linkSeq);
    drawSync();
  }
  async function sendState() {
    const n = st.linkSeq;
    let link;
    try {
      link = await deps.linkNow();
    } catch {
      link = null;
    }
    if (n !== st.linkSeq) return;
    st.doneSeq = n;
    if (typeof link === "string" && link && link !== st.sentLink && wsSend({ type: "state", link })) st.sentLink = link;
    drawSync();
  }
  function drawSync() {
    if (st.role !== "teacher") {
      delete document.body.dataset.roomSync;
      return;
    }
    document.body.dataset.roomSync = st.doneSeq === st.linkSeq && st.ackedLink === st.sentLink ? "1" : "0";
  }
  function buildAsk(spec) {
    if (st.role !== "teacher") return false;
    let msg;
    if (spec.kind === "free") msg = { type: "ask", question: spec.question };
    else if (spec.kind === "avg_wait") {
      const sched = schedBody(spec.policy);
      if (!sched) return false;
      msg = { type: "ask", kind: "avg_wait", sched, policy: spec.policy };
    } else {
      const load = deps.loadFields();
      if (!load) return false;
      msg = { type: "ask", kind: spec.kind, load };
      if (spec.kind === "next_state" && Number.isInteger(spec.pid)) msg.pid = spec.pid;
    }
    return wsSend(msg);
  }
  function schedBody(policy) {
    const s = deps.sched();
    if (!s || !s.state || !POLICY_IDS.includes(policy)) return null;
    const run = runFor(policy, s.state.ed && s.state.ed.quantum, getLimits());
    if (s.lesson) return { lesson: s.lesson, runs: [run] };
    const w = toWire(s.state.ed, getLimits());
    return w.ok ? { workload: w.workload, runs: [run] } : null;
  }
  function setQuestion(q, voted, reveal) {
    const changed = !st.q || st.q.id !== q.id;
    st.q = {
      id: q.id,
      kind: String(q.kind || "free"),
      prompt: q.prompt,
      multi: !!q.multi,
      options: Array.isArray(q.options) ? q.options.slice(0, 16) : [],
      step: Number.isInteger(q.step) ? q.step : null
    };
    if (changed) {
      st.openedAt = Date.now();
      st.tally = null;
      st.reveal = reveal;
      st.qHidden = false;
      const saved = store.get(session(), VOTE + q.id);
      try {
        st.mine = saved ? JSON.parse(saved) : null;
      } catch {
        st.mine = null;
      }
    }
    st.voted = voted || (changed ? false : st.voted);
    drawQuestion();
    if (changed) announce(`${t("room.q.title")}: ${pick(q.prompt)}`);
  }
  function vote() {
    if (!st.q || st.voted || st.reveal || st.role !== "follower") return;
    const picked = [...$3("room-q-options").querySelectorAll("input:checked")].map((i) => Number(i.value)).filter(Number.isInteger);
    if (!picked.length) return;
    if (!wsSend({ type: "vote", id: st.q.id, choices: picked })) return;
    st.mine = picked;
    store.set(session(), VOTE + st.q.id, JSON.stringify(picked));
    $3("room-q-send").disabled = true;
  }
  function readReveal(msg) {
    return {
      answer: Array.isArray(msg.answer) ? msg.answer.filter(Number.isInteger) : [],
      counts: msg.counts,
      voters: msg.voters,
      explain: msg.explain,
      step: Number.isInteger(msg.reveal_step) ? msg.reveal_step : null
    };
  }
  function onReveal(msg) {
    st.reveal = readReveal(msg);
    st.qHidden = false;
    drawQuestion();
    announce(`${t("room.q.revealed")}: ${st.reveal.answer.map(optionLetter).join(", ")}. ${$3("room-q-note").textContent}`);
    if (st.role === "teacher" && st.reveal.step !== null && ENGINE_KINDS.has(st.q.kind)) deps.seek(st.reveal.step);
  }
  function enter(code, key) {
    if (st.role && st.code === code && st.ws) return;
    if (st.role) leave("", true);
    st.code = code;
    st.key = key || store.get(local(), KEY_PREFIX + code) || "";
    st.token = st.key ? "" : store.get(session(), TOKEN + code) || "";
    st.role = st.key ? "teacher" : "follower";
    st.detached = false;
    st.q = null;
    st.reveal = null;
    st.tally = null;
    st.followers = 0;
    st.alone = 0;
    st.attempt = 0;
    showNote("room.joining", { code }, "wait");
    drawAll();
    connect();
    if (st.role === "teacher") fetchJoinBase();
  }
  function leave(key, quiet) {
    const was = st.role;
    const code = st.code;
    if (was === "teacher" && key === "room.closed") {
      store.del(local(), KEY_PREFIX + code);
    }
    if (was === "teacher") store.del(session(), TEACHING);
    if (was === "follower") store.del(session(), TOKEN + code);
    st.role = "";
    disconnect();
    pacer.cancel();
    st.q = null;
    st.reveal = null;
    st.detached = false;
    st.want = null;
    closeQR();
    ask.close();
    if (key) showNote(key, { code }, key === "room.closed" ? "info" : "error");
    else clearNote();
    drawAll();
    if (!quiet) deps.addressChanged();
  }
  async function startRoom() {
    const status = $3("room-start-status");
    status.textContent = t("room.starting");
    $3("room-start").disabled = true;
    try {
      const res = await fetch("/api/rooms", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: "{}" });
      let body = null;
      try {
        body = await res.json();
      } catch {
      }
      const parsed = body && readCode(body.code);
      if (!res.ok || !parsed || !parsed.ok || typeof body.key !== "string" || !body.key) {
        const code = body && typeof body.code === "string" && /^[a-z_]{1,40}$/.test(body.code) ? body.code : "";
        const m = body && typeof body.message === "string" ? body.message : `HTTP ${res.status}`;
        const key = `room.err.${code}`;
        status.textContent = `${t("room.err.start")} ${code && t(key, { code: "" }) !== key ? t(key, { code: "" }) : m}`;
        return;
      }
      store.set(local(), KEY_PREFIX + parsed.code, body.key);
      status.textContent = "";
      $3("room-dialog").close();
      enter(parsed.code, body.key);
    } catch (err) {
      status.textContent = `${t("room.err.start")} ${err && err.message ? err.message : ""}`;
    } finally {
      $3("room-start").disabled = false;
    }
  }
  function joinTyped() {
    const r = readCode($3("room-code-input").value);
    const err = $3("room-code-error");
    if (!r.ok) {
      err.textContent = t(`room.code.err.${r.error}`, { bad: r.bad || "" });
      err.hidden = false;
      $3("room-code-input").setAttribute("aria-invalid", "true");
      $3("room-code-input").focus();
      return;
    }
    err.hidden = true;
    $3("room-code-input").removeAttribute("aria-invalid");
    $3("room-dialog").close();
    if (location.hash !== `#room/${r.code}`) location.hash = `#room/${r.code}`;
    else enter(r.code);
  }
  async function fetchJoinBase() {
    const loopback = isLoopbackHost(location.hostname);
    let a = null;
    try {
      const res = await fetch("/api/addresses", { headers: { Accept: "application/json" } });
      if (res.ok) a = await res.json();
    } catch {
    }
    st.join = joinBase(a, location.origin, loopback);
    drawBar();
  }
  function showNote(key, params, kind, english) {
    st.note = { key, params, kind, english: english || "" };
    drawNote();
  }
  function clearNote() {
    st.note = null;
    drawNote();
  }
  function drawNote() {
    const n = $3("room-note");
    if (!st.note) {
      n.hidden = true;
      delete n.dataset.key;
      return;
    }
    n.hidden = false;
    n.dataset.key = st.note.key;
    n.dataset.kind = st.note.kind;
    const { english } = st.note;
    const text = t(st.note.key, st.note.params);
    $3("room-note-text").textContent = english && getLang() === "en" && st.note.key !== "room.err.other" ? `${text} ${english}` : text;
    $3("room-note-text").title = english;
  }
  function url() {
    return joinURL(st.join ? st.join.base : location.origin, st.code);
  }
  function drawBar() {
    const bar = $3("room-bar");
    const on = st.role === "teacher";
    bar.hidden = !on;
    if (!on) return;
    $3("room-code").textContent = st.code;
    const u = url();
    const a = $3("room-url");
    a.href = u;
    a.textContent = u.replace(/^https?:\/\//, "");
    const warn = $3("room-url-local");
    warn.hidden = !(st.join && st.join.local);
    warn.textContent = t("room.url.local", { flag: `--addr 0.0.0.0:${location.port || (location.protocol === "https:" ? 443 : 80)}` });
    const thumb = $3("room-qr-thumb");
    if (thumb.dataset.text !== u) {
      thumb.src = qrURL(u);
      thumb.dataset.text = u;
    }
    thumb.alt = t("room.qr.alt", { url: u });
    const c = followerText(st.followers, st.alone);
    const count = $3("room-count");
    count.textContent = t(c.key, c.params);
    count.dataset.followers = String(st.followers);
    count.dataset.detached = String(st.alone);
    $3("room-ask-btn").disabled = !st.open;
    if (!$3("room-qr-overlay").hidden) drawQR();
  }
  function drawFollow() {
    const box = $3("room-follow");
    const on = st.role === "follower";
    deps.liveRelay(on && !st.detached);
    box.hidden = !on;
    document.body.dataset.roomFollow = on ? st.detached ? "alone" : "following" : "";
    if (!on) return;
    box.classList.toggle("alone", st.detached);
    $3("room-follow-text").textContent = t(st.detached ? "room.alone" : "room.follow", { code: st.code });
    $3("room-rejoin").hidden = !st.detached;
  }
  function drawQR() {
    const u = url();
    const big = $3("room-qr-big");
    if (big.dataset.text !== u) {
      big.src = qrURL(u);
      big.dataset.text = u;
    }
    big.alt = t("room.qr.alt", { url: u });
    $3("room-qr-code").textContent = st.code;
    $3("room-qr-hint").textContent = t("room.qr.hint", { url: u.replace(/^https?:\/\//, "") });
    $3("room-qr-codelabel").textContent = t("room.bar.code");
  }
  function openQR() {
    if (st.role !== "teacher") return;
    drawQR();
    const o = $3("room-qr-overlay");
    o.hidden = false;
    $3("room-qr-close").focus();
  }
  function closeQR() {
    const o = $3("room-qr-overlay");
    if (o.hidden) return;
    o.hidden = true;
    if (st.role === "teacher") $3("room-qr-btn").focus();
  }
  function announce(text) {
    const a = $3("room-announce");
    a.textContent = "";
    a.textContent = text;
  }
  function drawQuestion() {
    drawCard(st);
    fitCard();
  }
  function fitCard() {
    const card = $3("room-q");
    const bar = $3("room-bar");
    if (card.hidden || bar.hidden) {
      card.style.maxHeight = "";
      return;
    }
    const top = Math.max(0, bar.getBoundingClientRect().bottom) + 8;
    const bottom = parseFloat(getComputedStyle(card).bottom) || 0;
    card.style.maxHeight = `${Math.max(160, Math.round(innerHeight - top - bottom))}px`;
  }
  function drawAll() {
    document.body.dataset.room = st.role;
    document.body.classList.toggle("in-room", !!st.role);
    drawBar();
    drawFollow();
    drawQuestion();
    drawNote();
  }
  function openDialog() {
    const dlg = $3("room-dialog");
    $3("room-code-error").hidden = true;
    $3("room-start-status").textContent = "";
    $3("room-in").hidden = !st.role;
    $3("room-in-text").textContent = st.role ? t(st.role === "teacher" ? "room.teacher" : "room.follow", { code: st.code }) : "";
    if (!dlg.open) dlg.showModal();
    $3("room-code-input").focus();
  }
  $3("btn-room").addEventListener("click", openDialog);
  $3("room-start").addEventListener("click", startRoom);
  $3("room-join-form").addEventListener("submit", (e) => {
    e.preventDefault();
    joinTyped();
  });
  $3("room-code-input").addEventListener("input", () => {
    $3("room-code-error").hidden = true;
    $3("room-code-input").removeAttribute("aria-invalid");
  });
  $3("room-rejoin").addEventListener("click", rejoin);
  $3("room-leave").addEventListener("click", () => leave(""));
  let closeTimer = 0;
  const unconfirm = () => {
    clearTimeout(closeTimer);
    closeTimer = 0;
    const b = $3("room-close");
    delete b.dataset.confirm;
    b.textContent = t("room.close");
  };
  $3("room-close").addEventListener("click", () => {
    const b = $3("room-close");
    if (b.dataset.confirm !== "1") {
      b.dataset.confirm = "1";
      b.textContent = t("room.close.confirm", { code: st.code });
      clearTimeout(closeTimer);
      closeTimer = setTimeout(unconfirm, CLOSE_CONFIRM_MS);
      return;
    }
    unconfirm();
    if (!wsSend({ type: "close" })) leave("room.closed");
  });
  $3("room-qr-btn").addEventListener("click", openQR);
  $3("room-qr-show").addEventListener("click", openQR);
  $3("room-qr-close").addEventListener("click", closeQR);
  $3("room-qr-overlay").addEventListener("click", (e) => {
    if (e.target === $3("room-qr-overlay")) closeQR();
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !$3("room-qr-overlay").hidden) {
      e.preventDefault();
      e.stopPropagation();
      closeQR();
    }
  }, true);
  $3("room-ask-btn").addEventListener("click", () => ask.open());
  $3("room-q-send").addEventListener("click", vote);
  $3("room-q-reveal").addEventListener("click", () => wsSend({ type: "reveal" }));
  $3("room-q-hide").addEventListener("click", () => {
    st.qHidden = true;
    drawQuestion();
    $3("room-q-pill").focus();
  });
  $3("room-q-pill").addEventListener("click", () => {
    st.qHidden = false;
    drawQuestion();
    $3("room-q-prompt").focus();
  });
  $3("room-note-close").addEventListener("click", clearNote);
  for (const type of ["click", "change", "keydown"]) document.addEventListener(type, onUserEvent, true);
  window.addEventListener("resize", fitCard);
  window.addEventListener("scroll", fitCard, { passive: true });
  if (globalThis.ResizeObserver) {
    const bars = ["room-note", "room-bar", "room-follow"].map($3);
    const ro = new ResizeObserver(() => {
      fitCard();
      keepBarsHeight(bars);
    });
    for (const b of bars) ro.observe(b, { box: "border-box" });
  }
  window.addEventListener("online", () => {
    if (st.role && !st.ws) {
      st.attempt = 0;
      connect();
    }
  });
  drawAll();
  return {
    // route handles a room's address (#room/CODE): it joins the room and
    // answers true; false for any other address. A room joined by its
    // address is left when the address goes elsewhere (back, a link).
    route(hash) {
      const m = /^#room\/(.*)$/i.exec(hash || "");
      if (!m) {
        if (st.role === "follower") leave("", true);
        return false;
      }
      const r = readCode(m[1]);
      if (!r.ok) {
        showNote("room.err.room_not_found", { code: m[1].slice(0, 12) }, "error");
        return true;
      }
      enter(r.code);
      return true;
    },
    viewChanged,
    // addressNow is the address fragment a follower's page keeps
    // (#room/CODE), or '' when the page's own view names it.
    addressNow: () => st.role === "follower" ? `#room/${st.code}` : "",
    // resume rejoins, as the teacher, a room this tab taught before a
    // reload; it answers whether it did.
    resume() {
      const code = store.get(session(), TEACHING);
      const r = code ? readCode(code) : null;
      if (!r || !r.ok || !store.get(local(), KEY_PREFIX + r.code)) return false;
      enter(r.code);
      return true;
    },
    relabel() {
      drawAll();
      ask.relabel();
      if (!$3("room-qr-overlay").hidden) drawQR();
    },
    role: () => st.role
  };
}
export {
  createRoom
};
