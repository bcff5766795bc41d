// Package web holds ProcLab's browser front end: index.html, the ES modules
// under js/, the stylesheets under css/, and the modules bundled into a few
// files under dist/ (made by `go generate ./web`; see ModulesDigest).
package web

import "embed"

// Files is the front end, served at / by the server (index.html at "/").
// The unit tests (js/*.test.mjs) and their fixture are left out.
//
//go:embed index.html handout.html css/*.css js/*.js dist/*
var Files embed.FS

//go:generate go run ../cmd/webbundle
