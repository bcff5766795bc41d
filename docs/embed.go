// Package docs holds ProcLab's documentation as data, so that the server
// can serve it with the page (GET /docs/NAME.md, as plain text): the
// editor's help line links to docs/scenario.md. It has no logic.
package docs

import "embed"

// Files holds the documents of this folder (the *.md files at its root).
//
//go:embed *.md
var Files embed.FS
