// Command proclab serves ProcLab, a visual lab for processes, scheduling and
// race conditions, and runs its command-line tools.
//
//	proclab [--addr 127.0.0.1:8080]      serve the lab
//	proclab run [--seed N] [--max-steps N] FILE   print a scenario's trace
//	proclab sched --policy P --jobs SPEC [...]     schedule jobs, print Gantt and metrics
//	proclab ostep SIM ARGS...                       an OSTEP homework simulator, byte for byte
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"proclab/assets"
	"proclab/server"
	"proclab/sim"
	"proclab/sim/ostep"
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
		case "run":
			return runTrace(args[1:], stdout, stderr)
		case "sched":
			return runSched(args[1:], stdout, stderr)
		case "ostep":
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
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unknown command %q (try: proclab, proclab run FILE, proclab sched, proclab ostep)", fs.Arg(0))}
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	srv, err := server.New(server.Config{Web: web.Files, Assets: assets.Files, Logger: logger, Version: version})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	logger.Info("ProcLab is serving", "url", "http://"+ln.Addr().String()+"/")
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	srv.Close() // ends the websocket sessions, which Shutdown does not wait for
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return hs.Shutdown(sctx)
}

func runTrace(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("proclab run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	seed := fs.Uint64("seed", 0, "seed for MIN..MAX durations (0: the scenario's own)")
	maxSteps := fs.Int64("max-steps", 1_000_000, "stop after this many steps")
	if err := fs.Parse(args); err != nil {
		return usageError{err}
	}
	if fs.NArg() != 1 {
		return usageError{errors.New("usage: proclab run [--seed N] [--max-steps N] FILE")}
	}
	text, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	sc, err := sim.Parse(string(text))
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	return sim.WriteTrace(stdout, sc, sim.Options{Seed: *seed, MaxSteps: *maxSteps})
}
