package sim

import (
	"testing"
	"unsafe"
)

// Sizes used by the benchmarks to report checkpoint memory.
const (
	sizeofTask   = unsafe.Sizeof(Task{})
	sizeofEngine = unsafe.Sizeof(Engine{})
	sizeofEvent  = unsafe.Sizeof(Event{})
)

// TestRecordingByteSizes keeps Recording.Bytes's sizes true.
func TestRecordingByteSizes(t *testing.T) {
	if sizeofTask != taskBytes || sizeofEngine != engineBytes {
		t.Errorf("Task is %d bytes, Engine %d; record.go says %d and %d: update taskBytes and engineBytes", sizeofTask, sizeofEngine, taskBytes, engineBytes)
	}
}

// TestOutputLineBytes keeps record.go's outputLineBytes true.
func TestOutputLineBytes(t *testing.T) {
	if got := 2 * unsafe.Sizeof(OutputLine{}); got != outputLineBytes {
		t.Errorf("two OutputLines are %d bytes; record.go says %d", got, outputLineBytes)
	}
}

// TestIPCByteSizes keeps pipeBytes's sizes true.
func TestIPCByteSizes(t *testing.T) {
	if a, b, c := unsafe.Sizeof(ipcObj{}), unsafe.Sizeof(ipcChunk{}), unsafe.Sizeof(ipcMsg{}); a != 72 || b != 16 || c != 24 {
		t.Errorf("ipcObj is %d bytes, ipcChunk %d, ipcMsg %d; pipeBytes says 72, 16 and 24", a, b, c)
	}
}

// TestSocketAndSwitchByteSizes keeps sockBytes's and switchBytes's sizes true.
func TestSocketAndSwitchByteSizes(t *testing.T) {
	if a, b := unsafe.Sizeof(sockState{}), unsafe.Sizeof(ContextSwitch{}); a != 176 || b != 136 {
		t.Errorf("sockState is %d bytes, ContextSwitch %d; sockBytes and switchBytes say 176 and 136", a, b)
	}
}
