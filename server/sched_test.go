package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func post(t *testing.T, url, body string, v any) int {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(res.Body)
	if v != nil {
		if err := json.Unmarshal(buf.Bytes(), v); err != nil {
			t.Fatalf("%s: %v", buf.String(), err)
		}
	}
	return res.StatusCode
}

const convoy = `{"cpus":1,"jobs":[{"name":"P1","arrival":0,"bursts":[24]},{"name":"P2","arrival":0,"bursts":[3]},{"name":"P3","arrival":0,"bursts":[3]}]}`

func TestScheduleCompare(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	var out struct{ Results []wireSchedResult }
	code := post(t, ts.URL+"/api/schedule", `{"workload":`+convoy+`,"runs":[{"policy":"fcfs"},{"policy":"sjf"},{"policy":"rr","quantum":4},{"policy":"mlfq","quantum":2}]}`, &out)
	if code != 200 || len(out.Results) != 4 {
		t.Fatalf("status %d, %d results", code, len(out.Results))
	}
	for i, want := range []float64{17, 3, 17.0 / 3} {
		if got := out.Results[i].Avg.Waiting; got != want {
			t.Errorf("%s: average waiting %v; want %v", out.Results[i].Policy, got, want)
		}
	}
	fcfs := out.Results[0]
	if fcfs.States["P2"] != strings.Repeat("r", 24)+"RRR   " || fcfs.States["P1"] != strings.Repeat("R", 24)+"      " {
		t.Errorf("fcfs states %q", fcfs.States)
	}
	if len(fcfs.Queues) != 30 || strings.Join(fcfs.Queues[0], ",") != "P2,P3" {
		t.Errorf("queues %v", fcfs.Queues[:2])
	}
	if m := out.Results[3]; m.Levels == nil || len(m.Levels["P1"]) != len(m.States["P1"]) || !strings.Contains(m.Levels["P1"], "2") {
		t.Errorf("mlfq levels %v", m.Levels)
	}
}

func TestScheduleWithIO(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	var out struct{ Results []wireSchedResult }
	post(t, ts.URL+"/api/schedule", `{"workload":{"cpus":1,"switch_cost":1,"jobs":[{"name":"A","arrival":0,"bursts":[2,3,2]},{"name":"B","arrival":0,"bursts":[4]}]},"runs":[{"policy":"fcfs"}]}`, &out)
	r := out.Results[0]
	// A runs 2, blocks 3 (B switches in and runs 4), then A runs 2 more.
	if r.States["A"] != "RRSSSrrcRR" || r.States["B"] != "rrcRRRR   " {
		t.Errorf("A %q, B %q", r.States["A"], r.States["B"])
	}
	if r.Jobs[0].IO != 3 || r.ContextSwitches != 2 {
		t.Errorf("io %d switches %d", r.Jobs[0].IO, r.ContextSwitches)
	}
	found := false
	for _, s := range r.Gantt {
		found = found || s.Kind == "switch"
	}
	if !found {
		t.Error("no switch slice in the gantt")
	}
}

func TestManualSchedulerAndGrade(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	play := func(pickShortest bool) wireManualResponse {
		choices := []string{}
		for range 10 {
			body, _ := json.Marshal(map[string]any{"workload": json.RawMessage(convoy), "run": map[string]any{"policy": "fcfs"}, "choices": choices})
			var out wireManualResponse
			if code := post(t, ts.URL+"/api/schedule/manual", string(body), &out); code != 200 {
				t.Fatalf("status %d: %s", code, body)
			}
			if out.Done {
				return out
			}
			d := out.Decision
			if len(d.Candidates) < 2 {
				t.Fatalf("a decision with %v", d.Candidates)
			}
			pick := d.Candidates[0]
			if pickShortest {
				pick = d.Shortest
			}
			choices = append(choices, pick)
		}
		t.Fatal("never done")
		return wireManualResponse{}
	}
	good := play(true)
	if good.Grade == nil || good.Grade.Score != 100 || len(good.Grade.Differences) != 0 || good.Result.Avg.Waiting != 3 {
		t.Errorf("shortest-first student: %+v, avg %+v", good.Grade, good.Result.Avg)
	}
	bad := play(false)
	if bad.Grade.Score >= 100 || len(bad.Grade.Differences) == 0 || bad.Grade.Optimum == "" || len(bad.Grade.Policies) != 11 {
		t.Errorf("queue-order student: %+v", bad.Grade)
	}
	if d := bad.Grade.Differences[0]; d.Chosen != "P1" || d.Shortest != "P2" {
		t.Errorf("first difference %+v", d)
	}
}

func TestScheduleBadInput(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	for _, body := range []string{
		`not json`,
		`{"workload":` + convoy + `,"runs":[]}`,
		`{"workload":` + convoy + `,"runs":[{"policy":"magic"}]}`,
		`{"workload":{"cpus":1,"jobs":[]},"runs":[{"policy":"fcfs"}]}`,
		`{"workload":{"cpus":1,"jobs":[{"name":"1x","arrival":0,"bursts":[3]}]},"runs":[{"policy":"fcfs"}]}`,
		`{"workload":{"cpus":1,"jobs":[{"name":"a","arrival":0,"bursts":[3,2]}]},"runs":[{"policy":"fcfs"}]}`,
		`{"workload":{"cpus":1,"jobs":[{"name":"a","arrival":0,"bursts":[0]}]},"runs":[{"policy":"fcfs"}]}`,
		`{"workload":{"cpus":99,"jobs":[{"name":"a","arrival":0,"bursts":[1]}]},"runs":[{"policy":"fcfs"}]}`,
		`{"workload":` + convoy + `,"runs":[{"policy":"fcfs"}],"extra":1}`,
	} {
		var out map[string]any
		if code := post(t, ts.URL+"/api/schedule", body, &out); code != 400 || out["error"] == "" {
			t.Errorf("%.50s: status %d %v; want 400 with an error", body, code, out)
		}
	}
	var out map[string]any
	if code := post(t, ts.URL+"/api/schedule/manual", `{"workload":`+convoy+`,"run":{"policy":"srtf"},"choices":[]}`, &out); code != 400 {
		t.Errorf("manual under srtf: %d", code)
	}
	if code := post(t, ts.URL+"/api/schedule/manual", `{"workload":`+convoy+`,"run":{"policy":"fcfs"},"choices":["nobody"]}`, &out); code != 400 {
		t.Errorf("manual with a bad choice: %d", code)
	}
}

func TestOstepWorkloadForSchedulingView(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	var out struct {
		Workload wireWorkload
		Run      wireRun
	}
	if code := post(t, ts.URL+"/api/schedule/ostep", `{"command":"scheduler.py -p RR -q 2 -l 3,5,1 -c"}`, &out); code != 200 {
		t.Fatalf("status %d", code)
	}
	if out.Run.Policy != "rr" || out.Run.Quantum != 2 || len(out.Workload.Jobs) != 3 || out.Workload.Jobs[1].Bursts[0] != 5 {
		t.Fatalf("got %+v", out)
	}
	// The same jobs under ProcLab's RR give OSTEP's answer for this case.
	body, _ := json.Marshal(map[string]any{"workload": out.Workload, "runs": []wireRun{out.Run}})
	var res struct{ Results []wireSchedResult }
	post(t, ts.URL+"/api/schedule", string(body), &res)
	if got := fmt.Sprintf("%.2f %.2f %.2f", res.Results[0].Avg.Response, res.Results[0].Avg.Turnaround, res.Results[0].Avg.Waiting); got != "2.00 6.67 3.67" {
		t.Errorf("averages (response, turnaround, wait) %s; OSTEP's RR q=2 on 3,5,1 gives 2.00 6.67 3.67", got)
	}
	var e map[string]any
	if code := post(t, ts.URL+"/api/schedule/ostep", `{"command":"fork.py -s 1"}`, &e); code != 400 {
		t.Errorf("fork: %d", code)
	}
}

// TestScheduleLesson asks for scheduling lessons' schedules: the lesson's
// own run with its text and jobs, its MLFQ levels and CFS weights, another
// policy on its jobs, and the refusals.
func TestScheduleLesson(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	tests := []struct {
		name, body string
		status     int
		policy     string // of the first result
		check      func(r wireSchedResult) string
	}{
		{"mlfq's own run", `{"lesson":"mlfq"}`, 200, "mlfq", func(r wireSchedResult) string {
			if len(r.Levels["hog"]) != len(r.States["hog"]) || !strings.Contains(r.Levels["hog"], "2") {
				return fmt.Sprintf("levels %v", r.Levels)
			}
			return ""
		}},
		{"cfs-nice's own run", `{"lesson":"cfs-nice","runs":[]}`, 200, "cfs", func(r wireSchedResult) string {
			if r.Weights["important"] != 3121 || r.Weights["batch"] != 335 || len(r.Vruntime["batch"]) != len(r.Queues) {
				return fmt.Sprintf("weights %v, %d vruntimes for %d ticks", r.Weights, len(r.Vruntime["batch"]), len(r.Queues))
			}
			return ""
		}},
		{"convoy under sjf", `{"lesson":"convoy","runs":[{"policy":"sjf"}]}`, 200, "sjf", func(r wireSchedResult) string {
			if r.Avg.Waiting != 3 || r.Vruntime != nil || r.Levels != nil {
				return fmt.Sprintf("average waiting %v, vruntime %v, levels %v; want 3 and none", r.Avg.Waiting, r.Vruntime, r.Levels)
			}
			return ""
		}},
		{"a lesson and a workload", `{"lesson":"convoy","workload":` + convoy + `}`, 400, "", nil},
		{"not a scheduling lesson", `{"lesson":"lost-update"}`, 400, "", nil},
		{"no such lesson", `{"lesson":"no-such"}`, 404, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct {
				Results []wireSchedResult
				Lesson  *wireSchedLesson
				Code    string
			}
			code := post(t, ts.URL+"/api/schedule", tt.body, &out)
			if code != tt.status {
				t.Fatalf("status %d (%s); want %d", code, out.Code, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if len(out.Results) != 1 || out.Results[0].Policy != tt.policy || out.Lesson == nil || out.Lesson.Workload.CPUs != 1 || len(out.Lesson.Workload.Jobs) == 0 {
				t.Fatalf("results %d (policy %q), lesson %+v; want one %s result and the lesson's jobs", len(out.Results), out.Results[0].Policy, out.Lesson, tt.policy)
			}
			if msg := tt.check(out.Results[0]); msg != "" {
				t.Error(msg)
			}
		})
	}
}
