package lab

import (
	"reflect"
	"testing"

	"proclab/assets"
	"proclab/sim"
)

// TestSwitchRecordsDoNotDependOnBuffers checks that a step's context-switch
// records (sim's StepSwitches, which the switch card shows) are the same
// whether the engine took every step before it or is a fresh clone, whose
// record buffers start empty: each record's registers are its own task's,
// even when several tasks switch in one step. A step's first switch used
// to write its registers into the last step's buffer before emptying it,
// so that the step's next switch overwrote them (a Go lesson showed the
// registers of one goroutine for another). Every lesson, Go ones
// included, is run for up to 1,500 steps.
func TestSwitchRecordsDoNotDependOnBuffers(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	withLocals := 0
	for _, l := range ls.All() {
		e := sim.New(l.Scenario, sim.Options{MaxSteps: 1500})
		for !e.Done() {
			c := e.Clone()
			e.Step()
			c.Step()
			got, want := e.StepSwitches(), c.StepSwitches()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("lesson %s, step %d: got switch records %+v; want %+v (a clone's)", l.ID, e.StepNum(), got, want)
				break
			}
			for _, r := range got {
				if len(r.In.Locals) > 0 {
					withLocals++
				}
			}
		}
	}
	if withLocals == 0 {
		t.Fatal("no switch record carried registers: the test checks nothing")
	}
}
