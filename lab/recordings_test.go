package lab

import (
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"proclab/assets"
	"proclab/internal/workload"
	"proclab/sim"
)

// TestSharedRecordingShowsTheSameRun loads runs through a store twice (the
// second load finds the first's recording) and checks that both show what
// a session recording its own run shows: the snapshot at the step asked
// for, and the frames after it.
func TestSharedRecordingShowsTheSameRun(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	largest, small := workload.Largest(), workload.Endless(16, 2)
	reqs := []LoadRequest{
		{Scenario: &largest, Step: 3906},
		{Scenario: &largest, Step: 1500},
		{Scenario: &small, Step: 500},
		{Scenario: &small, Step: 1 << 40}, // past the end: the last step
		{Scenario: &small, Step: 7, Seed: 9, Choices: []sim.PID{3, 4}},
	}
	for i, l := range ls.All() {
		if i%3 == 0 && l.Scenario != nil { // a third of the lessons, each kind among them
			reqs = append(reqs, LoadRequest{Lesson: l.ID, Step: 5}, LoadRequest{Lesson: l.ID, Step: 1 << 40, Manual: true})
		}
	}
	store := NewRecordings(DefaultRecordingBytes, DefaultRecordings)
	for _, r := range reqs {
		own := NewSession(ls)
		want, err := own.Load(r, nil)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		if want.Memo != nil {
			t.Fatalf("%+v: a session with no store was given a shared snapshot", r)
		}
		wantNext := frames(own, 3)
		var memo *Memo
		for k := range 2 {
			before := store.Stats()
			s := NewSession(ls).ShareRecordings(store)
			got, err := s.Load(r, nil)
			if err != nil {
				t.Fatalf("%+v, load %d: %v", r, k, err)
			}
			after := store.Stats()
			if k == 1 && (after.Hits != before.Hits+1 || after.Views != before.Views+1) {
				t.Errorf("%+v: the second load did not find the first's recording and step (%+v, then %+v)", r, before, after)
			}
			if got.Memo == nil || (k == 1 && got.Memo != memo) {
				t.Fatalf("%+v, load %d: the snapshot is not the one kept for its step (memo %p, then %p)", r, k, memo, got.Memo)
			}
			memo, got.Memo = got.Memo, nil
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%+v, load %d: the snapshot differs from a session recording its own run", r, k)
			}
			if !reflect.DeepEqual(s.Run(), own.Run()) {
				t.Fatalf("%+v, load %d: the run differs", r, k)
			}
			if next := frames(s, 3); !reflect.DeepEqual(next, wantNext) {
				t.Fatalf("%+v, load %d: the frames after it differ", r, k)
			}
		}
	}
}

// frames steps s forward n times and returns the frames.
func frames(s *Session, n int) []Frame {
	var out []Frame
	for range n {
		f, ok := s.Forward()
		if !ok {
			break
		}
		out = append(out, f)
	}
	return out
}

// TestSharedRecordingConcurrentLoads opens one run from eight goroutines at
// once (a class opening a share link): it is recorded once, and each
// session moves on it by itself. Under -race it checks that sessions may
// read one recording at the same time.
func TestSharedRecordingConcurrentLoads(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	src := workload.Endless(64, 4)
	req := LoadRequest{Scenario: &src, Step: 3000}
	own := NewSession(ls)
	want, err := own.Load(req, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantBack := own.At(1234)
	wantNext := frames(own, 20)

	store := NewRecordings(DefaultRecordingBytes, DefaultRecordings)
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			s := NewSession(ls).ShareRecordings(store)
			got, err := s.Load(req, nil)
			if err == nil && got.Memo == nil {
				err = errors.New("a load was not given the kept snapshot")
			}
			got.Memo = nil
			switch {
			case err != nil:
				errs <- err
			case !reflect.DeepEqual(got, want):
				errs <- errors.New("a snapshot differs")
			case !reflect.DeepEqual(s.At(1234), wantBack):
				errs <- errors.New("a seek back differs")
			case !reflect.DeepEqual(frames(s, 20), wantNext):
				errs <- errors.New("the frames after a seek differ")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st := store.Stats()
	if st.Misses != 1 || st.Hits+st.Waits != n-1 || st.Runs != 1 {
		t.Errorf("got %+v; want the run recorded once (1 miss) and found or waited for by the %d others", st, n-1)
	}
}

// TestRecordingsKeepTheRecentlyUsed fills a store of two runs with three:
// the one used least recently is dropped, and loading it again records it.
func TestRecordingsKeepTheRecentlyUsed(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := workload.Endless(4, 1), workload.Endless(5, 1), workload.Endless(6, 1)
	store := NewRecordings(DefaultRecordingBytes, 2)
	load := func(text *string) {
		t.Helper()
		if _, err := NewSession(ls).ShareRecordings(store).Load(LoadRequest{Scenario: text, Step: 10}, nil); err != nil {
			t.Fatal(err)
		}
	}
	load(&a)
	load(&b)
	load(&a) // a is now more recent than b
	load(&c) // drops b
	if st := store.Stats(); st.Runs != 2 || st.Misses != 3 || st.Hits != 1 {
		t.Fatalf("got %+v; want 2 runs kept after 3 recorded and 1 found", st)
	}
	load(&a)
	load(&c)
	if st := store.Stats(); st.Hits != 3 {
		t.Fatalf("got %+v; want a and c found", st)
	}
	load(&b)
	if st := store.Stats(); st.Misses != 4 {
		t.Fatalf("got %+v; want b recorded again", st)
	}
}

// TestRecordingsBoundedByBytes checks that a store keeps no run larger
// than its byte bound, and that the bytes it counts are its runs'.
func TestRecordingsBoundedByBytes(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	small, large := workload.Endless(4, 1), workload.Endless(64, 4)
	probe := NewSession(ls)
	if _, err := probe.Load(LoadRequest{Scenario: &small}, nil); err != nil {
		t.Fatal(err)
	}
	smallBytes := probe.Bytes()
	store := NewRecordings(smallBytes*3/2, DefaultRecordings)
	for range 2 {
		for _, text := range []*string{&small, &large} {
			if _, err := NewSession(ls).ShareRecordings(store).Load(LoadRequest{Scenario: text}, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	st := store.Stats()
	if st.Runs != 1 || st.Bytes < smallBytes || st.Bytes > store.maxBytes || st.Hits != 1 || st.Misses != 3 {
		t.Fatalf("got %+v; want only the small run (%d B, and its step shown) kept, the large one recorded each time", st, smallBytes)
	}
}

// waitedFor returns a stop function for a load that records: at its first
// poll (the recording's first step) it signals started and holds the
// recording until another load waits for it; from then on it reports
// quit.
func waitedFor(store *Recordings, started chan struct{}, quit func() bool) func() bool {
	var once sync.Once
	return func() bool {
		once.Do(func() {
			close(started)
			for store.Stats().Waits == 0 {
				time.Sleep(time.Millisecond)
			}
		})
		return quit()
	}
}

// startRecorder starts a load of req on its own goroutine, the one that
// records the run (its stop is waitedFor's, with quit), and returns once
// it is recording; its error comes on the channel returned.
func startRecorder(ls *Lessons, store *Recordings, req LoadRequest, quit func() bool) <-chan error {
	started := make(chan struct{})
	leader := make(chan error, 1)
	go func() {
		_, err := NewSession(ls).ShareRecordings(store).Load(req, waitedFor(store, started, quit))
		leader <- err
	}()
	<-started
	return leader
}

// TestRecordingsWaitersOutliveTheirRecorder stops a load while another
// waits for its recording: the recording goes on for the waiter, and both
// loads get it (the stopped one's caller drops it).
func TestRecordingsWaitersOutliveTheirRecorder(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	src := workload.Endless(16, 2)
	req := LoadRequest{Scenario: &src, Step: 100}
	store := NewRecordings(DefaultRecordingBytes, DefaultRecordings)
	leader := startRecorder(ls, store, req, func() bool { return true })
	got, err := NewSession(ls).ShareRecordings(store).Load(req, nil)
	if err != nil {
		t.Fatalf("the waiter: %v", err)
	}
	if got.Step != 100 {
		t.Fatalf("the waiter is at step %d; want 100", got.Step)
	}
	if err := <-leader; err != nil {
		t.Fatalf("the recorder: %v; want the run (a waiter still wanted it)", err)
	}
	if st := store.Stats(); st.Misses != 1 || st.Waits != 1 || st.Runs != 1 {
		t.Fatalf("got %+v; want the run recorded once, for both", st)
	}
}

// TestRecordingsWaiterLeaves checks that a waiting load whose client went
// leaves at the recorder's next poll, while the recording goes on for its
// recorder; and that a recording all of whose loads stopped stops, keeping
// nothing.
func TestRecordingsWaiterLeaves(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	src := workload.Endless(64, 4) // 250,000 steps: the recorder polls every 4,096
	req := LoadRequest{Scenario: &src, Step: 100}
	for _, recorderQuits := range []bool{false, true} {
		store := NewRecordings(DefaultRecordingBytes, DefaultRecordings)
		leader := startRecorder(ls, store, req, func() bool { return recorderQuits })
		_, err := NewSession(ls).ShareRecordings(store).Load(req, func() bool { return true })
		if !errors.Is(err, ErrStopped) {
			t.Fatalf("recorder quits %v: the waiter that went got %v; want ErrStopped", recorderQuits, err)
		}
		err = <-leader
		st := store.Stats()
		if recorderQuits {
			if !errors.Is(err, ErrStopped) || st.Runs != 0 {
				t.Fatalf("everyone went: the recorder got %v and the store keeps %d runs; want ErrStopped and none", err, st.Runs)
			}
		} else if err != nil || st.Runs != 1 {
			t.Fatalf("the recorder stayed: got %v and %d runs kept; want the run", err, st.Runs)
		}
	}
}

// TestRecordingsPanicLetsWaitersGo checks that a recording that panics
// leaves no entry behind for others to wait on forever.
func TestRecordingsPanicLetsWaitersGo(t *testing.T) {
	store := NewRecordings(DefaultRecordingBytes, DefaultRecordings)
	key := keyOf("x", nil, sim.Options{})
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the panic did not reach the recorder")
			}
		}()
		store.record(key, nil, func(func() bool) *sim.Recording { panic("engine bug") })
	}()
	sc, err := compileText(workload.Endless(2, 1))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *sim.Recording, 1)
	go func() {
		done <- store.record(key, nil, func(func() bool) *sim.Recording { return sim.Record(sc, sim.Options{MaxSteps: 10}, 0) })
	}()
	select {
	case rec := <-done:
		if rec == nil || rec.Total() != 10 {
			t.Fatalf("got %v; want a recording of 10 steps", rec)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a load waited for a recording that panicked")
	}
}

// TestRecordingKeys checks that a run's key changes with everything the
// run is a function of, and with nothing else.
func TestRecordingKeys(t *testing.T) {
	text, other := "a", "b"
	base := sim.Options{Seed: 1, MaxSteps: 100, Choices: []sim.PID{2, 3}}
	with := func(f func(o *sim.Options)) sim.Options {
		o := base
		o.Choices = append([]sim.PID(nil), base.Choices...)
		f(&o)
		return o
	}
	k := keyOf("", &text, base)
	if keyOf("", &text, with(func(*sim.Options) {})) != k {
		t.Fatal("the same run has two keys")
	}
	for name, c := range map[string]recordingKey{
		"another text":         keyOf("", &other, base),
		"a lesson of that id":  keyOf(text, nil, base),
		"another seed":         keyOf("", &text, with(func(o *sim.Options) { o.Seed = 2 })),
		"another step limit":   keyOf("", &text, with(func(o *sim.Options) { o.MaxSteps = 99 })),
		"manual":               keyOf("", &text, with(func(o *sim.Options) { o.Manual = true })),
		"random picker":        keyOf("", &text, with(func(o *sim.Options) { o.Random = true })),
		"interleave":           keyOf("", &text, with(func(o *sim.Options) { o.Interleave = true })),
		"another choice":       keyOf("", &text, with(func(o *sim.Options) { o.Choices[1] = 4 })),
		"one choice more":      keyOf("", &text, with(func(o *sim.Options) { o.Choices = append(o.Choices, 0) })),
		"the choices run into": keyOf("", &text, with(func(o *sim.Options) { o.Choices = []sim.PID{2} })),
	} {
		if c == k {
			t.Errorf("%s: same key", name)
		}
	}
}

// TestSharedRecordingConcurrentLessons has three sessions move on each
// built-in lesson's one recording at the same time (seeks back and forth,
// steps): under -race it checks that no kind of run (threads, Go
// programs, memory, pipes, sockets) writes to what its recording shares.
func TestSharedRecordingConcurrentLessons(t *testing.T) {
	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	store := NewRecordings(DefaultRecordingBytes, DefaultRecordings)
	for _, l := range ls.All() {
		if l.Scenario == nil {
			continue
		}
		var wg sync.WaitGroup
		for g := range 3 {
			wg.Go(func() {
				s := NewSession(ls).ShareRecordings(store)
				end, err := s.Load(LoadRequest{Lesson: l.ID, Step: 1 << 40}, nil)
				if err != nil {
					t.Errorf("%s: %v", l.ID, err)
					return
				}
				for _, n := range []int64{end.Step / 2, int64(g), end.Step - 1} {
					s.At(n)
					frames(s, 5)
				}
			})
		}
		wg.Wait()
	}
	if st := store.Stats(); st.Misses == 0 || st.Hits+st.Waits != 2*st.Misses {
		t.Errorf("got %+v; want each lesson recorded once and shared by the two other sessions", st)
	}
}

// TestRecordingsInProgressCountNothing checks that runs being recorded do
// not count toward the store's bound on runs: a run recorded meanwhile is
// kept (it was dropped at once when they counted).
func TestRecordingsInProgressCountNothing(t *testing.T) {
	sc, err := compileText(workload.Endless(2, 1))
	if err != nil {
		t.Fatal(err)
	}
	store := NewRecordings(DefaultRecordingBytes, 1)
	release, started := make(chan struct{}), make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		store.record(keyOf("slow", nil, sim.Options{}), nil, func(func() bool) *sim.Recording {
			close(started)
			<-release
			return sim.Record(sc, sim.Options{MaxSteps: 10}, 0)
		})
	}()
	<-started
	store.record(keyOf("quick", nil, sim.Options{}), nil, func(func() bool) *sim.Recording { return sim.Record(sc, sim.Options{MaxSteps: 5}, 0) })
	if st := store.Stats(); st.Runs != 1 {
		t.Errorf("got %+v while another run is recorded; want the quick run kept", st)
	}
	close(release)
	<-done
	if st := store.Stats(); st.Runs != 1 {
		t.Errorf("got %+v after both; want one run kept (the bound)", st)
	}
}

// TestLoadAtTheEndCopiesNoEngine checks the two copies a load no longer
// makes of the engine at the step it shows (the largest run's is 2.3 MB):
// at a run's last step the watch keeps the recording's own engine, which
// RecordWatch is done with; and a store that keeps the step keeps the
// loader's engine itself, which becomes the loader's borrowed cursor
// (copied only when it moves on: TestSharedRecordingShowsTheSameRun steps
// both sessions on from it).
func TestLoadAtTheEndCopiesNoEngine(t *testing.T) {
	src := workload.Endless(16, 2)
	sc, err := compileText(src)
	if err != nil {
		t.Fatal(err)
	}
	opt := sim.Options{MaxSteps: StepsFor(sc)}
	total := sim.Record(sc, opt, 0).Total()
	for _, n := range []int64{total, total - 1} {
		w := &snapshotWatch{n: n, from: max(0, n-Window)}
		var last *sim.Engine
		sim.RecordWatch(sc, opt, 0, nil, func(e *sim.Engine, evs []sim.Event) { last = e; w.record(e, evs) })
		if w.at == nil || w.at.StepNum() != n {
			t.Fatalf("step %d: the watch kept no engine at its step", n)
		}
		if kept := w.at == last; kept != (n == total) {
			t.Errorf("step %d of %d: the watch kept the recording's own engine: %v (want it at the last step only)", n, total, kept)
		}
	}

	ls, err := LoadLessons(assets.Files)
	if err != nil {
		t.Fatal(err)
	}
	store := NewRecordings(DefaultRecordingBytes, DefaultRecordings)
	s := NewSession(ls).ShareRecordings(store)
	if _, err := s.Load(LoadRequest{Scenario: &src, Step: total}, nil); err != nil {
		t.Fatal(err)
	}
	es := s.src.(*engineSource)
	_, at, ok := store.view(keyOf("", &src, sim.Options{MaxSteps: StepsFor(sc)}), es.rec, total)
	if !ok || at != es.cur || !es.borrowed {
		t.Fatalf("the store keeps a copy of the loader's engine (kept %v, the same engine %v, the cursor borrowed %v)", ok, at == es.cur, es.borrowed)
	}
}
