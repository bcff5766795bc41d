package lab

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"proclab/assets"
)

func schedLesson(t *testing.T, id string) Lesson {
	t.Helper()
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := ls.Get(id)
	if !ok {
		t.Fatalf("no lesson %q", id)
	}
	return l
}

// TestScheduleLessonOwnRun checks that a lesson's own run in the scheduling
// view is its scenario's run, with the policy, the jobs read back and the
// per-policy fields (MLFQ levels, CFS vruntime and weights).
func TestScheduleLessonOwnRun(t *testing.T) {
	tests := []struct {
		id       string
		policy   string
		exact    bool
		jobs     map[string]string // name -> bursts
		levels   bool
		vruntime bool
	}{
		{"convoy", "fcfs", true, map[string]string{"truck": "[24]", "car1": "[3]", "car2": "[3]"}, false, false},
		{"rr-quantum", "rr", true, map[string]string{"a": "[6]", "b": "[6]", "c": "[6]"}, false, false},
		{"mlfq", "mlfq", false, map[string]string{"hog": "[30]", "gamer": "[2 1 2 1 2 1 2 1 2 1 2 1 2 1 2]"}, true, false},
		{"cfs-nice", "cfs", false, map[string]string{"important": "[30]", "batch": "[12]"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			l := schedLesson(t, tt.id)
			got, err := ScheduleLesson(l, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got.Policy.Policy != tt.policy || len(got.Results) != 1 || got.Results[0].Policy != tt.policy {
				t.Fatalf("policy %q, %d results; want %q and 1", got.Policy.Policy, len(got.Results), tt.policy)
			}
			r := got.Results[0]
			if r.Scenario != l.Scenario.Source {
				t.Errorf("the lesson's own run is not its own text")
			}
			if got.Exact != tt.exact {
				t.Errorf("exact = %v; want %v", got.Exact, tt.exact)
			}
			jobs := map[string]string{}
			for _, j := range got.Workload.Jobs {
				jobs[j.Name] = fmt.Sprint(j.Bursts)
			}
			if !reflect.DeepEqual(jobs, tt.jobs) {
				t.Errorf("jobs %v; want %v", jobs, tt.jobs)
			}
			if (r.Levels != nil) != tt.levels {
				t.Errorf("levels %v; want them: %v", r.Levels, tt.levels)
			}
			if (r.Vruntime != nil) != tt.vruntime || (r.Weights != nil) != tt.vruntime {
				t.Errorf("vruntime %v, weights %v; want them: %v", r.Vruntime, r.Weights, tt.vruntime)
			}
			for name, v := range r.Vruntime {
				if len(v) != len(r.Queues) {
					t.Errorf("%s: %d vruntime values; want one per tick (%d)", name, len(v), len(r.Queues))
				}
			}
		})
	}
}

// TestScheduleLessonFields checks what the lessons teach with: the gamer
// stays at MLFQ level 0 while the hog sinks to the bottom, and the CFS
// weights are those of nice -5 and 5, the heavier job's vruntime growing
// more slowly per tick it runs.
func TestScheduleLessonFields(t *testing.T) {
	mlfq, err := ScheduleLesson(schedLesson(t, "mlfq"), nil)
	if err != nil {
		t.Fatal(err)
	}
	lv := mlfq.Results[0].Levels
	if got := strings.Trim(lv["gamer"], "0"); got != "" {
		t.Errorf("gamer's levels %q; want only level 0", lv["gamer"])
	}
	if !strings.Contains(lv["hog"], "2") {
		t.Errorf("hog's levels %q; want it to reach level 2", lv["hog"])
	}
	cfs, err := ScheduleLesson(schedLesson(t, "cfs-nice"), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := cfs.Results[0]
	if got, want := r.Weights, map[string]int64{"important": 3121, "batch": 335}; !reflect.DeepEqual(got, want) {
		t.Errorf("weights %v; want %v", got, want)
	}
	// One tick on the CPU adds 1024*1024/weight to a task's vruntime.
	for name, w := range r.Weights {
		v, st := r.Vruntime[name], r.States[name]
		for k := 1; k < len(v) && k < len(st); k++ {
			if st[k] == 'R' && v[k] > v[k-1] {
				if got, want := v[k]-v[k-1], 1024*1024/w; got != want {
					t.Errorf("%s at tick %d: vruntime grew by %d; want %d", name, k, got, want)
				}
				break
			}
		}
	}
}

// TestScheduleLessonOtherPolicy checks that a lesson's jobs under another
// policy are its own text with the policy line changed, and that an exact
// workload gives the same numbers in both views.
func TestScheduleLessonOtherPolicy(t *testing.T) {
	l := schedLesson(t, "convoy")
	got, err := ScheduleLesson(l, []Policy{{Policy: "sjf"}, {Policy: "rr", Quantum: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Results) != 2 || got.Results[0].Policy != "sjf" || got.Results[1].Policy != "rr" || got.Results[1].Quantum != 3 {
		t.Fatalf("results %+v; want sjf and rr 3", got.Results)
	}
	if !got.Exact {
		t.Fatal("convoy's workload is not exact")
	}
	want, err := ScheduleAll(got.Workload, []Policy{{Policy: "sjf"}, {Policy: "rr", Quantum: 3}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if got.Results[i].Avg != want[i].Avg || !reflect.DeepEqual(got.Results[i].Gantt, want[i].Gantt) {
			t.Errorf("%s: lesson %+v; workload %+v", want[i].Policy, got.Results[i].Avg, want[i].Avg)
		}
	}
}

// TestScheduleLessonRefuses checks the refusals: a lesson outside the jobs
// model, an unknown policy, too many runs.
func TestScheduleLessonRefuses(t *testing.T) {
	tests := []struct {
		id   string
		runs []Policy
	}{
		{"lost-update", nil},
		{"convoy", []Policy{{Policy: "nope"}}},
		{"convoy", []Policy{{Policy: "rr", Quantum: MaxSchedQuantum + 1}}},
		{"convoy", make([]Policy, MaxSchedRuns+1)},
	}
	for _, tt := range tests {
		_, err := ScheduleLesson(schedLesson(t, tt.id), tt.runs)
		if le := AsError(err); le == nil || le.Code != CodeBadField {
			t.Errorf("%s %v: got %v; want a bad_field error", tt.id, tt.runs, err)
		}
	}
}
