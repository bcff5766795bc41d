// examples.js: what the editor (#scenario-dialog) starts from, so that a
// blank editor is never the starting point. It is pure: the templates (a
// new Go program and a new scenario, their comments in the page's
// language), the options of the examples menu (#scenario-examples: the two
// templates, then every built-in lesson's scenario and its Go twin), what
// an option's value means, and which language a
// text is in (the same test as gofront.IsGo on the server).
//
// Option values: "tpl:go", "tpl:scenario", "lesson:ID:scenario" and
// "lesson:ID:go". A lesson's texts come from GET /api/lessons/ID (app.js).

// goTemplate is the "New Go program" template: two goroutines that add to
// a shared counter under a mutex. tr(key) gives the comments' text.
export function goTemplate(tr) {
  return `// ${tr('tpl.go.c1')}
// ${tr('tpl.go.c2')}
// ${tr('tpl.go.c3')}
package main

import (
\t"fmt"
\t"sync"
)

var (
\tcounter int
\tmu      sync.Mutex
\twg      sync.WaitGroup
)

func worker(id int) {
\tmu.Lock()
\tcounter++
\tmu.Unlock()
\tfmt.Println("worker", id, "done")
\twg.Done()
}

func main() {
\tfor i := 1; i <= 2; i++ {
\t\twg.Add(1)
\t\tgo worker(i)
\t}
\twg.Wait()
\tfmt.Println("counter =", counter)
}
`;
}

// scenarioTemplate is the "New scenario" template: two threads that add
// to a shared counter without a lock (docs/scenario.md), and a comment on
// directives and statements (edk.tpl.c3, i18n-editor.js).
export function scenarioTemplate(tr) {
  return `# ${tr('tpl.scen.c1')}
# ${tr('tpl.scen.c2')}
# ${tr('edk.tpl.c3')}
policy rr 1

var counter = 0

thread t1
  counter = counter + 1
thread t2
  counter = counter + 1

expect counter == 2
`;
}

// isGo reports whether text is Go source rather than a scenario: its first
// word, after blank lines and // comments, is "package" (gofront.IsGo).
export function isGo(text) {
  for (const raw of String(text ?? '').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) continue;
    return line === 'package' || line.startsWith('package ') || line.startsWith('package\t');
  }
  return false;
}

// exampleGroups is the examples menu: [{label, options: [{value, label}]}].
// lessons are the hello's ({id, title, topic}); pick(title) says a title
// in the page's language. Every scenario lesson offers its scenario and,
// when it has one (hasGo(lesson), default: every lesson), its Go twin; a
// Go lesson (lang "go") is a Go program and offers that alone.
export function exampleGroups(lessons, tr, pick, hasGo = () => true) {
  const groups = [{ label: tr('ed.group.new'), options: [
    { value: 'tpl:go', label: tr('ed.tpl.go') },
    { value: 'tpl:scenario', label: tr('ed.tpl.scenario') },
  ] }];
  const opts = [];
  for (const l of lessons || []) {
    const title = pick(l.title) || l.id;
    if (l.lang !== 'go') opts.push({ value: `lesson:${l.id}:scenario`, label: tr('ed.lesson.scenario', { title }) });
    if (l.lang === 'go' || hasGo(l)) opts.push({ value: `lesson:${l.id}:go`, label: tr('ed.lesson.go', { title }) });
  }
  if (opts.length) groups.push({ label: tr('ed.group.lessons'), options: opts });
  return groups;
}

// parseExample reads an option's value: {tpl: 'go'|'scenario'} or
// {lesson: ID, form: 'scenario'|'go'}; null for anything else.
export function parseExample(value) {
  const v = String(value ?? '');
  if (v === 'tpl:go' || v === 'tpl:scenario') return { tpl: v.slice(4) };
  const m = /^lesson:([a-z0-9-]{1,64}):(scenario|go)$/.exec(v);
  return m ? { lesson: m[1], form: m[2] } : null;
}
