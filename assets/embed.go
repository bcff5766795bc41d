// Package assets holds ProcLab's built-in content as data: the lessons
// (scenario files with bilingual titles and explanations, see
// docs/scenario.md). It has no logic; the server parses what it embeds.
package assets

import "embed"

// Files holds lessons/NN-id.txt. NN orders the lesson list; id names the
// lesson in URLs and share links.
//
//go:embed lessons/*.txt live/*.txt
var Files embed.FS
