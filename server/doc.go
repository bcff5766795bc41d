// Package server is ProcLab's HTTP and websocket front door: it serves the
// embedded web front end and lessons, answers /healthz and /api/lessons, and
// runs one simulation session per websocket connection (docs/protocol.md).
//
// Concurrency: a Server is safe for concurrent use. Each websocket gets
// three goroutines: a reader that decodes commands, the session goroutine
// that alone owns the session's Recording and Engine, and a writer that alone
// writes to the socket from a bounded queue. A client that lets the queue
// fill up is disconnected instead of slowing the session down.
package server
