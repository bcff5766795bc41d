//go:build race

package ostep

// raceEnabled is true when the tests run with the race detector.
const raceEnabled = true
