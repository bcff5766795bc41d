package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"proclab/assets"
	"proclab/lab"
	"proclab/server"
)

// TestTraceEndpointEqualsCLI checks that GET /api/trace?lesson=ID answers,
// byte for byte, what `proclab run --json --max-steps N FILE` prints for
// the lesson's file (N: the websocket's step limit for it), for every
// lesson, and with a seed for one.
func TestTraceEndpointEqualsCLI(t *testing.T) {
	srv, err := server.New(server.Config{Web: fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}, Assets: assets.Files})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	lessons, err := lab.LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(assets.Files, "lessons/*")
	if err != nil {
		t.Fatal(err)
	}
	type tc struct{ id, file, seed string }
	var tests []tc
	for _, f := range files {
		if strings.HasSuffix(f, ".txt") || strings.HasSuffix(f, ".go") {
			base := strings.TrimSuffix(path.Base(f), path.Ext(f))
			id := base[strings.IndexByte(base, '-')+1:]
			tests = append(tests, tc{id, f, ""})
		}
	}
	tests = append(tests, tc{"lost-update", "lessons/14-lost-update.txt", "7"})
	if len(tests) < 30 {
		t.Fatalf("found %d lessons; want the whole course", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.id+"/seed="+tt.seed, func(t *testing.T) {
			l, ok := lessons.Get(tt.id)
			if !ok {
				t.Fatalf("lesson %q of %s is not loaded", tt.id, tt.file)
			}
			text, err := fs.ReadFile(assets.Files, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			args := []string{"--json", "--max-steps", strconv.FormatInt(lab.StepsFor(l.Scenario), 10)}
			url := ts.URL + "/api/trace?lesson=" + tt.id
			if tt.seed != "" {
				args = append(args, "--seed", tt.seed)
				url += "&seed=" + tt.seed
			}
			want := runCLIFile(t, tt.file, text, args...)
			resp, err := http.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, got)
			}
			if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, tt.id) {
				t.Errorf("Content-Disposition %q; want an attachment named after %s", cd, tt.id)
			}
			if len(want) == 0 {
				t.Fatal("the CLI printed nothing")
			}
			if !bytes.Equal(got, []byte(want)) {
				t.Errorf("trace of %s (seed %q): got %d bytes, want the CLI's %d bytes; first difference at byte %d",
					tt.id, tt.seed, len(got), len(want), firstDiff(got, []byte(want)))
			}
		})
	}
}

// runCLIFile runs `proclab run FILE ARGS...` on text saved under file's
// base name (the CLI picks the Go front end by the .go suffix).
func runCLIFile(t *testing.T, file string, text []byte, args ...string) string {
	t.Helper()
	name := t.TempDir() + "/" + path.Base(file)
	if err := os.WriteFile(name, text, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), append([]string{"run", name}, args...), &out, &errOut); err != nil {
		t.Fatalf("run %v: %v (%s)", args, err, errOut.String())
	}
	return out.String()
}

func firstDiff(a, b []byte) int {
	for i := 0; i < min(len(a), len(b)); i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
