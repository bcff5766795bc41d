package main

import (
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
	d := &net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: a.AsSlice()}}
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil, DialContext: d.DialContext}}
	sourceClients[a] = c
	return c
}
