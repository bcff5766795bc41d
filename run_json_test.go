package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/coder/websocket"

	"proclab/assets"
	"proclab/server"
)

// Scenarios the JSON tests run.
const (
	racyIncrements   = "policy rr 1\nvar counter = 0\nthread t1\n  counter = counter + 1\nthread t2\n  counter = counter + 1\nexpect counter == 2\n"
	lockedIncrements = "var counter = 0\nmutex m\nthread t1\n  lock m\n  counter = counter + 1\n  unlock m\n" +
		"thread t2\n  lock m\n  counter = counter + 1\n  unlock m\nexpect counter == 2\n"
)

// runCLI runs `proclab run FILE ARGS...` on text and returns its output.
func runCLI(t *testing.T, text string, args ...string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "s.txt")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(context.Background(), append([]string{"run", file}, args...), &out, &errOut); err != nil {
		t.Fatalf("run %v: %v (%s)", args, err, errOut.String())
	}
	return out.String()
}

// TestRunJSON checks the fields of `proclab run --json`, with and without
// --explore.
func TestRunJSON(t *testing.T) {
	tests := []struct {
		name, text string
		args       []string
		check      func(t *testing.T, out string)
	}{
		{"trace: one event per line", racyIncrements, []string{"--json"}, func(t *testing.T, out string) {
			kinds := map[string]map[string]any{}
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				var ev map[string]any
				if err := json.Unmarshal([]byte(line), &ev); err != nil {
					t.Fatalf("line %q: %v", line, err)
				}
				for _, k := range []string{"step", "kind", "pid", "cpu"} {
					if _, ok := ev[k]; !ok {
						t.Errorf("line %q lacks %q", line, k)
					}
				}
				kinds[ev["kind"].(string)] = ev
			}
			if got, want := kinds["state"]["to"], "runnable"; got == nil {
				t.Errorf("no state event with a \"to\" field; want one such as %q", want)
			}
			lost := kinds["lost_update"]
			if lost == nil || lost["pid"] != 3.0 || lost["other"] != 2.0 {
				t.Errorf("lost_update event %v; want P3 overwriting P2's store", lost)
			}
			if kinds["race"] == nil {
				t.Error("no race event")
			}
		}},
		{"trace: the seed flag still applies", "process a\n  compute 1..5\n", []string{"--json", "--seed", "3"}, func(t *testing.T, out string) {
			if n := strings.Count(out, "\n"); n < 3 {
				t.Errorf("%d lines; want a whole run", n)
			}
		}},
		{"explore: racy code with the right value", racyIncrements, []string{"--explore", "--json"}, func(t *testing.T, out string) {
			var got struct {
				V        int    `json:"v"`
				Type     string `json:"type"`
				Complete bool   `json:"complete"`
				Cycles   *bool  `json:"cycles"`
				Outcomes []struct {
					Vars        map[string]int64 `json:"vars"`
					Violations  []string         `json:"violations"`
					Races       []string         `json:"races"`
					LostUpdates []string         `json:"lost_updates"`
				} `json:"outcomes"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if got.V != 1 || got.Type != "explored" || !got.Complete || got.Cycles == nil || *got.Cycles {
				t.Errorf("v %d, type %q, complete %v, cycles %v; want 1, explored, true, false", got.V, got.Type, got.Complete, got.Cycles)
			}
			byValue := map[int64]string{}
			for _, o := range got.Outcomes {
				byValue[o.Vars["counter"]] = strings.Join(o.Violations, ",") + " races=" + strings.Join(o.Races, ",") + " lost=" + strings.Join(o.LostUpdates, ",")
			}
			want := map[int64]string{1: "expect_failed:counter == 2 races=counter lost=counter", 2: " races=counter lost="}
			if len(byValue) != 2 || byValue[1] != want[1] || byValue[2] != want[2] {
				t.Errorf("got %v; want %v", byValue, want)
			}
		}},
		{"explore: no race gives empty lists, not null", lockedIncrements, []string{"--json", "--explore"}, func(t *testing.T, out string) {
			if !strings.Contains(out, `"races":[]`) || !strings.Contains(out, `"lost_updates":[]`) || strings.Contains(out, "null") {
				t.Errorf("got %s; want \"races\":[] and \"lost_updates\":[] and no null", out)
			}
		}},
		{"explore as text says right value, but racy", racyIncrements, []string{"--explore"}, func(t *testing.T, out string) {
			if !strings.Contains(out, "counter=2: 2 schedule(s)") || !strings.Contains(out, "races: counter; lost updates: none (right value, but racy)") {
				t.Errorf("got\n%s\nwant the counter=2 outcome marked right value, but racy", out)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, runCLI(t, tt.text, tt.args...))
		})
	}
}

// wsClient is a websocket client of the lab's /ws endpoint for the test
// below; it reads messages in order and skips those of other types.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
	ctx  context.Context
}

func dialLab(t *testing.T) *wsClient {
	t.Helper()
	srv, err := server.New(server.Config{Web: fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>ProcLab</title>")}}, Assets: assets.Files})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetReadLimit(16 << 20)
	t.Cleanup(func() { conn.CloseNow() })
	return &wsClient{t: t, conn: conn, ctx: ctx}
}

func (c *wsClient) send(v map[string]any) {
	c.t.Helper()
	v["v"] = 1
	b, _ := json.Marshal(v)
	if err := c.conn.Write(c.ctx, websocket.MessageText, b); err != nil {
		c.t.Fatal(err)
	}
}

// next returns the raw text of the next message of type typ.
func (c *wsClient) next(typ string) []byte {
	c.t.Helper()
	for {
		_, data, err := c.conn.Read(c.ctx)
		if err != nil {
			c.t.Fatalf("read: %v", err)
		}
		var m struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(data, &m); err != nil {
			c.t.Fatal(err)
		}
		if m.Type == "error" {
			c.t.Fatalf("error message %s while waiting for %s", data, typ)
		}
		if m.Type == typ {
			return data
		}
	}
}

// keyPaths lists the object keys in a JSON document as paths ("outcomes.races"),
// looking into every element of each list.
func keyPaths(t *testing.T, data []byte) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if prefix == "outcomes.vars" {
					k = "NAME" // a variable's name, not a field
				}
				p := strings.TrimPrefix(prefix+"."+k, ".")
				set[p] = true
				walk(p, e)
			}
		case []any:
			for _, e := range x {
				walk(prefix, e)
			}
		}
	}
	walk("", v)
	var keys []string
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestRunJSONMatchesWebsocket fails when `proclab run --json` and the
// websocket disagree: the explored message's fields (at every depth) must
// be the CLI's, and the events the websocket sends step by step must be
// the CLI's JSON lines, byte for byte.
func TestRunJSONMatchesWebsocket(t *testing.T) {
	for _, text := range []string{racyIncrements, lockedIncrements} {
		c := dialLab(t)
		c.next("hello")
		c.send(map[string]any{"type": "load", "scenario": text})
		var loaded struct {
			Total int64 `json:"total"`
		}
		json.Unmarshal(c.next("loaded"), &loaded)
		c.next("snapshot")

		c.send(map[string]any{"type": "explore"})
		ws := keyPaths(t, c.next("explored"))
		cli := keyPaths(t, []byte(runCLI(t, text, "--explore", "--json")))
		if !slices.Equal(cli, ws) {
			t.Errorf("explore fields: CLI %v; websocket %v", cli, ws)
		}
		for _, k := range []string{"cycles", "outcomes.races", "outcomes.lost_updates"} {
			if !slices.Contains(ws, k) {
				t.Errorf("explore fields %v lack %s", ws, k)
			}
		}

		var got []string
		for range loaded.Total {
			c.send(map[string]any{"type": "step"})
			var m struct {
				Events []json.RawMessage `json:"events"`
			}
			if err := json.Unmarshal(c.next("events"), &m); err != nil {
				t.Fatal(err)
			}
			for _, ev := range m.Events {
				got = append(got, string(ev))
			}
		}
		want := strings.Split(strings.TrimSuffix(runCLI(t, text, "--json"), "\n"), "\n")
		if !slices.Equal(got, want) {
			t.Errorf("websocket events (%d):\n%s\nCLI lines (%d):\n%s", len(got), strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
		}
	}
}
