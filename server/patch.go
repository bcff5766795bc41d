package server

import (
	"slices"
	"strconv"
)

// patchedEvents is a step's events message whose tasks the client holds
// are sent as patches (docs/protocol.md, "Step messages carry what
// changed"): Patch says that each of tasks whose PID the client holds
// lists only its pid and the fields that changed, with "unset" naming the
// fields that went empty (those a whole task leaves out when empty). A
// task new to the client comes whole. At 1,000 steps/s a 64-task run's
// steps carried 1.5 KB of whole tasks each (6 tasks of about 240 bytes),
// most of each the fields that had not changed.
type patchedEvents struct {
	wireEvents
	Tasks taskPatches `json:"tasks"` // over wireEvents.Tasks
	Patch bool        `json:"patch"`
}

// taskPatches are the tasks of a patched events message: tasks[i] is sent
// as a patch against was[i], or whole when was[i] is nil.
type taskPatches struct {
	tasks []wireTask
	was   []*wireTask
}

func (p taskPatches) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64*len(p.tasks)+2)
	b = append(b, '[')
	for i := range p.tasks {
		if i > 0 {
			b = append(b, ',')
		}
		if p.was[i] == nil {
			b = appendTaskJSON(b, &p.tasks[i])
		} else {
			b = appendTaskPatchJSON(b, p.was[i], &p.tasks[i])
		}
	}
	return append(b, ']'), nil
}

// appendTaskPatchJSON appends the patch that turns a (the task the client
// holds) into t: t's pid, each field of t that differs from a's as
// appendTaskJSON writes it, and "unset", the fields a had that t leaves
// out (empty, and omitted when empty). Every field of wireTask is
// compared (TestTaskPatchSeesEveryField).
func appendTaskPatchJSON(b []byte, a, t *wireTask) []byte {
	b = append(b, `{"pid":`...)
	b = strconv.AppendInt(b, int64(t.PID), 10)
	num := func(key string, x, y int64) {
		if x != y {
			b = strconv.AppendInt(append(b, key...), y, 10)
		}
	}
	str := func(key, x, y string) {
		if x != y {
			b = appendJSONString(append(b, key...), y)
		}
	}
	var unset []string
	num(`,"ppid":`, int64(a.PPID), int64(t.PPID))
	num(`,"tgid":`, int64(a.TGID), int64(t.TGID))
	num(`,"nlwp":`, int64(a.NLWP), int64(t.NLWP))
	str(`,"name":`, a.Name, t.Name)
	num(`,"program":`, int64(a.Program), int64(t.Program))
	str(`,"state":`, a.State, t.State)
	num(`,"cpu":`, int64(a.CPU), int64(t.CPU))
	num(`,"line":`, int64(a.Line), int64(t.Line))
	str(`,"mode":`, a.Mode, t.Mode)
	switch {
	case t.ExitCode == nil && a.ExitCode != nil:
		unset = append(unset, "exit_code")
	case t.ExitCode != nil && !sameIntPtr(a.ExitCode, t.ExitCode):
		b = strconv.AppendInt(append(b, `,"exit_code":`...), int64(*t.ExitCode), 10)
	}
	if t.Signal == "" && a.Signal != "" {
		unset = append(unset, "signal")
	} else {
		str(`,"signal":`, a.Signal, t.Signal)
	}
	num(`,"pgid":`, int64(a.PGID), int64(t.PGID))
	num(`,"sid":`, int64(a.SID), int64(t.SID))
	num(`,"user_ticks":`, a.UserTicks, t.UserTicks)
	num(`,"kernel_ticks":`, a.KernelTicks, t.KernelTicks)
	num(`,"vcsw":`, a.VCSW, t.VCSW)
	num(`,"nvcsw":`, a.NVCSW, t.NVCSW)
	num(`,"created":`, a.Created, t.Created)
	if !slices.Equal(a.Pending, t.Pending) || (a.Pending == nil) != (t.Pending == nil) {
		b = appendStringsJSON(append(b, `,"pending":`...), t.Pending)
	}
	num(`,"pc":`, int64(a.PC), int64(t.PC))
	switch {
	case len(t.Locals) == 0 && len(a.Locals) > 0:
		unset = append(unset, "locals")
	case len(t.Locals) > 0 && !slices.Equal(a.Locals, t.Locals):
		b = appendIntsJSON(append(b, `,"locals":`...), t.Locals)
	}
	num(`,"wait_obj":`, int64(a.WaitObj), int64(t.WaitObj))
	switch {
	case !t.InCS && a.InCS:
		unset = append(unset, "in_cs")
	case t.InCS && !a.InCS:
		b = append(b, `,"in_cs":true`...)
	}
	if t.Wchan == "" && a.Wchan != "" {
		unset = append(unset, "wchan")
	} else {
		str(`,"wchan":`, a.Wchan, t.Wchan)
	}
	if len(unset) > 0 {
		b = appendStringsJSON(append(b, `,"unset":`...), unset)
	}
	return append(b, '}')
}
