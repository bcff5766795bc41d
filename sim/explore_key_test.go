package sim

import "testing"

// TestExploreKeyCoversNewState checks that Explore's state key tells apart
// states that differ only in what issue 11 added, where the program counter
// stays on a statement for several ticks: a copy-on-write fault (the page
// table entry changes, the write runs again) and a named system call of
// several ticks. With the state before and after such a tick merged,
// Explore took the second for a loop and lost the schedules after it.
func TestExploreKeyCoversNewState(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // the outcomes, as Outcome.String writes them
	}{
		{"cow fault", "memory\nprocess a\n  fork\n  write data 0\n", []string{""}},
		{"cow fault in both", "memory\nshm g\nvar v = 0 in g\nprocess a\n  shmat g\n  fork\n  write data 0\n  v = v + 1\n",
			[]string{"v=1", "v=2"}},
		{"syscall ticks", "var v = 0\nthread a\n  syscall getpid 3\n  v = v + 1\nthread b\n  v = v + 1\n",
			[]string{"v=1", "v=2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Helper()
			sc, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			res := Explore(sc, ExploreOptions{MaxStates: 100_000})
			if res.Cycles {
				t.Errorf("got Cycles; want none (no statement spins)")
			}
			if !res.Complete {
				t.Errorf("got an incomplete exploration; want a complete one")
			}
			got := map[string]bool{}
			for _, o := range res.Outcomes {
				got[o.String(sc)] = true
			}
			if len(got) != len(tt.want) {
				t.Errorf("got outcomes %v; want %v", got, tt.want)
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("got outcomes %v; want %q among them", got, w)
				}
			}
		})
	}
}
