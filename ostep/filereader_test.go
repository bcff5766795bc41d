package ostep

import (
	"io"
	"strings"
	"testing"
)

// zeros is an endless file of zero bytes, as /dev/zero reads.
type zeros struct{ read int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += int64(len(p))
	return len(p), nil
}

func (z *zeros) Close() error { return nil }

// TestFileReaderStopsAtTheLimit checks that a -p file is read no further
// than MaxProgramBytes and refused when larger (x86-locks -p /dev/zero took
// 1.26 GB in 8 s before), while a program of any size below is read whole.
func TestFileReaderStopsAtTheLimit(t *testing.T) {
	z := &zeros{}
	read := FileReader(func(string) (io.ReadCloser, error) { return z, nil })
	if _, err := read("/dev/zero"); err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("reading an endless file: %v; want an error", err)
	}
	if z.read > MaxProgramBytes+1<<20 {
		t.Errorf("read %d bytes of an endless file; want at most about %d", z.read, MaxProgramBytes)
	}
	src := "mov 1, %ax\nhalt\n"
	read = FileReader(func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(src)), nil })
	if got, err := read("p.s"); err != nil || string(got) != src {
		t.Errorf("reading a program: %q, %v", got, err)
	}
}
