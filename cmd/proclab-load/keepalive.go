package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// fdReserve is how many of the tool's own file descriptors are kept for
// everything but the attack's connections (probes, /proc reads, clients).
const fdReserve = 256

// runKeepAlive: --conns HTTP/1.1 connections (20,000, or as many as the
// tool's open-file limit allows once raised as far as it may be), each
// sending one GET /healthz with keep-alive and then staying idle, opened
// 256 at a time; held for --hold (20 s) while /healthz is probed and a
// legitimate websocket client comes every 5 s; then all close at once.
//
// Expectations: /healthz answers every probe (a new visitor still gets
// in), every legitimate client is served, the server's fds return within
// 2 of where they started within 10 s of the connections closing, peak
// RSS at most --max-rss (1 GiB), plus the shared ones.
func runKeepAlive(ctx context.Context, c *config, t *target) (*Result, error) {
	want := c.conns
	got := raiseNofile(uint64(want) + fdReserve)
	n := min(want, int(got)-fdReserve)
	if n <= 0 {
		return nil, fmt.Errorf("the open-file limit (%d) leaves no room for connections", got)
	}
	rn := newRunner(c, t, "attack keepalive", c.sampleEvery)
	if n < want {
		rn.r.note("the tool's open-file limit is %d: %d connections instead of %d", got, n, want)
	}
	startFDs := 0
	if t.pid != 0 {
		startFDs, _ = countFDs(t.pid)
	}
	conns := make([]net.Conn, n)
	var answered, refusedN atomic.Int64
	var mu sync.Mutex
	errs := map[string]int{}
	jobs := make(chan int)
	var wg sync.WaitGroup
	openStart := time.Now()
	for range 256 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				cn, err := openKeepAlive(t, 5*time.Second)
				if err != nil {
					refusedN.Add(1)
					mu.Lock()
					errs[classify(err)]++
					mu.Unlock()
					continue
				}
				answered.Add(1)
				conns[i] = cn
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	openTime := time.Since(openStart)
	heldFrom := rn.since()
	rn.legitLoop(withTimeout(ctx, c.hold), 5*time.Second)
	heldTo := rn.since()
	peakFDs := 0
	for _, s := range rn.mon.Samples() {
		peakFDs = max(peakFDs, s.FDs)
	}
	// Are the idle connections still open? A read that times out says yes.
	var stillOpenN atomic.Int64
	idx := make(chan int)
	for range 256 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				_ = conns[i].SetReadDeadline(time.Now().Add(time.Millisecond))
				var b [1]byte
				_, err := conns[i].Read(b[:])
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					stillOpenN.Add(1)
				}
			}
		}()
	}
	for i, cn := range conns {
		if cn != nil {
			idx <- i
		}
	}
	close(idx)
	wg.Wait()
	stillOpen := stillOpenN.Load()
	for _, cn := range conns {
		if cn != nil {
			cn.Close()
		}
	}
	closedAt := time.Now()
	backFDs, backAfter := -1, time.Duration(-1)
	if t.pid != 0 {
		for time.Since(closedAt) < 10*time.Second && ctx.Err() == nil {
			if f, err := countFDs(t.pid); err == nil {
				backFDs = f
				if f <= startFDs+2 {
					backAfter = time.Since(closedAt)
					break
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	held := rn.mon.health(heldFrom, heldTo)

	r := rn.finish([]Figure{fig("conns", n, "%d"), fig("hold", c.hold.String(), "%s")})
	r.Figures = append(r.Figures,
		fig("connections answered", answered.Load(), "%d"),
		fig("connections that failed", refusedN.Load(), "%d"),
		fig("time to open them", openTime.Seconds(), "%.1f s"),
		fig("still open after the hold", stillOpen, "%d"),
		fig("server fds at the start / peak", fmt.Sprintf("%d / %d", startFDs, peakFDs), "%s"),
		fig("/healthz while held", fmt.Sprintf("%d probes, %d failed, p99 %.1f ms, max %.1f ms", held.Probes, held.Failed, held.P99, held.Max), "%s"))
	if len(errs) > 0 {
		r.note("connections that failed, by cause: %v", errs)
	}
	cl := r.Clients
	r.expect("every legitimate client is served", cl.Total > 0 && cl.Served == cl.Total, "%d of %d served", cl.Served, cl.Total)
	if t.pid == 0 {
		r.skip("server fds back to the start (+2) within 10 s", "no --pid")
	} else {
		r.expect("server fds back to the start (+2) within 10 s", backAfter >= 0,
			"started at %d, %d after the connections closed (%v)", startFDs, backFDs, backAfter.Round(time.Millisecond))
	}
	rn.expectRSS()
	r.finish()
	return r, nil
}

// openKeepAlive opens a connection, sends one GET /healthz with keep-alive
// and reads the whole answer; the connection is left open and idle.
func openKeepAlive(t *target, timeout time.Duration) (net.Conn, error) {
	cn, err := net.DialTimeout("tcp", t.hostPort(), timeout)
	if err != nil {
		return nil, err
	}
	_ = cn.SetDeadline(time.Now().Add(timeout))
	if _, err := fmt.Fprintf(cn, "GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: keep-alive\r\n\r\n", t.base.Host); err != nil {
		cn.Close()
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(cn), nil)
	if err != nil {
		cn.Close()
		return nil, err
	}
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if err != nil {
		cn.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusOK || resp.Close {
		cn.Close()
		return nil, fmt.Errorf("HTTP %d, close=%v", resp.StatusCode, resp.Close)
	}
	_ = cn.SetDeadline(time.Time{})
	return cn, nil
}
