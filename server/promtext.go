package server

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// This file writes Prometheus's text exposition format (version 0.0.4):
// "# HELP" and "# TYPE" lines, then one line a series, name{labels} value.
// It replaces github.com/prometheus/client_golang, whose packages (with
// protobuf and runtime/metrics) ran their initialisers in every process of
// the one binary, `proclab ostep` too: the server's metrics are counters
// and gauges of integers, which need none of it.

// metricKind is a metric's TYPE.
type metricKind string

const (
	counter metricKind = "counter"
	gauge   metricKind = "gauge"
)

// series is one metric with a fixed list of label names and one integer
// value for each list of label values seen so far. Safe for concurrent
// use: add is a read-locked map lookup and an atomic add once the series
// exists.
type series struct {
	name, help string
	kind       metricKind
	labels     []string
	mu         sync.RWMutex
	values     map[string]*atomic.Int64 // by the label values joined with labelSep
}

// labelSep joins label values into a map key; it cannot occur in UTF-8.
const labelSep = "\xff"

func newSeries(name string, kind metricKind, help string, labels ...string) *series {
	return &series{name: name, help: help, kind: kind, labels: labels, values: map[string]*atomic.Int64{}}
}

// add adds n (negative for a gauge going down) to the series with these
// label values, one for each label name. The caller bounds the values
// (kinds, reasons and command types are the server's own words), as it
// would with any Prometheus client.
func (v *series) add(n int64, values ...string) {
	key := ""
	switch len(values) {
	case 0:
	case 1:
		key = values[0]
	default:
		key = strings.Join(values, labelSep)
	}
	v.mu.RLock()
	c := v.values[key]
	v.mu.RUnlock()
	if c == nil {
		v.mu.Lock()
		if c = v.values[key]; c == nil {
			c = new(atomic.Int64)
			v.values[key] = c
		}
		v.mu.Unlock()
	}
	c.Add(n)
}

// write writes the series in the order of their label values. A metric
// without labels is written at zero before its first add; one with labels
// only once a series exists.
func (v *series) write(e *exposition) {
	v.mu.RLock()
	keys := make([]string, 0, len(v.values))
	for k := range v.values {
		keys = append(keys, k)
	}
	vals := make(map[string]int64, len(keys))
	for _, k := range keys {
		vals[k] = v.values[k].Load()
	}
	v.mu.RUnlock()
	if len(v.labels) == 0 {
		e.single(v.name, v.kind, v.help, float64(vals[""]))
		return
	}
	if len(keys) == 0 {
		return
	}
	slices.Sort(keys)
	e.head(v.name, v.kind, v.help)
	for _, k := range keys {
		e.sample(v.name, v.labels, strings.Split(k, labelSep), float64(vals[k]))
	}
}

// exposition is a scrape's text being written.
type exposition struct{ b []byte }

// head writes a metric's HELP and TYPE lines.
func (e *exposition) head(name string, kind metricKind, help string) {
	e.b = append(e.b, "# HELP "...)
	e.b = append(e.b, name...)
	e.b = append(e.b, ' ')
	e.b = append(e.b, escapeHelp(help)...)
	e.b = append(e.b, "\n# TYPE "...)
	e.b = append(e.b, name...)
	e.b = append(e.b, ' ')
	e.b = append(e.b, kind...)
	e.b = append(e.b, '\n')
}

// sample writes one series: name{label="value",...} v.
func (e *exposition) sample(name string, labels, values []string, v float64) {
	e.b = append(e.b, name...)
	if len(labels) > 0 {
		e.b = append(e.b, '{')
		for i, l := range labels {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.b = append(e.b, l...)
			e.b = append(e.b, `="`...)
			e.b = append(e.b, escapeLabel(values[i])...)
			e.b = append(e.b, '"')
		}
		e.b = append(e.b, '}')
	}
	e.b = append(e.b, ' ')
	e.b = strconv.AppendFloat(e.b, v, 'g', -1, 64)
	e.b = append(e.b, '\n')
}

// single writes a metric of one series without labels.
func (e *exposition) single(name string, kind metricKind, help string, v float64) {
	e.head(name, kind, help)
	e.sample(name, nil, nil, v)
}

func (e *exposition) bytes() []byte { return e.b }

// escapeHelp escapes a HELP text as the format asks: backslash and newline.
func escapeHelp(s string) string {
	if !strings.ContainsAny(s, "\\\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(s)
}

// escapeLabel escapes a label value: backslash, double quote and newline.
func escapeLabel(s string) string {
	if !strings.ContainsAny(s, "\\\"\n") {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
