package bundle

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const webDir = "../../web"

// TestDistIsCurrent: web/dist holds exactly what the modules beside it
// bundle into. It fails after a module changes until `go generate ./web`
// is run (the server would serve the modules one by one meanwhile).
func TestDistIsCurrent(t *testing.T) {
	want, err := Build(webDir)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadDir(filepath.Join(webDir, "dist"))
	if err != nil {
		t.Fatal(err)
	}
	stale := false
	for _, e := range have {
		name := "dist/" + e.Name()
		body, err := os.ReadFile(filepath.Join(webDir, name))
		if err != nil {
			t.Fatal(err)
		}
		w, ok := want[name]
		if !ok || !bytes.Equal(body, w) {
			stale = true
			t.Errorf("web/%s is not what the modules bundle into", name)
		}
		delete(want, name)
	}
	for name := range want {
		stale = true
		t.Errorf("web/%s is missing", name)
	}
	if stale {
		t.Error("web/dist is stale: run `go generate ./web`")
	}
}

// TestEntries: the bundle's entry points are the pages' module scripts
// and the views loaded on demand, never boot.js (served as it is).
func TestEntries(t *testing.T) {
	got, err := Entries(webDir)
	if err != nil {
		t.Fatal(err)
	}
	joined := " " + strings.Join(got, " ") + " "
	for _, want := range []string{"app.js", "layout.js", "handout.js", "live.js", "sched.js", "room.js", "editor.js", "quiz.js", "limits.js"} {
		if !strings.Contains(joined, " "+want+" ") {
			t.Errorf("entry points %v lack %s", got, want)
		}
	}
	if strings.Contains(joined, " boot.js ") {
		t.Errorf("entry points %v hold boot.js, which must stay one file without imports", got)
	}
}

// TestStandaloneStaysOut: app.js's bundle imports boot.js by its own
// address (one module instance with the page's early socket), and no
// chunk holds boot.js's code.
func TestStandaloneStaysOut(t *testing.T) {
	files, err := Build(webDir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files["dist/app.js"], []byte(`from "./boot.js"`)) {
		t.Error(`dist/app.js does not import "./boot.js"`)
	}
	for name, body := range files {
		if bytes.Contains(body, []byte("function takeEarlySocket")) {
			t.Errorf("%s holds boot.js's code", name)
		}
	}
}

// TestServerLinksNoBundler: the proclab binary does not link esbuild (its
// initialisers would add about 1.2 ms to every start of the CLI and of
// the live lab's workers).
func TestServerLinksNoBundler(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "proclab").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte("github.com/evanw/esbuild")) {
		t.Error("the proclab binary links esbuild")
	}
}
