// Command webbundle remakes the front end's bundle, web/dist, from the
// modules in web/js (package proclab/internal/bundle). Run it after
// changing a module, from anywhere in the repository:
//
//	go generate ./web
//
// The server serves the bundle only while its manifest matches the
// modules beside it; otherwise it serves the modules one by one and says
// so in its log. A test (internal/bundle) fails while web/dist is stale.
package main

import (
	"fmt"
	"os"

	"proclab/internal/bundle"
)

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	files, err := bundle.Build(dir)
	if err == nil {
		err = bundle.Write(dir, files)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "webbundle:", err)
		os.Exit(1)
	}
	fmt.Printf("webbundle: %d files in %s/dist\n", len(files), dir)
}
