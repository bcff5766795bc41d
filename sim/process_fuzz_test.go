package sim

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzSteps caps every fuzzed run: a fork loop or an exec of itself would
// otherwise run until the task table is full.
const fuzzSteps = 300

// FuzzProcesses builds scenarios from the fuzz input (process statements,
// fork loops, kills of parents, children, groups and self, stops, traces,
// exec, threads mixed in, 1 to 4 CPUs, small pid_max and max_tasks), runs
// each to the end and checks the engine's invariants after every step, and
// that a second run and a clone taken part-way give the same events.
// An input starting with "text:" is a scenario's text instead (the seed
// corpus holds the golden scenarios and the lessons that way).
func FuzzProcesses(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if text, ok := parseArchive(string(data)).get("scenario"); ok {
			f.Add([]byte("text:" + text))
		}
	}
	lessons, _ := filepath.Glob("../assets/lessons/*.txt")
	for _, path := range lessons {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(append([]byte("text:"), data...))
	}
	for s := range 64 {
		var b []byte
		x := uint64(s)*0x9e3779b97f4a7c15 + 1
		for range 96 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			b = append(b, byte(x))
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var text string
		if s, ok := strings.CutPrefix(string(data), "text:"); ok {
			text = s
		} else {
			text = genScenario(data)
		}
		sc, err := Parse(text)
		if err != nil {
			if strings.HasPrefix(string(data), "text:") {
				return
			}
			t.Fatalf("the generator wrote a scenario that does not parse: %v\n%s", err, text)
		}
		var cloneAt int64 = 5
		if len(data) > 0 {
			cloneAt = 1 + int64(data[len(data)-1])%40
		}
		checkRun(t, sc, text, cloneAt)
	})
}

// checkRun runs sc and checks every step; then a second run and a clone
// taken at step cloneAt must give the same events.
func checkRun(t *testing.T, sc *Scenario, text string, cloneAt int64) {
	t.Helper()
	opt := Options{MaxSteps: fuzzSteps}
	e := New(sc, opt)
	var first []string
	var clone *Engine
	var cloneHash uint64
	hashes := map[int64]uint64{}
	for !e.Done() {
		evs := e.Step()
		for _, ev := range evs {
			first = append(first, sc.Describe(ev))
		}
		if msg := checkInvariants(e); msg != "" {
			t.Fatalf("step %d: %s\nscenario:\n%s\nlast events:\n%s", e.StepNum(), msg, text, tail(first, 40))
		}
		hashes[e.StepNum()] = e.StateHash()
		if e.StepNum() == cloneAt {
			clone, cloneHash = e.Clone(), e.StateHash()
		}
	}
	e2 := New(sc, opt)
	var second []string
	for !e2.Done() {
		for _, ev := range e2.Step() {
			second = append(second, sc.Describe(ev))
		}
		if got, want := e2.StateHash(), hashes[e2.StepNum()]; got != want {
			t.Fatalf("step %d: got state hash %x on the second run; want %x\n%s", e2.StepNum(), got, want, text)
		}
	}
	if got, want := strings.Join(second, "\n"), strings.Join(first, "\n"); got != want {
		t.Fatalf("a second run differs\n%s\nscenario:\n%s", firstDiff(got, want), text)
	}
	if clone == nil {
		return
	}
	if got := clone.StateHash(); got != cloneHash {
		t.Fatalf("got clone hash %x; want %x", got, cloneHash)
	}
	var rest []string
	for !clone.Done() {
		for _, ev := range clone.Step() {
			rest = append(rest, sc.Describe(ev))
		}
		if got, want := clone.StateHash(), hashes[clone.StepNum()]; got != want {
			t.Fatalf("step %d: got state hash %x in the clone; want %x\n%s", clone.StepNum(), got, want, text)
		}
	}
	var want []string
	for _, line := range first {
		var n int64
		fmt.Sscan(line, &n)
		if n > cloneAt {
			want = append(want, line)
		}
	}
	if got, want := strings.Join(rest, "\n"), strings.Join(want, "\n"); got != want {
		t.Fatalf("a clone taken at step %d continues differently\n%s\nscenario:\n%s", cloneAt, firstDiff(got, want), text)
	}
}

func tail(lines []string, n int) string {
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// checkInvariants returns what is wrong with the engine's state between
// two steps, or "".
func checkInvariants(e *Engine) string {
	n := int32(len(e.tasks))
	inReady := make([]int, n)
	for _, i := range e.ready {
		if i < 0 || i >= n {
			return fmt.Sprintf("ready queue holds index %d", i)
		}
		inReady[i]++
	}
	onCPU := make([]int, n)
	for c, cpu := range e.cpus {
		if cpu.cur < 0 {
			continue
		}
		onCPU[cpu.cur]++
		if t := &e.tasks[cpu.cur]; t.State != StateRunning || t.CPU != c {
			return fmt.Sprintf("cpu%d runs P%d, which is %s on cpu %d", c, t.PID, t.State, t.CPU)
		}
	}
	live, timers := 0, 0
	pids := map[PID]int32{}
	kidsOf := make([]int32, n) // the processes (not threads) whose parent each task is
	for c := range e.tasks {
		if u := &e.tasks[c]; u.parent >= 0 && u.parent < n && u.parent != int32(c) && u.State != StateDead && u.Leader() {
			kidsOf[u.parent]++
		}
	}
	for k := range e.tasks {
		i := int32(k)
		t := &e.tasks[k]
		if t.State <= StateNone || t.State > StateDead {
			return fmt.Sprintf("P%d has state %d", t.PID, t.State)
		}
		if t.State != StateDead {
			live++
			if o, dup := pids[t.PID]; dup {
				return fmt.Sprintf("tasks %d and %d both hold PID %d", o, i, t.PID)
			}
			pids[t.PID] = i
		}
		if t.wakeAt != 0 {
			timers++
		}
		if inReady[i] > 1 {
			return fmt.Sprintf("P%d is %d times in the ready queue", t.PID, inReady[i])
		}
		if (t.State == StateRunnable) != (inReady[i] == 1) {
			return fmt.Sprintf("P%d is %s and in the ready queue %d times", t.PID, t.State, inReady[i])
		}
		if (t.State == StateRunning) != (onCPU[i] == 1) || onCPU[i] > 1 {
			return fmt.Sprintf("P%d is %s and on %d CPUs", t.PID, t.State, onCPU[i])
		}
		if t.State != StateRunning && t.CPU != -1 {
			return fmt.Sprintf("P%d is %s but names cpu %d", t.PID, t.State, t.CPU)
		}
		if (t.State == StateDisk) && t.wakeAt == 0 {
			return fmt.Sprintf("P%d is in D with no timed wait", t.PID)
		}
		if !t.State.Alive() && i != 0 {
			if t.Ended == 0 {
				return fmt.Sprintf("P%d is %s with no end step", t.PID, t.State)
			}
			if t.Signal == 0 && (t.ExitCode < 0 || t.ExitCode > 255) || t.Signal != 0 && t.ExitCode != 0 {
				return fmt.Sprintf("P%d is %s with exit code %d and signal %d", t.PID, t.State, t.ExitCode, t.Signal)
			}
			if t.Pending != 0 || t.dying != 0 || t.wakeAt != 0 {
				return fmt.Sprintf("P%d is %s with pending %#x, dying %d, timer %d", t.PID, t.State, t.Pending, t.dying, t.wakeAt)
			}
			if t.State == StateDead && t.children != 0 {
				return fmt.Sprintf("P%d is dead with %d children", t.PID, t.children)
			}
		}
		if t.dying != 0 && t.State != StateRunnable && t.State != StateRunning && !(t.State == StateDisk && t.blocked != CauseKillable) {
			return fmt.Sprintf("P%d is marked to die by %s but is %s (%s)", t.PID, t.dying, t.State, t.blocked)
		}
		if t.State == StateTraced && (t.tracer < 0 || !e.tasks[t.tracer].State.Alive()) {
			return fmt.Sprintf("P%d is in t with tracer index %d", t.PID, t.tracer)
		}
		if t.tracer >= 0 && (!t.State.Alive() || !e.tasks[t.tracer].State.Alive()) {
			return fmt.Sprintf("P%d (%s) is traced by index %d, which is %s", t.PID, t.State, t.tracer, e.tasks[t.tracer].State)
		}
		if t.children < 0 {
			return fmt.Sprintf("P%d has %d children", t.PID, t.children)
		}
		// Children counters: the processes (not threads) whose parent it is.
		if kids := kidsOf[i]; kids != t.children {
			return fmt.Sprintf("P%d counts %d children; %d tasks name it as parent", t.PID, t.children, kids)
		}
		if i == 0 {
			continue
		}
		// A live task's parent is alive (orphans were re-parented), and its
		// PPID is its parent's TGID.
		p := t.parent
		if p < 0 || p >= n {
			return fmt.Sprintf("P%d has parent index %d", t.PID, p)
		}
		if t.State.Alive() && !e.tasks[p].State.Alive() && !(e.tasks[p].State == StateZombie && e.liveThreads(e.leaderOf(p)) > 0) {
			return fmt.Sprintf("P%d is %s but its parent P%d is %s", t.PID, t.State, e.tasks[p].PID, e.tasks[p].State)
		}
		if t.State != StateDead && t.PPID != e.tasks[p].TGID {
			return fmt.Sprintf("P%d has PPID %d but its parent is P%d (TGID %d)", t.PID, t.PPID, e.tasks[p].PID, e.tasks[p].TGID)
		}
	}
	if live != e.live {
		return fmt.Sprintf("the engine counts %d live tasks; %d are not dead", e.live, live)
	}
	if live > e.sc.MaxTasks {
		return fmt.Sprintf("%d live tasks, max_tasks %d", live, e.sc.MaxTasks)
	}
	if timers != e.nTimers {
		return fmt.Sprintf("the engine counts %d timed waits; %d tasks have one", e.nTimers, timers)
	}
	// A task asleep in wait() has nothing its wait could report now.
	for k := range e.tasks {
		if len(e.tasks) > 200 {
			break // quadratic: the small runs check it
		}
		w := &e.tasks[k]
		if w.State != StateSleeping || w.blocked != CauseWaitChild {
			continue
		}
		flags := e.waitFlags(int32(k))
		tracees := false
		for c := range e.tasks {
			u := &e.tasks[c]
			if u.tracer == int32(k) && u.State.Alive() {
				tracees = true
				if u.State == StateTraced && u.report == reportStopped {
					return fmt.Sprintf("P%d sleeps in wait, but its tracee P%d is in t, unreported", w.PID, u.PID)
				}
			}
			if u.parent != int32(k) || c == k || u.State == StateDead || !u.Leader() {
				continue
			}
			switch {
			case u.State == StateZombie && e.reapable(int32(c)):
				return fmt.Sprintf("P%d sleeps in wait, but its child P%d is a zombie", w.PID, u.PID)
			case u.tracer < 0 && u.report == reportStopped && flags&WaitUntraced != 0:
				return fmt.Sprintf("P%d sleeps in wait untraced, but its child P%d stopped", w.PID, u.PID)
			case u.report == reportContinued && flags&WaitContinued != 0:
				return fmt.Sprintf("P%d sleeps in wait continued, but its child P%d was continued", w.PID, u.PID)
			}
		}
		if w.children == 0 && !tracees && k != 0 {
			return fmt.Sprintf("P%d sleeps in wait with no children and no tracees (ECHILD)", w.PID)
		}
	}
	return ""
}

// gen reads the fuzz input as a stream of choices; past its end every
// choice is 0.
type gen struct {
	data []byte
	pos  int
	b    strings.Builder
	ipc  bool // the scenario declares issue 11's objects: memory, pipes, queues, a segment, sockets
}

func (g *gen) n(k int) int {
	if g.pos >= len(g.data) || k <= 1 {
		g.pos++
		return 0
	}
	v := int(g.data[g.pos]) % k
	g.pos++
	return v
}

var fuzzCatchable = []string{"SIGCONT", "SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGCHLD"}

var fuzzSignals = []string{"SIGSTOP", "SIGCONT", "SIGTERM", "SIGKILL", "SIGINT", "SIGHUP", "SIGUSR1", "SIGCHLD"}

// genScenario writes a scenario from the fuzz input.
func genScenario(data []byte) string {
	g := &gen{data: data}
	fmt.Fprintf(&g.b, "cpus %d\n", 1+g.n(4))
	switch g.n(3) {
	case 0:
		fmt.Fprintf(&g.b, "policy rr %d\n", 1+g.n(3))
	case 1:
		g.b.WriteString("policy fcfs\n")
	}
	if g.n(2) == 1 {
		fmt.Fprintf(&g.b, "pid_max %d\n", 4+g.n(20))
	}
	if g.n(2) == 1 {
		fmt.Fprintf(&g.b, "max_tasks %d\n", 2+g.n(14))
	}
	nproc, nprog, nthread := 1+g.n(3), g.n(3), 0
	if g.n(3) == 0 {
		nthread = 1 + g.n(3)
		g.b.WriteString("var x\nmutex m\n")
	}
	if g.n(2) == 1 {
		// Issue 11's objects, which the statements of ipcStatement use.
		g.ipc = true
		fmt.Fprintf(&g.b, "memory heap=%d\n", 1+g.n(3))
		if g.n(2) == 1 {
			fmt.Fprintf(&g.b, "switch_cost %d mm=%d\n", g.n(3), g.n(3))
		}
		fmt.Fprintf(&g.b, "pipe pp capacity=%d\nfifo ff\nmqueue mq max=%d\nmqueue sq sysv max=%d\n", 4096*(1+g.n(2)), 1+g.n(3), 64+g.n(200))
		g.b.WriteString("shm seg\nvar y = 0 in seg\nsemaphore s = 1 shared in seg\n")
		g.b.WriteString("socket ls unix stream\nsocket cs unix stream\nsocket ts inet stream tcp rcvbuf=64\nsocket tc inet stream tcp\nsocket ud inet dgram udp rcvbuf=16\nsocket ux unix dgram qlen=1\n")
	}
	var names []string
	for k := range nproc {
		names = append(names, fmt.Sprintf("p%d", k))
	}
	for k := range nprog {
		names = append(names, fmt.Sprintf("q%d", k))
	}
	execs := names
	for k := range nthread {
		names = append(names, fmt.Sprintf("t%d", k))
	}
	for k := range nproc + nprog + nthread {
		switch {
		case k < nproc:
			fmt.Fprintf(&g.b, "process %s at=%d\n", names[k], g.n(4))
		case k < nproc+nprog:
			fmt.Fprintf(&g.b, "program %s\n", names[k])
		default:
			fmt.Fprintf(&g.b, "thread %s at=%d\n", names[k], g.n(4))
		}
		g.block(1, 1+g.n(10), names, execs, k >= nproc+nprog)
	}
	return g.b.String()
}

// block writes count statements at nesting depth d.
func (g *gen) block(d, count int, names, execs []string, thread bool) {
	ind := strings.Repeat("  ", d)
	dur := func() int { return 1 + g.n(4) }
	for range count {
		if g.pos > len(g.data)+8 {
			return
		}
		g.b.WriteString(ind)
		k := 26
		if g.ipc {
			k = 34
		}
		switch g.n(k) {
		case 0, 1:
			fmt.Fprintf(&g.b, "compute %d\n", dur())
		case 2:
			fmt.Fprintf(&g.b, "io %d\n", dur())
		case 3:
			fmt.Fprintf(&g.b, "disk %d\n", dur())
		case 4:
			fmt.Fprintf(&g.b, "disk %d killable\n", dur())
		case 5:
			fmt.Fprintf(&g.b, "sleep %d\n", dur())
		case 6:
			g.b.WriteString("yield\n")
		case 7, 8:
			if thread {
				fmt.Fprintf(&g.b, "spawn %s\n", execs[g.n(len(execs))]) // thread_fork: a parse error
				continue
			}
			g.b.WriteString("fork\n")
		case 9:
			fmt.Fprintf(&g.b, "spawn %s\n", execs[g.n(len(execs))])
		case 10:
			word := "exec"
			if thread {
				word = "spawn" // exec_thread: a parse error
			}
			fmt.Fprintf(&g.b, "%s %s\n", word, execs[g.n(len(execs))])
		case 11, 12:
			if d >= 4 {
				g.b.WriteString("yield\n")
				continue
			}
			g.b.WriteString("if child\n")
			g.block(d+1, 1+g.n(4), names, execs, thread)
			if g.n(2) == 1 {
				g.b.WriteString(ind + "else\n")
				g.block(d+1, 1+g.n(3), names, execs, thread)
			}
			g.b.WriteString(ind + "end\n")
		case 13:
			if d >= 4 {
				g.b.WriteString("yield\n")
				continue
			}
			fmt.Fprintf(&g.b, "repeat %d\n", 1+g.n(4))
			g.block(d+1, 1+g.n(4), names, execs, thread)
			g.b.WriteString(ind + "end\n")
		case 14, 15:
			g.b.WriteString([]string{"wait\n", "wait untraced\n", "wait continued\n", "wait untraced continued\n"}[g.n(4)])
		case 16:
			fmt.Fprintf(&g.b, "exit %d\n", g.n(4))
		case 17, 18, 19:
			fmt.Fprintf(&g.b, "kill %s %s\n", g.target(names, true), fuzzSignals[g.n(len(fuzzSignals))])
		case 20:
			fmt.Fprintf(&g.b, "%s %s\n", []string{"ignore", "catch"}[g.n(2)], fuzzCatchable[g.n(len(fuzzCatchable))])
		case 21:
			g.b.WriteString([]string{"setpgid\n", "setsid\n", "subreaper\n"}[g.n(3)])
		case 22, 23:
			fmt.Fprintf(&g.b, "%s %s\n", []string{"trace", "cont", "detach"}[g.n(3)], g.target(names, false))
		case 24:
			if thread {
				g.b.WriteString([]string{"x = x + 1\n", "lock m\n", "unlock m\n"}[g.n(3)])
				continue
			}
			fmt.Fprintf(&g.b, "sleep %d\n", dur())
		case 25:
			if thread {
				g.b.WriteString("lock m\n" + ind + "x = x + 1\n" + ind + "unlock m\n")
				continue
			}
			fmt.Fprintf(&g.b, "compute %d\n", dur())
		default: // 26 to 33: issue 11's statements
			g.ipcStatement(thread)
		}
	}
}

// ipcStatement writes one statement on memory, a pipe, a queue, the shared
// segment, a socket, or a named system call (threads get the ones they may
// use: memory, the segment's variable and semaphore, syscall).
func (g *gen) ipcStatement(thread bool) {
	region := []string{"text", "data", "heap", "stack"}[g.n(4)]
	mem := fmt.Sprintf("%s %s 0\n", []string{"read", "write"}[g.n(2)], region)
	if thread {
		g.b.WriteString([]string{mem, "y = y + 1\n", "sem_wait s\n", "sem_post s\n", "syscall getpid\n"}[g.n(5)])
		return
	}
	n := 1 + g.n(5000)
	switch g.n(12) {
	case 0:
		g.b.WriteString(mem)
	case 1:
		fmt.Fprintf(&g.b, "%s %s %d\n", []string{"write", "read"}[g.n(2)], []string{"pp", "ff"}[g.n(2)], n)
	case 2:
		word, obj := []string{"close", "open"}[g.n(2)], []string{"pp", "ff"}[g.n(2)]
		if word == "open" {
			obj = "ff" // only a FIFO is opened (not_fifo)
		}
		fmt.Fprintf(&g.b, "%s %s %s\n", word, obj, []string{"read", "write"}[g.n(2)])
	case 3:
		g.b.WriteString([]string{"mq_send mq 3 100\n", "mq_receive mq\n", "msgsnd sq 2 50\n", "msgrcv sq -3\n", "msgrcv sq 0\n"}[g.n(5)])
	case 4:
		g.b.WriteString([]string{"shmat seg\n", "shmdt seg\n", "y = y + 1\n", "sem_wait s\n", "sem_post s\n"}[g.n(5)])
	case 5:
		l := []string{"ls", "ts"}[g.n(2)]
		g.b.WriteString([]string{"socket " + l + "\n", "bind " + l + "\n", "listen " + l + " 1\n", "accept " + l + " conn" + l + "\n", "close " + l + "\n"}[g.n(5)])
	case 6:
		c := []string{"cs", "tc"}[g.n(2)]
		l := map[string]string{"cs": "ls", "tc": "ts"}[c]
		g.b.WriteString([]string{"socket " + c + "\n", "connect " + c + " " + l + "\n", fmt.Sprintf("send %s %d\n", c, n%100+1), fmt.Sprintf("recv %s %d\n", c, n%100+1), "close " + c + "\n"}[g.n(5)])
	case 7:
		// Datagrams to oneself: UDP drops what does not fit, a Unix
		// datagram socket makes the sender wait.
		g.b.WriteString([]string{"socket ud\n", "bind ud\n", "send ud 8 to ud\n", "recv ud 8\n", "socket ux\n", "bind ux\n", "send ux 4 to ux\n", "recv ux 4\n"}[g.n(8)])
	case 8:
		g.b.WriteString([]string{"syscall getpid\n", "syscall clock_gettime\n", "syscall write 2\n"}[g.n(3)])
	case 9:
		fmt.Fprintf(&g.b, "catch %s restart\n", fuzzCatchable[g.n(len(fuzzCatchable))])
	case 10:
		g.b.WriteString([]string{"ignore SIGPIPE\n", "catch SIGPIPE\n", "kill self SIGSTOP\n"}[g.n(3)])
	default:
		fmt.Fprintf(&g.b, "write pp %d\n", n)
	}
}

// target returns a kill (group: true) or ptrace target.
func (g *gen) target(names []string, group bool) string {
	k := g.n(7)
	if !group && (k == 2 || k == 3) {
		k = 0
	}
	switch k {
	case 0:
		return "child"
	case 1:
		return "parent"
	case 2:
		return []string{"self", "group"}[g.n(2)]
	case 3:
		return fmt.Sprintf("-%d", 1+g.n(8))
	case 4, 5:
		return fmt.Sprint(1 + g.n(10))
	}
	return names[g.n(len(names))]
}
