package lab

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"proclab/live"
)

// The live lab's lessons: assets/live/NN-id.txt, one per file, each with
// Text text, the steps to do (which whitelisted workload to spawn with
// which arguments, which signal to send) and the id of its simulated twin
// in assets/lessons. GET /api/live/lessons serves them parsed.
//
// The format, one statement per line (# starts a comment line):
//
//	title en: TEXT           title zh: TEXT
//	explain en: TEXT         explain zh: TEXT    (repeatable: one paragraph each)
//	twin ID                  the simulated lesson shown side by side
//	step en: TEXT            starts a step; step zh: TEXT must follow
//	do ACTION                optional, after a step's text:
//	   spawn WORKLOAD [ARG=INT ...] [as NAME]
//	                            NAME (default: the workload's name) is how
//	                            later steps name the process
//	   signal SIG NAME          to the process spawned as NAME (the newest,
//	                            if that step ran more than once)
//	   trace NAME | resume NAME
//	   reap [NAME]              the zombies among NAME's processes (the
//	                            worker and its descendants); without NAME,
//	                            among all the lesson's processes
//	   killall
//
// Each step acts on the process it names: CheckLiveLessons refuses a name
// that two spawns of the lesson share (spawn the second one "as" another
// name), and a name no earlier step spawned.

// LiveLesson is one parsed live lesson.
type LiveLesson struct {
	ID        string
	Title     Text
	Explain   Text
	Twin      string
	TwinTitle Text
	Steps     []LiveLessonStep
}

// LiveLessonStep is one thing to do (and say) in a live lesson.
type LiveLessonStep struct {
	Text Text
	Do   *LiveLessonAction
}

// LiveLessonAction is what a step's button does.
type LiveLessonAction struct {
	Action string // spawn, signal, reap, trace, resume, killall
	// Workload is, for spawn, what to start; for the other actions, the
	// workload of the process they act on (filled in by CheckLiveLessons).
	Workload string
	// Name is, for spawn, the name later steps use for the process (its
	// workload's unless "as" gives another); for signal, trace, resume and
	// reap, the process they act on ("" for reap: all the lesson's).
	Name   string
	Args   map[string]int64 // spawn
	Signal string           // signal
}

// liveLessonFile is a live lesson's file name. It is compiled by
// LoadLiveLessons, not at package initialisation, which every `proclab`
// command would pay for at start-up.
const liveLessonFile = `^(\d\d)-([a-z0-9-]+)\.txt$`

// isLiveName reports whether s is a name a spawn may give its process
// ("as NAME"): a lower-case letter, then at most 31 lower-case letters,
// digits and '-'.
func isLiveName(s string) bool {
	if len(s) == 0 || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}

// LoadLiveLessons parses every live/NN-id.txt in fsys, in file name order.
// Nothing is checked against the whitelist or the simulated lessons here:
// CheckLiveLessons does that.
func LoadLiveLessons(fsys fs.FS) ([]LiveLesson, error) {
	names, err := fs.Glob(fsys, "live/*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	fileRE := regexp.MustCompile(liveLessonFile)
	out := []LiveLesson{}
	for _, name := range names {
		m := fileRE.FindStringSubmatch(path.Base(name))
		if m == nil {
			return nil, fmt.Errorf("live lesson file %s: name must be NN-id.txt", name)
		}
		text, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		l, err := ParseLiveLesson(m[2], string(text))
		if err != nil {
			return nil, fmt.Errorf("live lesson %s: %w", name, err)
		}
		out = append(out, l)
	}
	return out, nil
}

// ParseLiveLesson parses one live lesson's text.
func ParseLiveLesson(id, text string) (LiveLesson, error) {
	l := LiveLesson{ID: id, Steps: []LiveLessonStep{}}
	var explain = map[string][]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	fail := func(format string, a ...any) (LiveLesson, error) {
		return LiveLesson{}, fmt.Errorf("line %d: %s", n, fmt.Sprintf(format, a...))
	}
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch key {
		case "title", "explain", "step":
			lang, body, ok := strings.Cut(rest, ":")
			body = strings.TrimSpace(body)
			if !ok || (lang != "en" && lang != "zh") || body == "" {
				return fail("want %q or %q followed by text", key+" en:", key+" zh:")
			}
			switch key {
			case "title":
				if setLang(&l.Title, lang, body) {
					return fail("a second %s title", lang)
				}
			case "explain":
				explain[lang] = append(explain[lang], body)
			case "step":
				if lang == "en" {
					l.Steps = append(l.Steps, LiveLessonStep{Text: Text{En: body}})
					break
				}
				if len(l.Steps) == 0 || l.Steps[len(l.Steps)-1].Text.Zh != "" {
					return fail("step zh: must follow a step en:")
				}
				l.Steps[len(l.Steps)-1].Text.Zh = body
			}
		case "twin":
			if l.Twin != "" || rest == "" || strings.ContainsAny(rest, " \t") {
				return fail("want one twin ID")
			}
			l.Twin = rest
		case "do":
			if len(l.Steps) == 0 || l.Steps[len(l.Steps)-1].Do != nil {
				return fail("do belongs to a step, at most one each")
			}
			a, err := parseLiveAction(rest)
			if err != nil {
				return fail("%v", err)
			}
			l.Steps[len(l.Steps)-1].Do = a
		default:
			return fail("unknown statement %q (title, explain, twin, step, do)", key)
		}
	}
	if err := sc.Err(); err != nil {
		return LiveLesson{}, err
	}
	l.Explain = Text{En: strings.Join(explain["en"], "\n"), Zh: strings.Join(explain["zh"], "\n")}
	if l.Title.En == "" || l.Title.Zh == "" || l.Explain.En == "" || l.Explain.Zh == "" {
		return LiveLesson{}, errors.New("a title and an explanation in both en and zh are required")
	}
	if l.Twin == "" {
		return LiveLesson{}, errors.New("twin: the simulated lesson to show side by side is required")
	}
	if len(l.Steps) == 0 {
		return LiveLesson{}, errors.New("at least one step is required")
	}
	for i, s := range l.Steps {
		if s.Text.Zh == "" {
			return LiveLesson{}, fmt.Errorf("step %d has no zh text", i+1)
		}
	}
	return l, nil
}

func setLang(b *Text, lang, text string) (again bool) {
	p := &b.En
	if lang == "zh" {
		p = &b.Zh
	}
	again = *p != ""
	*p = text
	return again
}

func parseLiveAction(s string) (*LiveLessonAction, error) {
	f := strings.Fields(s)
	if len(f) == 0 {
		return nil, errors.New("do: want an action (spawn, signal, reap, trace, resume, killall)")
	}
	a := &LiveLessonAction{Action: f[0]}
	switch f[0] {
	case "spawn":
		if len(f) < 2 {
			return nil, errors.New("do spawn: want a workload")
		}
		a.Workload, a.Name = f[1], f[1]
		kvs := f[2:]
		if n := len(kvs); n >= 2 && kvs[n-2] == "as" {
			if !isLiveName(kvs[n-1]) {
				return nil, fmt.Errorf("do spawn: the name after as must be lower-case letters, digits and -, got %q", kvs[n-1])
			}
			a.Name, kvs = kvs[n-1], kvs[:n-2]
		}
		for _, kv := range kvs {
			k, v, ok := strings.Cut(kv, "=")
			n, err := strconv.ParseInt(v, 10, 64)
			if !ok || k == "" || err != nil {
				return nil, fmt.Errorf("do spawn: want NAME=INTEGER or as NAME, got %q", kv)
			}
			if a.Args == nil {
				a.Args = map[string]int64{}
			}
			if _, dup := a.Args[k]; dup {
				return nil, fmt.Errorf("do spawn: %s given twice", k)
			}
			a.Args[k] = n
		}
	case "signal":
		if len(f) != 3 {
			return nil, errors.New("do signal: want SIG NAME (the process a spawn step started)")
		}
		a.Signal = strings.TrimPrefix(strings.ToUpper(f[1]), "SIG")
		a.Name = f[2]
	case "trace", "resume":
		if len(f) != 2 {
			return nil, fmt.Errorf("do %s: want NAME (the process a spawn step started)", f[0])
		}
		a.Name = f[1]
	case "reap":
		if len(f) > 2 {
			return nil, errors.New("do reap: want at most a NAME")
		}
		if len(f) == 2 {
			a.Name = f[1]
		}
	case "killall":
		if len(f) != 1 {
			return nil, fmt.Errorf("do %s takes nothing", f[0])
		}
	default:
		return nil, fmt.Errorf("do: unknown action %q", f[0])
	}
	return a, nil
}

// CheckLiveLessons checks the lessons against the live lab's whitelist and
// the simulated lessons: the twin exists, every spawn names a whitelisted
// workload with known arguments in range, every signal is allowed, and a
// step that acts on a workload's process comes after a step that spawns it.
// It fills in each twin's title.
func CheckLiveLessons(ls []LiveLesson, sims *Lessons) error {
	seen := map[string]bool{}
	for i := range ls {
		l := &ls[i]
		if seen[l.ID] {
			return fmt.Errorf("live lesson %s: the id is used twice", l.ID)
		}
		seen[l.ID] = true
		twin, ok := sims.Get(l.Twin)
		if !ok {
			return fmt.Errorf("live lesson %s: twin %q is not a simulated lesson", l.ID, l.Twin)
		}
		l.TwinTitle = Text{En: twin.Scenario.Title["en"], Zh: twin.Scenario.Title["zh"]}
		spawned := map[string]string{} // name -> workload
		spawns := map[string]int{}     // name -> how many spawn steps use it
		for j := range l.Steps {
			a := l.Steps[j].Do
			if a == nil {
				continue
			}
			where := fmt.Sprintf("live lesson %s, step %d", l.ID, j+1)
			switch a.Action {
			case "spawn":
				w, ok := live.LookupWorkload(a.Workload)
				if !ok {
					return fmt.Errorf("%s: %q is not a whitelisted workload", where, a.Workload)
				}
				if _, err := w.Check(a.Args); err != nil {
					return fmt.Errorf("%s: %w", where, err)
				}
				if wl, ok := spawned[a.Name]; ok && wl != a.Workload {
					return fmt.Errorf("%s: the name %q is already a %s process", where, a.Name, wl)
				}
				spawned[a.Name] = a.Workload
				spawns[a.Name]++
			case "signal", "trace", "resume", "reap":
				if a.Action == "signal" && !slices.Contains(live.Signals, a.Signal) {
					return fmt.Errorf("%s: signal %q is not one the lab sends (%s)", where, a.Signal, strings.Join(live.Signals, " "))
				}
				if len(spawned) == 0 {
					return fmt.Errorf("%s: no earlier step spawns a process", where)
				}
				if a.Name == "" {
					break // reap: all the lesson's zombies
				}
				wl, ok := spawned[a.Name]
				if !ok {
					return fmt.Errorf("%s: no earlier step spawns a process named %q", where, a.Name)
				}
				if spawns[a.Name] > 1 {
					return fmt.Errorf("%s: %d earlier steps spawn a process named %q: give each its own name (spawn ... as NAME) so that the step acts on the one it means", where, spawns[a.Name], a.Name)
				}
				a.Workload = wl
			}
		}
	}
	return nil
}
