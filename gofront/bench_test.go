package gofront

import (
	"os"
	"testing"
)

// BenchmarkCompile300 parses, type-checks and compiles a 306-line program
// (testdata/bench300.go). The target is under 20 ms.
func BenchmarkCompile300(b *testing.B) {
	data, err := os.ReadFile("testdata/bench300.go")
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Compile(text); err != nil {
			b.Fatal(err)
		}
	}
}
