package lab

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"proclab/assets"
	"proclab/live"
)

// TestLiveLessonsAreValid checks the built-in live lessons: both languages
// everywhere, a simulated twin that exists, whitelisted workloads with known
// arguments in range, allowed signals, and the five topics the course needs.
func TestLiveLessonsAreValid(t *testing.T) {
	ls, err := LoadLiveLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	sims, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckLiveLessons(ls, sims); err != nil {
		t.Fatal(err)
	}
	if len(ls) < 5 {
		t.Fatalf("%d live lessons; want at least 5", len(ls))
	}
	twins := map[string]string{}
	spawns := map[string]bool{}
	for _, l := range ls {
		twins[l.ID] = l.Twin
		for _, b := range []Text{l.Title, l.Explain, l.TwinTitle} {
			if strings.TrimSpace(b.En) == "" || strings.TrimSpace(b.Zh) == "" {
				t.Errorf("%s: missing text in one language: %+v", l.ID, b)
			}
		}
		if _, ok := sims.Get(l.Twin); !ok {
			t.Errorf("%s: twin %q does not exist", l.ID, l.Twin)
		}
		acts := 0
		for i, s := range l.Steps {
			if s.Text.En == "" || s.Text.Zh == "" {
				t.Errorf("%s step %d: missing text", l.ID, i+1)
			}
			if s.Do == nil {
				continue
			}
			acts++
			if s.Do.Action == "spawn" {
				spawns[s.Do.Workload] = true
				w, ok := live.LookupWorkload(s.Do.Workload)
				if !ok {
					t.Errorf("%s step %d: %q is not whitelisted", l.ID, i+1, s.Do.Workload)
					continue
				}
				for name, v := range s.Do.Args {
					i := slices.IndexFunc(w.Args, func(a live.Arg) bool { return a.Name == name })
					if i < 0 || v < w.Args[i].Min || v > w.Args[i].Max {
						t.Errorf("%s: %s.%s = %d is not a valid argument", l.ID, w.Name, name, v)
					}
				}
			}
		}
		if acts == 0 {
			t.Errorf("%s: no step does anything", l.ID)
		}
	}
	// The five topics: states, zombies, signals, copy-on-write, lost updates.
	for id, twin := range map[string]string{"states": "cpu-vs-io", "zombies": "lifecycle", "signals": "signals", "cow": "cow", "lost-update": "lost-update"} {
		if got, ok := twins[id]; !ok || got != twin {
			t.Errorf("live lesson %s: twin %q, want %q (present: %v)", id, got, twin, ok)
		}
	}
	for _, w := range []string{"cpu", "sleep", "exit", "forker", "cow", "race", "signals", "pipe", "socket",
		"gosignals", "syscalls", "pids", "pingpong"} { // the last line: issue 11, part 5 (live-sys)
		if !spawns[w] {
			t.Errorf("no live lesson spawns %s", w)
		}
	}
}

// TestLiveLessonParseErrors checks that broken lessons are refused with the
// line at fault, and that the checks catch what the parser cannot.
func TestLiveLessonParseErrors(t *testing.T) {
	const head = "title en: T\ntitle zh: 题\nexplain en: E\nexplain zh: 解\ntwin lifecycle\n"
	bad := map[string]string{
		"no zh title":       "title en: T\nexplain en: E\nexplain zh: 解\ntwin lifecycle\nstep en: a\nstep zh: 甲\n",
		"no twin":           "title en: T\ntitle zh: 题\nexplain en: E\nexplain zh: 解\nstep en: a\nstep zh: 甲\n",
		"no steps":          head,
		"step without zh":   head + "step en: a\n",
		"zh without en":     head + "step zh: 甲\n",
		"unknown statement": head + "stepp en: a\n",
		"do before a step":  head + "do killall\nstep en: a\nstep zh: 甲\n",
		"two dos":           head + "step en: a\nstep zh: 甲\ndo killall\ndo reap\n",
		"bad arg":           head + "step en: a\nstep zh: 甲\ndo spawn cpu duty=lots\n",
		"unknown action":    head + "step en: a\nstep zh: 甲\ndo fork\n",
		"two twins":         head + "twin signals\nstep en: a\nstep zh: 甲\n",
		"signal to nobody":  head + "step en: a\nstep zh: 甲\ndo spawn cpu\nstep en: b\nstep zh: 乙\ndo signal STOP\n",
		"trace nobody":      head + "step en: a\nstep zh: 甲\ndo spawn cpu\nstep en: b\nstep zh: 乙\ndo trace\n",
		"bad name":          head + "step en: a\nstep zh: 甲\ndo spawn cpu as Big!\n",
		"as without a name": head + "step en: a\nstep zh: 甲\ndo spawn cpu duty=3 as\n",
	}
	for name, text := range bad {
		if _, err := ParseLiveLesson("x", text); err == nil {
			t.Errorf("%s: parsed without error", name)
		}
	}
	sims, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]string{
		"unknown twin":        strings.Replace(head, "twin lifecycle", "twin nosuch", 1) + "step en: a\nstep zh: 甲\n",
		"unknown workload":    head + "step en: a\nstep zh: 甲\ndo spawn bash\n",
		"arg out of range":    head + "step en: a\nstep zh: 甲\ndo spawn cpu duty=101\n",
		"unknown arg":         head + "step en: a\nstep zh: 甲\ndo spawn sleep seconds=3\n",
		"bad signal":          head + "step en: a\nstep zh: 甲\ndo spawn cpu\nstep en: b\nstep zh: 乙\ndo signal SEGV cpu\n",
		"signal before any":   head + "step en: a\nstep zh: 甲\ndo signal STOP cpu\n",
		"signal to unspawned": head + "step en: a\nstep zh: 甲\ndo spawn cpu\nstep en: b\nstep zh: 乙\ndo signal STOP sleep\n",
		"reap before any":     head + "step en: a\nstep zh: 甲\ndo reap\n",
		// Two spawns of one workload under one name: which one would a
		// signal hit? The lesson must name them apart.
		"ambiguous target": head + "step en: a\nstep zh: 甲\ndo spawn cpu duty=100\nstep en: b\nstep zh: 乙\ndo spawn cpu duty=30\nstep en: c\nstep zh: 丙\ndo signal STOP cpu\n",
		"ambiguous reap":   head + "step en: a\nstep zh: 甲\ndo spawn exit\nstep en: b\nstep zh: 乙\ndo spawn exit\nstep en: c\nstep zh: 丙\ndo reap exit\n",
		"name reused":      head + "step en: a\nstep zh: 甲\ndo spawn cpu as x\nstep en: b\nstep zh: 乙\ndo spawn sleep as x\n",
	}
	for name, text := range refused {
		l, err := ParseLiveLesson("x", text)
		if err != nil {
			t.Errorf("%s: does not parse: %v", name, err)
			continue
		}
		if err := CheckLiveLessons([]LiveLesson{l}, sims); err == nil {
			t.Errorf("%s: passed the checks", name)
		}
	}
	good := head + "step en: a\nstep zh: 甲\ndo spawn race procs=2 mode=1\nstep en: b\nstep zh: 乙\ndo signal sigstop race\n"
	l, err := ParseLiveLesson("x", good)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckLiveLessons([]LiveLesson{l}, sims); err != nil {
		t.Fatal(err)
	}
	if a := l.Steps[1].Do; a.Signal != "STOP" || a.Workload != "race" || a.Name != "race" {
		t.Errorf("signal step = %+v", a)
	}
	// Named apart, two spawns of one workload are each reachable.
	named := head + "step en: a\nstep zh: 甲\ndo spawn cpu duty=100 as busy\nstep en: b\nstep zh: 乙\ndo spawn cpu duty=30 as half\n" +
		"step en: c\nstep zh: 丙\ndo signal STOP busy\nstep en: d\nstep zh: 丁\ndo reap half\n"
	l2, err := ParseLiveLesson("x", named)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckLiveLessons([]LiveLesson{l2}, sims); err != nil {
		t.Fatal(err)
	}
	got := [][3]string{}
	for _, s := range l2.Steps {
		got = append(got, [3]string{s.Do.Action, s.Do.Workload, s.Do.Name})
	}
	want := [][3]string{{"spawn", "cpu", "busy"}, {"spawn", "cpu", "half"}, {"signal", "cpu", "busy"}, {"reap", "cpu", "half"}}
	if !slices.Equal(got, want) {
		t.Errorf("named steps: got %v; want %v", got, want)
	}
	if a := l2.Steps[0].Do; a.Args["duty"] != 100 || len(a.Args) != 1 {
		t.Errorf("spawn as: args %v; want duty=100 only", a.Args)
	}
	if a := l.Steps[0].Do; a.Args["procs"] != 2 || a.Args["mode"] != 1 || len(a.Args) != 2 {
		t.Errorf("spawn step = %+v", a)
	}
	if _, err := LoadLiveLessons(fstest.MapFS{"live/1-x.txt": {Data: []byte(good)}}); err == nil {
		t.Error("a badly named file was accepted")
	}
}

// TestLiveSignalsLessonOnCatchingSIGCONT keeps the live signals lesson true
// to Linux: SIGSTOP can be neither caught nor ignored, but SIGCONT can be
// caught (sigaction(SIGCONT) succeeds and the handler runs, and the process
// continues anyway; the go-signals lesson catches it). The lesson once said
// neither could be caught.
func TestLiveSignalsLessonOnCatchingSIGCONT(t *testing.T) {
	ls, err := LoadLiveLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.ID != "signals" {
			continue
		}
		if !strings.Contains(l.Explain.En, "SIGCONT can be caught") || !strings.Contains(l.Explain.Zh, "SIGCONT 可以被捕获") {
			t.Errorf("the live signals lesson does not say that SIGCONT can be caught:\n%s\n%s", l.Explain.En, l.Explain.Zh)
		}
		for _, wrong := range []string{"neither can be caught", "这两个信号都无法被捕获"} {
			if strings.Contains(l.Explain.En+l.Explain.Zh, wrong) {
				t.Errorf("the live signals lesson says %q", wrong)
			}
		}
		return
	}
	t.Fatal("no live lesson signals")
}
