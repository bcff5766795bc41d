// Package assets holds ProcLab's built-in content as data: the lessons
// (scenario files with bilingual titles and explanations, see
// docs/scenario.md, and Go programs, see docs/go.md), each scenario
// lesson's Go twin, and the live lab's lessons. It has no logic; the
// server parses what it embeds.
package assets

import "embed"

// Files holds lessons/NN-id.txt and lessons/NN-id.go (the lessons; NN
// orders them), lessons/go/id.go (the Go twin of the scenario lesson id)
// and live/NN-id.txt. id names a lesson in URLs and share links. The Go
// files carry //go:build ignore, so that the module's build skips them:
// each is a program of its own.
//
//go:embed lessons/*.txt lessons/*.go lessons/go/*.go live/*.txt
var Files embed.FS
