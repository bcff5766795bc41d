//go:build linux

package live

import (
	"fmt"
	"os"
	"testing"
)

// TestMain lets the test binary be a worker ("worker NAME INT...", as the
// Manager runs it), a helper of the parity probes, or a stand-in lab server
// for the crash test.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		if err := WorkerMain(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	if role := os.Getenv(envProbe); role != "" {
		if err := probeHelper(role); err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	if os.Getenv(envTestLabServer) == "1" {
		runTestLabServer()
		os.Exit(0)
	}
	os.Exit(m.Run())
}
