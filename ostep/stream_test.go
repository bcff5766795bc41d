package ostep

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// spinCounter is a lock-protected counter loop for the x86-locks
// simulator: each of the threads adds 1 to count bx times, taking an xchg
// spin lock around the update.
const spinCounter = `.var lock
.var count
.main
.again
mov  $1, %ax
xchg %ax, lock
test $0, %ax
jne  .again
mov  count, %ax
add  $1, %ax
mov  %ax, count
mov  $0, lock
sub  $1, %bx
test $0, %bx
jgt  .again
halt
`

// streamWatcher is a stdout that keeps nothing: it counts the writes and
// bytes it receives and, at each write, samples the heap in use, so a test
// can tell a streamed run from one held in memory and written at the end.
type streamWatcher struct {
	writes   int
	bytes    int64
	maxWrite int
	peakHeap uint64 // the largest runtime.MemStats.HeapAlloc seen, in bytes
	tail     []byte // the last bytes received (at most 256)
}

func (w *streamWatcher) Write(p []byte) (int, error) {
	w.writes++
	w.bytes += int64(len(p))
	w.maxWrite = max(w.maxWrite, len(p))
	w.tail = append(w.tail, p[max(0, len(p)-256):]...)
	w.tail = w.tail[max(0, len(w.tail)-256):]
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	w.peakHeap = max(w.peakHeap, ms.HeapAlloc)
	return len(p), nil
}

// TestMainStreamsLongRuns checks that a long run's output reaches stdout in
// buffer-sized writes while the run goes on and that the heap stays far
// below the output's size: before streaming, Main held all of it in memory
// (its heap grew past the output's size) and wrote it in one piece.
func TestMainStreamsLongRuns(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		minBytes int64  // the output is at least this long
		lastLine string // the output's last line
	}{
		{"x86-locks, 2 threads x 8000", []string{"x86-locks", "-p", "t.s", "-t", "2", "-a", "bx=8000", "-M", "lock,count", "-R", "ax,bx", "-i", "4", "-c"},
			16 << 20, "    0 16000   16000     0                            1011 halt"},
		{"x86-locks, 3 threads x 4000, interrupts every 7", []string{"x86-locks", "-p", "t.s", "-t", "3", "-a", "bx=4000", "-M", "count", "-R", "bx", "-i", "7", "-c"},
			8 << 20, "12000       0                            1011 halt"},
	}
	// The heap may hold a few MiB of garbage between collections at the
	// default GOGC; a run held in memory needs more than its output's size.
	const heapAllowance = 8 << 20
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			withSource(t, spinCounter)
			var w streamWatcher
			var errOut strings.Builder
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			base := ms.HeapAlloc
			if code := Main(tc.args, &w, &errOut); code != 0 {
				t.Fatalf("%q: exit status %d, stderr %q", tc.args, code, errOut.String())
			}
			if w.bytes < tc.minBytes {
				t.Fatalf("%q: got %d bytes of output; want at least %d", tc.args, w.bytes, tc.minBytes)
			}
			if got, want := w.maxWrite, outBufBytes; got > want {
				t.Errorf("%q: got a write of %d bytes; want at most %d (one buffer)", tc.args, got, want)
			}
			if got, want := int64(w.writes), w.bytes/outBufBytes; got < want {
				t.Errorf("%q: got %d writes for %d bytes; want at least %d", tc.args, got, w.bytes, want)
			}
			if got, want := w.peakHeap-min(base, w.peakHeap), uint64(heapAllowance); got > want {
				t.Errorf("%q: the heap grew by %d bytes during a run printing %d; want at most %d", tc.args, got, w.bytes, want)
			}
			t.Logf("%d bytes in %d writes; the heap grew by at most %d bytes", w.bytes, w.writes, w.peakHeap-min(base, w.peakHeap))
			last := strings.TrimSuffix(string(w.tail), "\n")
			last = last[strings.LastIndexByte(last, '\n')+1:]
			if last != tc.lastLine {
				t.Errorf("%q: got last line %q; want %q", tc.args, last, tc.lastLine)
			}
		})
	}
}

// TestMainStreamsWhatItBuffers checks that streaming changes no byte and
// writes full buffers: the output that arrives in pieces equals the output
// collected whole, in exactly ceil(size/64 KiB) writes, for runs under,
// about and over one buffer's size.
func TestMainStreamsWhatItBuffers(t *testing.T) {
	tests := []struct {
		name string
		bx   int
	}{
		{"under one buffer", 10},
		{"about one buffer", 26},
		{"several buffers", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			withSource(t, spinCounter)
			args := []string{"x86-locks", "-p", "t.s", "-a", fmt.Sprintf("bx=%d", tc.bx), "-M", "count", "-R", "ax", "-C", "-i", "3", "-c"}
			var whole bytes.Buffer
			if code := Main(args, &whole, io.Discard); code != 0 {
				t.Fatalf("%q: exit status %d", args, code)
			}
			want := whole.String()
			var w streamWatcher
			var got bytes.Buffer
			if code := Main(args, io.MultiWriter(&w, &got), io.Discard); code != 0 {
				t.Fatalf("%q: exit status %d", args, code)
			}
			if got.String() != want {
				t.Errorf("%q: the streamed output differs from the collected one (%d and %d bytes)", args, got.Len(), len(want))
			}
			if wantWrites := (len(want) + outBufBytes - 1) / outBufBytes; w.writes != wantWrites {
				t.Errorf("%q: got %d writes for %d bytes; want %d", args, w.writes, len(want), wantWrites)
			}
		})
	}
}

// failingWriter accepts n bytes, then fails every write.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, io.ErrShortWrite
	}
	w.n -= len(p)
	return len(p), nil
}

// TestMainWriteError checks that a stdout that fails ends the run with exit
// status 1 and one line on stderr, for a failure at the first buffer and at
// the final flush.
func TestMainWriteError(t *testing.T) {
	tests := []struct {
		name   string
		bx     int
		accept int // bytes the writer takes before failing
	}{
		{"first buffer", 2000, 100},
		{"final flush", 2, 100},
		{"after several buffers", 2000, 3 * outBufBytes},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			withSource(t, spinCounter)
			args := []string{"x86-locks", "-p", "t.s", "-a", fmt.Sprintf("bx=%d", tc.bx), "-M", "count", "-c"}
			var errOut strings.Builder
			code := Main(args, &failingWriter{n: tc.accept}, &errOut)
			if code != 1 {
				t.Errorf("%q: got exit status %d; want 1", args, code)
			}
			if got := errOut.String(); !strings.HasPrefix(got, "ostep: error: writing the output: ") || strings.Count(got, "\n") != 1 {
				t.Errorf("%q: got stderr %q; want one line about writing the output", args, got)
			}
		})
	}
}

// BenchmarkMainX86Locks measures Main on a long x86-locks run (two threads
// adding 1 to a counter 2,000 times each under a spin lock, every value
// traced), its output discarded. With -benchmem, B/op is everything the run
// allocates (mostly short-lived formatting garbage), and the MB/s column
// is output bytes per second.
func BenchmarkMainX86Locks(b *testing.B) {
	old := ReadFile
	ReadFile = func(string) ([]byte, error) { return []byte(spinCounter), nil }
	defer func() { ReadFile = old }()
	args := []string{"x86-locks", "-p", "t.s", "-t", "2", "-a", "bx=2000", "-M", "lock,count", "-R", "ax,bx", "-i", "4", "-c"}
	var w streamWatcher
	if code := Main(args, &w, io.Discard); code != 0 {
		b.Fatalf("exit status %d", code)
	}
	b.SetBytes(w.bytes)
	b.ResetTimer()
	for range b.N {
		if code := Main(args, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit status %d", code)
		}
	}
}

// TestMainX86AllocsDoNotGrow checks that an x86 run allocates the same
// whatever its length: its rows are formatted into one reused buffer and
// streamed, so ten or a thousand times more instructions cost no more
// allocations (counted with testing.AllocsPerRun).
func TestMainX86AllocsDoNotGrow(t *testing.T) {
	tests := []struct {
		name  string
		flags []string
	}{
		{"values computed", []string{"-M", "lock,count", "-R", "ax,bx", "-C", "-i", "4", "-c"}},
		{"values hidden, row headers", []string{"-M", "count", "-R", "bx", "-H", "10", "-i", "3"}},
		{"random interrupts, three threads", []string{"-t", "3", "-r", "-s", "5", "-M", "count", "-c"}},
	}
	allocs := func(t *testing.T, bx int, flags []string) float64 {
		t.Helper()
		args := append([]string{"x86-locks", "-p", "t.s", "-a", fmt.Sprintf("bx=%d", bx)}, flags...)
		var code int
		n := testing.AllocsPerRun(3, func() { code = Main(args, io.Discard, io.Discard) })
		if code != 0 {
			t.Fatalf("%q: exit status %d", args, code)
		}
		return n
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			withSource(t, spinCounter)
			short, long := allocs(t, 20, tc.flags), allocs(t, 2000, tc.flags)
			t.Logf("%.0f allocations for bx=20, %.0f for bx=2000", short, long)
			// Under the race detector sync.Pool drops some of what it is
			// given on purpose (fmt's printers among it), so the count
			// wanders with the output's length: 368 and 377 in one CI run.
			// An allocation a line would add thousands.
			slack := 8.0
			if raceEnabled {
				slack = 64
			}
			if long > short+slack {
				t.Errorf("got %.0f allocations for bx=2000 and %.0f for bx=20; want the same (at most %.0f more)", long, short, slack)
			}
		})
	}
}
