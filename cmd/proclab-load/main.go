package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"
)

// Exit statuses.
const (
	exitOK        = 0 // every expectation held
	exitFailed    = 1 // a scenario's expectation failed
	exitUsage     = 2 // the command line is wrong
	exitCannotRun = 3 // the scenario could not run (no server, no connection)
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command line and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args, net.LookupHost)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, usageText)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "proclab-load: %v\n", err)
		return exitUsage
	}
	if cfg.cpuProfile != "" {
		stop, err := startCPUProfile(cfg.cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "proclab-load: --cpuprofile: %v\n", err)
			return exitCannotRun
		}
		defer stop()
	}
	names := []string{cfg.mode}
	if cfg.mode == "attack" {
		names = []string{cfg.attack}
		if cfg.attack == "all" {
			names = attacks
		}
	}
	var results []*Result
	code := exitOK
	for _, name := range names {
		if ctx.Err() != nil {
			break
		}
		c := cfg
		if cfg.mode == "attack" {
			c = cfg.forAttack(name)
		}
		r, err := runOne(ctx, c)
		restoreNofile()
		if err != nil {
			fmt.Fprintf(stderr, "proclab-load: %s: %v\n", scenarioName(c), err)
			return exitCannotRun
		}
		results = append(results, r)
		if !cfg.json {
			writeTable(stdout, r)
		}
		if !r.OK {
			code = exitFailed
		}
	}
	if cfg.json {
		if err := writeJSON(stdout, results); err != nil {
			fmt.Fprintf(stderr, "proclab-load: %v\n", err)
			return exitCannotRun
		}
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "proclab-load: interrupted")
		return exitCannotRun
	}
	return code
}

// scenarioName is the name a result carries.
func scenarioName(c *config) string {
	if c.mode == "attack" {
		return "attack " + c.attack
	}
	return c.mode
}

// runOne gets the target (starting a server for --server-bin, which it
// stops at the end), runs one scenario and returns its result.
func runOne(ctx context.Context, c *config) (*Result, error) {
	var t *target
	if c.serverBin != "" {
		var err error
		if t, err = startServer(c.serverBin, c.serverArgs); err != nil {
			return nil, err
		}
		defer func() {
			t.stop()
			if t.logPath != "" {
				os.Remove(t.logPath)
			}
		}()
	} else {
		u, err := parseTarget(c.url, c.allowRemote, net.LookupHost)
		if err != nil {
			return nil, err
		}
		t = &target{base: u, pid: c.pid}
		if c.pid != 0 && !t.alive() {
			return nil, fmt.Errorf("--pid %d: no such process", c.pid)
		}
		if err := waitHealthy(t, 5*time.Second); err != nil {
			return nil, err
		}
	}
	switch c.mode {
	case "classroom":
		return runClassroom(ctx, c, t)
	case "room":
		return runRoom(ctx, c, t)
	case "soak":
		return runSoak(ctx, c, t)
	}
	switch c.attack {
	case "slowreader":
		return runSlowReader(ctx, c, t)
	case "idlews":
		return runIdleWS(ctx, c, t)
	case "keepalive":
		return runKeepAlive(ctx, c, t)
	case "oversize":
		return runOversize(ctx, c, t)
	case "leave":
		return runLeave(ctx, c, t)
	}
	return nil, fmt.Errorf("unknown scenario %q", c.attack)
}

// startCPUProfile starts profiling this tool's CPU into path; the function
// it returns stops and writes the profile.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
