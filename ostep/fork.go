package ostep

import (
	"fmt"
	"slices"
	"strings"
)

// fork.py: a process tree changed by fork and exit actions, with orphans
// reparented to the root (or, with -R, to the exiting process's parent)
// (SEMANTICS §6).

const forkRoot = "a"

// forkLetters is the alphabet of process names, in naming order.
const forkLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

// forkName is the name of the k-th forked child (k from 0): b..z, A..Z,
// then aa, ab, ..., aZ, ba, ... and, past two letters, three, and so on.
func forkName(k int) string {
	if k < len(forkLetters)-1 {
		return forkLetters[k+1 : k+2]
	}
	n := k - (len(forkLetters) - 1)
	width, span := 2, len(forkLetters)*len(forkLetters)
	for n >= span {
		n -= span
		width++
		span *= len(forkLetters)
	}
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = forkLetters[n%len(forkLetters)]
		n /= len(forkLetters)
	}
	return string(b)
}

// forkAction is one fork ("X+Y") or exit ("X-").
type forkAction struct {
	actor, child string // child is "" for an exit
}

// forkTree is the process tree: ordered child lists and parent links.
type forkTree struct {
	children map[string][]string
	parent   map[string]string
}

type forkOptions struct {
	seed                                       pyInt
	forkPct                                    float64
	actions                                    int
	actionList, style                          string
	showTree, justFinal, leafOnly, localParent bool
	solve                                      bool
}

func runFork(args []string, out *printer) error {
	const prog = "fork.py"
	var o forkOptions
	fs := newFlagSet(prog)
	fs.seedVar(&o.seed, "-s", "--seed", -1, "the random seed")
	fs.floatVar(&o.forkPct, "-f", "--forks", 0.7, "percent of actions that are forks (not exits)")
	fs.intVar(&o.actions, "-a", "--actions", 5, "number of actions to generate")
	fs.stringVar(&o.actionList, "-A", "--action_list", "", "action list, instead of randomly generated ones (format: a+b,b+c,b- means a forks b, b forks c, b exits)")
	fs.boolVar(&o.showTree, "-t", "--show_tree", "show tree (not actions)")
	fs.boolVar(&o.justFinal, "-F", "--final_only", "just show final state")
	fs.boolVar(&o.leafOnly, "-L", "--leaf_only", "only leaf processes exit")
	fs.boolVar(&o.localParent, "-R", "--local_reparent", "reparent to local parent")
	fs.stringVar(&o.style, "-P", "--print_style", "fancy", "tree print style (basic, line1, line2, fancy)")
	fs.boolVar(&o.solve, "-c", "--solve", "compute answers for me")
	if err := fs.parse(args); err != nil {
		return err
	}
	glyphs, ok := forkGlyphs(o.style)
	if !ok && o.style != "basic" {
		return inputError(prog, "option -P: unknown print style %s (want basic, line1, line2 or fancy)", pyQuote(o.style))
	}
	var acts []forkAction
	var err error
	if o.actionList != "" {
		acts, err = forkParseActions(prog, o.actionList)
	} else {
		acts, err = forkRandomActions(prog, &o)
	}
	if err != nil {
		return err
	}

	out.line("")
	out.f("ARG seed %s\n", o.seed.String())
	out.f("ARG fork_percentage %s\n", pyFloatStr(o.forkPct))
	out.f("ARG actions %d\n", o.actions)
	out.f("ARG action_list %s\n", o.actionList)
	out.f("ARG show_tree %s\n", pyBool(o.showTree))
	out.f("ARG just_final %s\n", pyBool(o.justFinal))
	out.f("ARG leaf_only %s\n", pyBool(o.leafOnly))
	out.f("ARG local_reparent %s\n", pyBool(o.localParent))
	out.f("ARG print_style %s\n", o.style)
	out.f("ARG solve %s\n", pyBool(o.solve))
	out.line("")

	tree := &forkTree{children: map[string][]string{forkRoot: nil}, parent: map[string]string{}}
	show := func() { tree.print(out, o.style == "basic", glyphs) }
	out.line("                           Process Tree:")
	show()
	out.line("")
	for _, a := range acts {
		text, err := tree.apply(prog, a, &o)
		if err != nil {
			return err
		}
		if o.showTree {
			if o.solve {
				out.f("Action: %s\n", text)
			} else {
				out.line("Action?")
			}
			if !o.justFinal {
				show()
			}
		} else {
			out.f("Action: %s\n", text)
			if !o.justFinal {
				if o.solve {
					show()
				} else {
					out.line("Process Tree?")
				}
			}
		}
		if out.full() {
			return nil
		}
	}
	if o.justFinal {
		if o.showTree || o.solve {
			out.line("\n                        Final Process Tree:")
			show()
			out.line("")
		} else {
			out.line("\n                        Final Process Tree?")
			out.line("")
		}
	}
	return nil
}

// forkParseActions parses -A: "X+Y" (X forks Y) and "X-" (X exits).
func forkParseActions(prog, list string) ([]forkAction, error) {
	var acts []forkAction
	for _, s := range strings.Split(list, ",") {
		var a forkAction
		if name, ok := strings.CutSuffix(s, "-"); ok && name != "" && !strings.ContainsAny(name, "+-") {
			a = forkAction{actor: name}
		} else if p, c, ok := strings.Cut(s, "+"); ok && p != "" && c != "" && !strings.ContainsAny(p+c, "+-") {
			a = forkAction{actor: p, child: c}
		} else {
			return nil, inputError(prog, "bad action %s in -A (want X+Y or X-)", pyQuote(s))
		}
		if len(acts) >= MaxJobs {
			return nil, inputError(prog, "more than %d actions", MaxJobs)
		}
		acts = append(acts, a)
	}
	return acts, nil
}

// forkRandomActions draws the -a actions: two draws per attempt, a fork
// with probability -f, else an exit of a random live process; picking the
// root retries without counting.
func forkRandomActions(prog string, o *forkOptions) ([]forkAction, error) {
	if o.actions > MaxJobs {
		return nil, inputError(prog, "more than %d actions", MaxJobs)
	}
	rng := o.seed.rng()
	live := []string{forkRoot}
	var acts []forkAction
	forks := 0
	for steps := 0; len(acts) < o.actions; steps++ {
		if steps >= MaxSteps {
			return nil, stepLimit(prog)
		}
		if rng.random() < o.forkPct {
			parent := live[pyTrunc(rng.random()*float64(len(live)))]
			child := forkName(forks)
			forks++
			live = append(live, child)
			acts = append(acts, forkAction{actor: parent, child: child})
			continue
		}
		k := pyTrunc(rng.random() * float64(len(live)))
		if live[k] == forkRoot {
			continue
		}
		acts = append(acts, forkAction{actor: live[k]})
		live = slices.Delete(live, k, k+1)
	}
	return acts, nil
}

// apply performs one action and returns its text for the trace.
func (t *forkTree) apply(prog string, a forkAction, o *forkOptions) (string, error) {
	if _, ok := t.children[a.actor]; !ok {
		return "", inputError(prog, "action on process %s, which does not exist", pyQuote(a.actor))
	}
	if a.child != "" {
		if _, ok := t.children[a.child]; ok {
			return "", inputError(prog, "process %s forks %s, which already exists", pyQuote(a.actor), pyQuote(a.child))
		}
		t.children[a.actor] = append(t.children[a.actor], a.child)
		t.children[a.child] = nil
		t.parent[a.child] = a.actor
		return fmt.Sprintf("%s forks %s", a.actor, a.child), nil
	}
	x := a.actor
	if x == forkRoot {
		return "", inputError(prog, "the root process %s cannot exit", pyQuote(x))
	}
	if o.leafOnly && len(t.children[x]) > 0 {
		return x + " EXITS (failed: has children)", nil
	}
	p := t.parent[x]
	if o.localParent {
		for _, c := range t.children[x] {
			t.children[p] = append(t.children[p], c)
			t.parent[c] = p
		}
	} else {
		desc := t.descendants(x)
		for _, d := range desc {
			t.children[forkRoot] = append(t.children[forkRoot], d)
			t.parent[d] = forkRoot
		}
		for _, d := range desc {
			t.children[d] = nil
		}
	}
	t.children[p] = slices.DeleteFunc(t.children[p], func(c string) bool { return c == x })
	delete(t.children, x)
	delete(t.parent, x)
	return x + " EXITS", nil
}

// descendants lists x's descendants in pre-order, x excluded.
func (t *forkTree) descendants(x string) []string {
	var d []string
	var walk func(n string)
	walk = func(n string) {
		for _, c := range t.children[n] {
			d = append(d, c)
			walk(c)
		}
	}
	walk(x)
	return d
}

// treeGlyphs are the vertical, horizontal, tee and last-child glyphs.
type treeGlyphs struct{ v, h, t, l string }

func forkGlyphs(style string) (treeGlyphs, bool) {
	switch style {
	case "fancy":
		return treeGlyphs{"│", "─", "├", "└"}, true
	case "line1":
		return treeGlyphs{"|", "-", "+", "|"}, true
	case "line2":
		return treeGlyphs{"|", "_", "|", "|"}, true
	}
	return treeGlyphs{}, false
}

// print draws the tree in pre-order; every line starts with 31 spaces.
func (t *forkTree) print(out *printer, basic bool, g treeGlyphs) {
	const indent = "                               "
	var walk func(n string, depth int, lastAt []bool)
	walk = func(n string, depth int, lastAt []bool) {
		var b strings.Builder
		b.WriteString(indent)
		switch {
		case basic:
			b.WriteString(strings.Repeat(" ", 3*depth))
			fmt.Fprintf(&b, "%2s", n)
		case depth == 0:
			b.WriteString(n)
		default:
			// One cell per ancestor at depths 1..depth-1, then the branch.
			for _, last := range lastAt[:depth-1] {
				if last {
					b.WriteString("    ")
				} else {
					b.WriteString(g.v + "   ")
				}
			}
			if lastAt[depth-1] {
				b.WriteString(g.l)
			} else {
				b.WriteString(g.t)
			}
			b.WriteString(g.h + g.h + " " + n)
		}
		out.line(b.String())
		kids := t.children[n]
		for i, c := range kids {
			walk(c, depth+1, append(slices.Clone(lastAt), i == len(kids)-1))
		}
	}
	walk(forkRoot, 0, nil)
}
