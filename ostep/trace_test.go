package ostep

import (
	"strings"
	"testing"
)

// TestProcessRunTrace checks the tick-by-tick run against the printed
// trace of the same flags: the same states, the same executed instructions.
func TestProcessRunTrace(t *testing.T) {
	for _, args := range [][]string{
		{"-l", "3:0,3:100", "-s", "2"},
		{"-P", "c2,i,c1:c3", "-L", "2", "-I", "IO_RUN_IMMEDIATE"},
		{"-P", "i,c1:c2", "-S", "SWITCH_ON_END"},
	} {
		run, err := ProcessRun(args)
		if err != nil {
			t.Fatal(err)
		}
		var out, errOut strings.Builder
		if code := Main(append([]string{"process-run", "-c"}, args...), &out, &errOut); code != 0 {
			t.Fatal(errOut.String())
		}
		rows := strings.Split(strings.TrimSpace(out.String()), "\n")[1:]
		if len(rows) != len(run.Ticks) {
			t.Fatalf("%v: %d ticks; the trace has %d rows", args, len(run.Ticks), len(rows))
		}
		for i, tick := range run.Ticks {
			if tick.Executed != "" && !strings.Contains(rows[i], "RUN:"+tick.Executed) {
				t.Errorf("%v tick %d: executed %q by %d; row %q", args, i+1, tick.Executed, tick.Running, rows[i])
			}
			if (len(tick.IODone) > 0) != (rows[i][3] == '*') {
				t.Errorf("%v tick %d: io done %v; row %q", args, i+1, tick.IODone, rows[i])
			}
		}
		last := run.Ticks[len(run.Ticks)-1]
		for pid, s := range last.States {
			if s != "DONE" {
				t.Errorf("%v: process %d ends %s", args, pid, s)
			}
		}
	}
	if _, err := ProcessRun([]string{"-S", "SOMETIMES"}); err == nil {
		t.Error("a bad -S was accepted")
	}
}
