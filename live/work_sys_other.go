//go:build !linux

package live

func runGoSignals([]int64) error { return errNotLinux }
func runSyscalls([]int64) error  { return errNotLinux }
func runPids([]int64) error      { return errNotLinux }
func runPingPong([]int64) error  { return errNotLinux }
