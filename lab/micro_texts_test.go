package lab

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"proclab/assets"
	"proclab/sim"
)

// microTextsFile lists the micro-steps' texts of every built-in lesson and
// of every lesson's Go twin the lab runs, as the server sends them (in English, the
// scenario language's and Go's words), for web/js/i18n-micro.test.mjs,
// which checks that the Chinese page words each one in Chinese.
const microTextsFile = "../web/js/testdata/micro-texts.json"

// TestMicroTextsListed keeps microTextsFile current: a lesson with a new
// kind of micro-step puts it in the list, where the Chinese test finds it.
// PROCLAB_UPDATE_MICRO=1 writes the list.
func TestMicroTextsListed(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, l := range ls.All() {
		scs := []*sim.Scenario{l.Scenario}
		if !l.IsGo && l.Go != "" {
			// A race lesson's twin runs in the lab; a process lesson's is
			// real Go that imports what the subset has not (docs/go.md).
			if sc, err := Compile(l.Go, LangGo); err == nil {
				scs = append(scs, sc)
			}
		}
		for _, sc := range scs {
			for _, p := range sc.Programs {
				for _, in := range p.Code {
					if in.Micro != "" {
						seen[in.Micro] = true
					}
				}
			}
		}
	}
	var list []string
	for m := range seen {
		list = append(list, m)
	}
	slices.Sort(list)
	got, _ := json.MarshalIndent(list, "", " ")
	got = append(got, '\n')
	if os.Getenv("PROCLAB_UPDATE_MICRO") != "" {
		if err := os.WriteFile(microTextsFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(microTextsFile)
	if err != nil || string(want) != string(got) {
		t.Fatalf("%s is not the lessons' micro-steps (%d texts): run PROCLAB_UPDATE_MICRO=1 go test ./lab -run TestMicroTextsListed", microTextsFile, len(list))
	}
}
