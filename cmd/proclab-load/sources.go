package main

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"
)

// Source addresses. A classroom is many machines: the server budgets
// connections per client address, so the tool gives each student (and each
// legitimate visitor during an attack) an address of its own on loopback
// (Linux routes all of 127.0.0.0/8 to lo), while attackers share the
// default 127.0.0.1, as one hostile machine would.

// Source address pools, as 127.POOL.HI.LO.
const (
	poolStudents = 1 // classroom students and soak sessions
	poolVisitors = 2 // legitimate visitors during an attack
	poolMonitor  = 3 // the /healthz probe: a monitoring host of its own
	poolFollower = 4 // room followers
	poolTeacher  = 5 // the room's teacher
)

var (
	sourceMu      sync.Mutex
	sourceClients = map[netip.Addr]*http.Client{}
)

// sourceAddr is the n-th address of a pool: 127.pool.(n/250).(n%250+1).
func sourceAddr(pool, n int) netip.Addr {
	return netip.AddrFrom4([4]byte{127, byte(pool), byte(n / 250 % 250), byte(n%250 + 1)})
}

// sourceClient is an HTTP client (for websocket handshakes) whose
// connections come from the n-th address of pool. It is shared by every
// caller with the same address and safe for concurrent use.
func sourceClient(pool, n int) *http.Client {
	a := sourceAddr(pool, n)
	sourceMu.Lock()
	defer sourceMu.Unlock()
	if c, ok := sourceClients[a]; ok {
		return c
	}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil, DialContext: dialFrom(a, 10*time.Second)}}
	sourceClients[a] = c
	return c
}

// probeClient is the /healthz prober's client: a new connection per probe
// (no keep-alives), from the monitoring address 127.3.0.1 when the server
// is on IPv4 loopback (an attack from 127.0.0.1 must not be mistaken for
// the monitor, nor the monitor for the attack).
func probeClient() *http.Client {
	return &http.Client{Timeout: probeTimeout, Transport: &http.Transport{DisableKeepAlives: true, Proxy: nil,
		DialContext: dialFrom(sourceAddr(poolMonitor, 0), probeTimeout)}}
}

// dialFrom dials from the source address src when the destination is on
// IPv4 loopback, and from the system's choice otherwise (a remote target).
func dialFrom(src netip.Addr, timeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	local := &net.Dialer{Timeout: timeout, LocalAddr: &net.TCPAddr{IP: src.AsSlice()}}
	plain := &net.Dialer{Timeout: timeout}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if ap, err := netip.ParseAddrPort(addr); err == nil && ap.Addr().Is4() && ap.Addr().IsLoopback() {
			return local.DialContext(ctx, network, addr)
		}
		return plain.DialContext(ctx, network, addr)
	}
}
