package gofront

import (
	"strings"

	"proclab/sim"
)

// MaxSourceBytes is the size limit of a Go program's text; it is the
// scenario language's (sim.MaxScenarioBytes), so one limit covers both.
const MaxSourceBytes = sim.MaxScenarioBytes

// IsGo reports whether text is Go source rather than a scenario: its first
// word, after blank lines and // comments, is "package".
func IsGo(text string) bool {
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		return line == "package" || strings.HasPrefix(line, "package ") || strings.HasPrefix(line, "package\t")
	}
	return false
}
