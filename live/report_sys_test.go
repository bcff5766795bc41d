package live

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSysReportWire: the live-sys numbers travel flat in a report's JSON,
// a report of another kind carries none of them, and a report with an
// overlong string is refused.
func TestSysReportWire(t *testing.T) {
	tests := []struct {
		name string
		r    Report
		want string
	}{
		{"other kind", Report{Kind: "cow", Step: 1, Of: 4, MiB: 8}, `{"kind":"cow","pid":0,"step":1,"of":4,"mib":8}`},
		{"pid", Report{Kind: "pid", Child: 301, Of: 5, SysReport: &SysReport{Seq: 2, PIDMax: 32768, LastPID: 300, Prev: 290}},
			`{"kind":"pid","pid":0,"child":301,"of":5,"seq":2,"pid_max":32768,"last_pid":300,"prev":290}`},
		{"pingpong", Report{Kind: "pingpong", Mode: "one", SysReport: &SysReport{Count: 10, PerSec: 2.5, MedianUS: 3, CPUs: "0"}},
			`{"kind":"pingpong","pid":0,"mode":"one","count":10,"per_s":2.5,"median_us":3,"cpus":"0"}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.r)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(b); got != tt.want {
			t.Errorf("%s: got %s; want %s", tt.name, got, tt.want)
		}
		var back Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if (back.SysReport == nil) != (tt.r.SysReport == nil) || (back.SysReport != nil && *back.SysReport != *tt.r.SysReport) {
			t.Errorf("%s: read back %+v; want %+v", tt.name, back.SysReport, tt.r.SysReport)
		}
		if !back.sane() {
			t.Errorf("%s: not sane", tt.name)
		}
	}
	long := Report{Kind: "loop", SysReport: &SysReport{Call: strings.Repeat("x", 33)}}
	if long.sane() {
		t.Error("a 33-byte call name passed sane()")
	}
}
