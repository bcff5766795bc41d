// Package server is ProcLab's transport, and only that: it serves the
// embedded front end, the lessons and the scheduling API over HTTP, runs a
// lab.Session per simulation websocket and the live lab's websocket, and
// answers /healthz and /metrics (docs/protocol.md, docs/operations.md).
// What a learner can do lives in package lab; this package decodes, checks
// budgets, calls lab or live, and encodes.
//
// The contract:
//   - One error table (errors.go) maps every error to an HTTP status and a
//     wire code; every refusal, REST or websocket, has one JSON shape.
//     Bad input changes nothing else.
//   - One JSON reader (jsonio.go) for REST bodies and websocket messages.
//   - One admission path (Server.accept) for websockets: a slot per client
//     address and in total (Budgets.ConnsPerClient, Conns), registration
//     with shutdown, then the upgrade (same origin only).
//   - Every budget is in bytes and time as well as counts (Budgets): a
//     socket's outgoing queue is capped in bytes, each write has a
//     deadline, a socket that sends nothing in time is closed, loads and
//     explores take a server-wide work slot and stop when their client
//     goes, open runs share a memory budget, HTTP connections have
//     deadlines and caps (httpserver.go).
//   - The front gate (guard.go) answers only to this server's host names,
//     refuses state changes from other origins, believes forwarding headers
//     only from trusted proxies, and sends a strict CSP.
//
// Concurrency: a Server is safe for concurrent use. Each websocket has a
// reader (the handler's goroutine), one writer goroutine that alone writes
// to the socket, and for simulation sockets one session goroutine that
// alone owns the lab.Session and the play clock. Close ends every
// connection and waits for these goroutines.
package server
