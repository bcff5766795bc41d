//go:build linux

package live

// The internal workers of the IPC demos: the second process of each,
// started by its demo's worker (startWorker), never by the Manager.
func init() {
	internal["fifo-writer"] = &Workload{Name: "fifo-writer", Comm: "pl-fifo-w", run: runFIFOWriter,
		Args: []Arg{{Name: "kib", Min: 1, Max: 1 << 20}}}
	internal["fifo-reader"] = &Workload{Name: "fifo-reader", Comm: "pl-fifo-r", run: runFIFOReader,
		Args: []Arg{{Name: "read_kbps", Min: 0, Max: 1000000}}}
	internal["mq-recv"] = &Workload{Name: "mq-recv", Comm: "pl-mq-recv", run: runMqRecv,
		Args: []Arg{{Name: "count", Min: 1, Max: 1000}, {Name: "delay_ms", Min: 0, Max: 60000}, {Name: "read_ms", Min: 0, Max: 60000}}}
	internal["shm-reader"] = &Workload{Name: "shm-reader", Comm: "pl-shm-r", run: runShmReader,
		Args: []Arg{{Name: "mb", Min: 1, Max: 1024}, {Name: "chunk_kib", Min: 4, Max: 1024}, {Name: "slots", Min: 1, Max: 16}}}
	internal["tcp-recv"] = &Workload{Name: "tcp-recv", Comm: "pl-tcp-recv", run: runTCPRecv,
		Args: []Arg{{Name: "delay_ms", Min: 0, Max: 10000}}}
	internal["udp-recv"] = &Workload{Name: "udp-recv", Comm: "pl-udp-recv", run: runUDPRecv,
		Args: []Arg{{Name: "count", Min: 1, Max: 20000}, {Name: "delay_ms", Min: 0, Max: 10000}, {Name: "echo", Min: 0, Max: 1}}}
}
