package sim

import (
	"fmt"
	"strings"
)

// This file models sockets (docs/scenario.md, "Shared memory and sockets"):
// socket(domain, type, protocol) with its three arguments; bind, listen,
// accept and connect; send and recv on stream sockets (a byte stream: a recv
// takes what is there, across sends) and on datagram sockets (each message
// whole). Unix-domain datagrams are reliable: a sender sleeps while the
// receiver's queue is full. UDP is not: a datagram that finds the receive
// buffer full is dropped, and the sender is not told. Every blocking call
// sleeps in S, with the wait channel Linux shows (measured on Linux 6.18;
// SockWaitChannel).

// SockDomain is a socket's communication domain, socket(2)'s first argument.
type SockDomain uint8

// The domains.
const (
	AFUnix  SockDomain = iota + 1 // AF_UNIX: a path on this machine
	AFInet                        // AF_INET: an IPv4 address and a port
	AFInet6                       // AF_INET6: an IPv6 address and a port
)

// SockType is a socket's type, socket(2)'s second argument.
type SockType uint8

// The types.
const (
	SockStream    SockType = iota + 1 // SOCK_STREAM: connected, reliable, ordered bytes, no boundaries
	SockDgram                         // SOCK_DGRAM: messages with boundaries, no connection needed
	SockSeqpacket                     // SOCK_SEQPACKET: connected, reliable, ordered messages with boundaries
)

// SockProto is socket(2)'s third argument.
type SockProto uint8

// The protocols: 0 lets the kernel pick the domain's only protocol for the type.
const (
	ProtoDefault SockProto = iota // 0
	ProtoTCP                      // IPPROTO_TCP
	ProtoUDP                      // IPPROTO_UDP
)

// Default sizes of a socket's receive side.
const (
	DefaultRcvbuf = 4096    // bytes a receive buffer holds (ProcLab counts payload bytes)
	DefaultQlen   = 10      // net.unix.max_dgram_qlen: a Unix datagram receiver takes qlen+1 messages before senders sleep
	MaxSockBytes  = 1 << 20 // the most bytes one send, recv or buffer may name
	MaxSockQueue  = 64      // messages or connections one socket may hold queued
)

// SocketDecl is a socket the scenario names: its three arguments and the
// size of its receive side. A socket that accept makes has its listener's
// arguments and Accepted set.
type SocketDecl struct {
	Name     string
	Domain   SockDomain
	Type     SockType
	Proto    SockProto
	Rcvbuf   int64 // bytes its receive buffer holds
	Qlen     int64 // Unix datagrams: messages queued beyond which senders sleep (qlen+1 fit)
	Accepted int   // 1 + the listening socket whose accept makes it; 0: a socket() call makes it
	Line     int
}

// Call returns the socket(2) call that makes the socket, as C writes it,
// e.g. socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).
func (d SocketDecl) Call() string {
	dom := map[SockDomain]string{AFUnix: "AF_UNIX", AFInet: "AF_INET", AFInet6: "AF_INET6"}[d.Domain]
	typ := map[SockType]string{SockStream: "SOCK_STREAM", SockDgram: "SOCK_DGRAM", SockSeqpacket: "SOCK_SEQPACKET"}[d.Type]
	proto := map[SockProto]string{ProtoDefault: "0", ProtoTCP: "IPPROTO_TCP", ProtoUDP: "IPPROTO_UDP"}[d.Proto]
	return fmt.Sprintf("socket(%s, %s, %s)", dom, typ, proto)
}

// connected reports whether the type needs a connection (listen, accept, connect).
func (d SocketDecl) connected() bool { return d.Type != SockDgram }

// udp reports whether the socket is a UDP socket (AF_INET/AF_INET6 datagrams).
func (d SocketDecl) udp() bool { return d.Type == SockDgram && d.Domain != AFUnix }

// SocketIndex returns the index of the named socket, or -1.
func (sc *Scenario) SocketIndex(name string) int {
	for k := range sc.Sockets {
		if sc.Sockets[k].Name == name {
			return k
		}
	}
	return -1
}

// SockState is a socket's state, as the panel names it.
type SockState uint8

// The socket states.
const (
	SockNone        SockState = iota // not made yet: no socket() call so far
	SockUnconnected                  // made by socket(), not bound
	SockBound                        // bound to its name (an address, or a path)
	SockListening                    // listen(): takes connections into its accept queue
	SockConnecting                   // connect() waits: the listener's accept queue is full
	SockConnected                    // connected to a peer (a datagram socket: has a default peer)
	SockClosed                       // close()d
)

var sockStateNames = [...]string{SockNone: "none", SockUnconnected: "unconnected", SockBound: "bound",
	SockListening: "listening", SockConnecting: "connecting", SockConnected: "connected", SockClosed: "closed"}

// String returns the state's wire name, such as "listening".
func (s SockState) String() string {
	if int(s) < len(sockStateNames) {
		return sockStateNames[s]
	}
	return "?"
}

// The errno values socket and shared-memory calls fail with.
const (
	// errEBADF (9) and errEINVAL (22) are pipe.go's
	errEDESTADDRREQ = 89
	errEOPNOTSUPP   = 95
	errEISCONN      = 106
	errENOTCONN     = 107
	errECONNREFUSED = 111
)

func ipcErrno(n int64) string {
	switch n {
	case errEBADF:
		return "EBADF"
	case errEINVAL:
		return "EINVAL"
	case errEDESTADDRREQ:
		return "EDESTADDRREQ"
	case errEOPNOTSUPP:
		return "EOPNOTSUPP"
	case errEISCONN:
		return "EISCONN"
	case errENOTCONN:
		return "ENOTCONN"
	case errECONNREFUSED:
		return "ECONNREFUSED"
	}
	return fmt.Sprintf("errno %d", n)
}

// sockState is a socket's run-time state.
type sockState struct {
	state    SockState
	peer     int32   // the connected peer socket, -1 if none
	backlog  int64   // listen's backlog: backlog+1 connections fit in the accept queue
	acceptQ  []int32 // listening: client sockets whose handshake is done, in order
	rx       []int64 // received and not yet read: one entry per send (a stream merges them on recv)
	rxFrom   []int32 // the socket each entry came from
	rxBytes  int64   // bytes in rx
	early    []int64 // a client whose connection waits in an accept queue: what it sent so far
	eof      bool    // the peer closed: a recv on an empty buffer returns 0
	drops    int64   // datagrams dropped because the receive buffer was full (UDP)
	sent     int64   // bytes sent from it
	received int64   // bytes read from it
	waiters  []int32 // tasks sleeping on it, in order (validated when woken: a signal may have taken one away)
}

func (s sockState) clone() sockState {
	s.acceptQ = append([]int32(nil), s.acceptQ...)
	s.rx = append([]int64(nil), s.rx...)
	s.rxFrom = append([]int32(nil), s.rxFrom...)
	s.early = append([]int64(nil), s.early...)
	s.waiters = append([]int32(nil), s.waiters...)
	return s
}

// socketDeclaration reads "socket NAME DOMAIN TYPE [PROTOCOL] [rcvbuf=BYTES]
// [qlen=N]". A combination socket(2) refuses is a parse error, with the
// errno it gives (measured on Linux 6.18): a protocol that does not go with
// the type or the domain is EPROTONOSUPPORT, a type the domain does not
// have is ESOCKTNOSUPPORT.
func (p *parser) socketDeclaration(f []field) error {
	if len(f) < 4 {
		return p.fail(f[0].col, "socket_syntax", `write "socket NAME DOMAIN TYPE [PROTOCOL]", e.g. "socket srv inet stream tcp" (DOMAIN: unix, inet or inet6; TYPE: stream, dgram or seqpacket; PROTOCOL: 0, tcp or udp)`)
	}
	name := f[1].text
	if !validName(name) || keywords[name] {
		return p.fail(f[1].col, "bad_decl_name", "%q is not a name for a %s", name, "socket")
	}
	if p.ipcNameTaken(name) {
		return p.fail(f[1].col, "declared_twice", "%q is declared twice", name)
	}
	d := SocketDecl{Name: name, Rcvbuf: DefaultRcvbuf, Qlen: DefaultQlen, Line: p.line}
	switch strings.ToLower(f[2].text) {
	case "unix", "af_unix", "local":
		d.Domain = AFUnix
	case "inet", "af_inet":
		d.Domain = AFInet
	case "inet6", "af_inet6":
		d.Domain = AFInet6
	default:
		return p.fail(f[2].col, "socket_domain", "unknown domain %q: use unix, inet or inet6", f[2].text)
	}
	switch strings.ToLower(f[3].text) {
	case "stream", "sock_stream":
		d.Type = SockStream
	case "dgram", "sock_dgram":
		d.Type = SockDgram
	case "seqpacket", "sock_seqpacket":
		d.Type = SockSeqpacket
	case "raw", "sock_raw":
		return p.fail(f[3].col, "socket_raw", "SOCK_RAW is not modelled: a raw socket carries whole IP packets (the program writes the headers) and needs CAP_NET_RAW")
	default:
		return p.fail(f[3].col, "socket_type", "unknown type %q: use stream, dgram or seqpacket", f[3].text)
	}
	if d.Type == SockSeqpacket && d.Domain != AFUnix {
		return p.fail(f[3].col, "socket_type_domain", "%s has no SOCK_SEQPACKET: socket() fails with ESOCKTNOSUPPORT", d.domainName())
	}
	rest := f[4:]
	if len(rest) > 0 && !strings.Contains(rest[0].text, "=") {
		switch strings.ToLower(rest[0].text) {
		case "0":
			d.Proto = ProtoDefault
		case "tcp", "ipproto_tcp":
			d.Proto = ProtoTCP
		case "udp", "ipproto_udp":
			d.Proto = ProtoUDP
		default:
			return p.fail(rest[0].col, "socket_proto", "unknown protocol %q: use 0, tcp or udp", rest[0].text)
		}
		ok := d.Proto == ProtoDefault ||
			d.Domain != AFUnix && (d.Proto == ProtoTCP && d.Type == SockStream || d.Proto == ProtoUDP && d.Type == SockDgram)
		if !ok {
			return p.fail(rest[0].col, "socket_proto_type", "%s: socket() fails with EPROTONOSUPPORT (TCP is SOCK_STREAM and UDP is SOCK_DGRAM, both of AF_INET or AF_INET6; AF_UNIX takes protocol 0)", d.Call())
		}
		rest = rest[1:]
	}
	for _, a := range rest {
		key, val, ok := strings.Cut(a.text, "=")
		v := field{val, a.col + len(key) + 1}
		var err error
		switch {
		case ok && key == "rcvbuf":
			d.Rcvbuf, err = p.number(v, 1, MaxSockBytes)
		case ok && key == "qlen" && d.Domain == AFUnix && d.Type == SockDgram:
			d.Qlen, err = p.number(v, 0, MaxSockQueue-1)
		default:
			return p.fail(a.col, "socket_option", "unexpected %q (a socket takes rcvbuf=BYTES, and a Unix datagram socket qlen=N)", a.text)
		}
		if err != nil {
			return err
		}
	}
	if len(p.sc.Sockets) >= MaxSockets {
		return p.fail(f[0].col, "too_many_sockets", "too many sockets: the limit is %d", MaxSockets)
	}
	p.sc.Sockets = append(p.sc.Sockets, d)
	return nil
}

func (d SocketDecl) domainName() string {
	return map[SockDomain]string{AFUnix: "AF_UNIX", AFInet: "AF_INET", AFInet6: "AF_INET6"}[d.Domain]
}

// sockWords are the statements of this file (and shm.go's shmat, shmdt).
var sockWords = map[string]bool{"socket": true, "bind": true, "listen": true, "accept": true, "connect": true,
	"send": true, "recv": true, "close": true, "shmat": true, "shmdt": true}

// ipcWord returns the statement's first word when this file or shm.go
// parses the statement, and a string no statement starts with otherwise.
// "send", "recv" and "close" are its own only when they name a socket
// ("send CH V" on a channel stays a channel send).
func (p *parser) ipcWord(f []field) string {
	w := f[0].text
	if !sockWords[w] {
		return "\x00"
	}
	switch w {
	case "send", "close", "recv":
		if len(f) < 2 || p.sc.SocketIndex(f[1].text) < 0 {
			return "\x00"
		}
	}
	return w
}

// ipcStatement parses a socket statement (or shmat, shmdt) into in.
func (p *parser) ipcStatement(f []field, in *Instr) error {
	word := f[0].text
	if word == "shmat" || word == "shmdt" {
		return p.shmStatement(f, in)
	}
	args := f[1:]
	usage := map[string]string{"socket": "socket NAME", "bind": "bind NAME", "listen": "listen NAME BACKLOG",
		"accept": "accept LISTENER NEWNAME", "connect": "connect NAME LISTENER", "send": "send NAME BYTES [to DEST]",
		"recv": "recv NAME BYTES", "close": "close NAME"}[word]
	if len(args) == 0 {
		return p.fail(f[0].col, "usage", "usage: %s", usage)
	}
	s := p.sc.SocketIndex(args[0].text)
	if s < 0 {
		return p.fail(args[0].col, "socket_undeclared", "%q is not a socket declared with socket NAME DOMAIN TYPE [PROTOCOL]", args[0].text)
	}
	d := p.sc.Sockets[s]
	in.Obj, in.B = s, -1
	n := map[string]int{"socket": 1, "bind": 1, "listen": 2, "accept": 2, "connect": 2, "send": 2, "recv": 2, "close": 1}[word]
	if word == "send" && len(args) == 4 && args[2].text == "to" {
		n = 4
	}
	if len(args) != n {
		return p.fail(f[0].col, "usage", "usage: %s", usage)
	}
	var err error
	switch word {
	case "socket":
		in.Op = OpSockCreate
		if d.Accepted > 0 {
			return p.fail(args[0].col, "socket_accepted", "%q is made by accept, not by socket()", d.Name)
		}
	case "bind":
		in.Op = OpSockBind
	case "close":
		in.Op = OpSockClose
	case "listen", "accept":
		if !d.connected() {
			return p.fail(f[0].col, "socket_listen_dgram", "%s on a datagram socket fails with EOPNOTSUPP: only SOCK_STREAM and SOCK_SEQPACKET sockets listen and accept", word)
		}
		if word == "listen" {
			in.Op = OpSockListen
			in.A, err = p.number(args[1], 0, MaxSockQueue-1)
			break
		}
		in.Op = OpSockAccept
		name := args[1].text
		if k := p.sc.SocketIndex(name); k >= 0 {
			if p.sc.Sockets[k].Accepted != s+1 {
				return p.fail(args[1].col, "declared_twice", "%q is declared twice", name)
			}
			in.B = int64(k) // another accept that names it again (another program, or after a close)
			break
		}
		if !validName(name) || keywords[name] || p.ipcNameTaken(name) {
			return p.fail(args[1].col, "bad_decl_name", "%q is not a name for a %s", name, "socket")
		}
		if len(p.sc.Sockets) >= MaxSockets {
			return p.fail(args[1].col, "too_many_sockets", "too many sockets: the limit is %d", MaxSockets)
		}
		nd := d
		nd.Name, nd.Accepted, nd.Line = name, s+1, p.line
		p.sc.Sockets = append(p.sc.Sockets, nd)
		in.B = int64(len(p.sc.Sockets) - 1)
	case "connect":
		in.Op = OpSockConnect
		t, err := p.sockPeer(d, args[1])
		if err != nil {
			return err
		}
		in.B = int64(t)
	case "send", "recv":
		in.Op = OpSockSend
		if word == "recv" {
			in.Op = OpSockRecv
		}
		if in.A, err = p.number(args[1], 1, MaxSockBytes); err != nil {
			return err
		}
		if n == 4 {
			if d.connected() {
				return p.fail(args[2].col, "socket_send_to", "a connected socket sends to its peer: write %q", "send NAME BYTES")
			}
			t, err := p.sockPeer(d, args[3])
			if err != nil {
				return err
			}
			in.B = int64(t)
		}
	}
	return err
}

// sockPeer returns the socket named by a, which socket d connects or sends to.
func (p *parser) sockPeer(d SocketDecl, a field) (int, error) {
	t := p.sc.SocketIndex(a.text)
	if t < 0 {
		return 0, p.fail(a.col, "socket_undeclared", "%q is not a socket declared with socket NAME DOMAIN TYPE [PROTOCOL]", a.text)
	}
	if td := p.sc.Sockets[t]; td.Domain != d.Domain || td.Type != d.Type {
		return 0, p.fail(a.col, "socket_mismatch", "%s cannot reach %s: both ends need the same domain and type", d.Call(), td.Call())
	}
	return t, nil
}

// sock returns the run-time state of socket k, making the table on first use.
func (e *Engine) sock(k int) *sockState {
	if e.socks == nil {
		e.socks = make([]sockState, len(e.sc.Sockets))
		for j := range e.socks {
			e.socks[j].peer = -1
		}
	}
	return &e.socks[k]
}

// sockFail reports a failed socket call.
func (e *Engine) sockFail(t *Task, k int, sys Syscall, errno int64) {
	e.emit(Event{Kind: EvIPCFailed, Task: t.PID, CPU: int16(t.CPU), Obj: int16(k), Value: int64(sys), Arg: errno})
}

// sockRun carries out a socket statement for the task at index i. A call
// that slept and was woken runs again without a second system call event,
// as the kernel's wait loop goes round again.
func (e *Engine) sockRun(i int32, in *Instr) {
	t := &e.tasks[i]
	k := in.Obj
	s := e.sock(k)
	ev := func(kind EventKind, value int64) {
		e.emit(Event{Kind: kind, Task: t.PID, CPU: int16(t.CPU), Obj: int16(k), Value: value})
	}
	retry := t.sockWait != 0
	t.sockWait = 0
	call := map[Op]Syscall{OpSockCreate: SysSocket, OpSockBind: SysBind, OpSockListen: SysListen, OpSockAccept: SysAccept4,
		OpSockConnect: SysConnect, OpSockSend: SysSendto, OpSockRecv: SysRecvfrom, OpSockClose: SysSockClose}[in.Op]
	if !retry {
		e.syscall(t, call)
	}
	switch in.Op {
	case OpSockCreate:
		t.PC++
		if s.state != SockNone && s.state != SockClosed {
			e.sockFail(t, k, SysSocket, errEINVAL) // the scenario names one socket per socket() call
			return
		}
		*s = sockState{state: SockUnconnected, peer: -1}
		e.tasks[e.leaderOf(i)].socks |= 1 << k
		ev(EvSockCreate, 0)
	case OpSockBind:
		t.PC++
		if s.state != SockUnconnected {
			e.sockFail(t, k, SysBind, e.badState(s, errEINVAL))
			return
		}
		s.state = SockBound
		ev(EvSockBind, 0)
	case OpSockListen:
		t.PC++
		if s.state != SockBound && s.state != SockListening {
			e.sockFail(t, k, SysListen, e.badState(s, errEINVAL))
			return
		}
		s.state, s.backlog = SockListening, in.A
		ev(EvSockListen, in.A)
	case OpSockAccept:
		if s.state != SockListening {
			t.PC++
			e.sockFail(t, k, SysAccept4, e.badState(s, errEINVAL))
			return
		}
		if ns := e.sock(int(in.B)); ns.state != SockNone && ns.state != SockClosed {
			// The scenario names one socket per accept: while the one
			// this name holds is open, another accept into it would
			// overwrite a live connection.
			t.PC++
			e.sockFail(t, k, SysAccept4, errEINVAL)
			return
		}
		if len(s.acceptQ) == 0 {
			e.sockBlock(i, k, CauseAccept)
			return
		}
		e.sockAccept(i, k, int(in.B))
	case OpSockConnect:
		e.sockConnect(i, in)
	case OpSockSend:
		e.sockSend(i, in)
	case OpSockRecv:
		e.sockRecv(i, in)
	case OpSockClose:
		t.PC++
		if s.state == SockNone || s.state == SockClosed {
			e.sockFail(t, k, SysSockClose, errEBADF)
			return
		}
		e.sockClose(t, k, CauseNone)
	}
}

// sockClose closes socket k for task t (close, or its exit with cause
// CauseExit): the socket is closed, no process holds it any more, and the
// peer of a connected socket sees the end of the stream.
func (e *Engine) sockClose(t *Task, k int, cause Cause) {
	s := e.sock(k)
	s.state = SockClosed
	for j := range e.tasks {
		e.tasks[j].socks &^= 1 << k
	}
	e.emit(Event{Kind: EvSockClose, Task: t.PID, CPU: int16(t.CPU), Obj: int16(k), Cause: cause})
	if s.peer >= 0 && e.sc.Sockets[k].connected() {
		pk := int(s.peer)
		ps := e.sock(pk)
		ps.eof, ps.peer = true, -1
		s.peer = -1
		for _, w := range e.sockTakeWaiters(pk) {
			e.sockRetry(w) // a reader of the peer learns of the end of the stream
		}
	}
}

// sockExit closes, as the kernel's exit closes a process's files, every
// open socket the process of the exiting task at index i holds and no
// other live process holds (a forked child keeps its copies open). A
// thread's exit closes nothing while another thread of its process lives.
func (e *Engine) sockExit(i int32) {
	if len(e.sc.Sockets) == 0 {
		return
	}
	t := &e.tasks[i]
	l := e.leaderOf(i)
	for k := range e.tasks {
		if u := &e.tasks[k]; int32(k) != i && u.TGID == t.TGID && u.State.Alive() {
			return // the process lives on in another thread
		}
	}
	held := e.tasks[l].socks
	e.tasks[l].socks = 0
	for k := range e.sc.Sockets {
		if held&(1<<k) == 0 || e.sock(k).state == SockNone || e.sock(k).state == SockClosed {
			continue
		}
		shared := false
		for j := range e.tasks {
			if u := &e.tasks[j]; u.TGID != t.TGID && u.State.Alive() && e.tasks[e.leaderOf(int32(j))].socks&(1<<k) != 0 {
				shared = true
			}
		}
		if !shared {
			e.sockClose(t, k, CauseExit)
		}
	}
}

// badState is the errno of a call on a socket in the wrong state: EBADF
// when socket() has not made it (or it is closed), else fallback.
func (e *Engine) badState(s *sockState, fallback int64) int64 {
	if s.state == SockNone || s.state == SockClosed {
		return errEBADF
	}
	return fallback
}

// sockBlock puts the running task at index i to sleep on socket k.
func (e *Engine) sockBlock(i int32, k int, cause Cause) {
	t := &e.tasks[i]
	s := e.sock(k)
	if !containsIdx(s.waiters, i) {
		s.waiters = append(s.waiters, i)
	}
	t.sockWait = int16(k + 1)
	e.emit(Event{Kind: EvState, Task: t.PID, CPU: int16(t.CPU), From: t.State, To: StateSleeping, Cause: cause, Obj: int16(k)})
	t.State = StateSleeping
	t.blocked = cause
	e.leaveCPU(t, true)
}

func containsIdx(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// sockTakeWaiters removes and returns the tasks still asleep on socket k
// (a signal may have woken one meanwhile: it is dropped from the list).
func (e *Engine) sockTakeWaiters(k int) []int32 {
	s := e.sock(k)
	var out []int32
	for _, w := range s.waiters {
		if e.sockAsleepOn(w, k) {
			out = append(out, w)
		}
	}
	s.waiters = nil
	return out
}

func (e *Engine) sockAsleepOn(w int32, k int) bool {
	t := &e.tasks[w]
	return t.State == StateSleeping && t.sockWait == int16(k+1)
}

// sockRetry wakes the sleeping task at index w: its call carries on when it
// runs next.
func (e *Engine) sockRetry(w int32) {
	e.makeRunnable(w, CauseWoken)
}

// sockAccept takes the first connection from listener k's accept queue
// into the new socket nk, for the task at index i.
func (e *Engine) sockAccept(i int32, k, nk int) {
	t := &e.tasks[i]
	s := e.sock(k)
	c := s.acceptQ[0]
	s.acceptQ = append([]int32(nil), s.acceptQ[1:]...)
	n := e.sock(nk)
	*n = sockState{state: SockConnected, peer: c}
	e.tasks[e.leaderOf(i)].socks |= 1 << nk
	cs := e.sock(int(c))
	cs.peer = int32(nk)
	if cs.state == SockClosed {
		// The client closed (or exited) while its connection waited in
		// the queue: accept still returns it, and after what the client
		// sent, a recv finds the end of the stream (its FIN).
		n.peer, n.eof, cs.peer = -1, true, -1
	}
	for _, b := range cs.early { // what the client sent before the accept
		n.rx = append(n.rx, b)
		n.rxFrom = append(n.rxFrom, c)
		n.rxBytes += b
	}
	cs.early = nil
	// A client asleep in send until the connection's buffer has room tries
	// again: its bytes now go to the new socket.
	kept := cs.waiters[:0:0]
	for _, w := range cs.waiters {
		switch {
		case !e.sockAsleepOn(w, int(c)):
		case e.tasks[w].blocked == CauseSockSend:
			e.sockRetry(w)
		default:
			kept = append(kept, w)
		}
	}
	cs.waiters = kept
	t.PC++
	e.emit(Event{Kind: EvSockAccept, Task: t.PID, CPU: int16(t.CPU), Obj: int16(k), Value: int64(nk), Arg: int64(c)})
	// Room in the queue: a client waiting to connect gets in.
	for _, w := range e.sockTakeWaiters(k) {
		e.sockRetry(w)
	}
}

// sockConnect runs connect NAME LISTENER for the task at index i.
func (e *Engine) sockConnect(i int32, in *Instr) {
	t := &e.tasks[i]
	k, target := in.Obj, int(in.B)
	s := e.sock(k)
	d := e.sc.Sockets[k]
	ts := e.sock(target)
	ev := func(value int64, other PID) {
		e.emit(Event{Kind: EvSockConnect, Task: t.PID, Other: other, CPU: int16(t.CPU), Obj: int16(k), Value: value, Arg: int64(target)})
	}
	if s.state == SockNone || s.state == SockClosed {
		t.PC++
		e.sockFail(t, k, SysConnect, errEBADF)
		return
	}
	if !d.connected() {
		// A datagram socket's connect only sets its default peer: no
		// handshake, nothing sent.
		t.PC++
		if ts.state != SockBound && ts.state != SockConnected {
			e.sockFail(t, k, SysConnect, errECONNREFUSED)
			return
		}
		s.state, s.peer = SockConnected, int32(target)
		ev(2, 0)
		return
	}
	if s.state == SockConnected {
		t.PC++
		e.sockFail(t, k, SysConnect, errEISCONN)
		return
	}
	if ts.state != SockListening {
		t.PC++
		s.state = SockUnconnected
		e.sockFail(t, k, SysConnect, errECONNREFUSED)
		return
	}
	if int64(len(ts.acceptQ)) > ts.backlog || len(ts.acceptQ) >= MaxSockQueue {
		// The accept queue is full: TCP drops the SYN and sends it again
		// later, a Unix stream connect sleeps until there is room.
		if s.state != SockConnecting {
			s.state = SockConnecting
			ev(0, 0)
		}
		e.sockBlock(i, target, CauseSockConnect)
		return
	}
	t.PC++
	ts.acceptQ = append(ts.acceptQ, int32(k))
	s.state = SockConnected
	var woke PID
	for _, w := range e.sockTakeWaiters(target) {
		if woke == 0 {
			woke = e.tasks[w].PID
		}
		e.sockRetry(w) // an accept asleep on the listener takes it
	}
	ev(1, woke)
}

// sockListenerOf returns the listening socket in whose accept queue client
// socket k waits (k itself if none does, which sockDest rules out).
func (e *Engine) sockListenerOf(k int) int {
	for l := range e.socks {
		if containsIdx(e.socks[l].acceptQ, int32(k)) {
			return l
		}
	}
	return k
}

// sockBytes estimates the memory of the sockets' run-time state, in bytes
// (Recording.Bytes): a sockState is 176 bytes, and its queues hold 4-byte
// socket or task indexes and 8-byte sizes.
func (e *Engine) sockBytes() int64 {
	n := int64(cap(e.socks)) * 176
	for k := range e.socks {
		s := &e.socks[k]
		n += int64(cap(s.acceptQ)+cap(s.rxFrom)+cap(s.waiters))*4 + int64(cap(s.rx)+cap(s.early))*8
	}
	return n
}

// sockDest returns where a send on socket k goes: its destination socket
// (-2: the peer its listener's accept will make), or -1 with the errno.
func (e *Engine) sockDest(k int, in *Instr) (int, int64) {
	s := e.sock(k)
	d := e.sc.Sockets[k]
	if s.state == SockNone || s.state == SockClosed {
		return -1, errEBADF
	}
	if in.B >= 0 {
		return int(in.B), 0
	}
	if d.connected() && s.state == SockConnected && s.peer < 0 && !s.eof {
		return -2, 0
	}
	if s.peer < 0 {
		if d.connected() {
			return -1, errENOTCONN
		}
		return -1, errEDESTADDRREQ
	}
	return int(s.peer), 0
}

// sockSend runs send NAME BYTES [to DEST] for the task at index i.
func (e *Engine) sockSend(i int32, in *Instr) {
	t := &e.tasks[i]
	k := in.Obj
	s := e.sock(k)
	d := e.sc.Sockets[k]
	n := in.A
	ev := func(kind EventKind, obj int, other PID, arg int64) {
		e.emit(Event{Kind: kind, Task: t.PID, Other: other, CPU: int16(t.CPU), Obj: int16(obj), Value: n, Arg: arg})
	}
	dest, errno := e.sockDest(k, in)
	if errno != 0 {
		t.PC++
		e.sockFail(t, k, SysSendto, errno)
		return
	}
	if dest == -2 {
		// The connection waits in the listener's accept queue, and what it
		// is sent waits with it, in the receive buffer of the socket accept
		// will hand out (it has its listener's size): a sender sleeps while
		// that is full, as it does once the connection is accepted.
		var early int64
		for _, b := range s.early {
			early += b
		}
		if early+n > e.sc.Sockets[e.sockListenerOf(k)].Rcvbuf && early > 0 || len(s.early) >= MaxSockQueue {
			e.sockBlock(i, k, CauseSockSend)
			return
		}
		t.PC++
		s.early = append(s.early, n)
		s.sent += n
		ev(EvSockSend, k, 0, -1)
		return
	}
	if d.udp() && s.state == SockUnconnected {
		// A UDP socket that sends before bind is bound by the kernel to a
		// free port, so that replies can reach it.
		s.state = SockBound
		e.emit(Event{Kind: EvSockBind, Task: t.PID, CPU: int16(t.CPU), Obj: int16(k), Value: 1})
	}
	ds := e.sock(dest)
	if !d.connected() && ds.state != SockBound && ds.state != SockConnected {
		t.PC++
		if d.udp() {
			// Nobody is bound there: the datagram is lost (the ICMP "port
			// unreachable" only reaches a connected UDP socket).
			s.sent += n
			ev(EvSockDrop, dest, 0, -1)
			return
		}
		e.sockFail(t, k, SysSendto, errECONNREFUSED)
		return
	}
	dd := e.sc.Sockets[dest]
	full := false
	switch {
	case d.udp():
		if ds.rxBytes+n > dd.Rcvbuf || len(ds.rx) >= MaxSockQueue {
			t.PC++
			s.sent += n
			ds.drops++
			ev(EvSockDrop, dest, 0, ds.rxBytes)
			return
		}
	case d.Type == SockDgram: // Unix datagrams: the receiver's queue length
		full = int64(len(ds.rx)) > dd.Qlen || len(ds.rx) >= MaxSockQueue
	default: // connected types: the receive buffer's room (a send larger than the whole buffer waits for it to be empty)
		full = ds.rxBytes+n > dd.Rcvbuf && ds.rxBytes > 0 || len(ds.rx) >= MaxSockQueue
	}
	if full {
		e.sockBlock(i, dest, CauseSockSend)
		return
	}
	t.PC++
	ds.rx = append(ds.rx, n)
	ds.rxFrom = append(ds.rxFrom, int32(k))
	ds.rxBytes += n
	s.sent += n
	var woke PID
	for _, w := range e.sockTakeWaiters(dest) {
		if woke == 0 {
			woke = e.tasks[w].PID
		}
		e.sockRetry(w) // a reader asleep on the destination reads it
	}
	ev(EvSockSend, k, woke, int64(dest))
}

// sockRecv runs recv NAME BYTES for the task at index i. A stream recv
// takes up to BYTES from what is there, across the sends that put it
// there; a datagram (or seqpacket) recv takes one message, and the part of
// it beyond BYTES is lost (MSG_TRUNC).
func (e *Engine) sockRecv(i int32, in *Instr) {
	t := &e.tasks[i]
	k := in.Obj
	s := e.sock(k)
	d := e.sc.Sockets[k]
	if s.state == SockNone || s.state == SockClosed || d.connected() && s.state != SockConnected && !s.eof {
		t.PC++
		e.sockFail(t, k, SysRecvfrom, e.badState(s, errENOTCONN))
		return
	}
	if len(s.rx) == 0 {
		if s.eof {
			t.PC++
			e.emit(Event{Kind: EvSockRecv, Task: t.PID, CPU: int16(t.CPU), Obj: int16(k)})
			return
		}
		e.sockBlock(i, k, CauseSockRecv)
		return
	}
	t.PC++
	var got, arg int64
	rx, from := append([]int64(nil), s.rx...), append([]int32(nil), s.rxFrom...)
	if d.Type == SockStream {
		for got < in.A && len(rx) > 0 {
			take := min(rx[0], in.A-got)
			got += take
			arg++
			rx[0] -= take
			if rx[0] == 0 {
				rx, from = rx[1:], from[1:]
			}
		}
		s.rxBytes -= got
	} else {
		m := rx[0]
		got = min(m, in.A)
		arg = m - got // cut off and lost
		rx, from = rx[1:], from[1:]
		s.rxBytes -= m
	}
	s.rx, s.rxFrom = rx, from
	s.received += got
	e.emit(Event{Kind: EvSockRecv, Task: t.PID, CPU: int16(t.CPU), Obj: int16(k), Value: got, Arg: arg})
	// Room freed: senders asleep on this socket try again.
	for _, w := range e.sockTakeWaiters(k) {
		e.sockRetry(w)
	}
}

// SockWaitChannel returns the wait channel (/proc/PID/wchan) Linux 6.18
// shows for a task asleep for cause c on a socket with declaration d, as
// measured on this kernel with blocking calls on loopback.
func SockWaitChannel(c Cause, d SocketDecl) string {
	tcp := d.Domain != AFUnix && d.Type == SockStream
	switch c {
	case CauseAccept:
		if tcp {
			return "inet_csk_accept"
		}
		return "__skb_wait_for_more_packets"
	case CauseSockConnect:
		if tcp {
			return "wait_woken" // the SYN is sent again until the accept queue has room
		}
		return "unix_wait_for_peer"
	case CauseSockRecv:
		switch {
		case tcp:
			return "wait_woken"
		case d.Domain == AFUnix && d.Type == SockStream:
			return "unix_stream_read_generic"
		}
		return "__skb_wait_for_more_packets"
	case CauseSockSend:
		switch {
		case tcp:
			return "wait_woken"
		case d.Type == SockDgram:
			return "unix_wait_for_peer"
		}
		return "sock_alloc_send_pskb"
	}
	return ""
}

// FutexWaitChannel is the wait channel of a task asleep in sem_wait on a
// process-shared semaphore (futex(FUTEX_WAIT) on Linux 6.18, measured).
const FutexWaitChannel = "futex_do_wait"

// IPCWaitChannel returns the wait channel of a task asleep on a socket or a
// process-shared semaphore, or "".
func (e *Engine) IPCWaitChannel(t *Task) string {
	if t.State != StateSleeping {
		return ""
	}
	if t.sockWait > 0 {
		return SockWaitChannel(t.blocked, e.sc.Sockets[t.sockWait-1])
	}
	if t.blocked == CauseSem && t.waitObj >= 0 && e.sc.SegmentOfObj(int(t.waitObj)) >= 0 {
		return FutexWaitChannel
	}
	return ""
}

// SocketView is a socket as a viewer sees it after a step.
type SocketView struct {
	SocketDecl
	Call     string    // socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
	State    SockState // none, unconnected, bound, listening, connecting, connected, closed
	Peer     string    // the connected peer's name ("" if none)
	Backlog  int64     // listening: listen's backlog (backlog+1 connections fit)
	AcceptQ  []string  // listening: the client sockets whose connection waits for accept
	Rx       []int64   // received, not yet read: bytes per send (a stream merges them when read)
	RxFrom   []string  // the socket each entry came from
	RxBytes  int64     // bytes in Rx
	Early    []int64   // a client waiting in an accept queue: what it sent so far
	EOF      bool      // the peer closed
	Drops    int64     // datagrams dropped: the receive buffer was full (UDP)
	Sent     int64     // bytes sent from it
	Received int64     // bytes read from it
	Waiters  []PID     // tasks asleep on it
	Wchan    []string  // the wait channel of each waiter
}

// Sockets returns every socket of the scenario as a viewer sees it.
func (e *Engine) Sockets() []SocketView {
	if len(e.sc.Sockets) == 0 {
		return nil
	}
	out := make([]SocketView, len(e.sc.Sockets))
	name := func(k int32) string {
		if k < 0 {
			return ""
		}
		return e.sc.Sockets[k].Name
	}
	for k, d := range e.sc.Sockets {
		s := e.sock(k)
		v := SocketView{SocketDecl: d, Call: d.Call(), State: s.state, Peer: name(s.peer), Backlog: s.backlog,
			Rx: append([]int64(nil), s.rx...), RxBytes: s.rxBytes, Early: append([]int64(nil), s.early...), EOF: s.eof,
			Drops: s.drops, Sent: s.sent, Received: s.received}
		for _, c := range s.acceptQ {
			v.AcceptQ = append(v.AcceptQ, name(c))
		}
		for _, f := range s.rxFrom {
			v.RxFrom = append(v.RxFrom, name(f))
		}
		for _, w := range s.waiters {
			if e.sockAsleepOn(w, k) {
				t := &e.tasks[w]
				v.Waiters = append(v.Waiters, t.PID)
				v.Wchan = append(v.Wchan, SockWaitChannel(t.blocked, d))
			}
		}
		out[k] = v
	}
	return out
}

// ipcHash feeds what the shared-memory and socket panels show into a
// StateHash digest. It adds nothing for a scenario without segments or
// sockets, so older scenarios keep their digests.
func (e *Engine) ipcHash(d *digest) {
	if len(e.sc.Segments) == 0 && len(e.sc.Sockets) == 0 {
		return
	}
	for k := range e.tasks {
		t := &e.tasks[k]
		d.int(int64(t.shm))
		d.int(int64(t.sockWait))
		if t.socks != 0 {
			d.int(int64(t.socks)) // only when held, so that the digests of scenarios without sockets stand
		}
		if e.shmProcess(t) {
			n := len(e.sc.Programs[t.Program].Locals)
			for _, v := range t.Locals[:n] {
				d.int(v)
			}
		}
	}
	for _, v := range e.Sockets() {
		d.int(int64(v.State))
		d.str(v.Peer)
		d.int(v.Backlog)
		d.int(int64(len(v.AcceptQ)))
		for _, c := range v.AcceptQ {
			d.str(c)
		}
		d.int(int64(len(v.Rx)))
		for j, b := range v.Rx {
			d.int(b)
			d.str(v.RxFrom[j])
		}
		d.int(int64(len(v.Early)))
		for _, b := range v.Early {
			d.int(b)
		}
		d.bool(v.EOF)
		d.int(v.Drops)
		d.int(v.Sent)
		d.int(v.Received)
		d.int(int64(len(v.Waiters)))
		for _, w := range v.Waiters {
			d.int(int64(w))
		}
	}
}

// describeIPC writes the text of the events of this file and shm.go.
func (sc *Scenario) describeIPC(b *strings.Builder, ev Event, p func(PID) string, cpu string) {
	sock := func(k int64) string {
		if k >= 0 && int(k) < len(sc.Sockets) {
			return sc.Sockets[k].Name
		}
		return "?"
	}
	seg := func(k int16) string {
		if k >= 0 && int(k) < len(sc.Segments) {
			return sc.Segments[k].Name
		}
		return "?"
	}
	switch ev.Kind {
	case EvShmAttach:
		if ev.Value == 1 {
			fmt.Fprintf(b, " %s mapped segment %s%s", p(ev.Task), seg(ev.Obj), cpu)
		} else {
			fmt.Fprintf(b, " %s unmapped segment %s%s", p(ev.Task), seg(ev.Obj), cpu)
		}
	case EvShmFault:
		what := "?"
		if ev.Value >= 0 {
			what = sc.varName(int16(ev.Value))
		} else {
			what = sc.objName(int16(-1 - ev.Value))
		}
		fmt.Fprintf(b, " %s touched %s in segment %s, which it has not mapped: SIGSEGV%s", p(ev.Task), what, seg(ev.Obj), cpu)
	case EvSockCreate:
		fmt.Fprintf(b, " %s %s = %s%s", p(ev.Task), sc.Sockets[ev.Obj].Call(), sock(int64(ev.Obj)), cpu)
	case EvSockBind:
		fmt.Fprintf(b, " %s bound %s%s", p(ev.Task), sock(int64(ev.Obj)), cpu)
	case EvSockListen:
		fmt.Fprintf(b, " %s %s listens, backlog %d%s", p(ev.Task), sock(int64(ev.Obj)), ev.Value, cpu)
	case EvSockConnect:
		switch ev.Value {
		case 0:
			fmt.Fprintf(b, " %s %s waits: the accept queue of %s is full%s", p(ev.Task), sock(int64(ev.Obj)), sock(ev.Arg), cpu)
		case 2:
			fmt.Fprintf(b, " %s %s default peer %s (no handshake)%s", p(ev.Task), sock(int64(ev.Obj)), sock(ev.Arg), cpu)
		default:
			fmt.Fprintf(b, " %s %s connected to %s, queued for accept", p(ev.Task), sock(int64(ev.Obj)), sock(ev.Arg))
			if ev.Other != 0 {
				fmt.Fprintf(b, ", woke %s", p(ev.Other))
			}
			b.WriteString(cpu)
		}
	case EvSockAccept:
		fmt.Fprintf(b, " %s %s accepted %s as %s%s", p(ev.Task), sock(int64(ev.Obj)), sock(ev.Arg), sock(ev.Value), cpu)
	case EvSockSend:
		to := "its peer, still in an accept queue"
		if ev.Arg >= 0 {
			to = sock(ev.Arg)
		}
		fmt.Fprintf(b, " %s %s %d bytes to %s", p(ev.Task), sock(int64(ev.Obj)), ev.Value, to)
		if ev.Other != 0 {
			fmt.Fprintf(b, ", woke %s", p(ev.Other))
		}
		b.WriteString(cpu)
	case EvSockRecv:
		switch {
		case ev.Value == 0:
			fmt.Fprintf(b, " %s %s 0 bytes: end of stream%s", p(ev.Task), sock(int64(ev.Obj)), cpu)
		case sc.Sockets[ev.Obj].Type == SockStream:
			fmt.Fprintf(b, " %s %s %d bytes from %d send(s)%s", p(ev.Task), sock(int64(ev.Obj)), ev.Value, ev.Arg, cpu)
		default:
			fmt.Fprintf(b, " %s %s one message of %d bytes", p(ev.Task), sock(int64(ev.Obj)), ev.Value)
			if ev.Arg > 0 {
				fmt.Fprintf(b, " (%d more bytes cut off and lost)", ev.Arg)
			}
			b.WriteString(cpu)
		}
	case EvSockDrop:
		if ev.Arg < 0 {
			fmt.Fprintf(b, " %s's %d-byte datagram to %s lost: nothing is bound there%s", p(ev.Task), ev.Value, sock(int64(ev.Obj)), cpu)
			break
		}
		fmt.Fprintf(b, " %s's %d-byte datagram to %s dropped: its receive buffer holds %d of %d bytes%s", p(ev.Task), ev.Value, sock(int64(ev.Obj)), ev.Arg, sc.Sockets[ev.Obj].Rcvbuf, cpu)
	case EvSockClose:
		if Cause(ev.Cause) == CauseExit {
			fmt.Fprintf(b, " %s closed %s at its exit (no other process holds it)%s", p(ev.Task), sock(int64(ev.Obj)), cpu)
			break
		}
		fmt.Fprintf(b, " %s closed %s%s", p(ev.Task), sock(int64(ev.Obj)), cpu)
	case EvIPCFailed:
		on := sock(int64(ev.Obj))
		if Syscall(ev.Value) == SysShmdt {
			on = seg(ev.Obj)
		}
		fmt.Fprintf(b, " %s %s(%s) failed: %s%s", p(ev.Task), Syscall(ev.Value), on, ipcErrno(ev.Arg), cpu)
	}
}

// The parse errors of this file and shm.go, with the arguments their
// messages name (see parseErrorCodes). They are added here rather than in
// parse_codes.go so that each part of the language keeps its own codes.
func init() {
	for code, args := range map[string]string{
		"shm_syntax":          "",
		"too_many_segments":   "max",
		"shm_sem_segment":     "usage",
		"shm_undeclared":      "name",
		"shm_sem_pshared":     "usage",
		"shm_member":          "",
		"socket_syntax":       "",
		"socket_domain":       "text",
		"socket_raw":          "",
		"socket_type":         "text",
		"socket_type_domain":  "text",
		"socket_proto":        "text",
		"socket_proto_type":   "text",
		"socket_option":       "text",
		"too_many_sockets":    "max",
		"socket_undeclared":   "name",
		"socket_accepted":     "name",
		"socket_listen_dgram": "keyword",
		"socket_send_to":      "usage",
		"socket_mismatch":     "text, text",
	} {
		parseErrorCodes[code] = args
	}
}
