package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunPrintsTrace(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.txt")
	os.WriteFile(file, []byte("process a\n  fork b\n  wait\nprogram b\n  exit 4\n"), 0o644)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"run", file}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "reaped           P3 by P2 exit code 4") {
		t.Errorf("trace lacks the reap:\n%s", out.String())
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("process a\n  comptue 1\n"), 0o644)
	tests := []struct {
		args  []string
		usage bool
		msg   string
	}{
		{[]string{"run"}, true, "usage"},
		{[]string{"run", bad}, false, "line 2, column 3"},
		{[]string{"run", filepath.Join(dir, "missing")}, false, "no such file"},
		{[]string{"frobnicate"}, true, "unknown command"},
		{[]string{"--addr"}, true, "flag needs an argument"},
		{[]string{"--public-url", "https://lab.example/#top"}, true, "want no fragment"}, // issue 12, part 4
		{[]string{"--public-url", "lab.example:8080"}, true, "want an http:// or https:// URL"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tt.args, &out, &errOut)
		var ue usageError
		if err == nil || errors.As(err, &ue) != tt.usage || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%v: got %v (usage %v); want an error containing %q (usage %v)", tt.args, err, errors.As(err, &ue), tt.msg, tt.usage)
		}
	}
}

func TestSchedJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"sched", "--policy", "rr", "--quantum", "4", "--jobs", "P1:0:24,P2:0:3,P3:0:3", "--json"}, &out, &errOut)
	if err != nil {
		t.Fatal(err)
	}
	var got schedJSON
	dec := json.NewDecoder(&out)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Error("more than one JSON value printed")
	}
	if len(got.Jobs) != 3 || got.Jobs[0].Completion != 30 || got.Jobs[1].Waiting != 4 || got.Jobs[2].Response != 7 {
		t.Errorf("jobs %+v", got.Jobs)
	}
	if fmt.Sprintf("%.4f", got.Avg.Waiting) != "5.6667" || got.ContextSwitches != 3 || got.Utilization != 1 {
		t.Errorf("avg %+v switches %d util %v", got.Avg, got.ContextSwitches, got.Utilization)
	}
	want := []schedSlice{{0, "P1", 0, 4}, {0, "P2", 4, 7}, {0, "P3", 7, 10}, {0, "P1", 10, 30}}
	if fmt.Sprint(got.Gantt) != fmt.Sprint(want) {
		t.Errorf("gantt %v; want %v", got.Gantt, want)
	}
}

func TestSchedText(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"sched", "--policy", "srtf", "--jobs", "P1:0:8,P2:1:4,P3:2:9,P4:3:5"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"CPU0  |P1|P2 ", "P3         2     9        0        17         26         24      15       15", "Average", "6.50", "CPU utilization: 100.0%"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestSchedBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"sched"},
		{"sched", "--policy", "magic", "--jobs", "a:0:1"},
		{"sched", "--policy", "rr", "--jobs", "a:0"},
		{"sched", "--policy", "rr", "--jobs", "a:0:1,a:1:1"},
		{"sched", "--policy", "rr", "--jobs", "a:-1:1"},
		{"sched", "--policy", "rr", "--jobs", "a:0:1", "--cpus", "0"},
		{"sched", "--policy", "rr", "--jobs", "a:0:1", "--quantum", "x"},
		{"sched", "--policy", "rr", "--jobs", "a:0:1", "extra"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), args, &out, &errOut)
		var ue usageError
		if !errors.As(err, &ue) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: got %v; want a one-line usage error (exit status 2)", args, err)
		}
	}
}

func TestOstepCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"ostep", "scheduler", "-p", "SJF", "-l", "3,1", "-c"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "  Average -- Response: 0.50  Turnaround 2.50  Wait 0.50") {
		t.Errorf("output:\n%s", out.String())
	}
	err := run(context.Background(), []string{"ostep", "nope"}, &out, &errOut)
	var st exitStatus
	if !errors.As(err, &st) || st != 2 {
		t.Errorf("unknown simulator: %v; want exit status 2", err)
	}
}

func TestRunExploreJSON(t *testing.T) {
	file := filepath.Join(t.TempDir(), "inc.txt")
	os.WriteFile(file, []byte("var counter = 0\nthread t1\n  counter = counter + 1\nthread t2\n  counter = counter + 1\nexpect counter == 2\n"), 0o644)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"run", file, "--explore", "--json"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var got exploreJSON
	dec := json.NewDecoder(&out)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if !got.Complete || len(got.Outcomes) != 2 {
		t.Fatalf("got %+v", got)
	}
	seen := map[int64]uint64{}
	for _, o := range got.Outcomes {
		seen[o.Vars["counter"]] = o.Schedules
		if len(o.Witness) == 0 {
			t.Errorf("outcome %+v has no witness", o)
		}
	}
	if seen[1] != 18 || seen[2] != 2 {
		t.Errorf("schedules per final counter %v; want 1: 18, 2: 2 (of the 20 interleavings)", seen)
	}
}
