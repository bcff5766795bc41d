package main

import (
	"errors"
	"flag"
	"strings"
	"testing"
	"time"
)

// fakeLookup resolves "localhost" to loopback, "lab.example" to a public
// address and "mixed.example" to both; anything else fails.
func fakeLookup(host string) ([]string, error) {
	switch host {
	case "localhost":
		return []string{"127.0.0.1", "::1"}, nil
	case "lab.example":
		return []string{"203.0.113.7"}, nil
	case "mixed.example":
		return []string{"127.0.0.1", "203.0.113.7"}, nil
	}
	return nil, errors.New("no such host")
}

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"::1", true},
		{"localhost", true},
		{"10.0.0.1", false},
		{"203.0.113.7", false},
		{"lab.example", false},
		{"mixed.example", false},
		{"nowhere.example", false},
		{"", false},
	}
	for _, tt := range tests {
		if err := checkLoopback(tt.host, fakeLookup); (err == nil) != tt.ok {
			t.Errorf("checkLoopback(%q) = %v; want ok %v", tt.host, err, tt.ok)
		}
	}
}

func TestParseArgs(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string // "" for success
		check   func(*config) string
	}{
		{"no mode", nil, "no mode", nil},
		{"unknown mode", []string{"stampede"}, "unknown mode", nil},
		{"attack without a name", []string{"attack", "--url", "http://127.0.0.1:1"}, "needs a name", nil},
		{"unknown attack", []string{"attack", "ddos", "--url", "http://127.0.0.1:1"}, "unknown attack", nil},
		{"no target", []string{"classroom"}, "--server-bin", nil},
		{"both targets", []string{"classroom", "--server-bin", "x", "--url", "http://127.0.0.1:1"}, "not both", nil},
		{"remote refused", []string{"soak", "--url", "http://203.0.113.7:8080", "--pid", "5"}, "not a loopback", nil},
		{"remote name refused", []string{"soak", "--url", "http://lab.example:8080"}, "not loopback", nil},
		{"remote allowed", []string{"classroom", "--url", "http://lab.example:8080", "--allow-remote"}, "", nil},
		{"bad scheme", []string{"classroom", "--url", "ftp://127.0.0.1"}, "scheme", nil},
		{"url with a path", []string{"classroom", "--url", "http://127.0.0.1:8080/ws"}, "without a path", nil},
		{"negative pid", []string{"classroom", "--url", "http://127.0.0.1:1", "--pid", "-3"}, "--pid", nil},
		{"zero students", []string{"classroom", "--server-bin", "x", "--students", "0"}, "--students", nil},
		{"play too slow", []string{"classroom", "--server-bin", "x", "--play", "0.1"}, "--play", nil},
		{"play too fast", []string{"classroom", "--server-bin", "x", "--play", "1001"}, "--play", nil},
		{"play", []string{"classroom", "--server-bin", "x", "--play", "2.5"}, "", func(c *config) string {
			if c.play != 2.5 {
				return "want play 2.5"
			}
			return ""
		}},
		{"stray argument", []string{"classroom", "--server-bin", "x", "extra"}, "unexpected argument", nil},
		{"unknown flag", []string{"classroom", "--server-bin", "x", "--teachers", "3"}, "teachers", nil},
		{"flag of another mode", []string{"classroom", "--server-bin", "x", "--seeks", "3"}, "seeks", nil},
		{"short soak", []string{"soak", "--server-bin", "x", "--duration", "5s"}, "at least 10s", nil},
		{"windows longer than the soak", []string{"soak", "--server-bin", "x", "--duration", "20s", "--window", "10s", "--warmup", "5s"}, "longer than", nil},
		{"tiny sample period", []string{"soak", "--server-bin", "x", "--sample-every", "1ms"}, "at least 50ms", nil},
		{"server args without a server", []string{"classroom", "--url", "http://127.0.0.1:1", "--server-args", "--live-open"}, "needs --server-bin", nil},
		{"server args may not move the server", []string{"classroom", "--server-bin", "x", "--server-args", "--addr=0.0.0.0:80"}, "must not set --addr", nil},
		{"server args split on spaces", []string{"classroom", "--server-bin", "x", "--server-args", " --live-open  --live-token t "}, "", func(c *config) string {
			if strings.Join(c.serverArgs, "|") != "--live-open|--live-token|t" {
				return "want [--live-open --live-token t]"
			}
			return ""
		}},
		{"classroom defaults", []string{"classroom", "--server-bin", "x"}, "", func(c *config) string {
			if c.students != 1000 || c.ramp != 200 || c.maxRSSMiB != 1024 || c.sampleEvery != 250*time.Millisecond {
				return "want 1000 students, waves of 200, 1024 MiB, 250ms samples"
			}
			return ""
		}},
		{"soak defaults", []string{"soak", "--server-bin", "x"}, "", func(c *config) string {
			if c.duration != time.Minute || c.warmup != 10*time.Second || c.window != 12*time.Second || c.sampleEvery != 2*time.Second {
				return "want 1m, warm-up 10s, windows of 12s, 2s samples"
			}
			return ""
		}},
		{"room defaults", []string{"room", "--url", "http://127.0.0.1:1"}, "", func(c *config) string {
			if c.followers != 1000 || c.steps != 200 || c.rate != 10 || c.ramp != 100 || c.pingEvery != 30*time.Second ||
				c.maxFanout != 100*time.Millisecond || c.sampleEvery != time.Second || c.maxRSSMiB != 1024 {
				return "want 1000 followers, 200 steps at 10/s, waves of 100, pings every 30s, p99 100ms, 1s samples, 1024 MiB"
			}
			return ""
		}},
		{"room on two instances", []string{"room", "--url", "http://127.0.0.1:1", "--url2", "http://localhost:2", "--pid2", "7", "--share2", "1"}, "", func(c *config) string {
			if c.url2 != "http://localhost:2" || c.pid2 != 7 || c.share2 != 1 {
				return "want url2 http://localhost:2, pid2 7, share2 1"
			}
			return ""
		}},
		{"room url2 needs url", []string{"room", "--server-bin", "x", "--url2", "http://127.0.0.1:2"}, "--url2 needs --url", nil},
		{"room url2 on loopback", []string{"room", "--url", "http://127.0.0.1:1", "--url2", "http://lab.example:2"}, "--url2: lab.example", nil},
		{"room pid2 needs url2", []string{"room", "--url", "http://127.0.0.1:1", "--pid2", "4"}, "needs --url2", nil},
		{"room share2 above 1", []string{"room", "--url", "http://127.0.0.1:1", "--url2", "http://127.0.0.1:2", "--share2", "1.5"}, "--share2", nil},
		{"room zero rate", []string{"room", "--url", "http://127.0.0.1:1", "--rate", "0"}, "--rate", nil},
		{"room zero followers", []string{"room", "--url", "http://127.0.0.1:1", "--followers", "0"}, "--followers", nil},
		{"room fast pings", []string{"room", "--url", "http://127.0.0.1:1", "--ping-every", "10ms"}, "--ping-every", nil},
		{"attack per-scenario defaults", []string{"attack", "all", "--server-bin", "x"}, "", func(c *config) string {
			s, i := c.forAttack("slowreader"), c.forAttack("idlews")
			if s.clients != 8 || s.hold != 30*time.Second || s.maxRSSMiB != 512 || i.clients != 64 {
				return "want slowreader 8 clients, 30s, 512 MiB; idlews 64 clients"
			}
			return ""
		}},
		{"explicit values win", []string{"attack", "idlews", "--server-bin", "x", "--clients", "5", "--max-rss", "100"}, "", func(c *config) string {
			if a := c.forAttack("idlews"); a.clients != 5 || a.maxRSSMiB != 100 {
				return "want 5 clients and 100 MiB"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseArgs(tt.args, fakeLookup)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseArgs(%q) error = %v; want one mentioning %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseArgs(%q) error = %v; want none", tt.args, err)
			}
			if tt.check != nil {
				if msg := tt.check(c); msg != "" {
					t.Errorf("parseArgs(%q) = %+v: %s", tt.args, c, msg)
				}
			}
		})
	}
}

func TestParseArgsHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"help"}, {"classroom", "-h"}, {"room", "-h"}} {
		if _, err := parseArgs(args, fakeLookup); !errors.Is(err, flag.ErrHelp) {
			t.Errorf("parseArgs(%q) error = %v; want flag.ErrHelp", args, err)
		}
	}
}
