// Command proclab-load loads, attacks and soaks a ProcLab server through its
// public protocol (docs/protocol.md) and reports the server's figures: RSS
// and VmHWM, open fds, threads, descendant processes and CPU from
// /proc/PID, goroutines from /metrics when the server has them, /healthz
// latency probed every 100 ms, and how many legitimate clients were served
// or refused with their round trips.
//
//	proclab-load classroom [flags]     a lecture hall of students stepping through lessons
//	proclab-load room [flags]          a room of followers receiving the teacher's steps
//	proclab-load attack NAME [flags]   slowreader, idlews, oversize, leave, keepalive, or all
//	proclab-load soak [flags]          random clients for a while: nothing may leak
//
// Every scenario states its expectations (proclab-load -h; docs/benchmarks.md,
// "Load, attacks and soak"); the exit status is 1 when one fails. Every run
// is bounded in time and in connections, and only loopback targets are
// accepted unless --allow-remote is given. The tool starts the server itself
// with --server-bin (one fresh server per scenario, stopped at the end) or
// measures a running one given by --url and --pid.
package main
