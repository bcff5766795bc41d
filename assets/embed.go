// Package assets holds ProcLab's built-in content as data: the lessons
// (scenario files with bilingual titles and explanations, see
// docs/scenario.md) and the live lab's lessons. It has no logic; the server
// parses what it embeds.
package assets

import "embed"

// Files holds lessons/NN-id.txt and live/NN-id.txt. NN orders each list;
// id names the lesson in URLs and share links.
//
//go:embed lessons/*.txt live/*.txt
var Files embed.FS
