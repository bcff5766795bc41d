import {
  pick,
  t
} from "./chunk-GO5LWYH4.js";

// js/quiz.js
function normalizeQuiz(data) {
  if (!data || typeof data !== "object" || !Array.isArray(data.questions)) return null;
  const out = [];
  for (const q of data.questions) {
    if (!q || !Array.isArray(q.options) || q.options.length < 2 || !Array.isArray(q.answer)) return null;
    const answer = [...new Set(q.answer)].filter((i) => Number.isInteger(i) && i >= 0 && i < q.options.length).sort((a, b) => a - b);
    if (answer.length !== q.answer.length) return null;
    const step = Number.isInteger(q.step) && q.step >= 0 ? q.step : 0;
    const reveal = Number.isInteger(q.reveal_step) && q.reveal_step >= step ? q.reveal_step : step;
    out.push({
      id: String(q.id ?? out.length + 1),
      kind: String(q.kind || ""),
      prompt: q.prompt,
      options: q.options,
      multi: !!q.multi,
      answer,
      explain: q.explain,
      step,
      reveal
    });
  }
  return out.length ? { lesson: String(data.lesson || ""), seed: data.seed ?? 0, questions: out } : null;
}
function grade(q, chosen) {
  const picked = new Set(chosen);
  const answer = new Set(q.answer);
  const results = q.options.map((_, i) => {
    if (answer.has(i)) return q.multi && !picked.has(i) ? "missed" : "right";
    return picked.has(i) ? "wrong" : "";
  });
  const right = picked.size === answer.size && [...picked].every((i) => answer.has(i));
  return { right, results };
}
function replayDelay(from, to) {
  const n = Math.max(1, to - from);
  return Math.max(120, Math.min(700, Math.round(6e3 / n)));
}
var REPLAY_PATIENCE = 5e3;
function initQuiz(api) {
  const $ = (id) => document.getElementById(id);
  const card = $("quiz");
  const btn = $("btn-quiz");
  const quiz = { lesson: "", questions: [], index: 0, chosen: [], graded: null, right: 0, state: "closed", replay: 0, error: "" };
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== void 0) e.textContent = text;
    return e;
  };
  const button = (id, cls, key, onClick) => {
    const b = el("button", `btn ${cls}`, t(key));
    b.type = "button";
    b.id = id;
    b.addEventListener("click", onClick);
    return b;
  };
  const current = () => quiz.questions[quiz.index];
  function showStep(q) {
    const st = api.state();
    if (st.lesson !== quiz.lesson || !st.plain(quiz.seed)) api.load(quiz.lesson, q.step);
    else if (st.step !== q.step) api.send({ type: "seek", step: q.step });
  }
  function stopReplay() {
    clearTimeout(quiz.replay);
    quiz.replay = 0;
  }
  function replay() {
    const q = current();
    if (!q) return;
    stopReplay();
    const st = api.state();
    if (st.playing) api.send({ type: "pause" });
    showStep(q);
    let want = q.step;
    let started = false;
    let waited = 0;
    const delay = replayDelay(q.step, q.reveal);
    const tick = () => {
      const s = api.state();
      const wait = (ms) => {
        waited += ms;
        quiz.replay = setTimeout(tick, ms);
      };
      if (waited > REPLAY_PATIENCE) {
        stopReplay();
        draw();
        return;
      }
      if (s.lesson !== quiz.lesson || !s.ready) {
        wait(150);
        return;
      }
      if (!started) {
        if (s.step !== q.step) {
          wait(60);
          return;
        }
        started = true;
      }
      if (s.step === want && want >= q.reveal) {
        stopReplay();
        draw();
        return;
      }
      if (s.step === want) {
        api.send({ type: "step" });
        want++;
        waited = 0;
        quiz.replay = setTimeout(tick, delay);
        return;
      }
      if (s.step !== want - 1 || s.step >= s.total) {
        stopReplay();
        draw();
        return;
      }
      wait(60);
    };
    quiz.replay = setTimeout(tick, 200);
    draw();
  }
  function answer(i) {
    const q = current();
    if (!q || quiz.graded) return;
    if (q.multi) {
      quiz.chosen = quiz.chosen.includes(i) ? quiz.chosen.filter((x) => x !== i) : [...quiz.chosen, i];
      draw();
      return;
    }
    quiz.chosen = [i];
    check();
  }
  function check() {
    const q = current();
    if (!q || quiz.graded || !quiz.chosen.length) return;
    quiz.graded = grade(q, quiz.chosen);
    if (quiz.graded.right) quiz.right++;
    quiz.state = "graded";
    draw();
    $("quiz-verdict").focus();
  }
  function next() {
    stopReplay();
    if (quiz.index + 1 >= quiz.questions.length) {
      quiz.state = "done";
      draw();
      $("quiz-score").focus();
      return;
    }
    quiz.index++;
    quiz.chosen = [];
    quiz.graded = null;
    quiz.state = "question";
    showStep(current());
    draw();
    $("quiz-prompt").focus();
  }
  function restart() {
    quiz.index = 0;
    quiz.chosen = [];
    quiz.graded = null;
    quiz.right = 0;
    quiz.state = "question";
    showStep(current());
    draw();
  }
  function close() {
    stopReplay();
    quiz.state = "closed";
    quiz.questions = [];
    draw();
    btn.focus();
  }
  async function open() {
    const st = api.state();
    if (!st.lesson) return;
    stopReplay();
    quiz.lesson = st.lesson;
    quiz.state = "loading";
    draw();
    try {
      const r = await fetch(`/api/quiz?lesson=${encodeURIComponent(quiz.lesson)}`);
      const data = await r.json().catch(() => null);
      if (!r.ok) throw new Error(data && data.code ? `err.${data.code}` : "quiz.failed");
      const got = normalizeQuiz(data);
      if (!got || got.lesson !== quiz.lesson) throw new Error("quiz.failed");
      if (quiz.state !== "loading" || api.state().lesson !== quiz.lesson) return;
      quiz.questions = got.questions;
      quiz.seed = got.seed;
      restart();
      $("quiz-prompt").focus();
    } catch (e) {
      quiz.state = "error";
      quiz.error = e && /^(err|quiz)\./.test(e.message) ? e.message : "quiz.failed";
      draw();
    }
  }
  function draw() {
    const st = api.state();
    btn.hidden = !st.lesson;
    btn.setAttribute("aria-expanded", String(quiz.state !== "closed"));
    card.hidden = quiz.state === "closed";
    card.dataset.state = quiz.state;
    card.dataset.lesson = quiz.lesson;
    document.body.classList.toggle("quiz-open", quiz.state !== "closed");
    if (quiz.state === "closed") {
      card.replaceChildren();
      return;
    }
    const head = el("div", "quiz-head");
    const title = el("h3", "", t("quiz.title"));
    title.id = "quiz-title";
    head.append(title, button("btn-quiz-close", "ghost small", "quiz.close", close));
    card.replaceChildren(head);
    if (quiz.state === "loading") {
      card.append(el("p", "muted", t("quiz.loading")));
      return;
    }
    if (quiz.state === "error") {
      const p = el("p", "quiz-error", t(quiz.error));
      p.setAttribute("role", "alert");
      card.append(p);
      return;
    }
    const count = quiz.questions.length;
    if (quiz.state === "done") {
      const s = el("p", "quiz-score", t("quiz.score", { right: quiz.right, count }));
      s.id = "quiz-score";
      s.tabIndex = -1;
      s.dataset.right = String(quiz.right);
      s.dataset.count = String(count);
      const note = el("p", "muted", t(quiz.right === count ? "quiz.score.all" : "quiz.score.some"));
      const row2 = el("div", "quiz-actions");
      row2.append(button("btn-quiz-again", "primary", "quiz.again", restart));
      card.append(s, note, row2);
      return;
    }
    const q = current();
    const prog = el("p", "quiz-progress", t("quiz.progress", { n: quiz.index + 1, count, step: q.step }));
    prog.id = "quiz-progress";
    prog.dataset.index = String(quiz.index + 1);
    prog.dataset.count = String(count);
    const prompt = el("p", "quiz-prompt", pick(q.prompt));
    prompt.id = "quiz-prompt";
    prompt.tabIndex = -1;
    card.append(prog, prompt);
    if (q.multi && !quiz.graded) card.append(el("p", "muted quiz-hint", t("quiz.multi")));
    const list = el("div", "quiz-options");
    list.id = "quiz-options";
    list.setAttribute("role", "group");
    list.setAttribute("aria-labelledby", "quiz-prompt");
    q.options.forEach((o, i) => {
      const b = el("button", "quiz-option");
      b.type = "button";
      b.dataset.option = String(i);
      b.setAttribute("aria-pressed", String(quiz.chosen.includes(i)));
      const mark = el("span", "quiz-mark");
      mark.setAttribute("aria-hidden", "true");
      b.append(mark, el("span", "quiz-text", pick(o)));
      if (quiz.graded) {
        const r = quiz.graded.results[i];
        b.dataset.result = r;
        if (r) b.classList.add(r);
        mark.textContent = r === "right" || r === "missed" ? "✓" : r === "wrong" ? "✗" : "";
        if (r) b.append(el("span", "sr-only", ` (${t(`quiz.result.${r}`)})`));
        b.disabled = true;
      } else {
        b.addEventListener("click", () => answer(i));
      }
      list.append(b);
    });
    card.append(list);
    if (!quiz.graded) {
      if (q.multi) {
        const row2 = el("div", "quiz-actions");
        const c = button("btn-quiz-check", "primary", "quiz.check", check);
        c.disabled = !quiz.chosen.length;
        row2.append(c);
        card.append(row2);
      }
      return;
    }
    const v = el("p", `quiz-verdict ${quiz.graded.right ? "right" : "wrong"}`, t(quiz.graded.right ? "quiz.right" : "quiz.wrong"));
    v.id = "quiz-verdict";
    v.tabIndex = -1;
    v.dataset.right = quiz.graded.right ? "1" : "0";
    v.setAttribute("role", "status");
    const ex = el("p", "quiz-explain", pick(q.explain));
    ex.id = "quiz-explain";
    const row = el("div", "quiz-actions");
    const rp = button("btn-quiz-replay", "ghost", "quiz.replay", replay);
    rp.textContent = t(q.reveal > q.step + 1 ? "quiz.replay.range" : "quiz.replay.one", { from: q.step + 1, to: q.reveal });
    rp.dataset.from = String(q.step);
    rp.dataset.to = String(q.reveal);
    rp.dataset.busy = quiz.replay ? "1" : "0";
    rp.disabled = !!quiz.replay || !st.ready;
    const last = quiz.index + 1 >= count;
    row.append(rp, button("btn-quiz-next", "primary", last ? "quiz.finish" : "quiz.next", next));
    card.append(v, ex, row);
  }
  btn.addEventListener("click", () => quiz.state === "closed" || quiz.state === "error" ? open() : close());
  let drawn = "";
  const sync = () => {
    const st = api.state();
    if (quiz.state !== "closed" && quiz.state !== "loading" && st.lesson !== quiz.lesson && !quiz.replay) {
      if (st.lesson || !st.loading) {
        close();
        return;
      }
    }
    const key = [document.documentElement.lang, st.lesson, st.ready].join("|");
    if (key !== drawn) {
      drawn = key;
      draw();
    }
  };
  new MutationObserver(sync).observe($("lesson-title"), { childList: true, characterData: true, subtree: true });
  new MutationObserver(sync).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  new MutationObserver(sync).observe(document.body, { attributes: true, attributeFilter: ["class"] });
  draw();
  return { sync };
}
export {
  grade,
  initQuiz,
  normalizeQuiz,
  replayDelay
};
