//go:build !linux

package live

import (
	"errors"
	"time"
)

// Manager is unavailable outside Linux; every action returns ErrUnavailable.
type Manager struct{ h hub }

// New returns a Manager that says the live lab cannot run here.
func New(cfg Config) *Manager { return &Manager{} }

func (m *Manager) Available() error { return ErrUnavailable }
func (m *Manager) Limits() Limits   { return Limits{} }
func (m *Manager) Spawn(owner, workload string, args map[string]int64) (int, error) {
	return 0, ErrUnavailable
}
func (m *Manager) Signal(a Actor, pid int, name string) error { return ErrUnavailable }
func (m *Manager) Reap(a Actor, pid int) error                { return ErrUnavailable }
func (m *Manager) Trace(a Actor, pid int) error               { return ErrUnavailable }
func (m *Manager) Resume(a Actor, pid int) error              { return ErrUnavailable }
func (m *Manager) KillAll(a Actor) int                        { return 0 }
func (m *Manager) KillOwner(owner string) int                 { return 0 }
func (m *Manager) Processes() []Process                       { return []Process{} }
func (m *Manager) Watch(owner string, pids []int) error       { return ErrUnavailable }
func (m *Manager) Subscribe(buf int) *Subscription            { return m.h.add(buf) }
func (m *Manager) Close()                                     { m.h.closeAll() }
func (m *Manager) SinceStartMS() int64                        { return 0 }
func (m *Manager) SamplerStats() (int64, time.Duration)       { return 0, 0 }

// WorkerMain refuses: workers run on Linux only.
func WorkerMain(args []string) error { return errors.New("worker: the live lab runs on Linux only") }

var errNotLinux = errors.New("worker: the live lab runs on Linux only")

func runCPU([]int64) error        { return errNotLinux }
func runSleep([]int64) error      { return errNotLinux }
func runExit([]int64) error       { return errNotLinux }
func runPipeWriter([]int64) error { return errNotLinux }
func runForker([]int64) error     { return errNotLinux }
func runOrphans([]int64) error    { return errNotLinux }
func runVfork([]int64) error      { return errNotLinux }
func runRace([]int64) error       { return errNotLinux }
func runCOW([]int64) error        { return errNotLinux }
func runSocket([]int64) error     { return errNotLinux }
func runSignals([]int64) error    { return errNotLinux }
func runDiskRead([]int64) error   { return errNotLinux }
