package sim

import (
	"strings"
	"testing"
)

// Objects of the all-asleep tests.
const (
	aC0, aC1, aMu, aRW, aWG, aCond, aMu2, aOnce, aSig = 0, 1, 2, 3, 4, 5, 6, 7, 8
)

var asleepObjs = []ObjDecl{
	{Name: "c0", Kind: ObjChan}, {Name: "c1", Kind: ObjChan}, {Name: "mu", Kind: ObjGoMutex},
	{Name: "rw", Kind: ObjRWMutex}, {Name: "wg", Kind: ObjWaitGroup}, {Name: "cond", Kind: ObjCond},
	{Name: "mu2", Kind: ObjGoMutex}, {Name: "once", Kind: ObjOnce}, {Name: "sig", Kind: ObjChan, Init: 1},
}

const deadlockHead = "fatal error: all goroutines are asleep - deadlock!\n"

// TestGoAllAsleep: the runtime reports "all goroutines are asleep" exactly
// when every goroutine waits on a channel, a select or a sync object, with
// Go's wait reasons; a sleeping goroutine, a watched timer, a child being
// waited for and signal.Notify all keep it from reporting, as they do in
// real Go (see golang.go).
func TestGoAllAsleep(t *testing.T) {
	ret := []Instr{} // a goroutine that only returns
	tests := []struct {
		name    string
		progs   []gprog
		want    string // the output ("" : no report)
		afterAt int64  // the report comes after this step
	}{
		{"main alone on a receive", []gprog{{name: "main", code: []Instr{iRecv(aC0, -1, -1)}}},
			deadlockHead + "\ngoroutine 1 [chan receive]:\nmain.main()\n", 0},
		{"every wait reason", []gprog{
			{name: "main", code: []Instr{iObj(OpLock, aMu), iObj(OpLock, aRW), {Op: OpWgAdd, Obj: aWG, X: imm(1)},
				iGo(1, 0, 0), iGo(2, 0, 0), iGo(3, 0, 0), iGo(4, 0, 0), iGo(5, 0, 0), iGo(6, 0, 0), iSleep(5), iRecv(aC1, -1, -1)}},
			{name: "locker", code: []Instr{iObj(OpLock, aMu)}},
			{name: "forever", code: []Instr{{Op: OpSelect, A: 0}}},
			{name: "sender", code: []Instr{iSend(aC0, imm(1))}},
			{name: "waiter", code: []Instr{iObj(OpWgWait, aWG)}},
			{name: "reader", code: []Instr{iObj(OpRLock, aRW)}},
			{name: "condwaiter", code: []Instr{iObj(OpLock, aMu2), {Op: OpCondWait, Obj: aCond, Y: imm(aMu2)}}},
		}, deadlockHead + "\ngoroutine 1 [chan receive]:\nmain.main()\n" +
			"\ngoroutine 2 [sync.Mutex.Lock]:\nmain.locker()\n" +
			"\ngoroutine 3 [select (no cases)]:\nmain.forever()\n" +
			"\ngoroutine 4 [chan send]:\nmain.sender()\n" +
			"\ngoroutine 5 [sync.WaitGroup.Wait]:\nmain.waiter()\n" +
			"\ngoroutine 6 [sync.RWMutex.RLock]:\nmain.reader()\n" +
			"\ngoroutine 7 [sync.Cond.Wait]:\nmain.condwaiter()\n", 0},
		{"a writer waiting for readers, a select, a Once waiter", []gprog{
			{name: "main", code: []Instr{iObj(OpRLock, aRW), iGo(1, 0, 0), iGo(2, 0, 0), iGo(2, 0, 0), iSleep(5),
				{Op: OpSelect, A: 1}, {Op: OpSelectCase, A: 0, Obj: aC0, Dst: -1, Jump: 7}}},
			{name: "writer", code: []Instr{iObj(OpLock, aRW)}},
			{name: "oncer", code: []Instr{{Op: OpOnce, Obj: aOnce, Jump: 3}, iRecv(aC1, -1, -1), iObj(OpOnceDone, aOnce)}},
		}, deadlockHead + "\ngoroutine 1 [select]:\nmain.main()\n" +
			"\ngoroutine 2 [sync.RWMutex.Lock]:\nmain.writer()\n" +
			"\ngoroutine 3 [chan receive]:\nmain.oncer()\n" +
			"\ngoroutine 4 [sync.Mutex.Lock]:\nmain.oncer()\n", 0},
		{"not while a goroutine sleeps (time.Sleep); then yes", []gprog{
			{name: "main", code: []Instr{iGo(1, 0, 0), iRecv(aC0, -1, -1)}},
			{name: "sleeper", code: []Instr{iSleep(30)}},
		}, deadlockHead + "\ngoroutine 1 [chan receive]:\nmain.main()\n", 30},
		{"not while main waits for a child (cmd.Wait); then yes", []gprog{
			{name: "main", code: []Instr{iGo(2, 0, 0), {Op: OpStart, A: 1, Dst: 2}, {Op: OpWait, X: loc(2), Dst: 3}, iRecv(aC0, -1, -1)}},
			{name: "child", code: []Instr{iSleep(30)}},
			{name: "stuck", code: []Instr{iRecv(aC1, -1, -1)}},
		}, deadlockHead + "\ngoroutine 1 [chan receive]:\nmain.main()\n\ngoroutine 2 [chan receive]:\nmain.stuck()\n", 30},
		{"an unwatched time.After does not count", []gprog{
			{name: "main", code: []Instr{{Op: OpTimer, Obj: aSig, A: 50}, iRecv(aC0, -1, -1)}},
		}, deadlockHead + "\ngoroutine 1 [chan receive]:\nmain.main()\n", 0},
		{"never with signal.Notify", []gprog{
			{name: "main", code: []Instr{{Op: OpNotify, Obj: aSig, Sig: SIGINT}, iRecv(aC0, -1, -1)}},
		}, "", 0},
		{"Wait on a zero WaitGroup returns at once", []gprog{
			{name: "main", code: []Instr{iObj(OpWgWait, aWG), iGo(1, 0, 0)}}, {name: "noop", code: ret},
		}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := goScenario(t, gworld{objs: asleepObjs}, tt.progs...)
			e, evs := goRun(t, sc, Options{})
			if got := outText(e); got != tt.want {
				t.Errorf("output %q; want %q", got, tt.want)
			}
			n := 0
			for _, ev := range evs {
				if ev.Kind == EvAllAsleep {
					n++
					if ev.Step <= tt.afterAt {
						t.Errorf("reported at step %d; want after step %d", ev.Step, tt.afterAt)
					}
				}
			}
			if want := strings.Count(tt.want, deadlockHead); n != want {
				t.Errorf("%d EvAllAsleep events; want %d", n, want)
			}
			if tt.want != "" {
				if code, _ := procExit(t, e); code != 2 {
					t.Errorf("exit status %d; want 2", code)
				}
			}
		})
	}
}
