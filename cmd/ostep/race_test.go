//go:build race

package main

// raceEnabled is true when the test runs with the race detector.
const raceEnabled = true
