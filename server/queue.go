package server

import "sync"

// queued is one message in a socket's outgoing queue: its bytes, and the
// shared message they are when several sockets send the same bytes.
type queued struct {
	data   []byte
	shared *sharedMessage // nil: the socket's own message
}

// sharedMessage is one encoded message that many simulation sockets send
// (a snapshot that loads share: lab.Snapshot.Memo). The server's queue
// budget (TotalQueueBytes) counts its bytes once while any socket's queue
// holds it: a class opening one share link queues one copy of the largest
// snapshot, not one per student. Each socket's and each client's budget
// count it whole, as the client sees it. It is counted in the meter of the
// simulation sockets alone. Safe for concurrent use; data is never
// changed.
type sharedMessage struct {
	data   []byte
	mu     sync.Mutex
	queues int // sockets whose queue holds it, guarded by mu
}

// reserveQueue takes what queueing q holds of the budgets: its bytes of
// the socket's queue and of the client's, and of the server's its bytes
// (once for a shared message) plus, while the socket has a message it may
// compress queued or being written, one flate writer (flateWriterBytes).
// It reports false, having taken nothing, when a budget would pass.
func (k *socket) reserveQueue(q queued) bool {
	n := int64(len(q.data))
	m := k.meter
	if !reserve(&k.queued, n, k.queueBytes) {
		return false
	}
	if !reserve(&k.share.queueBytes, n, m.b.QueueBytesPerClient) {
		k.queued.Add(-n)
		return false
	}
	if !k.reserveServerBytes(q) {
		k.share.queueBytes.Add(-n)
		k.queued.Add(-n)
		return false
	}
	if k.mayCompress(len(q.data)) && !k.reserveFlate() {
		k.releaseServerBytes(q)
		k.share.queueBytes.Add(-n)
		k.queued.Add(-n)
		return false
	}
	return true
}

// unqueue gives back what reserveQueue took for q.
func (k *socket) unqueue(q queued) {
	n := int64(len(q.data))
	if k.mayCompress(len(q.data)) {
		k.releaseFlate()
	}
	k.releaseServerBytes(q)
	k.share.queueBytes.Add(-n)
	k.queued.Add(-n)
}

// reserveServerBytes counts q's bytes in the server's queue budget: a
// shared message only when no other queue holds it.
func (k *socket) reserveServerBytes(q queued) bool {
	m := k.meter
	n := int64(len(q.data))
	sm := q.shared
	if sm == nil {
		return reserve(&m.queueBytes, n, m.b.TotalQueueBytes)
	}
	sm.mu.Lock()
	defer sm.mu.Unlock()
	if sm.queues == 0 && !reserve(&m.queueBytes, n, m.b.TotalQueueBytes) {
		return false
	}
	sm.queues++
	return true
}

func (k *socket) releaseServerBytes(q queued) {
	m := k.meter
	n := int64(len(q.data))
	sm := q.shared
	if sm == nil {
		m.queueBytes.Add(-n)
		return
	}
	sm.mu.Lock()
	defer sm.mu.Unlock()
	sm.queues--
	if sm.queues == 0 {
		m.queueBytes.Add(-n)
	}
}

// flateWriterBytes is the memory a compressed write holds while it runs:
// the flate writer the websocket library takes from its pool for each
// message it compresses (1.2 MB at level 1, measured with
// runtime.MemStats). A socket writes one message at a time, so it holds
// one at most.
const flateWriterBytes = 1_200_000

// mayCompress reports whether the socket's write of a message of n bytes
// may compress it, holding a flate writer: a simulation socket whose
// client asked for compression (permessage-deflate), from
// CompressThreshold bytes.
func (k *socket) mayCompress(n int) bool {
	return k.deflate && k.kind == "sim" && n >= CompressThreshold
}

// reserveFlate counts one flate writer in the server's queue budget when
// the socket has no other message it may compress queued or in writing.
func (k *socket) reserveFlate() bool {
	k.flateMu.Lock()
	defer k.flateMu.Unlock()
	if k.compressible == 0 && !reserve(&k.meter.queueBytes, flateWriterBytes, k.meter.b.TotalQueueBytes) {
		return false
	}
	k.compressible++
	return true
}

func (k *socket) releaseFlate() {
	k.flateMu.Lock()
	defer k.flateMu.Unlock()
	k.compressible--
	if k.compressible == 0 {
		k.meter.queueBytes.Add(-flateWriterBytes)
	}
}
