package server

import "proclab/sim"

// wireSegment is a shared memory segment at a step (sim.ShmView): its
// name, the shared variables and process-shared semaphores in it (indexes
// into the loaded message's vars and objects), the tasks that have it
// mapped, and the wait channel of a task asleep on one of its semaphores.
type wireSegment struct {
	Name     string    `json:"name"`
	Vars     []int     `json:"vars"`
	Objs     []int     `json:"objs"`
	Attached []sim.PID `json:"attached"`
	Wchan    string    `json:"wchan"`
}

// wireSocket is a socket at a step (sim.SocketView). Sizes are in bytes;
// rx lists what waits to be read, one entry per send (a stream merges them
// when read), with the socket each came from in rx_from.
type wireSocket struct {
	Name     string    `json:"name"`
	Call     string    `json:"call"`   // socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)
	Domain   string    `json:"domain"` // unix, inet, inet6
	Type     string    `json:"type"`   // stream, dgram, seqpacket
	Proto    string    `json:"proto"`  // 0, tcp, udp
	Accepted string    `json:"accepted,omitempty"`
	State    string    `json:"state"` // none, unconnected, bound, listening, connecting, connected, closed
	Peer     string    `json:"peer,omitempty"`
	Backlog  int64     `json:"backlog"`
	AcceptQ  []string  `json:"accept_q"`
	Rx       []int64   `json:"rx"`
	RxFrom   []string  `json:"rx_from"`
	RxBytes  int64     `json:"rx_bytes"`
	Rcvbuf   int64     `json:"rcvbuf"`
	Qlen     int64     `json:"qlen,omitempty"` // Unix datagrams: qlen+1 messages fit
	Early    []int64   `json:"early,omitempty"`
	EOF      bool      `json:"eof,omitempty"`
	Drops    int64     `json:"drops"`
	Sent     int64     `json:"sent"`
	Received int64     `json:"received"`
	Waiters  []sim.PID `json:"waiters"`
	Wchan    []string  `json:"wchan"`
}

func toWireSegments(ss []sim.ShmView) []wireSegment {
	var out []wireSegment
	for _, s := range ss {
		out = append(out, wireSegment{Name: s.Name, Vars: nonNilInts(s.Vars), Objs: nonNilInts(s.Objs),
			Attached: nonNilPIDs(s.Attached), Wchan: sim.FutexWaitChannel})
	}
	return out
}

func toWireSockets(ss []sim.SocketView) []wireSocket {
	var out []wireSocket
	dom := map[sim.SockDomain]string{sim.AFUnix: "unix", sim.AFInet: "inet", sim.AFInet6: "inet6"}
	typ := map[sim.SockType]string{sim.SockStream: "stream", sim.SockDgram: "dgram", sim.SockSeqpacket: "seqpacket"}
	proto := map[sim.SockProto]string{sim.ProtoDefault: "0", sim.ProtoTCP: "tcp", sim.ProtoUDP: "udp"}
	for _, s := range ss {
		w := wireSocket{Name: s.Name, Call: s.Call, Domain: dom[s.Domain], Type: typ[s.Type], Proto: proto[s.Proto],
			State: s.State.String(), Peer: s.Peer, Backlog: s.Backlog, AcceptQ: nonNilStrings(s.AcceptQ),
			Rx: nonNilInt64s(s.Rx), RxFrom: nonNilStrings(s.RxFrom), RxBytes: s.RxBytes, Rcvbuf: s.Rcvbuf,
			Early: s.Early, EOF: s.EOF, Drops: s.Drops, Sent: s.Sent, Received: s.Received,
			Waiters: nonNilPIDs(s.Waiters), Wchan: nonNilStrings(s.Wchan)}
		if s.Domain == sim.AFUnix && s.Type == sim.SockDgram {
			w.Qlen = s.Qlen
		}
		if s.Accepted > 0 {
			w.Accepted = ss[s.Accepted-1].Name
		}
		out = append(out, w)
	}
	return out
}

func nonNilInts(x []int) []int {
	if x == nil {
		return []int{}
	}
	return x
}

func nonNilInt64s(x []int64) []int64 {
	if x == nil {
		return []int64{}
	}
	return x
}

func nonNilStrings(x []string) []string {
	if x == nil {
		return []string{}
	}
	return x
}

func nonNilPIDs(x []sim.PID) []sim.PID {
	if x == nil {
		return []sim.PID{}
	}
	return x
}
