package main

import (
	"os"
	"os/exec"
	"testing"
)

// TestFrontEndUnits runs the front end's own unit tests (web/js/*.test.mjs:
// the view-state fold, share links, sentences, catalogs) with Node.js.
func TestFrontEndUnits(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but node is not installed")
		}
		t.Skip("SKIPPED: node is not installed; the front end's unit tests did not run")
	}
	out, err := exec.Command(node, "--test", "web/js/").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test web/js/ failed: %v\n%s", err, out)
	}
}
