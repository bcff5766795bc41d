package bus

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/nats-io/nats.go/jetstream"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestEmbeddedKeepsLinksAcrossRestarts: what one embedded server stored is
// there after a restart on the same data directory, and not in another.
func TestEmbeddedKeepsLinksAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Embedded() || b.ClientURL() != "" {
		t.Errorf("Embedded %v ClientURL %q; want an embedded server with no port", b.Embedded(), b.ClientURL())
	}
	if _, err := b.Links.Create(ctx, "ABCDEFGH", []byte("race")); err != nil {
		t.Fatal(err)
	}
	b.Close()

	b, err = Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.Links.Get(ctx, "ABCDEFGH")
	if err != nil {
		t.Fatalf("after a restart: %v", err)
	}
	if got := string(e.Value()); got != "race" {
		t.Errorf("got %q; want race", got)
	}
	b.Close()

	other, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Links.Get(ctx, "ABCDEFGH"); !errors.Is(err, jetstream.ErrKeyNotFound) {
		t.Errorf("another data directory: err %v; want key not found", err)
	}
}

// TestTwoInstancesShareBuckets: an instance connected with URL to an
// embedded server that listens sees what the first one stored.
func TestTwoInstancesShareBuckets(t *testing.T) {
	ctx := context.Background()
	listen := "127.0.0.1:" + strconv.Itoa(freePort(t))
	a, err := Open(ctx, Options{DataDir: t.TempDir(), Listen: listen})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.ClientURL() == "" {
		t.Fatal("the listening embedded server gives no client URL")
	}
	b, err := Open(ctx, Options{URL: "nats://" + listen, Name: "second"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Embedded() {
		t.Error("an instance given a URL started its own server")
	}
	if _, err := a.Rooms.Put(ctx, "ROOM23", []byte(`{"v":1}`)); err != nil {
		t.Fatal(err)
	}
	e, err := b.Rooms.Get(ctx, "ROOM23")
	if err != nil || string(e.Value()) != `{"v":1}` {
		t.Fatalf("second instance: %v %v", e, err)
	}
}

func TestBadListenAndURL(t *testing.T) {
	ctx := context.Background()
	for _, o := range []Options{
		{DataDir: t.TempDir(), Listen: "nonsense"},
		{DataDir: t.TempDir(), Listen: "127.0.0.1:99999"},
		{URL: "nats://127.0.0.1:" + strconv.Itoa(freePort(t))}, // nobody listens
	} {
		if b, err := Open(ctx, o); err == nil {
			b.Close()
			t.Errorf("Open(%+v) succeeded; want an error", o)
		}
	}
}

// TestDataDirIsLocked: a second embedded server on the same data
// directory is refused with a message that says what to do, and the
// directory is free again once the first closes.
func TestDataDirIsLocked(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if b, err := Open(ctx, Options{DataDir: dir}); err == nil {
		b.Close()
		t.Fatal("two embedded servers opened one data directory")
	} else if !strings.Contains(err.Error(), "in use by another ProcLab") {
		t.Errorf("error %q; want it to say the directory is in use", err)
	}
	a.Close()
	b, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	b.Close()
}

// TestOpenUpdatesOlderBuckets: a rooms bucket made by an older ProcLab
// (one revision kept) is brought to RoomsHistory.
func TestOpenUpdatesOlderBuckets(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.JS.UpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: RoomsBucket, History: 1, TTL: RoomsTTL}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	b, err = Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	st, err := b.Rooms.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.History() != RoomsHistory {
		t.Errorf("history %d; want %d", st.History(), RoomsHistory)
	}
}
