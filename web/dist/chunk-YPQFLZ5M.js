// js/examples.js
function goTemplate(tr) {
  return `// ${tr("tpl.go.c1")}
// ${tr("tpl.go.c2")}
// ${tr("tpl.go.c3")}
package main

import (
	"fmt"
	"sync"
)

var (
	counter int
	mu      sync.Mutex
	wg      sync.WaitGroup
)

func worker(id int) {
	mu.Lock()
	counter++
	mu.Unlock()
	fmt.Println("worker", id, "done")
	wg.Done()
}

func main() {
	for i := 1; i <= 2; i++ {
		wg.Add(1)
		go worker(i)
	}
	wg.Wait()
	fmt.Println("counter =", counter)
}
`;
}
function scenarioTemplate(tr) {
  return `# ${tr("tpl.scen.c1")}
# ${tr("tpl.scen.c2")}
# ${tr("edk.tpl.c3")}
policy rr 1

var counter = 0

thread t1
  counter = counter + 1
thread t2
  counter = counter + 1

expect counter == 2
`;
}
function isGo(text) {
  for (const raw of String(text ?? "").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("//")) continue;
    return line === "package" || line.startsWith("package ") || line.startsWith("package	");
  }
  return false;
}
function exampleGroups(lessons, tr, pick, hasGo = () => true) {
  const groups = [{ label: tr("ed.group.new"), options: [
    { value: "tpl:go", label: tr("ed.tpl.go") },
    { value: "tpl:scenario", label: tr("ed.tpl.scenario") }
  ] }];
  const opts = [];
  for (const l of lessons || []) {
    const title = pick(l.title) || l.id;
    if (l.lang !== "go") opts.push({ value: `lesson:${l.id}:scenario`, label: tr("ed.lesson.scenario", { title }) });
    if (l.lang === "go" || hasGo(l)) opts.push({ value: `lesson:${l.id}:go`, label: tr("ed.lesson.go", { title }) });
  }
  if (opts.length) groups.push({ label: tr("ed.group.lessons"), options: opts });
  return groups;
}
function parseExample(value) {
  const v = String(value ?? "");
  if (v === "tpl:go" || v === "tpl:scenario") return { tpl: v.slice(4) };
  const m = /^lesson:([a-z0-9-]{1,64}):(scenario|go)$/.exec(v);
  return m ? { lesson: m[1], form: m[2] } : null;
}

export {
  goTemplate,
  scenarioTemplate,
  isGo,
  exampleGroups,
  parseExample
};
