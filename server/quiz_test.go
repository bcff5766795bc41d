package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"proclab/lab"
)

// TestQuizREST checks GET /api/quiz: a lesson's questions with their
// answers, the same as lab.Quiz gives, and its refusals.
func TestQuizREST(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	for _, id := range []string{"lost-update", "lifecycle", "convoy", "go-race-detector"} {
		status, hdr, data := getOrPost(t, ts.URL, "/api/quiz?lesson="+id, "")
		if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
			t.Fatalf("%s: %d %s", id, status, data)
		}
		var got struct {
			Lesson    string           `json:"lesson"`
			Questions []map[string]any `json:"questions"`
		}
		if err := json.Unmarshal(data, &got); err != nil {
			t.Fatal(err)
		}
		want, err := lab.Quiz(testLessonsServer(t), id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Lesson != id || len(got.Questions) != len(want) {
			t.Fatalf("%s: lesson %q, %d questions; want %d", id, got.Lesson, len(got.Questions), len(want))
		}
		for i, q := range got.Questions {
			for _, key := range []string{"id", "kind", "prompt", "options", "multi", "step", "answer", "explain", "reveal_step"} {
				if _, ok := q[key]; !ok {
					t.Errorf("%s question %d has no %q: %v", id, i, key, q)
				}
			}
			var answer []int
			for _, a := range q["answer"].([]any) {
				answer = append(answer, int(a.(float64)))
			}
			opts := q["options"].([]any)
			if q["kind"] != want[i].Kind || !slices.Equal(answer, want[i].Answer) || len(opts) != len(want[i].Options) ||
				int64(q["reveal_step"].(float64)) != want[i].Reveal || opts[0].(map[string]any)["zh"] != want[i].Options[0].Zh {
				t.Errorf("%s question %d: %v; want %+v", id, i, q, want[i])
			}
		}
	}
	tests := []struct {
		name    string
		path    string
		headers map[string]string
		status  int
		code    string
	}{
		{"no lesson", "/api/quiz", nil, 400, "bad_field"},
		{"unknown lesson", "/api/quiz?lesson=nonesuch", nil, 404, "unknown_lesson"},
		{"long unknown lesson", "/api/quiz?lesson=" + strings.Repeat("z", 5000), nil, 404, "unknown_lesson"},
		{"another site's page", "/api/quiz?lesson=mutex", map[string]string{"Origin": "http://evil.example"}, 403, "cross_origin"},
		{"a cross-site fetch", "/api/quiz?lesson=mutex", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "cross_origin"},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+tc.path, nil)
		for k, v := range tc.headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var we map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&we)
		resp.Body.Close()
		if resp.StatusCode != tc.status || we["type"] != "error" || we["code"] != tc.code {
			t.Errorf("%s: %d %v; want %d %s", tc.name, resp.StatusCode, we, tc.status, tc.code)
		}
	}
}

func testLessonsServer(t *testing.T) *lab.Lessons {
	t.Helper()
	ls, err := lab.LoadLessons(testAssets)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// TestQuizAskFromMessage decodes good and hostile room ask messages.
func TestQuizAskFromMessage(t *testing.T) {
	srv, _ := newTestServer(t, Budgets{MessageBytes: 4096})
	ls := testLessonsServer(t)
	good := []struct {
		name string
		msg  string
		want func() (lab.Question, error)
	}{
		{"typed question", `{"v":1,"type":"ask","question":{"prompt":{"en":"Which?","zh":"哪个？"},"options":[{"en":"a","zh":"甲"},{"en":"b","zh":"乙"}],"answer":[1],"multi":false}}`,
			func() (lab.Question, error) {
				return lab.Choice(lab.Question{Prompt: lab.Text{En: "Which?", Zh: "哪个？"}, Options: []lab.Text{{En: "a", Zh: "甲"}, {En: "b", Zh: "乙"}}, Answer: []int{1}})
			}},
		{"opinion poll", `{"v":1,"type":"ask","question":{"prompt":{"en":"Ready?","zh":"准备好了吗？"},"options":[{"en":"yes","zh":"是"},{"en":"no","zh":"否"}]}}`,
			func() (lab.Question, error) {
				return lab.Choice(lab.Question{Prompt: lab.Text{En: "Ready?", Zh: "准备好了吗？"}, Options: []lab.Text{{En: "yes", Zh: "是"}, {En: "no", Zh: "否"}}})
			}},
		{"next_state", `{"v":1,"type":"ask","kind":"next_state","load":{"lesson":"lifecycle","step":15}}`,
			func() (lab.Question, error) {
				return lab.Ask(ls, lab.LoadRequest{Lesson: "lifecycle", Step: 15}, lab.KindNextState, 0)
			}},
		{"next_state of a pid", `{"v":1,"type":"ask","kind":"next_state","load":{"lesson":"signals","step":14},"pid":2}`,
			func() (lab.Question, error) {
				return lab.Ask(ls, lab.LoadRequest{Lesson: "signals", Step: 14}, lab.KindNextState, 2)
			}},
		{"next_run of a scenario", `{"v":1,"type":"ask","kind":"next_run","load":{"scenario":"process a\n  compute 3\nprocess b\n  compute 3\n","step":1}}`,
			func() (lab.Question, error) {
				sc := "process a\n  compute 3\nprocess b\n  compute 3\n"
				return lab.Ask(ls, lab.LoadRequest{Scenario: &sc, Step: 1}, lab.KindNextRun, 0)
			}},
		{"outcomes", `{"v":1,"type":"ask","kind":"outcomes","load":{"lesson":"lost-update"}}`,
			func() (lab.Question, error) {
				return lab.Ask(ls, lab.LoadRequest{Lesson: "lost-update"}, lab.KindOutcomes, 0)
			}},
		{"data_race", `{"v":1,"type":"ask","kind":"data_race","load":{"lesson":"mutex","seed":3}}`,
			func() (lab.Question, error) {
				return lab.Ask(ls, lab.LoadRequest{Lesson: "mutex", Seed: 3}, lab.KindDataRace, 0)
			}},
		{"avg_wait of a workload", `{"v":1,"type":"ask","kind":"avg_wait","policy":"sjf","sched":{"workload":{"cpus":1,"jobs":[{"name":"a","arrival":0,"bursts":[6]},{"name":"b","arrival":1,"bursts":[2]}]},"runs":[{"policy":"sjf"}]}}`,
			func() (lab.Question, error) {
				return lab.AskSchedule(ls, lab.SchedAsk{Workload: lab.Workload{CPUs: 1, Jobs: []lab.Job{{Name: "a", Bursts: []int64{6}}, {Name: "b", Arrival: 1, Bursts: []int64{2}}}},
					Runs: []lab.Policy{{Policy: "sjf"}}}, "sjf")
			}},
		{"avg_wait of a lesson", `{"v":1,"type":"ask","kind":"avg_wait","policy":"rr","sched":{"lesson":"convoy","runs":[{"policy":"rr","quantum":3}]}}`,
			func() (lab.Question, error) {
				return lab.AskSchedule(ls, lab.SchedAsk{Lesson: "convoy", Runs: []lab.Policy{{Policy: "rr", Quantum: 3}}}, "rr")
			}},
	}
	for _, tc := range good {
		got, err := srv.askFromMessage([]byte(tc.msg))
		want, werr := tc.want()
		if err != nil || werr != nil {
			t.Errorf("%s: %v (lab: %v)", tc.name, err, werr)
			continue
		}
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		if string(gj) != string(wj) {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, gj, wj)
		}
		// Everyone sees the question without its answer.
		data, _ := json.Marshal(toWireQuestion("q1", got))
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		if _, ok := m["answer"]; ok || m["id"] != "q1" || m["kind"] != got.Kind {
			t.Errorf("%s: the wire question %s carries its answer or lacks its id", tc.name, data)
		}
	}
	hostile := []struct {
		name, msg, code string
	}{
		{"not JSON", `{"v":1,"type":"ask",`, "bad_json"},
		{"two values", `{"v":1,"type":"ask","kind":"next_run","load":{"lesson":"mutex"}} {}`, "bad_json"},
		{"unknown field", `{"v":1,"type":"ask","kind":"next_run","load":{"lesson":"mutex"},"answer":[0]}`, "bad_json"},
		{"no version", `{"type":"ask","kind":"next_run","load":{"lesson":"mutex"}}`, "bad_version"},
		{"another type", `{"v":1,"type":"vote","kind":"next_run","load":{"lesson":"mutex"}}`, "bad_field"},
		{"nothing to ask", `{"v":1,"type":"ask","kind":"next_run"}`, "bad_field"},
		{"question and load", `{"v":1,"type":"ask","question":{"prompt":{"en":"x","zh":"x"},"options":[{"en":"a","zh":"a"},{"en":"b","zh":"b"}]},"load":{"lesson":"mutex"}}`, "bad_field"},
		{"question with a kind", `{"v":1,"type":"ask","kind":"next_state","question":{"prompt":{"en":"x","zh":"x"},"options":[{"en":"a","zh":"a"},{"en":"b","zh":"b"}]}}`, "bad_field"},
		{"one option", `{"v":1,"type":"ask","question":{"prompt":{"en":"x","zh":"x"},"options":[{"en":"a","zh":"a"}],"answer":[0]}}`, "bad_field"},
		{"answer out of range", `{"v":1,"type":"ask","question":{"prompt":{"en":"x","zh":"x"},"options":[{"en":"a","zh":"a"},{"en":"b","zh":"b"}],"answer":[7]}}`, "bad_field"},
		{"prompt too long", `{"v":1,"type":"ask","question":{"prompt":{"en":"` + strings.Repeat("p", lab.MaxPromptBytes+1) + `","zh":"x"},"options":[{"en":"a","zh":"a"},{"en":"b","zh":"b"}]}}`, "too_large"},
		{"message too long", `{"v":1,"type":"ask","question":{"prompt":{"en":"` + strings.Repeat("p", 5000) + `","zh":"x"},"options":[]}}`, "too_large"},
		{"unknown question field", `{"v":1,"type":"ask","question":{"prompt":{"en":"x","zh":"x"},"options":[{"en":"a","zh":"a"},{"en":"b","zh":"b"}],"secret":1}}`, "bad_json"},
		{"load without kind", `{"v":1,"type":"ask","load":{"lesson":"mutex"}}`, "bad_field"},
		{"unknown kind", `{"v":1,"type":"ask","kind":"guess","load":{"lesson":"mutex"}}`, "bad_field"},
		{"avg_wait with load", `{"v":1,"type":"ask","kind":"avg_wait","load":{"lesson":"convoy"}}`, "bad_field"},
		{"load not an object", `{"v":1,"type":"ask","kind":"next_run","load":"lesson=mutex"}`, "bad_json"},
		{"load with two runs", `{"v":1,"type":"ask","kind":"next_run","load":{"lesson":"mutex","ostep":"process-run.py"}}`, "bad_field"},
		{"load with a negative step", `{"v":1,"type":"ask","kind":"next_run","load":{"lesson":"mutex","step":-4}}`, "bad_field"},
		{"load with a bad picker", `{"v":1,"type":"ask","kind":"next_run","load":{"lesson":"mutex","picker":"dice"}}`, "bad_field"},
		{"unknown lesson", `{"v":1,"type":"ask","kind":"next_run","load":{"lesson":"nonesuch"}}`, "unknown_lesson"},
		{"parse error", `{"v":1,"type":"ask","kind":"next_run","load":{"scenario":"process a\n  comptue 1\n"}}`, "parse"},
		{"negative pid", `{"v":1,"type":"ask","kind":"next_state","load":{"lesson":"mutex","step":1},"pid":-2}`, "bad_field"},
		{"no such task", `{"v":1,"type":"ask","kind":"next_state","load":{"lesson":"mutex","step":1},"pid":77}`, "bad_field"},
		{"at the end", `{"v":1,"type":"ask","kind":"next_state","load":{"lesson":"mutex","step":100000}}`, "no_question"},
		{"outcomes without variables", `{"v":1,"type":"ask","kind":"outcomes","load":{"lesson":"lifecycle"}}`, "no_question"},
		{"data_race of an OSTEP run", `{"v":1,"type":"ask","kind":"data_race","load":{"ostep":"process-run.py -l 2:100"}}`, "no_question"},
		{"policy with load", `{"v":1,"type":"ask","kind":"next_run","policy":"rr","load":{"lesson":"mutex"}}`, "bad_field"},
		{"sched without avg_wait", `{"v":1,"type":"ask","kind":"next_run","policy":"rr","sched":{"lesson":"convoy"}}`, "bad_field"},
		{"sched with unknown field", `{"v":1,"type":"ask","kind":"avg_wait","policy":"rr","sched":{"lesson":"convoy","x":1}}`, "bad_json"},
		{"unknown policy", `{"v":1,"type":"ask","kind":"avg_wait","policy":"guess","sched":{"lesson":"convoy"}}`, "bad_field"},
		{"sched of a race lesson", `{"v":1,"type":"ask","kind":"avg_wait","policy":"rr","sched":{"lesson":"mutex"}}`, "no_question"},
		{"too many jobs", `{"v":1,"type":"ask","kind":"avg_wait","policy":"fcfs","sched":{"workload":{"cpus":1,"jobs":[` + strings.Repeat(`{"name":"j","bursts":[1]},`, 40) + `{"name":"k","bursts":[1]}]}}}`, "bad_field"},
	}
	for _, tc := range hostile {
		_, err := srv.askFromMessage([]byte(tc.msg))
		if err == nil {
			t.Errorf("%s: accepted; want %s", tc.name, tc.code)
			continue
		}
		if _, we := toWireError(err); we.Code != tc.code {
			t.Errorf("%s: %s (%v); want %s", tc.name, we.Code, err, tc.code)
		}
	}
}

// TestQuizBudgets checks that generating a question reserves the run's
// memory like a load: with no room for a run, a question from a run and a
// quiz are refused with busy, and a typed question (no run) is not; and
// that the reservation is given back.
func TestQuizBudgets(t *testing.T) {
	srv, ts := newTestServer(t, Budgets{RunBytes: 1})
	if _, err := srv.askFromMessage([]byte(`{"v":1,"type":"ask","kind":"next_run","load":{"lesson":"mutex"}}`)); err == nil {
		t.Errorf("a question from a run was made without run memory")
	} else if _, we := toWireError(err); we.Code != "busy" {
		t.Errorf("no run memory: %s (%v); want busy", we.Code, err)
	}
	if _, err := srv.askFromMessage([]byte(`{"v":1,"type":"ask","question":{"prompt":{"en":"x","zh":"x"},"options":[{"en":"a","zh":"a"},{"en":"b","zh":"b"}]}}`)); err != nil {
		t.Errorf("a typed question needs no run memory: %v", err)
	}
	if status, _, data := getOrPost(t, ts.URL, "/api/quiz?lesson=mutex", ""); status != http.StatusServiceUnavailable || !strings.Contains(string(data), `"busy"`) {
		t.Errorf("a quiz without run memory: %d %s; want 503 busy", status, data)
	}
	if n := srv.meter.runBytes.Load(); n != 0 {
		t.Errorf("%d bytes of run memory still reserved after the refusals", n)
	}
	big, _ := newTestServer(t, Budgets{})
	if _, err := big.askFromMessage([]byte(`{"v":1,"type":"ask","kind":"outcomes","load":{"lesson":"lost-update"}}`)); err != nil {
		t.Fatal(err)
	}
	if n := big.meter.runBytes.Load(); n != 0 {
		t.Errorf("%d bytes of run memory still reserved after a question was made", n)
	}
}
