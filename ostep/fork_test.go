package ostep

import (
	"fmt"
	"strings"
	"testing"
)

// The expected action lists come from CPython's random module driving the
// generation rules of SEMANTICS §6 (two draws per attempt; picking the root
// for an exit retries).
func TestForkRandomActions(t *testing.T) {
	tests := []struct {
		seed, actions int
		forkPct       float64
		want          string
	}{
		{1, 8, 0.7, "a+b,a+c,c+d,a+e,c-,d+f,f+g,e+h"},
		{5, 10, 0.4, "a+b,b-,a+c,c+d,d+e,a+f,f-,e+g,e-,g+h"},
		{10, 6, 0.7, "a+b,a+c,c-,a+d,a+e,e+f"},
		{4, 5, 0.7, "a+b,a+c,b+d,d-,a+e"}, // case fork-1
	}
	for _, tc := range tests {
		acts, err := forkRandomActions("fork.py", &forkOptions{seed: intOf(int64(tc.seed)), actions: tc.actions, forkPct: tc.forkPct})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range acts {
			if a.child != "" {
				got = append(got, a.actor+"+"+a.child)
			} else {
				got = append(got, a.actor+"-")
			}
		}
		if s := strings.Join(got, ","); s != tc.want {
			t.Errorf("seed %d: got %s; want %s", tc.seed, s, tc.want)
		}

		// Applying the same list with -A prints the same actions and trees.
		seed := fmt.Sprint(tc.seed)
		random := mustRun(t, "fork", "-s", seed, "-a", fmt.Sprint(tc.actions), "-f", fmt.Sprint(tc.forkPct), "-c")
		explicit := mustRun(t, "fork", "-s", seed, "-A", tc.want, "-c")
		_, r, _ := strings.Cut(random, "Process Tree:")
		_, e, _ := strings.Cut(explicit, "Process Tree:")
		compareOutput(t, "fork -s "+seed+" random vs -A", r, e)
	}
}

func TestForkNames(t *testing.T) {
	for k, want := range map[int]string{0: "b", 24: "z", 25: "A", 50: "Z", 51: "aa", 52: "ab", 77: "aA", 103: "ba", 51 + 52*52: "aaa"} {
		if got := forkName(k); got != want {
			t.Errorf("forkName(%d): got %q; want %q", k, got, want)
		}
	}
}

// forkTail returns the output after the last "Action:" line's text.
func forkFinalTree(t *testing.T, args ...string) string {
	t.Helper()
	out := mustRun(t, append([]string{"fork"}, args...)...)
	i := strings.LastIndex(out, "Action: ")
	if i < 0 {
		t.Fatalf("%q: no action in %q", args, out)
	}
	return out[i:]
}

// Without -R an exiting process's descendants all move to the root, the
// subtree flattened; with -R its children move to its own parent.
func TestForkReparenting(t *testing.T) {
	const in = "                               "
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"to root, flattened", []string{"-s", "0", "-A", "a+b,b+c,c+d,b-", "-c", "-P", "line1"},
			"Action: b EXITS\n" + in + "a\n" + in + "+-- c\n" + in + "|-- d\n"},
		{"local parent", []string{"-s", "0", "-A", "a+b,b+c,c+d,b-", "-c", "-R", "-P", "line1"},
			"Action: b EXITS\n" + in + "a\n" + in + "|-- c\n" + in + "    |-- d\n"},
		{"local parent keeps order", []string{"-s", "0", "-A", "a+b,b+c,b+d,a+e,b-", "-c", "-R", "-P", "line2"},
			"Action: b EXITS\n" + in + "a\n" + in + "|__ e\n" + in + "|__ c\n" + in + "|__ d\n"},
		{"leaf only refuses", []string{"-s", "0", "-A", "a+b,b+c,b-", "-c", "-L", "-P", "basic"},
			"Action: b EXITS (failed: has children)\n" + in + " a\n" + in + "    b\n" + in + "       c\n"},
		{"leaf only allows a leaf", []string{"-s", "0", "-A", "a+b,b+c,c-", "-c", "-L", "-P", "basic"},
			"Action: c EXITS\n" + in + " a\n" + in + "    b\n"},
		{"fancy glyphs", []string{"-s", "0", "-A", "a+b,b+c,a+d,d+e,d+f", "-c"},
			"Action: d forks f\n" + in + "a\n" + in + "├── b\n" + in + "│   └── c\n" + in + "└── d\n" + in + "    ├── e\n" + in + "    └── f\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			compareOutput(t, strings.Join(tc.args, " "), forkFinalTree(t, tc.args...), tc.want)
		})
	}
}

// -t shows the trees and asks for the actions; without -c the trees are
// asked for instead; -F shows only the final tree.
func TestForkModes(t *testing.T) {
	const in = "                               "
	const head = "                           Process Tree:\n" + in + "a\n\n"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"ask for trees", []string{"-A", "a+b,b-"},
			head + "Action: a forks b\nProcess Tree?\nAction: b EXITS\nProcess Tree?\n"},
		{"ask for actions", []string{"-A", "a+b,b-", "-t"},
			head + "Action?\n" + in + "a\n" + in + "└── b\nAction?\n" + in + "a\n"},
		{"solve", []string{"-A", "a+b", "-c", "-t"},
			head + "Action: a forks b\n" + in + "a\n" + in + "└── b\n"},
		{"final only, asked", []string{"-A", "a+b", "-F"},
			head + "Action: a forks b\n\n                        Final Process Tree?\n\n"},
		{"final only, solved", []string{"-A", "a+b", "-F", "-c"},
			head + "Action: a forks b\n\n                        Final Process Tree:\n" + in + "a\n" + in + "└── b\n\n"},
		{"final only, actions asked", []string{"-A", "a+b", "-F", "-t"},
			head + "Action?\n\n                        Final Process Tree:\n" + in + "a\n" + in + "└── b\n\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := mustRun(t, append([]string{"fork", "-s", "0"}, tc.args...)...)
			_, got, _ := strings.Cut(out, "ARG solve ")
			_, got, _ = strings.Cut(got, "\n\n")
			compareOutput(t, strings.Join(tc.args, " "), got, tc.want)
		})
	}
}

func TestForkHeader(t *testing.T) {
	out := mustRun(t, "fork", "-s", "3", "-f", "1", "-a", "2", "-L", "-R", "-P", "basic")
	want := "\nARG seed 3\nARG fork_percentage 1.0\nARG actions 2\nARG action_list \nARG show_tree False\n" +
		"ARG just_final False\nARG leaf_only True\nARG local_reparent True\nARG print_style basic\nARG solve False\n\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("got %q; want it to start with %q", out, want)
	}
}
