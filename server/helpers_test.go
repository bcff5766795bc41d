package server

import (
	"context"
	"testing/fstest"

	"proclab/assets"
)

var (
	testWeb    = fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>ProcLab</title>")}}
	testAssets = assets.Files
)

func contextWithCancel() (context.Context, context.CancelFunc) {
	return context.WithCancel(context.Background())
}

func testWebFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}
