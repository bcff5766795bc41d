// Package bus is ProcLab's backbone between instances: a NATS connection
// and the JetStream key-value buckets that keep short links and classroom
// rooms (DESIGN §6, "Scale"). By default it starts an embedded NATS server
// in this process, with no listening port unless asked and its JetStream
// store under a data directory, so `go run .` needs no other service; with
// a URL it connects to an existing NATS server or cluster instead, so that
// several ProcLab instances share links and rooms.
//
// A Bus is safe for concurrent use; Close ends it once.
package bus

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Bucket names and their bounds. A bucket refuses a write that would pass
// MaxBytes (the store is full) rather than dropping old entries: a short
// link, once given out, is a promise.
const (
	LinksBucket = "proclab_links"
	RoomsBucket = "proclab_rooms"
	VotesBucket = "proclab_votes"

	// LinksMaxBytes bounds every short link together (bytes on disk,
	// JetStream's accounting); LinkValueBytes bounds one.
	LinksMaxBytes  = 256 << 20
	LinkValueBytes = 96 << 10
	// RoomsMaxBytes bounds every room record together; RoomValueBytes one.
	RoomsMaxBytes  = 64 << 20
	RoomValueBytes = 192 << 10
	// VotesMaxBytes bounds every vote together; VoteValueBytes one (a
	// list of option indices).
	VotesMaxBytes  = 64 << 20
	VoteValueBytes = 256
	// RoomsHistory is how many revisions of a room's record are kept: an
	// instance's watch that lags behind a fast teacher still gets every
	// state unless it falls more than this many behind (with one kept, a
	// put deleted the previous revision before a loaded instance had
	// delivered it: docs/benchmarks.md, "Rooms").
	RoomsHistory = 16
	// RoomsTTL is how long a room record lives after its last write; a
	// room's own lifetime (server.RoomLifetime) is shorter.
	RoomsTTL = 24 * time.Hour

	// connectTimeout bounds connecting to an external NATS server and the
	// embedded server's start.
	connectTimeout = 10 * time.Second
)

// Options says which NATS to use.
type Options struct {
	// URL of an existing NATS server or cluster ("nats://host:4222", a
	// comma-separated list for a cluster). Empty: start an embedded one.
	URL string
	// DataDir is where the embedded server keeps its JetStream store
	// (created with mode 0700 if missing). Ignored with URL.
	DataDir string
	// Listen, if set (HOST:PORT), lets the embedded server accept other
	// ProcLab instances' connections there (they start with
	// --nats nats://HOST:PORT). Empty: no listening port at all.
	Listen string
	// Name names this instance's connection (shown by NATS tools).
	Name   string
	Logger *slog.Logger
}

// Bus is a NATS connection with ProcLab's buckets.
type Bus struct {
	Conn  *nats.Conn
	JS    jetstream.JetStream
	Links jetstream.KeyValue // code -> fragment
	Rooms jetstream.KeyValue // room code -> room record
	Votes jetstream.KeyValue // ROOM.QUESTION.VOTER -> the options chosen
	srv   *natsserver.Server // the embedded server; nil with Options.URL
	lock  *os.File           // holds the data directory's lock (embedded)
	log   *slog.Logger
}

// DefaultDataDir is the per-user data directory: $XDG_DATA_HOME/proclab,
// or ~/.local/share/proclab, or a directory under the system's temporary
// directory when the user has no home.
func DefaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "proclab")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".local", "share", "proclab")
	}
	return filepath.Join(os.TempDir(), "proclab-"+strconv.Itoa(os.Getuid()))
}

// Open starts or connects to NATS and makes sure the buckets exist.
func Open(ctx context.Context, o Options) (*Bus, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Name == "" {
		o.Name = "proclab"
	}
	b := &Bus{log: o.Logger}
	opts := []nats.Option{nats.Name(o.Name), nats.Timeout(connectTimeout),
		nats.MaxReconnects(-1), nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				o.Logger.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) { o.Logger.Info("nats reconnected", "url", c.ConnectedUrlRedacted()) }),
	}
	var err error
	if o.URL != "" {
		b.Conn, err = nats.Connect(o.URL, opts...)
		if err != nil {
			return nil, fmt.Errorf("connecting to NATS at %s: %w", o.URL, err)
		}
	} else {
		if b.srv, b.lock, err = startEmbedded(o); err != nil {
			return nil, err
		}
		b.Conn, err = nats.Connect("", append(opts, nats.InProcessServer(b.srv))...)
		if err != nil {
			b.srv.Shutdown()
			b.lock.Close()
			return nil, fmt.Errorf("connecting to the embedded NATS server: %w", err)
		}
	}
	if err := b.openBuckets(ctx); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// startEmbedded starts the in-process NATS server with JetStream, after
// locking the data directory: two servers writing one JetStream store
// would corrupt it.
func startEmbedded(o Options) (srv *natsserver.Server, lock *os.File, err error) {
	if o.DataDir == "" {
		o.DataDir = DefaultDataDir()
	}
	if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("the data directory: %w", err)
	}
	if lock, err = lockDir(o.DataDir); err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			lock.Close()
		}
	}()
	so := &natsserver.Options{
		ServerName: o.Name,
		JetStream:  true,
		StoreDir:   o.DataDir,
		DontListen: true,
		NoSigs:     true,
		NoLog:      true,
		// The JetStream store holds the two buckets; a quarter more for
		// its own bookkeeping.
		JetStreamMaxStore:  (LinksMaxBytes + RoomsMaxBytes + VotesMaxBytes) * 5 / 4,
		JetStreamMaxMemory: 64 << 20,
	}
	if o.Listen != "" {
		host, port, err := net.SplitHostPort(o.Listen)
		if err != nil {
			return nil, nil, fmt.Errorf("--nats-listen %q: %w", o.Listen, err)
		}
		p, err := strconv.Atoi(port)
		if err != nil || p <= 0 || p > 65535 {
			return nil, nil, fmt.Errorf("--nats-listen %q: the port must be 1 to 65535", o.Listen)
		}
		so.DontListen, so.Host, so.Port = false, host, p
	}
	srv, err = natsserver.NewServer(so)
	if err != nil {
		return nil, nil, fmt.Errorf("the embedded NATS server: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(connectTimeout) {
		srv.Shutdown()
		return nil, nil, fmt.Errorf("the embedded NATS server did not start in time (is %s free?)", o.Listen)
	}
	return srv, lock, nil
}

// lockDir takes an exclusive lock on dir/proclab.lock, or says who holds it.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "proclab.lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("the data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("the data directory %s is in use by another ProcLab: give this one its own --data DIR, "+
			"or let the first share its NATS server (--nats-listen HOST:PORT) and start this one with --nats nats://HOST:PORT", dir)
	}
	return f, nil
}

// openBuckets creates the buckets, or takes them as they are when another
// instance made them first.
func (b *Bus) openBuckets(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	js, err := jetstream.New(b.Conn)
	if err != nil {
		return fmt.Errorf("JetStream: %w", err)
	}
	b.JS = js
	b.Links, err = bucket(ctx, js, jetstream.KeyValueConfig{Bucket: LinksBucket, Description: "ProcLab short links: code -> page fragment",
		History: 1, MaxBytes: LinksMaxBytes, MaxValueSize: LinkValueBytes})
	if err != nil {
		return err
	}
	b.Rooms, err = bucket(ctx, js, jetstream.KeyValueConfig{Bucket: RoomsBucket, Description: "ProcLab classroom rooms: code -> record",
		History: RoomsHistory, MaxBytes: RoomsMaxBytes, MaxValueSize: RoomValueBytes, TTL: RoomsTTL})
	if err != nil {
		return err
	}
	b.Votes, err = bucket(ctx, js, jetstream.KeyValueConfig{Bucket: VotesBucket, Description: "ProcLab classroom votes: room.question.voter -> choices",
		History: 1, MaxBytes: VotesMaxBytes, MaxValueSize: VoteValueBytes, TTL: RoomsTTL})
	return err
}

// bucket creates a bucket, or brings an existing one (made by another
// instance or an older ProcLab) to cfg.
func bucket(ctx context.Context, js jetstream.JetStream, cfg jetstream.KeyValueConfig) (jetstream.KeyValue, error) {
	kv, err := js.CreateOrUpdateKeyValue(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("the %s bucket: %w (does the NATS server have JetStream enabled?)", cfg.Bucket, err)
	}
	return kv, nil
}

// Embedded reports whether the NATS server runs in this process.
func (b *Bus) Embedded() bool { return b.srv != nil }

// ClientURL is the URL other instances connect to when the embedded
// server listens (Options.Listen), or "".
func (b *Bus) ClientURL() string {
	if b.srv == nil || b.srv.Addr() == nil {
		return ""
	}
	return b.srv.ClientURL()
}

// Close drains the connection (pending publishes are sent) and stops the
// embedded server, if any.
func (b *Bus) Close() {
	if b.Conn != nil {
		_ = b.Conn.Drain()
		for i := 0; i < 50 && !b.Conn.IsClosed(); i++ {
			time.Sleep(20 * time.Millisecond)
		}
		b.Conn.Close()
	}
	if b.srv != nil {
		b.srv.Shutdown()
		b.srv.WaitForShutdown()
	}
	if b.lock != nil {
		b.lock.Close() // closing the file releases the lock
	}
}
