// Command proclab serves ProcLab, a visual lab for processes, scheduling and
// race conditions, and runs its command-line tools.
//
//	proclab [--addr 127.0.0.1:8080]      serve the lab
//	proclab run [--seed N] [--max-steps N] [--json] [--explore [--max-states N]] [--lang go|scenario] FILE
//	                                                print a scenario's or a Go program's trace (--json: one
//	                                                event per line), or every outcome of every interleaving
//	                                                with its races (a .go file, Go source or --lang go: the Go front end)
//	proclab sched --policy P --jobs SPEC [...]     schedule jobs, print Gantt and metrics
//	proclab ostep SIM ARGS...                       an OSTEP homework simulator, byte for byte
//	proclab worker NAME INT...                      a live-lab workload (the server runs these itself)
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"proclab/assets"
	"proclab/bus"
	"proclab/docs"
	"proclab/lab"
	"proclab/live"
	"proclab/ostep"
	"proclab/server"
	"proclab/sim"
	"proclab/web"
)

const version = "0.1.0"

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var st exitStatus
		if errors.As(err, &st) {
			os.Exit(int(st))
		}
		fmt.Fprintln(os.Stderr, "proclab:", err)
		var ue usageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// usageError is a mistake in the command line (exit status 2).
type usageError struct{ error }

// exitStatus is a failure that has already been reported; main exits with it.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "worker": // a live-lab workload, re-executed by the server: never serve
			return live.WorkerMain(args[1:])
		case "run":
			return runTrace(args[1:], stdout, stderr)
		case "sched":
			return runSched(args[1:], stdout, stderr)
		case "ostep":
			ostep.ReadFile = ostep.FileReader(func(name string) (io.ReadCloser, error) { return os.Open(name) }) // x86 programs (-p FILE) come from the file system, at most ostep.MaxProgramBytes
			if code := ostep.Main(args[1:], stdout, stderr); code != 0 {
				return exitStatus(code)
			}
			return nil
		}
	}
	return serve(ctx, args, stderr)
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("proclab", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port)")
	liveToken := fs.String("live-token", "", "the teacher key (prefer the PROCLAB_TEACHER_KEY environment variable: a flag is visible in the process list); whoever presents it may use the live lab from anywhere and act on every process")
	liveOpen := fs.Bool("live-open", false, "let clients that are not on loopback use the live lab as students (each acts on its own processes only)")
	liveCgroup := fs.String("live-cgroup", "", "a cgroup v2 directory delegated to the lab: each live process gets memory.max there")
	publicURL := fs.String("public-url", "", "the URL students open (e.g. https://lab.school.example): its host name is accepted in the Host header, and the Share dialog offers it first")
	var proxies prefixList
	fs.Var(&proxies, "trusted-proxy", "a reverse proxy (IP or CIDR, repeatable) whose X-Forwarded-For/X-Real-IP are believed")
	logJSON := fs.Bool("log-json", false, "write logs as JSON lines instead of text")
	publicMetrics := fs.Bool("metrics-public", false, "serve /metrics to every client (default: to this machine and trusted proxies' local clients only)")
	dataDir := fs.String("data", bus.DefaultDataDir(), "where the embedded NATS server keeps short links and classroom rooms (its JetStream store)")
	natsURL := fs.String("nats", "", "use this NATS server or cluster (nats://host:4222, comma-separated for several) instead of the embedded one, so that several ProcLab instances share rooms and links; it must have JetStream enabled")
	natsListen := fs.String("nats-listen", "", "let the embedded NATS server accept other ProcLab instances (their --nats) at HOST:PORT; default: no port at all")
	memLimit := fs.Int64("memory-limit", 448, "soft limit of the server's Go memory, in MiB (the garbage collector works harder near it; 0: none; GOMEMLIMIT, if set, wins)")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unknown command %q (try: proclab, proclab run FILE, proclab sched, proclab ostep)", fs.Arg(0))}
	}
	var hosts []string
	if *publicURL != "" {
		u, err := server.CheckPublicURL(*publicURL)
		if err != nil {
			return usageError{fmt.Errorf("--public-url: %v", err)}
		}
		hosts = append(hosts, u.Hostname())
	}
	if *memLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(*memLimit << 20)
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if *logJSON {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	logger := slog.New(handler)
	key := os.Getenv("PROCLAB_TEACHER_KEY")
	if *liveToken != "" {
		key = *liveToken
		logger.Warn("--live-token is visible to every local user in the process list; PROCLAB_TEACHER_KEY is not")
	}
	os.Unsetenv("PROCLAB_TEACHER_KEY") // workers must not inherit it (they get an empty environment anyway)
	liveLab := live.New(live.Config{Logger: logger, CgroupDir: *liveCgroup})
	if err := liveLab.Available(); err != nil {
		logger.Warn("the live lab is off; everything else works", "reason", err)
	}
	if *natsURL != "" && *natsListen != "" {
		liveLab.Close()
		return usageError{errors.New("--nats (use another NATS server) and --nats-listen (make the embedded one listen) exclude each other")}
	}
	nb, err := bus.Open(ctx, bus.Options{URL: *natsURL, DataDir: *dataDir, Listen: *natsListen, Name: "proclab-" + strings.NewReplacer(":", "-", "[", "", "]", "").Replace(*addr), Logger: logger})
	if err != nil {
		liveLab.Close()
		return fmt.Errorf("short links and rooms need NATS: %w", err)
	}
	defer nb.Close()
	if u := nb.ClientURL(); u != "" {
		logger.Info("the embedded NATS server accepts other instances", "url", u)
	} else if nb.Embedded() {
		logger.Info("short links and rooms are kept", "data", *dataDir)
	}
	// The server is told where it listens (GET /api/addresses offers this
	// host's network addresses only when they reach it).
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		liveLab.Close()
		return err
	}
	srv, err := server.New(server.Config{Web: web.Files, Assets: assets.Files, Docs: docs.Files, Logger: logger, Version: version,
		Live: liveLab, LiveToken: key, LiveOpen: *liveOpen, AllowedHosts: hosts, TrustedProxies: proxies, PublicMetrics: *publicMetrics,
		PublicURL: *publicURL, Listen: ln.Addr(), Bus: nb})
	if err != nil {
		ln.Close()
		liveLab.Close()
		return err
	}
	hs := srv.HTTPServer()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	logger.Info("ProcLab is serving", "url", "http://"+ln.Addr().String()+"/")
	select {
	case err := <-errc:
		srv.Close()
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	start := time.Now()
	// Sessions end first (Shutdown does not wait for hijacked websockets),
	// then idle HTTP connections; within 5 s in all.
	sctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() { srv.Close(); close(done) }()
	err = hs.Shutdown(sctx)
	select {
	case <-done:
	case <-sctx.Done():
	}
	logger.Info("stopped", "took", time.Since(start).Round(time.Millisecond))
	if errors.Is(err, context.DeadlineExceeded) {
		return hs.Close()
	}
	return err
}

// prefixList is a repeatable flag of IP addresses or CIDR prefixes.
type prefixList []netip.Prefix

func (p *prefixList) String() string { return fmt.Sprint(*p) }

func (p *prefixList) Set(v string) error {
	if pre, err := netip.ParsePrefix(v); err == nil {
		*p = append(*p, pre.Masked())
		return nil
	}
	a, err := netip.ParseAddr(v)
	if err != nil {
		return fmt.Errorf("want an IP address or a CIDR prefix, got %q", v)
	}
	*p = append(*p, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	return nil
}

// runUsage is `proclab run`'s usage line.
const runUsage = "usage: proclab run [--seed N] [--max-steps N] [--json] [--explore [--max-states N]] [--lang go|scenario] FILE"

// runTrace is `proclab run`: a scenario's trace as text (sim.WriteTrace)
// or, with --json, as JSON lines, one event per line with the fields the
// websocket sends; with --explore, every distinct outcome of every
// interleaving as text (sim.WriteExplore) or, with --json, as one JSON
// object with the fields of the websocket's explored message. FILE is a Go
// program (docs/go.md) when it ends in .go, when --lang go says so, or when
// its text is Go source (its first word is "package"); a Go program's text
// trace shows each line it printed under the event that printed it.
func runTrace(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("proclab run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	seed := fs.Uint64("seed", 0, "seed for MIN..MAX durations and the random picker (0: the scenario's own)")
	maxSteps := fs.Int64("max-steps", 1_000_000, "stop after this many steps")
	explore := fs.Bool("explore", false, "enumerate every interleaving and print each distinct outcome, with its races and lost updates")
	maxStates := fs.Int("max-states", sim.DefaultMaxStates, "with --explore: stop after this many distinct states")
	asJSON := fs.Bool("json", false, "print JSON: the trace as one event per line, or with --explore one object (the websocket's fields)")
	lang := fs.String("lang", "", "the language of FILE: go or scenario (default: go for a .go file or Go source, else scenario)")
	// Flags may come before or after FILE.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return usageError{fmt.Errorf("run: %v", err)}
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		return usageError{errors.New(runUsage)}
	}
	switch *lang {
	case "", lab.LangGo, "scenario":
	default:
		return usageError{fmt.Errorf("run: --lang %q: want go or scenario", *lang)}
	}
	if *lang == "" && strings.HasSuffix(files[0], ".go") {
		*lang = lab.LangGo
	}
	text, err := os.ReadFile(files[0])
	if err != nil {
		return err
	}
	if len(text) > lab.MaxScenarioBytes {
		return fmt.Errorf("%s: %d bytes; a scenario or Go program is at most %d bytes", files[0], len(text), lab.MaxScenarioBytes)
	}
	sc, err := lab.Compile(string(text), *lang)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	if *explore {
		r := sim.Explore(sc, sim.ExploreOptions{MaxStates: *maxStates})
		if *asJSON {
			return json.NewEncoder(stdout).Encode(exploreJSONOf(r, sc))
		}
		return sim.WriteExplore(stdout, sc, r)
	}
	opt := sim.Options{Seed: *seed, MaxSteps: *maxSteps}
	if *asJSON {
		return writeTraceJSON(stdout, sc, opt)
	}
	if sc.Go != nil {
		return writeGoTrace(stdout, sc, opt)
	}
	return sim.WriteTrace(stdout, sc, opt)
}

// exploreJSON is `proclab run FILE --explore --json`: the websocket's
// explored message, field for field.
type exploreJSON struct {
	V    int    `json:"v"`
	Type string `json:"type"`
	server.ExploreRecord
}

func exploreJSONOf(r sim.ExploreResult, sc *sim.Scenario) exploreJSON {
	return exploreJSON{V: server.ProtocolVersion, Type: "explored", ExploreRecord: server.ExploreRecordOf(lab.ExploredOf(r, sc))}
}

// writeTraceJSON runs sc and writes each event as one line of JSON, the
// record the websocket sends for it (an output or panic event of a Go
// program carries the whole line it printed).
func writeTraceJSON(w io.Writer, sc *sim.Scenario, opt sim.Options) error {
	enc := json.NewEncoder(w)
	e := sim.New(sc, opt)
	for !e.Done() {
		for _, rec := range server.EventRecordsOf(e.Step(), outputLine(e)) {
			if err := enc.Encode(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// outputLine looks up e's output lines for server.EventRecordsOf.
func outputLine(e *sim.Engine) func(i int) (string, bool, bool) {
	return func(i int) (string, bool, bool) {
		out := lab.OutputOf(e)
		if i < 0 || i >= len(out) {
			return "", false, false
		}
		return out[i].Text, out[i].Stderr, true
	}
}

// writeGoTrace is a Go program's text trace: sim.WriteTrace's lines, each
// line the program printed right under the event that printed it ("  | "
// for stdout, "  ! " for stderr), then where the run ended, the
// package-level variables and the goroutines.
func writeGoTrace(w io.Writer, sc *sim.Scenario, opt sim.Options) error {
	bw := bufio.NewWriter(w)
	e := sim.New(sc, opt)
	for !e.Done() {
		for _, ev := range e.Step() {
			fmt.Fprintln(bw, sc.Describe(ev))
			if ev.Kind != sim.EvOutput {
				continue
			}
			if out := lab.OutputOf(e); ev.Value >= 0 && ev.Value < int64(len(out)) {
				mark := "  | "
				if out[ev.Value].Stderr {
					mark = "  ! "
				}
				for _, line := range strings.Split(strings.TrimSuffix(out[ev.Value].Text, "\n"), "\n") {
					fmt.Fprintln(bw, mark+line)
				}
			}
		}
	}
	fmt.Fprintf(bw, "end at step %d\n", e.StepNum())
	for v, d := range sc.Vars {
		fmt.Fprintf(bw, "var %s = %d\n", d.Name, e.Var(v))
	}
	for _, t := range e.Tasks() {
		status := ""
		if t.State == sim.StateZombie || t.State == sim.StateDead {
			status = " " + strings.ReplaceAll(sim.WaitStatus(int64(t.ExitCode), int64(t.Signal)), " ", "_")
		}
		fmt.Fprintf(bw, "P%d %-8s tgid=%d ppid=%d state=%s%s user=%d kernel=%d\n",
			t.PID, t.Name, t.TGID, t.PPID, t.State.Letter(), status, t.UserTicks, t.KernelTicks)
	}
	return bw.Flush()
}
