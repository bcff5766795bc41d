package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// attacks lists the attack scenarios in the order `attack all` runs them
// (keepalive last: it raises the tool's open-file limit).
var attacks = []string{"slowreader", "idlews", "oversize", "leave", "keepalive"}

// config is a parsed command line. Zero numeric fields take the scenario's
// default (applyDefaults).
type config struct {
	mode   string // classroom, room, attack or soak
	attack string // the attack's name, or "all"
	argv   []string

	serverBin   string
	serverArgs  []string // more flags for the server --server-bin starts
	url         string
	pid         int
	allowRemote bool
	json        bool
	seed        uint64
	sampleEvery time.Duration // /proc sampling period
	cpuProfile  string        // write the tool's own CPU profile here

	// classroom
	students   int
	ramp       int           // students that connect at once
	rampEvery  time.Duration // between two waves
	duration   time.Duration // classroom: stepping time per student; soak: total
	maxStepP99 time.Duration
	play       float64 // steps per second each student plays at; 0: students step by hand
	largest    bool    // each student opens the largest run's share link instead of a lesson

	// room
	followers   int
	steps       int           // states the teacher sends
	rate        float64       // states per second
	url2        string        // a second instance sharing the first's NATS
	pid2        int           // its PID
	share2      float64       // the fraction of the followers that join on url2
	pingEvery   time.Duration // each follower's ping period
	late        time.Duration // a state received later than this after its send is late
	grace       time.Duration // how long to wait for the last states after the last send
	settle      time.Duration // room: pause before a memory reading; soak: time for fds, children and goroutines to return to baseline
	maxFanout   time.Duration // expected bound on the p99 teacher-to-follower latency
	joinTimeout time.Duration
	heapProfile string // write the tool's heap profile here once every follower has joined

	// attacks
	clients     int           // attackers (slowreader, idlews, leave)
	seeks       int           // slowreader: seeks per attacker
	conns       int           // keepalive: idle connections
	hold        time.Duration // how long the attack is held
	observe     time.Duration // leave: how long to watch the CPU after the clients left
	maxBusy     time.Duration // leave: allowed busy time after the clients left
	maxRSSMiB   int64         // expectation on the peak RSS
	abortRSSMiB int64         // slowreader: the hold ends when the server's RSS passes this

	// soak
	liveClients int
	warmup      time.Duration
	window      time.Duration
	rssGrowth   float64 // allowed growth of the last window's max RSS over the first's, as a fraction
	rssSlackMiB int64   // plus this many MiB
}

// usageErr is a mistake in the command line (exit status 2).
type usageErr struct{ msg string }

func (e *usageErr) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageErr{fmt.Sprintf(format, args...)} }

// commandLine returns the command as given, for the report.
func (c *config) commandLine() string {
	return strings.Join(append([]string{"proclab-load"}, c.argv...), " ")
}

// parseArgs parses and checks the command line. lookup resolves host names
// for the loopback check. It returns flag.ErrHelp for -h.
func parseArgs(args []string, lookup func(string) ([]string, error)) (*config, error) {
	c := &config{argv: args}
	if len(args) == 0 {
		return nil, usagef("no mode given: classroom, room, attack NAME or soak (see proclab-load -h)")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		return nil, flag.ErrHelp
	case "classroom", "room", "soak":
		c.mode, args = args[0], args[1:]
	case "attack":
		if len(args) < 2 || strings.HasPrefix(args[1], "-") {
			return nil, usagef("attack needs a name: %s or all", strings.Join(attacks, ", "))
		}
		c.mode, c.attack, args = "attack", args[1], args[2:]
		if c.attack != "all" && !slices.Contains(attacks, c.attack) {
			return nil, usagef("unknown attack %q: %s or all", c.attack, strings.Join(attacks, ", "))
		}
	default:
		return nil, usagef("unknown mode %q: classroom, room, attack NAME or soak", args[0])
	}
	fs := flag.NewFlagSet("proclab-load "+c.mode, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.serverBin, "server-bin", "", "start this proclab binary as the server, on a free loopback port")
	var serverArgs string
	fs.StringVar(&serverArgs, "server-args", "", "more flags for the server --server-bin starts, separated by spaces (e.g. \"--live-open\")")
	fs.StringVar(&c.url, "url", "", "the server to test, e.g. http://127.0.0.1:8080 (loopback unless --allow-remote)")
	fs.IntVar(&c.pid, "pid", 0, "the PID of the server at --url, for its /proc figures")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow a --url that is not on loopback")
	fs.BoolVar(&c.json, "json", false, "print one JSON object instead of tables")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of every random choice")
	fs.DurationVar(&c.sampleEvery, "sample-every", 0, "period of the server's /proc samples")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write this tool's own CPU profile to this file (go tool pprof)")
	var maxRSS int64
	fs.Int64Var(&maxRSS, "max-rss", 0, "expected bound on the server's peak RSS, MiB")
	switch c.mode {
	case "classroom":
		fs.IntVar(&c.students, "students", 1000, "students (websocket clients)")
		fs.IntVar(&c.ramp, "ramp", 200, "students that connect at once (a wave)")
		fs.DurationVar(&c.rampEvery, "ramp-every", 2*time.Second, "time between waves")
		fs.DurationVar(&c.duration, "duration", 45*time.Second, "how long each student keeps stepping after loading")
		fs.DurationVar(&c.maxStepP99, "max-step-p99", 250*time.Millisecond, "expected bound on the p99 step round trip (with --play: on the p99 step->event lateness)")
		fs.Float64Var(&c.play, "play", 0, "a lecture hall: every student plays at this many steps per second once all have loaded (0: students step by hand)")
		fs.BoolVar(&c.largest, "open-largest", false, "each student opens the largest run the limits allow at its last step (one share link a class opens) instead of a built-in lesson")
	case "room":
		fs.IntVar(&c.followers, "followers", 1000, "followers (websocket clients, each from its own loopback address)")
		fs.IntVar(&c.steps, "steps", 200, "states the teacher sends")
		fs.Float64Var(&c.rate, "rate", 10, "states the teacher sends per second, one at a time")
		fs.IntVar(&c.ramp, "ramp", 100, "followers that join at once (a wave)")
		fs.DurationVar(&c.rampEvery, "ramp-every", time.Second, "time between waves")
		fs.StringVar(&c.url2, "url2", "", "a second instance sharing the first's NATS server (needs --url): followers join there too")
		fs.IntVar(&c.pid2, "pid2", 0, "the PID of the server at --url2, for its /proc figures")
		fs.Float64Var(&c.share2, "share2", 0.5, "with --url2: the fraction of the followers that join on it (1: all)")
		fs.DurationVar(&c.pingEvery, "ping-every", 30*time.Second, "each follower sends a ping this often, as the page does")
		fs.DurationVar(&c.late, "late", time.Second, "a state received more than this after its send counts as late")
		fs.DurationVar(&c.grace, "grace", 5*time.Second, "how long to wait for the last states after the last send")
		fs.DurationVar(&c.settle, "settle", 2*time.Second, "pause before each memory reading")
		fs.DurationVar(&c.maxFanout, "max-p99", 100*time.Millisecond, "expected bound on the p99 from the teacher's send to a follower's receipt")
		fs.DurationVar(&c.joinTimeout, "join-timeout", 15*time.Second, "deadline of one follower's join (handshake and answer)")
		fs.StringVar(&c.heapProfile, "heapprofile", "", "write this tool's heap profile to this file once every follower has joined")
	case "attack":
		fs.IntVar(&c.clients, "clients", 0, "attacking clients (slowreader 8, idlews 64, leave 8)")
		fs.IntVar(&c.seeks, "seeks", 250, "slowreader: seeks each attacker sends")
		fs.IntVar(&c.conns, "conns", 20000, "keepalive: idle keep-alive connections (capped by the open-file limit)")
		fs.DurationVar(&c.hold, "hold", 0, "how long the attack is held (slowreader 30s, idlews 15s, keepalive 20s)")
		fs.DurationVar(&c.observe, "observe", 60*time.Second, "leave: how long to watch the server's CPU after the clients left")
		fs.DurationVar(&c.maxBusy, "max-busy", time.Second, "leave: expected bound on the server's busy time after the clients left")
		fs.Int64Var(&c.abortRSSMiB, "abort-rss", 6144, "slowreader: end the hold early when the server's RSS passes this many MiB")
	case "soak":
		fs.DurationVar(&c.duration, "duration", 60*time.Second, "total time of the soak")
		fs.IntVar(&c.clients, "clients", 12, "concurrent simulation clients")
		fs.IntVar(&c.liveClients, "live-clients", 2, "concurrent live-lab clients (0: none; skipped when the lab is off)")
		fs.DurationVar(&c.warmup, "warmup", 0, "time before the first memory window (default: a sixth of --duration)")
		fs.DurationVar(&c.window, "window", 0, "length of the first and last memory windows (default: min(1m, a fifth of --duration))")
		fs.Float64Var(&c.rssGrowth, "rss-growth", 0.25, "allowed growth of the last window's peak RSS over the first's (0.25 = 25%)")
		fs.Int64Var(&c.rssSlackMiB, "rss-slack", 16, "plus this many MiB")
		fs.DurationVar(&c.settle, "settle", 15*time.Second, "how long fds, children and goroutines may take to return to baseline")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usagef("%s: %v", c.mode, err)
	}
	if fs.NArg() > 0 {
		return nil, usagef("%s: unexpected argument %q", c.mode, fs.Arg(0))
	}
	c.maxRSSMiB = maxRSS
	c.serverArgs = strings.Fields(serverArgs)
	if len(c.serverArgs) > 0 && c.serverBin == "" {
		return nil, usagef("--server-args needs --server-bin")
	}
	for _, a := range c.serverArgs {
		if a == "--addr" || strings.HasPrefix(a, "--addr=") || a == "-addr" || strings.HasPrefix(a, "-addr=") {
			return nil, usagef("--server-args must not set --addr: the tool picks a free loopback port")
		}
	}
	if err := c.check(lookup); err != nil {
		return nil, err
	}
	c.applyDefaults()
	return c, nil
}

// check validates the values given.
func (c *config) check(lookup func(string) ([]string, error)) error {
	if c.serverBin != "" && (c.url != "" || c.pid != 0) {
		return usagef("give either --server-bin or --url (with --pid), not both")
	}
	if c.serverBin == "" && c.url == "" {
		return usagef("give --server-bin PATH (the tool starts the server) or --url URL --pid PID (a running server)")
	}
	if c.url != "" {
		if _, err := parseTarget(c.url, c.allowRemote, lookup); err != nil {
			return &usageErr{err.Error()}
		}
	}
	if c.url2 != "" {
		if c.url == "" {
			return usagef("--url2 needs --url: both instances are servers already running on one NATS")
		}
		if _, err := parseTarget(c.url2, c.allowRemote, lookup); err != nil {
			return usagef("--url2: %v", strings.TrimPrefix(err.Error(), "--url: "))
		}
	}
	if c.pid2 < 0 || (c.pid2 != 0 && c.url2 == "") {
		return usagef("--pid2 must be positive and needs --url2")
	}
	if c.pid < 0 {
		return usagef("--pid must be positive")
	}
	if c.sampleEvery < 0 || (c.sampleEvery > 0 && c.sampleEvery < 50*time.Millisecond) {
		return usagef("--sample-every must be at least 50ms")
	}
	if c.maxRSSMiB < 0 {
		return usagef("--max-rss must be positive (MiB)")
	}
	type intBound struct {
		name     string
		v        int
		min, max int
	}
	var ints []intBound
	switch c.mode {
	case "classroom":
		ints = []intBound{{"--students", c.students, 1, 100_000}, {"--ramp", c.ramp, 1, 100_000}}
		if c.duration <= 0 || c.maxStepP99 <= 0 || c.rampEvery < 0 {
			return usagef("--duration and --max-step-p99 must be positive; --ramp-every must not be negative")
		}
		if c.play != 0 && (c.play < 0.25 || c.play > 1000) {
			return usagef("--play must be 0 (step by hand) or 0.25 to 1000 steps per second; got %g", c.play)
		}
	case "room":
		ints = []intBound{{"--followers", c.followers, 1, 20_000}, {"--steps", c.steps, 1, 100_000}, {"--ramp", c.ramp, 1, 20_000}}
		if c.rate <= 0 || c.rate > 1000 {
			return usagef("--rate must be above 0 and at most 1000 states per second; got %g", c.rate)
		}
		if c.share2 < 0 || c.share2 > 1 {
			return usagef("--share2 must be between 0 and 1; got %g", c.share2)
		}
		if c.rampEvery < 0 || c.pingEvery < time.Second || c.late <= 0 || c.grace <= 0 || c.settle < 0 || c.maxFanout <= 0 || c.joinTimeout <= 0 {
			return usagef("--ping-every must be at least 1s; --late, --grace, --max-p99 and --join-timeout must be positive; --ramp-every and --settle must not be negative")
		}
	case "attack":
		ints = []intBound{{"--clients", c.clients, 0, 10_000}, {"--seeks", c.seeks, 1, 100_000}, {"--conns", c.conns, 1, 1_000_000}}
		if c.abortRSSMiB <= 0 {
			return usagef("--abort-rss must be positive (MiB)")
		}
		if c.hold < 0 || c.observe <= 0 || c.maxBusy <= 0 {
			return usagef("--hold must not be negative; --observe and --max-busy must be positive")
		}
	case "soak":
		ints = []intBound{{"--clients", c.clients, 1, 10_000}, {"--live-clients", c.liveClients, 0, 32}}
		if c.duration < 10*time.Second {
			return usagef("--duration must be at least 10s (a warm-up, a first and a last window)")
		}
		if c.warmup < 0 || c.window < 0 || c.settle <= 0 {
			return usagef("--warmup and --window must not be negative; --settle must be positive")
		}
		if c.warmup+2*c.window > c.duration {
			return usagef("--warmup + 2 x --window (%v) is longer than --duration (%v)", c.warmup+2*c.window, c.duration)
		}
		if c.rssGrowth < 0 || c.rssSlackMiB < 0 {
			return usagef("--rss-growth and --rss-slack must not be negative")
		}
	}
	for _, b := range ints {
		if b.v < b.min || b.v > b.max {
			return usagef("%s must be between %d and %d; got %d", b.name, b.min, b.max, b.v)
		}
	}
	return nil
}

// applyDefaults fills the values left at zero with the defaults of the mode
// (and, for attacks, set per attack by forAttack).
func (c *config) applyDefaults() {
	if c.sampleEvery == 0 {
		c.sampleEvery = 250 * time.Millisecond
		switch c.mode {
		case "soak":
			c.sampleEvery = 2 * time.Second
		case "room":
			c.sampleEvery = time.Second // reading all of /proc costs the tool CPU the followers need
		}
	}
	if c.mode == "soak" {
		if c.warmup == 0 {
			c.warmup = c.duration / 6
		}
		if c.window == 0 {
			c.window = min(time.Minute, c.duration/5)
		}
	}
	if c.maxRSSMiB == 0 {
		switch c.mode {
		case "classroom", "room":
			c.maxRSSMiB = 1024
		case "soak":
			c.maxRSSMiB = 2048
		}
	}
}

// forAttack returns a copy of c with the defaults of attack name.
func (c *config) forAttack(name string) *config {
	a := *c
	a.attack = name
	def := map[string]struct {
		clients int
		hold    time.Duration
		maxRSS  int64
	}{
		"slowreader": {8, 30 * time.Second, 512},
		"idlews":     {64, 15 * time.Second, 256},
		"keepalive":  {0, 20 * time.Second, 1024},
		"oversize":   {8, 0, 256},
		"leave":      {8, 0, 1024},
	}[name]
	if a.clients == 0 {
		a.clients = def.clients
	}
	if a.hold == 0 {
		a.hold = def.hold
	}
	if a.maxRSSMiB == 0 {
		a.maxRSSMiB = def.maxRSS
	}
	return &a
}
