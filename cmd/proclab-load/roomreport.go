package main

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"
)

// The room scenario's report: its figures, notes and expectations from
// what roomRun measured.

// report fills r with the room's figures and expectations.
func (ro *roomRun) report(r *Result, mon2 *monitor) {
	c := ro.cfg
	var first, second []*recvLog
	var logs []*recvLog
	var pongLat []time.Duration
	var pings, pongs int64
	ends := map[string]int{}
	msgErrs := map[string]int{}
	onFirst, onSecondN := 0, 0
	for _, m := range ro.joined {
		logs = append(logs, m.log)
		if m.second {
			second = append(second, m.log)
			onSecondN++
		} else {
			first = append(first, m.log)
			onFirst++
		}
	}
	for _, m := range ro.all() {
		pongLat = append(pongLat, m.pongLat...)
		pings += m.pings.Load()
		pongs += m.pongs.Load()
		who := "a follower"
		if m.i < 0 {
			who = "the teacher"
		}
		if m.endErr != nil {
			ends[who+": "+classify(m.endErr)]++
		}
		for e, n := range m.errs {
			msgErrs[who+" got "+e] += n
		}
	}
	teacherCount := int64(-1)
	if ro.teacher != nil {
		teacherCount = ro.teacher.count.Load()
	}
	closed := 0
	for _, m := range ro.all() {
		if m.closed {
			closed++
		}
	}
	all := matchFanout(ro.sent, logs, c.late)
	r.Latency["fanout"] = summarize(all.Latencies)
	if ro.t2 != nil {
		for name, logs := range map[string][]*recvLog{"fanout on instance 1": first, "fanout on instance 2": second} {
			if len(logs) > 0 {
				r.Latency[name] = summarize(matchFanout(ro.sent, logs, c.late).Latencies)
			}
		}
	}
	sentN := 0
	for _, s := range ro.sent {
		if s > 0 {
			sentN++
		}
	}
	var echo fanout
	if ro.teacher != nil {
		echo = matchFanout(ro.sent, []*recvLog{ro.teacher.log}, c.late)
		r.Latency["teacher echo"] = summarize(echo.Latencies)
	}
	r.Latency["join"] = summarize(ro.joinLat)
	r.Latency["ping-pong"] = summarize(pongLat)
	fan := r.Latency["fanout"]

	r.Figures = append(r.Figures,
		fig("room", ro.room.Code, "%s"),
		fig("followers joined", len(ro.joined), "%d"),
		Figure{Name: "joins took", Value: ro.joinTook.Seconds(), Text: fmt.Sprintf("%.1f s (first wave to last answer)", ro.joinTook.Seconds())},
		fig("room's follower count", ro.counted, "%d (GET /api/rooms/CODE, once joined)"),
		fig("teacher's follower count", teacherCount, "%d (its last followers message)"),
		fig("states sent", sentN, "%d"),
		Figure{Name: "fanout p50/p95/p99/max", Value: fan, Text: fmt.Sprintf("%.1f / %.1f / %.1f / %.1f ms over %d receipts", fan.P50, fan.P95, fan.P99, fan.Max, fan.N)},
		fig("states expected", all.Expected, "%d (sent x followers joined)"),
		Figure{Name: "states lost", Value: all.Lost, Text: fmt.Sprintf("%d (of which %d skipped: a later state arrived)", all.Lost, all.Skipped)},
		Figure{Name: "states late", Value: all.Late, Text: fmt.Sprintf("%d (over %v)", all.Late, c.late)},
		fig("states duplicated", all.Dups, "%d"),
		fig("states reordered", all.Reordered, "%d"),
		fig("unknown links", all.Unknown, "%d"),
		Figure{Name: "pings", Value: pings, Text: fmt.Sprintf("%d sent, %d answered", pings, pongs)},
	)
	if ro.t2 != nil {
		r.Figures = append(r.Figures, Figure{Name: "followers per instance", Value: []int{onFirst, onSecondN},
			Text: fmt.Sprintf("%d on instance 1 (with the teacher), %d on instance 2", onFirst, onSecondN)})
	}
	r.Figures = append(r.Figures, ro.memFigures(onFirst, onSecondN)...)
	r.Figures = append(r.Figures, ro.cpuFigures()...)
	if mon2 != nil {
		s2 := mon2.server()
		h2 := mon2.health(0, 0)
		if s2.Start.RSS > 0 {
			r.Figures = append(r.Figures, Figure{Name: "instance 2 RSS start/peak/end", Value: []int64{s2.Start.RSS, s2.Peak.RSS, s2.End.RSS},
				Text: fmt.Sprintf("%s / %s / %s (pid %d)", mib(s2.Start.RSS), mib(s2.Peak.RSS), mib(s2.End.RSS), s2.PID)})
		}
		r.Figures = append(r.Figures, Figure{Name: "instance 2 /healthz", Value: h2,
			Text: fmt.Sprintf("%d probes, %d failed, p99 %.1f ms", h2.Probes, h2.Failed, h2.P99)})
		r.expect("instance 2 stays up", ro.t2.alive(), "alive: %v", ro.t2.alive())
		r.expect("instance 2 answers every /healthz probe", h2.Probes > 0 && h2.Failed == 0,
			"%d of %d probes failed; p99 %.1f ms", h2.Failed, h2.Probes, h2.P99)
		if c.pid2 != 0 {
			r.expect(fmt.Sprintf("instance 2 RSS peak <= %d MiB", c.maxRSSMiB), s2.Peak.RSS <= c.maxRSSMiB<<20, "peak %s", mib(s2.Peak.RSS))
		}
	}
	for _, line := range sortedCounts(ro.joinErrs) {
		r.note("join refused or failed: %s", line)
	}
	for _, line := range sortedCounts(msgErrs) {
		r.note("error message: %s", line)
	}
	for _, line := range sortedCounts(ends) {
		r.note("disconnected by the server: %s", line)
	}
	if all.WorstLost > 0 {
		r.note("follower %d lost the most states: %d", ro.joined[all.WorstFollower].i, all.WorstLost)
		r.note("states lost by the most followers: %s", strings.Join(mostLost(all.LostBy, 5), "; "))
		if ro.t2 != nil {
			for _, in := range []struct {
				name string
				logs []*recvLog
			}{{"instance 1", first}, {"instance 2", second}} {
				if f := matchFanout(ro.sent, in.logs, c.late); f.Lost > 0 {
					r.note("on %s: %d lost; %s", in.name, f.Lost, strings.Join(mostLost(f.LostBy, 5), "; "))
				}
			}
		}
	}
	if echo.Lost > 0 {
		var missing []string
		for i, k := range echo.LostBy {
			if k > 0 && len(missing) < 10 {
				missing = append(missing, fmt.Sprint(i))
			}
		}
		r.note("the teacher never got the echo of %d states: %s", echo.Lost, strings.Join(missing, ", "))
	}
	if closed > 0 {
		r.note("%d members were told the room closed", closed)
	}
	if ro.countErr != nil {
		r.note("GET /api/rooms/%s: %v", ro.room.Code, ro.countErr)
	}

	r.expect("every follower joins", len(ro.joined) == c.followers, "%d of %d joined (causes in the notes)", len(ro.joined), c.followers)
	r.expect("every follower receives every state", sentN == c.steps && all.Lost == 0 && all.Expected > 0,
		"%d of %d sent; %d of %d receipts, %d lost (%d skipped for a later one), %d late, %d reordered", sentN, c.steps, all.Received, all.Expected, all.Lost, all.Skipped, all.Late, all.Reordered)
	r.expect(fmt.Sprintf("fanout p99 <= %v", c.maxFanout), fan.N > 0 && fan.P99 <= ms(c.maxFanout), "p99 %.1f ms over %d receipts", fan.P99, fan.N)
	r.expect("every ping is answered", pings == pongs, "%d pings, %d pongs", pings, pongs)
	r.expect("nobody is disconnected by the server", len(ends) == 0, "%d members", mapSum(ends))
	r.expect("the teacher's every state is echoed", sentN > 0 && echo.Received == sentN, "%d of %d", echo.Received, sentN)
	ro.rn.expectRSS()
}

// memFigures are the memory figures: each reading, and the growth per
// follower from before the joins to once joined.
func (ro *roomRun) memFigures(n1, n2 int) []Figure {
	var out []Figure
	row := func(name string, get func(memPoint) memReading, n int) {
		var parts []string
		for i, p := range ro.mem {
			r := get(p)
			parts = append(parts, fmt.Sprintf("%s %s", memPhases[i], rssHeap(r)))
		}
		out = append(out, Figure{Name: name + " memory (RSS, heap)", Value: ro.mem, Text: strings.Join(parts, "; ")})
		b, j := get(ro.mem[0]), get(ro.mem[1])
		if n == 0 {
			return
		}
		var per []string
		if b.RSS >= 0 && j.RSS >= 0 {
			per = append(per, "RSS "+kib(perFollower(b.RSS, j.RSS, n)))
		}
		if b.Heap >= 0 && j.Heap >= 0 {
			per = append(per, "heap "+kib(perFollower(b.Heap, j.Heap, n)))
		}
		if len(per) > 0 {
			out = append(out, Figure{Name: name + " per follower", Value: per,
				Text: fmt.Sprintf("%s (joined minus before, / %d followers)", strings.Join(per, ", "), n)})
		}
	}
	row("instance 1", func(p memPoint) memReading { return p.srv }, n1)
	if ro.t2 != nil {
		row("instance 2", func(p memPoint) memReading { return p.srv2 }, n2)
	}
	row("this tool", func(p memPoint) memReading { return p.self }, n1+n2)
	return out
}

// rssHeap formats a reading.
func rssHeap(r memReading) string {
	f := func(b int64) string {
		if b < 0 {
			return "n/a"
		}
		return mib(b)
	}
	return f(r.RSS) + ", " + f(r.Heap)
}

// cpuFigures state the CPU the tool (and the servers, with their PIDs)
// used while joining and while the states flowed, in percent of one core,
// beside the machine's cores.
func (ro *roomRun) cpuFigures() []Figure {
	var out []Figure
	add := func(name string, ticks uint64, ok bool, wall time.Duration) {
		if !ok || wall < time.Second { // ticks are 10 ms: a shorter span says little
			return
		}
		pct := float64(ticks) / 100 / wall.Seconds() * 100
		out = append(out, Figure{Name: name, Value: pct,
			Text: fmt.Sprintf("%.2f s over %.1f s = %.0f%% of one core (%d cores)", float64(ticks)/100, wall.Seconds(), pct, runtime.NumCPU())})
	}
	for _, s := range []struct {
		phase string
		span  cpuSpan
	}{{"during the joins", ro.cpuJoin}, {"while the states flowed", ro.cpuSteps}} {
		add("this tool's CPU "+s.phase, s.span.self, s.span.selfOK, s.span.wall)
		add("instance 1's CPU "+s.phase, s.span.srv, s.span.srvOK, s.span.wall)
		add("instance 2's CPU "+s.phase, s.span.srv2, s.span.s2OK, s.span.wall)
		if sp := s.span; sp.machOK && sp.selfOK {
			// What the rest of the machine took meanwhile: the tool and the
			// servers compete with it for the same cores.
			ours := sp.self + sp.srv + sp.srv2
			add("other processes' CPU "+s.phase, sp.mach-min(ours, sp.mach), true, sp.wall)
		}
	}
	return out
}

// sortedCounts formats a count map as "KEY x N" lines, sorted.
func sortedCounts(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k, n := range m {
		out = append(out, fmt.Sprintf("%s x%d", k, n))
	}
	slices.Sort(out)
	return out
}

// mapSum adds a count map's values.
func mapSum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
