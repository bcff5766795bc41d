package lab

import "proclab/sim"

// lessonChanges names, for each semantics version, the built-in lessons
// whose scenario changed in that version (a share link of a lesson carries
// its id, not its text). A link made under an older version of a lesson
// named here opens with the notice, even where sim.ReplaysScenario says
// the engine would replay it.
var lessonChanges = map[int][]string{
	// One CPU and a 10 ms quantum, so that the default run prints only
	// "main returns", as real runs do (it printed every goroutine's line).
	6: {"go-waitgroup"},
}

// replaysLesson reports whether a link made under semantics version v
// shows what it showed then: the engine replays it (sim.ReplaysScenario)
// and, for a lesson, no later version changed that lesson.
func replaysLesson(v int, lessonID string, sc *sim.Scenario) bool {
	if !sim.ReplaysScenario(v, sc) {
		return false
	}
	for w := v + 1; w <= sim.SemanticsVersion; w++ {
		for _, id := range lessonChanges[w] {
			if id == lessonID {
				return false
			}
		}
	}
	return true
}
