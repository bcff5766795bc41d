// races-tab.js: the Races tab (issue 12, part 5). The race lessons and the
// race lab (who runs next, explore every schedule, write your own race) get
// a tab of their own between Scheduling and Live. It shows the same process
// view as the Processes tab (#lab, with the race panels that a run with
// threads, shared variables or locks brings); what differs is which
// lessons the tab lists and, with nothing loaded, its welcome.
//
// Which tab a run belongs to: a built-in lesson by its topic (GET
// /api/lessons: "races" here, "scheduling" in the scheduling view, the
// rest under Processes), anything else by its content (a run with threads,
// shared variables, locks, or a Go program, is a race lab). The Processes
// tab's lesson picker lists the process lessons and this tab's the race
// lessons; the welcome's course table still lists every lesson.
//
// Hooks for browser tests:
//   - #tab-race (a .view-tab with data-view="race"); body[data-tab] is
//     "proc", "race", "sched" or "live" (body[data-view] stays "proc" for
//     both tabs of the process view);
//   - the address of the Races tab with nothing loaded is #race; a race
//     lesson open in it has its share link as its address, like any run;
//   - #race-home (in the lesson card, with nothing loaded): #race-lessons
//     button[data-lesson=ID] and #btn-race-own (the editor, with a race);
//   - #lesson-select's options of other tabs' lessons are hidden (they stay
//     in the list, so the run shown always has its option);
//   - a scheduling lesson watched step by step shows #btn-sched-lesson,
//     which opens it in the scheduling view.
import { t, pick } from './i18n.js';
import { isRaceLab } from './race-model.js';
import { isJobsModel } from './sched-model.js';

export const RACE_HASH = '#race';

// TAB_OF_TOPIC maps a lesson's topic to the tab it is listed in.
const TAB_OF_TOPIC = { races: 'race', scheduling: 'sched', processes: 'proc' };

// tabOfLesson is the tab where lesson id opens from the welcome or a list:
// 'race', 'sched' or 'proc' ('' for an unknown id).
export function tabOfLesson(lessons, id) {
  const l = (lessons || []).find(x => x.id === id);
  return l ? TAB_OF_TOPIC[l.topic] || 'proc' : '';
}

// tabOfLoaded is the tab of the process view a loaded run belongs to:
// 'race' or 'proc' (a scheduling lesson watched step by step is 'proc').
export function tabOfLoaded(loaded, lessons) {
  if (!loaded) return '';
  if (loaded.lesson) {
    const tab = tabOfLesson(lessons, loaded.lesson);
    if (tab) return tab === 'race' ? 'race' : 'proc';
  }
  return isRaceLab(loaded) && !isJobsModel(loaded) ? 'race' : 'proc';
}

// listedIn reports whether the lesson picker of tab lists lesson l.
export function listedIn(l, tab) {
  return (TAB_OF_TOPIC[l.topic] || 'proc') === tab;
}

const $ = id => document.getElementById(id);

// createRacesTab wires the tab. api: {lessons() (app.lessons), loaded()
// (the `loaded` message shown, or null), openLesson(id), openEditor()
// (the scenario editor with a race to start from), showHome() (shows the
// welcome: nothing loaded)}.
export function createRacesTab(api) {
  let tab = 'proc'; // the process view's tab: 'proc' or 'race'
  let view = 'proc'; // the page's view: 'proc', 'sched' or 'live'

  function mark() {
    const shown = view === 'proc' ? tab : view;
    document.body.dataset.tab = shown;
    document.body.classList.toggle('tab-race', shown === 'race');
    for (const b of document.querySelectorAll('.view-tab')) b.setAttribute('aria-selected', b.dataset.view === shown ? 'true' : 'false');
  }

  // The welcome of the Races tab, made once, after #home.
  function home() {
    let box = $('race-home');
    if (box) return box;
    box = document.createElement('div');
    box.id = 'race-home';
    box.className = 'home race-home';
    box.hidden = true;
    $('home').after(box);
    box.addEventListener('click', e => {
      const b = e.target.closest('button[data-lesson]');
      if (b) api.openLesson(b.dataset.lesson);
      else if (e.target.closest('#btn-race-own')) api.openEditor();
    });
    return box;
  }

  function drawHome(on) {
    const box = home();
    box.hidden = !on;
    if (!on) return;
    box.replaceChildren();
    const intro = document.createElement('p');
    intro.textContent = t('tabs.race.intro');
    const h = document.createElement('h3');
    h.id = 'race-pick';
    h.textContent = t('tabs.race.pick');
    const ul = document.createElement('ul');
    ul.id = 'race-lessons';
    ul.className = 'lesson-cards';
    ul.setAttribute('aria-labelledby', 'race-pick');
    const list = (api.lessons() || []).filter(l => listedIn(l, 'race'));
    list.forEach((l, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'lesson-card';
      b.dataset.lesson = l.id;
      const num = document.createElement('span');
      num.className = 'lc-num';
      num.textContent = String(i + 1);
      const title = document.createElement('span');
      title.className = 'lc-title';
      title.textContent = pick(l.title) || l.id;
      b.append(num, title);
      const li = document.createElement('li');
      li.append(b);
      ul.append(li);
    });
    const own = document.createElement('button');
    own.type = 'button';
    own.id = 'btn-race-own';
    own.className = 'btn ghost own';
    own.textContent = t('tabs.race.own');
    box.append(intro, own, h, ul);
  }

  // drawSchedLink offers a scheduling lesson watched step by step its
  // place in the scheduling view (#btn-sched-lesson, after #lesson-info).
  function drawSchedLink() {
    let b = $('btn-sched-lesson');
    if (!b) {
      b = document.createElement('button');
      b.type = 'button';
      b.id = 'btn-sched-lesson';
      b.className = 'btn ghost small sched-lesson-link';
      b.addEventListener('click', () => { const l = api.loaded(); if (l && l.lesson) api.openLesson(l.lesson); });
      $('lesson-info').after(b);
    }
    const l = api.loaded();
    b.hidden = !(view === 'proc' && l && l.lesson && tabOfLesson(api.lessons(), l.lesson) === 'sched');
    b.textContent = t('tabs.sched.open');
  }

  return {
    // tab is the process view's tab: 'proc' or 'race'.
    tab() { return tab; },
    // viewSet follows app.js's setView(name): the tab asked for ('race'
    // shows the process view in the Races tab). Choosing a tab whose runs
    // are not the one shown leaves that run for the tab's welcome. It
    // returns the address the view should have ('' for "leave it").
    viewSet(name) {
      view = name === 'sched' || name === 'live' ? name : 'proc';
      if (view !== 'proc') { mark(); return ''; }
      const want = name === 'race' ? 'race' : 'proc';
      const loaded = api.loaded();
      const changed = tab !== want;
      tab = want;
      if (changed && loaded && tabOfLoaded(loaded, api.lessons()) !== want) api.showHome();
      mark();
      return tab === 'race' && !api.loaded() ? RACE_HASH : '';
    },
    // loaded follows a `loaded` message: the run's tab is shown (the
    // process view only: a run loaded for the live lab's twin changes
    // nothing).
    loaded(msg) {
      if (view !== 'proc') return;
      tab = tabOfLoaded(msg, api.lessons()) || tab;
      // app.js's address keeper writes the run's link over #race (urlstate.js).
      mark();
    },
    // draw shows the Races tab's welcome instead of the Processes welcome
    // when the tab has nothing loaded, with its title.
    draw() {
      const on = view === 'proc' && tab === 'race' && !api.loaded();
      if (on) {
        $('home').hidden = true;
        $('lesson-title').textContent = t('tabs.race.title');
        $('lesson-explain').replaceChildren();
      }
      drawHome(on);
      drawSchedLink();
      mark();
    },
    // filterSelect hides the picker's options of other tabs' lessons
    // (except the run shown: the picker names it).
    filterSelect(sel) {
      const byId = new Map((api.lessons() || []).map(l => [l.id, l]));
      const cur = sel.value;
      for (const o of sel.options) {
        const l = byId.get(o.value);
        if (l) o.hidden = !listedIn(l, tab) && o.value !== cur;
      }
    },
  };
}
