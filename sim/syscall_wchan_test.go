package sim

import "testing"

// TestWaitChannelOfEveryKindOfSleep checks Engine.WaitChannel, the one the
// process table shows, for a task asleep at the end of a run: the classic
// causes, a pipe, a FIFO, a queue, a socket and a process-shared semaphore.
func TestWaitChannelOfEveryKindOfSleep(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"nanosleep", "process p\n  sleep 1000\n", "hrtimer_nanosleep"},
		{"wait4", "process p\n  spawn c\n  wait\nprogram c\n  sleep 1000\n", "do_wait"},
		// An O_DIRECT read waits uninterruptibly; a page-cache read, killably
		// (measured: docs/live-truth.md).
		{"O_DIRECT read", "process p\n  disk 1000\n", "__iomap_dio_rw"},
		{"page-cache read", "process p\n  disk 1000 killable\n", "folio_wait_bit_common"},
		{"empty pipe", "pipe p\nprocess r\n  read p 10\n", "anon_pipe_read"},
		{"full pipe", "pipe p capacity=4096\nprocess w\n  close p read\n  write p 4096\n  write p 1\nprocess r\n  sleep 1000\n", "anon_pipe_write"},
		{"FIFO open", "fifo f\nprocess r\n  open f read\n", "wait_for_partner"},
		{"POSIX queue", "mqueue q\nprocess r\n  mq_receive q\n", "wq_sleep"},
		{"System V queue", "mqueue q sysv\nprocess r\n  msgrcv q 0\n", "do_msgrcv"},
		{"TCP accept", "socket l inet stream tcp\nprocess p\n  socket l\n  bind l\n  listen l 1\n  accept l c\n", "inet_csk_accept"},
		{"semaphore in shared memory", "shm seg\nsemaphore s = 0 shared in seg\nprocess p\n  shmat seg\n  sem_wait s\n", "futex_do_wait"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Parse(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			e := New(sc, Options{MaxSteps: 200})
			for !e.Done() {
				e.Step()
			}
			p := &e.Tasks()[1]
			if got := e.WaitChannel(p); got != tc.want {
				t.Errorf("%s (%s, cause %s): got wait channel %q; want %q", p.Name, p.State, p.blocked, got, tc.want)
			}
		})
	}
}
