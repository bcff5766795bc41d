package sim

import (
	"errors"
	"testing"
)

// TestIPCNamesNotRegions checks that a pipe, FIFO or queue cannot take the
// name of a memory region: "read heap 0" named the pipe, so a scenario
// with memory lost its heap, and the page number was refused as a byte
// count.
func TestIPCNamesNotRegions(t *testing.T) {
	tests := []struct{ text, code string }{
		{"memory\npipe heap\nprocess a\n  read heap 0\n", "bad_decl_name"},
		{"fifo text\nprocess a\n  open text read\n", "bad_decl_name"},
		{"mqueue stack sysv\nprocess a\n  msgrcv stack 0\n", "bad_decl_name"},
		{"memory\npipe heaps\nprocess a\n  read heap 0\n  read heaps 1\n", ""},
	}
	for _, tt := range tests {
		_, err := Parse(tt.text)
		var pe *ParseError
		got := ""
		if errors.As(err, &pe) {
			got = pe.Code
		} else if err != nil {
			got = err.Error()
		}
		if got != tt.code {
			t.Errorf("Parse(%q): got error code %q; want %q", tt.text, got, tt.code)
		}
	}
}
