//go:build !linux

package live

// The live IPC demos (fifo, mqueue, shmsem, tcp, udp) run on Linux only.

func runFIFO([]int64) error   { return errNotLinux }
func runMqueue([]int64) error { return errNotLinux }
func runShmSem([]int64) error { return errNotLinux }
func runTCP([]int64) error    { return errNotLinux }
func runUDP([]int64) error    { return errNotLinux }
