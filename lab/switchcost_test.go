package lab

import (
	"fmt"
	"strings"
	"testing"

	"proclab/assets"
	"proclab/sim"
)

// costRun is a run of a scenario to its end: the step it ended at and
// the ticks its CPU spent switching.
type costRun struct{ end, switchTicks int64 }

func runToEnd(t *testing.T, sc *sim.Scenario) costRun {
	t.Helper()
	e := sim.New(sc, sim.Options{MaxSteps: 10000})
	for !e.Done() {
		e.Step()
	}
	return costRun{e.StepNum(), e.SwitchCounters().SwitchTicks}
}

// TestSwitchCostLessonNumbers computes the comparison the lesson
// switch-cost states in words (the same workload with free switches,
// switch_cost 1, switch_cost 1 mm=2, and with its two threads made two
// processes) and checks that both languages state these numbers.
func TestSwitchCostLessonNumbers(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	l, ok := ls.Get("switch-cost")
	if !ok {
		t.Fatal("no lesson switch-cost")
	}
	at := func(base, mm int64) costRun {
		sc := *l.Scenario
		sc.SwitchCost, sc.MMSwitchCost = base, mm
		return runToEnd(t, &sc)
	}
	free, base, refill := at(0, 0), at(1, 0), at(1, 2)
	if base.end-free.end != base.switchTicks || refill.end-free.end != refill.switchTicks {
		t.Fatalf("the switching ticks do not account for the longer runs: %+v %+v %+v", free, base, refill)
	}
	// The threads' micro-steps take a tick each, so the same work as
	// processes is the same number of compute ticks.
	var procs strings.Builder
	procs.WriteString("model jobs\npolicy rr 2\nswitch_cost 1 mm=2\n")
	for _, p := range l.Scenario.Programs {
		fmt.Fprintf(&procs, "process %s\n  compute %d\n", p.Name, len(p.Code)-1+computeExtra(p))
	}
	sc, err := sim.Parse(procs.String())
	if err != nil {
		t.Fatal(err)
	}
	asProcs := runToEnd(t, sc)
	pct := (100*refill.switchTicks + refill.end/2) / refill.end
	work := free.end
	en := []string{
		fmt.Sprintf("The same %d ticks of work end at tick %d if switches were free", work, free.end),
		fmt.Sprintf("at tick %d with switch_cost 1 (%d ticks switching)", base.end, base.switchTicks),
		fmt.Sprintf("at tick %d with mm=2 (%d ticks switching, %d%% of the CPU's time)", refill.end, refill.switchTicks, pct),
		fmt.Sprintf("every switch would pay the refill: tick %d.", asProcs.end),
	}
	zh := []string{
		fmt.Sprintf("同样 %d 个时钟滴答的工作：如果切换不花时间，在第 %d 个时钟滴答结束", work, free.end),
		fmt.Sprintf("switch_cost 1 时在第 %d 个结束（切换用了 %d 个）", base.end, base.switchTicks),
		fmt.Sprintf("mm=2 时在第 %d 个结束（切换用了 %d 个，占 CPU 时间的 %d%%）", refill.end, refill.switchTicks, pct),
		fmt.Sprintf("每次切换都要重新填充：第 %d 个。", asProcs.end),
	}
	for lang, wants := range map[string][]string{"en": en, "zh": zh} {
		text := l.Scenario.Explain[lang]
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("lesson switch-cost (%s) does not say %q; its text:\n%s", lang, w, text)
			}
		}
	}
}

// computeExtra is the ticks of a program's compute statements beyond the
// one each counts for in len(Code): compute N takes N ticks.
func computeExtra(p sim.Program) int {
	n := 0
	for _, in := range p.Code {
		if in.Op == sim.OpCompute {
			n += int(in.A) - 1
		}
	}
	return n
}
