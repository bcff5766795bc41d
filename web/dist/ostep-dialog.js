import {
  FLAG_HINTS,
  SIMS,
  SIM_IDS,
  buildLoad,
  cleanFlags,
  errorLine,
  needsSource,
  presetById,
  presetsFor,
  splitCommand
} from "./chunk-LYCZEWOZ.js";
import "./chunk-R2HXWHV2.js";
import {
  t
} from "./chunk-GO5LWYH4.js";
import {
  getLimits,
  tooLargeParams
} from "./chunk-J4M4X52N.js";

// js/ostep-dialog.js
var $ = (id) => document.getElementById(id);
function createOstepDialog(api) {
  const dlg = $("ostep-dialog");
  const typed = {};
  for (const id of SIM_IDS) {
    const p = presetsFor(id)[id === "process-run" ? 2 : 0];
    typed[id] = { flags: p ? p.flags : "", source: p && p.source ? p.source : "" };
  }
  let sim = "process-run";
  function currentSim() {
    const r = dlg.querySelector('input[name="ostep-sim"]:checked');
    return r && SIM_IDS.includes(r.value) ? r.value : "process-run";
  }
  function remember() {
    typed[sim] = { flags: $("ostep-flags").value, source: $("ostep-source").value };
  }
  function setSim(id, fill = true) {
    sim = SIM_IDS.includes(id) ? id : "process-run";
    for (const r of dlg.querySelectorAll('input[name="ostep-sim"]')) {
      r.checked = r.value === sim;
      r.closest("label").classList.toggle("on", r.checked);
    }
    if (fill) {
      $("ostep-flags").value = typed[sim].flags;
      $("ostep-source").value = typed[sim].source;
    }
    $("ostep-hints-box").open = sim === "process-run";
    draw();
  }
  function hideError() {
    const e = $("ostep-error");
    e.hidden = true;
    e.textContent = "";
    delete e.dataset.code;
  }
  function showError(code, text) {
    const e = $("ostep-error");
    e.textContent = text;
    e.dataset.code = code;
    e.hidden = false;
  }
  function matchingPreset() {
    const flags = cleanFlags($("ostep-flags").value);
    const src = $("ostep-source").value;
    return presetsFor(sim).find((p) => cleanFlags(p.flags) === flags && (!p.source || p.source === src)) || null;
  }
  function drawPresets() {
    const box = $("ostep-presets");
    box.querySelectorAll("button").forEach((b) => b.remove());
    const on = matchingPreset();
    for (const p of presetsFor(sim)) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "chip-btn";
      b.dataset.preset = p.id;
      b.textContent = t(`os.pre.${p.id}`);
      b.title = `${t(`os.pre.${p.id}.desc`)}
${SIMS.find((s) => s.id === p.sim).script} ${p.flags}`;
      b.setAttribute("aria-pressed", on && on.id === p.id ? "true" : "false");
      box.append(b);
    }
    $("ostep-preset-desc").textContent = on ? t(`os.pre.${on.id}.desc`) : "";
  }
  function drawHints() {
    const dl = $("ostep-hints");
    dl.replaceChildren();
    for (const [flag, key] of FLAG_HINTS[sim] || []) {
      const dt = document.createElement("dt");
      const code = document.createElement("code");
      code.textContent = flag;
      dt.append(code);
      const dd = document.createElement("dd");
      dd.textContent = t(key);
      dl.append(dt, dd);
    }
    if (sim !== "process-run") {
      const note = document.createElement("p");
      note.className = "os-note";
      note.textContent = t(sim === "x86-intro" ? "os.note.intro" : "os.note.locks");
      dl.append(note);
    }
  }
  function draw() {
    const s = SIMS.find((x) => x.id === sim);
    $("ostep-script").textContent = s.script;
    $("ostep-source-wrap").hidden = !needsSource(sim);
    $("ostep-flags").placeholder = (presetsFor(sim)[0] || { flags: "" }).flags;
    drawPresets();
    drawHints();
    const busy = !!dlg.dataset.loading;
    $("ostep-open").disabled = busy;
    $("ostep-open").textContent = busy ? t("os.opening") : t("os.openbtn");
    $("ostep-open").setAttribute("aria-busy", busy ? "true" : "false");
  }
  function applyPreset(id) {
    const p = presetById(id);
    if (!p) return;
    if (p.sim !== sim) {
      remember();
      setSim(p.sim, false);
    }
    $("ostep-flags").value = p.flags;
    if (p.source) $("ostep-source").value = p.source;
    remember();
    hideError();
    draw();
  }
  function selectLine(n) {
    const ta = $("ostep-source");
    const lines = ta.value.split("\n");
    if (n < 1 || n > lines.length) return;
    let start = 0;
    for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
    ta.focus();
    ta.setSelectionRange(start, start + lines[n - 1].length);
    const lh = parseFloat(getComputedStyle(ta).lineHeight) || 20;
    ta.scrollTop = Math.max(0, (n - 3) * lh);
  }
  function submit() {
    remember();
    hideError();
    const r = buildLoad(sim, $("ostep-flags").value, $("ostep-source").value, getLimits());
    if (!r.ok) {
      showError(r.error, t(`os.err.${r.error}`, r.over ? tooLargeParams(r.over) : {}));
      if (r.error === "source") $("ostep-source").focus();
      return;
    }
    dlg.dataset.loading = "1";
    draw();
    api.load(r.msg);
  }
  for (const r of dlg.querySelectorAll('input[name="ostep-sim"]')) {
    r.addEventListener("change", () => {
      remember();
      hideError();
      setSim(currentSim());
    });
  }
  $("ostep-presets").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-preset]");
    if (b) applyPreset(b.dataset.preset);
  });
  for (const id of ["ostep-flags", "ostep-source"]) {
    $(id).addEventListener("input", () => {
      remember();
      drawPresets();
      if (!$("ostep-error").hidden && $("ostep-error").dataset.code !== "bad_field") hideError();
    });
  }
  $("ostep-form").addEventListener("submit", (e) => {
    e.preventDefault();
    submit();
  });
  $("ostep-cancel").addEventListener("click", () => dlg.close());
  dlg.addEventListener("close", () => {
    delete dlg.dataset.loading;
    draw();
  });
  return {
    // open shows the dialog; with an OSTEP run loaded it starts from that
    // run's command and program.
    open(loaded) {
      if (loaded && loaded.ostep) {
        const { sim: s, flags } = splitCommand(loaded.ostep);
        typed[s] = { flags, source: loaded.source || typed[s].source };
        setSim(s);
      } else {
        setSim(sim);
      }
      hideError();
      delete dlg.dataset.loading;
      draw();
      if (!dlg.open) dlg.showModal();
      $("ostep-flags").focus();
    },
    // close closes the dialog (only when it waits for its load, with
    // onlyIfLoading).
    close(onlyIfLoading) {
      if (dlg.open && (!onlyIfLoading || dlg.dataset.loading)) dlg.close();
      delete dlg.dataset.loading;
    },
    // refused shows a server error for the dialog's load; false when the
    // dialog was not waiting for one.
    // A refusal the page made itself (msg.local: not sent, over a limit)
    // shows its translated text as it is.
    refused(msg) {
      if (!dlg.open || !dlg.dataset.loading) return false;
      delete dlg.dataset.loading;
      const detail = String(msg.message || msg.code || "");
      if (msg.local) {
        showError(String(msg.code), detail);
        draw();
        return true;
      }
      const line = needsSource(sim) && /program/i.test(detail) ? errorLine(detail) : 0;
      showError(String(msg.code || "error"), `${t("os.err.server")} ${detail}` + (line ? ` — ${t("os.err.line", { n: line })}` : ""));
      draw();
      if (line) selectLine(line);
      return true;
    },
    relabel() {
      draw();
    }
  };
}
export {
  createOstepDialog
};
