// Package web holds ProcLab's browser front end: index.html, the ES modules
// under js/ and the stylesheet under css/. It has no Go logic.
package web

import "embed"

// Files is the front end, served at / by the server (index.html at "/").
// The unit tests (js/*.test.mjs) and their fixture are left out.
//
//go:embed index.html handout.html css/*.css js/*.js
var Files embed.FS
