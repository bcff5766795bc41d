package server

import (
	"testing"
)

// A two-thread race in x86.py's language, written for this test.
const raceAsm = `.var total
.main
mov total, %ax
add $1, %ax
mov %ax, total
halt
`

func TestLoadX86OverWebsocket(t *testing.T) {
	_, ts := newTestServer(t, Budgets{})
	c := dial(t, ts)
	c.send(map[string]any{"type": "load", "ostep": "x86-intro -t 2 -i 2 -R ax", "source": raceAsm})
	loaded := c.expect("loaded")
	vars := loaded["vars"].([]any)
	if len(vars) != 1 || vars[0].(map[string]any)["name"] != "total" || num(loaded, "total") != 8 {
		t.Fatalf("loaded %v", loaded)
	}
	c.expect("snapshot")
	// -i 2: T0 runs two instructions (load, add), the interrupt hands the
	// CPU to T1, which loads the old total: the classic lost update.
	var last map[string]any
	for range 8 {
		c.send(map[string]any{"type": "step"})
		last = c.expect("events")
	}
	if v := last["vars"].([]any)[0].(float64); v != 1 {
		t.Errorf("total ends at %v; the interleaving loses an update, so 1", v)
	}
	for _, task := range last["tasks"].([]any) {
		if tm := task.(map[string]any); tm["pid"].(float64) >= 2 && tm["state"] != "dead" {
			t.Errorf("thread %v is %v at the end; want dead (halted)", tm["name"], tm["state"])
		}
	}
	for _, bad := range []map[string]any{
		{"type": "load", "ostep": "x86-intro -t 2"},                          // no source
		{"type": "load", "ostep": "x86-intro -t 2", "source": "bogus %ax\n"}, // bad program
		{"type": "load", "ostep": "x86-locks -t 999", "source": raceAsm},     // too many threads
	} {
		c.send(bad)
		if e := c.expect("error"); e["code"] != "bad_field" {
			t.Errorf("%v: %v", bad, e)
		}
	}
}
