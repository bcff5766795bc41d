package sim

import (
	"fmt"
	"strings"
)

// describePipe writes the plain-English rest of a trace line for an event on
// a pipe, FIFO or message queue; p and other name Task and Other.
func (sc *Scenario) describePipe(b *strings.Builder, ev Event, p, other string) {
	name := sc.ipcName(ev.Obj)
	end, role := "read", "reader"
	if ev.Value == 1 {
		end, role = "write", "writer"
	}
	what := "priority"
	if int(ev.Obj) < len(sc.IPC) && ev.Obj >= 0 && sc.IPC[ev.Obj].Kind == IPCSysV {
		what = "mtype"
	}
	switch ev.Kind {
	case EvPipeWrite:
		fmt.Fprintf(b, " %s wrote %d byte(s) into %s", p, ev.Value, name)
		if ev.Arg > 0 {
			fmt.Fprintf(b, ", %d still to write", ev.Arg)
		}
	case EvPipeRead:
		if ev.Other == 0 {
			other = "several processes" // a run merged past MaxPipeRuns
		}
		fmt.Fprintf(b, " %s read %d byte(s) written by %s from %s, %d left in it", p, ev.Value, other, name, ev.Arg)
	case EvPipeEOF:
		fmt.Fprintf(b, " %s read %s: end of file (empty, no writer)", p, name)
	case EvPipeBroken:
		fmt.Fprintf(b, " %s write of %d byte(s) to %s: no reader, EPIPE and SIGPIPE", p, ev.Value, name)
	case EvIPCOpen:
		fmt.Fprintf(b, " %s opened %s for %sing, %d %s(s)", p, name, map[string]string{"read": "read", "write": "writ"}[end], ev.Arg, role)
	case EvIPCClose:
		fmt.Fprintf(b, " %s closed the %s end of %s, %d %s(s) left", p, end, name, ev.Arg, role)
		if ev.Cause == CauseExit {
			b.WriteString(" (exit)")
		}
	case EvMQSend:
		fmt.Fprintf(b, " %s sent %d byte(s) %s %d on %s", p, ev.Arg, what, ev.Value, name)
	case EvMQRecv:
		fmt.Fprintf(b, " %s received %s's %d byte(s) %s %d from %s", p, other, ev.Arg, what, ev.Value, name)
	case EvPipeFail:
		fmt.Fprintf(b, " %s %s() on %s failed: %s", p, Syscall(ev.Value), name, ipcErrnoName(ev.Arg))
	}
}

func ipcErrnoName(n int64) string {
	switch n {
	case errEBADF:
		return "EBADF"
	case errEINVAL:
		return "EINVAL"
	case errEPIPE:
		return "EPIPE"
	case errEMSGSIZE:
		return "EMSGSIZE"
	}
	return fmt.Sprintf("errno %d", n)
}
