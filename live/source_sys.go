package live

// The functions the page shows with the live-sys workloads (issue 11,
// part 5), besides their run functions: see sourceHelpers.
func init() {
	sourceHelpers["gosignals"] = nil
	sourceHelpers["syscalls"] = []string{"runSyscallLoop", "startWorker"}
	sourceHelpers["pids"] = []string{"rawFork", "rawChild", "readSysInt"}
	sourceHelpers["pingpong"] = []string{"runPong", "rawRead", "rawWrite", "pinTo", "startWorkerFDs"}
}
