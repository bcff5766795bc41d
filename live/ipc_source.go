package live

// The functions the page shows with the IPC demos' run functions (see
// sourceHelpers in source.go): the other end of each, and the calls that
// make the named objects and the semaphore.
func init() {
	sourceHelpers["fifo"] = []string{"runFIFOWriter", "runFIFOReader", "openFIFO", "startWorker"}
	sourceHelpers["mqueue"] = []string{"runMqRecv", "mqOpen", "mqSend", "mqReceive", "startWorker"}
	sourceHelpers["shmsem"] = []string{"runShmReader", "semWait", "semPost", "startWorkerFDs"}
	sourceHelpers["tcp"] = []string{"runTCPRecv", "loopbackSocket", "startWorker"}
	sourceHelpers["udp"] = []string{"runUDPRecv", "loopbackSocket", "startWorker"}
}
