package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Result is what one scenario measured and whether its expectations held.
type Result struct {
	Scenario string             `json:"scenario"` // "classroom", "attack slowreader", "soak"...
	Command  string             `json:"command"`  // the command line that ran it
	Params   []Figure           `json:"params"`   // what the scenario was asked to do
	Seconds  float64            `json:"seconds"`  // wall time of the scenario
	Server   ServerFigures      `json:"server"`
	Health   HealthFigures      `json:"healthz"`
	Clients  ClientFigures      `json:"clients"`
	Latency  map[string]Summary `json:"latency"` // round trips by operation ("step", "load", "seek"...)
	Figures  []Figure           `json:"figures"` // what this scenario measures besides
	Notes    []string           `json:"notes"`
	Expect   []Expectation      `json:"expectations"`
	OK       bool               `json:"ok"` // every expectation held
	Samples  []Sample           `json:"samples"`
}

// ServerFigures are the server's /proc figures over a scenario.
type ServerFigures struct {
	PID        int     `json:"pid"`
	Start      Sample  `json:"start"`
	Peak       Sample  `json:"peak"` // each field's own maximum
	End        Sample  `json:"end"`
	CPUSeconds float64 `json:"cpu_seconds"` // user+system CPU the server used during the scenario
	Goroutines bool    `json:"goroutines_known"`
	NofileSoft int64   `json:"nofile_soft"` // the server's limit on open files (-1 unlimited, 0 unknown)
	ProcError  string  `json:"proc_error,omitempty"`
}

// HealthFigures summarise the /healthz probes (every 100 ms, each on a new
// connection; a probe fails without a 200 within 2 s).
type HealthFigures struct {
	Probes     int     `json:"probes"`
	Failed     int     `json:"failed"`
	P50        float64 `json:"p50_ms"`
	P99        float64 `json:"p99_ms"`
	Max        float64 `json:"max_ms"`
	FirstError string  `json:"first_error,omitempty"`
}

// ClientFigures count the legitimate clients of a scenario.
type ClientFigures struct {
	Total   int            `json:"total"`
	Served  int            `json:"served"`  // got a session and everything they asked for
	Refused int            `json:"refused"` // refused cleanly (busy error or HTTP 429/503)
	Failed  int            `json:"failed"`  // anything else: timeouts, resets, unexpected errors
	Errors  map[string]int `json:"errors"`  // failures and refusals by cause
}

// Figure is one named measurement.
type Figure struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
	Text  string `json:"text"` // Value with its unit, for the table
}

// Expectation is one stated expectation of a scenario and what was seen.
type Expectation struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
	// Skipped is set when it could not be checked (e.g. no --pid): it
	// counts as held.
	Skipped bool `json:"skipped,omitempty"`
}

// fig makes a Figure whose text is formatted by format.
func fig(name string, v any, format string) Figure {
	return Figure{Name: name, Value: v, Text: fmt.Sprintf(format, v)}
}

// figBytes makes a Figure of a size in bytes, shown in MiB.
func figBytes(name string, b int64) Figure {
	return Figure{Name: name, Value: b, Text: mib(b)}
}

// expect records an expectation.
func (r *Result) expect(name string, ok bool, format string, args ...any) {
	r.Expect = append(r.Expect, Expectation{Name: name, OK: ok, Detail: fmt.Sprintf(format, args...)})
}

// skip records an expectation that could not be checked.
func (r *Result) skip(name, why string) {
	r.Expect = append(r.Expect, Expectation{Name: name, OK: true, Skipped: true, Detail: "not checked: " + why})
}

// note adds a line to the notes.
func (r *Result) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// finish sets OK from the expectations.
func (r *Result) finish() {
	r.OK = true
	for _, e := range r.Expect {
		r.OK = r.OK && e.OK
	}
}

// mib formats bytes in MiB (or GiB above 1 GiB).
func mib(b int64) string {
	if b >= 1<<30 {
		return fmt.Sprintf("%.2f GiB", float64(b)/(1<<30))
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

// writeTable prints r for a person.
func writeTable(w io.Writer, r *Result) {
	fmt.Fprintf(w, "== %s ==\n", r.Scenario)
	fmt.Fprintf(w, "command: %s\n", r.Command)
	if len(r.Params) > 0 {
		var ps []string
		for _, p := range r.Params {
			ps = append(ps, p.Name+"="+p.Text)
		}
		fmt.Fprintf(w, "params:  %s\n", strings.Join(ps, " "))
	}
	fmt.Fprintf(w, "took:    %.1f s\n", r.Seconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	s := r.Server
	if s.PID == 0 || s.Start.RSS == 0 {
		fmt.Fprintf(tw, "server\t(no /proc figures: give --pid or --server-bin)\n")
	} else {
		fmt.Fprintf(tw, "server pid %d\tstart\tpeak\tend\n", s.PID)
		fmt.Fprintf(tw, "  RSS\t%s\t%s\t%s\n", mib(s.Start.RSS), mib(s.Peak.RSS), mib(s.End.RSS))
		fmt.Fprintf(tw, "  VmHWM\t%s\t\t%s\n", mib(s.Start.HWM), mib(s.End.HWM))
		fmt.Fprintf(tw, "  fds\t%d\t%d\t%d\n", s.Start.FDs, s.Peak.FDs, s.End.FDs)
		fmt.Fprintf(tw, "  threads\t%d\t%d\t%d\n", s.Start.Threads, s.Peak.Threads, s.End.Threads)
		fmt.Fprintf(tw, "  children\t%d\t%d\t%d\n", s.Start.Children, s.Peak.Children, s.End.Children)
		if s.Goroutines {
			fmt.Fprintf(tw, "  goroutines\t%d\t%d\t%d\n", s.Start.Goroutines, s.Peak.Goroutines, s.End.Goroutines)
		} else {
			fmt.Fprintf(tw, "  goroutines\tn/a (no go_goroutines at /metrics)\t\t\n")
		}
		fmt.Fprintf(tw, "  CPU used\t%.2f s\t\t\n", s.CPUSeconds)
		if s.NofileSoft != 0 {
			fmt.Fprintf(tw, "  open-file limit\t%d\t\t\n", s.NofileSoft)
		}
		if s.ProcError != "" {
			fmt.Fprintf(tw, "  /proc error\t%s\t\t\n", s.ProcError)
		}
	}
	tw.Flush()
	h := r.Health
	fmt.Fprintf(w, "/healthz: %d probes, %d failed, p50 %.1f ms, p99 %.1f ms, max %.1f ms", h.Probes, h.Failed, h.P50, h.P99, h.Max)
	if h.FirstError != "" {
		fmt.Fprintf(w, " (first failure: %s)", h.FirstError)
	}
	fmt.Fprintln(w)
	c := r.Clients
	if c.Total > 0 {
		fmt.Fprintf(w, "legitimate clients: %d served, %d refused, %d failed of %d", c.Served, c.Refused, c.Failed, c.Total)
		if len(c.Errors) > 0 {
			var es []string
			for k, n := range c.Errors {
				es = append(es, fmt.Sprintf("%s x%d", k, n))
			}
			slices.Sort(es)
			fmt.Fprintf(w, " (%s)", strings.Join(es, "; "))
		}
		fmt.Fprintln(w)
	}
	if len(r.Latency) > 0 {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "latency (ms)\tn\tp50\tp90\tp95\tp99\tmax\t\n")
		keys := make([]string, 0, len(r.Latency))
		for k := range r.Latency {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			l := r.Latency[k]
			fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n", k, l.N, l.P50, l.P90, l.P95, l.P99, l.Max)
		}
		tw.Flush()
	}
	if len(r.Figures) > 0 {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, f := range r.Figures {
			fmt.Fprintf(tw, "%s\t%s\n", f.Name, f.Text)
		}
		tw.Flush()
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	fmt.Fprintln(w, "expectations:")
	for _, e := range r.Expect {
		mark := "ok  "
		switch {
		case e.Skipped:
			mark = "skip"
		case !e.OK:
			mark = "FAIL"
		}
		fmt.Fprintf(w, "  %s  %s: %s\n", mark, e.Name, e.Detail)
	}
	if r.OK {
		fmt.Fprintln(w, "result: ok")
	} else {
		fmt.Fprintln(w, "result: FAIL")
	}
	fmt.Fprintln(w)
}

// writeJSON prints every result as one JSON object.
func writeJSON(w io.Writer, rs []*Result) error {
	ok := true
	for _, r := range rs {
		ok = ok && r.OK
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		OK      bool      `json:"ok"`
		Results []*Result `json:"results"`
	}{ok, rs})
}
