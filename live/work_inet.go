//go:build linux

package live

import (
	"encoding/binary"
	"fmt"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The tcp and udp demos: two processes talking over the loopback
// interface. Every socket is bound to 127.0.0.1 with port 0 (the kernel
// picks a free port), so nothing listens beyond this machine.
//
// tcp: the sender (pl-tcp-send) listens, starts the receiver (pl-tcp-recv,
// fork and exec) with the listening socket as fd 3, connects, and sends
// "one", "two!", "three"; the receiver accepts, waits delay_ms, and reads
// with recv(100): TCP is a byte stream, so the three sends come back as
// one read.
//
// udp: the sender (pl-udp-send) makes the receiver's socket, with a
// receive buffer of rcvbuf bytes, and hands it over as fd 3. With echo=0
// it sends count datagrams, numbered, as fast as it can, while the
// receiver (pl-udp-recv) waits delay_ms before it reads: the datagrams
// that do not fit in the buffer are dropped, and the gaps in the numbers
// it reads show which. With echo=1 the receiver sends each datagram back
// from the socket it read it on, and the sender reads the echo on the
// socket it sent from: a datagram socket both sends and receives.

// loopback is 127.0.0.1 with port 0: the kernel chooses the port.
var loopback = unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}

// addrString shows an IPv4 socket address ("127.0.0.1:40213").
func addrString(sa unix.Sockaddr) string {
	in, ok := sa.(*unix.SockaddrInet4)
	if !ok {
		return "?"
	}
	return fmt.Sprintf("%d.%d.%d.%d:%d", in.Addr[0], in.Addr[1], in.Addr[2], in.Addr[3], in.Port)
}

// localAddr is getsockname(fd).
func localAddr(fd int) unix.Sockaddr {
	sa, err := unix.Getsockname(fd)
	if err != nil {
		return nil
	}
	return sa
}

// loopbackSocket is a socket of type typ bound to 127.0.0.1, port 0.
func loopbackSocket(typ int) (int, error) {
	fd, err := unix.Socket(unix.AF_INET, typ|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	sa := loopback
	if err := unix.Bind(fd, &sa); err != nil {
		unix.Close(fd)
		return -1, err
	}
	return fd, nil
}

// waitChild waits for the child pid and reports it reaped.
func waitChild(pid int) {
	var ws unix.WaitStatus
	for {
		if _, err := unix.Wait4(pid, &ws, 0, nil); err != unix.EINTR {
			break
		}
	}
	report(reapedReport(pid, statusOf(ws)))
}

// runTCP listens on 127.0.0.1, starts the receiver, connects to it and
// sends three messages.
func runTCP(a []int64) error {
	ls, err := loopbackSocket(unix.SOCK_STREAM)
	if err != nil {
		return err
	}
	if err := unix.Listen(ls, 1); err != nil {
		return err
	}
	server := localAddr(ls)
	pid, err := startWorker("tcp-recv", ls, a[0])
	if err != nil {
		return err
	}
	report(Report{Kind: "fork", Child: pid})
	unix.Close(ls)
	c, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	if err := unix.Connect(c, server); err != nil {
		return fmt.Errorf("connect %s: %v", addrString(server), err)
	}
	var sizes []int
	for _, m := range sockMessages {
		n, err := unix.Write(c, []byte(m))
		if err != nil {
			return fmt.Errorf("send: %v", err)
		}
		sizes = append(sizes, n)
		sleepMS(2)
	}
	report(Report{Kind: "socket", Side: "sender", Type: "TCP", Messages: sockMessages, Sizes: sizes,
		IPC: &IPCReport{Addr: addrString(localAddr(c)), Peer: addrString(server)}})
	waitChild(pid)
	unix.Close(c)
	forever()
	return nil
}

// runTCPRecv accepts one connection on the listening socket (fd 3), waits
// delay_ms, and reads with recv(100) until the twelve bytes have come.
func runTCPRecv(a []int64) error {
	var c int
	var peer unix.Sockaddr
	for {
		var err error
		c, peer, err = unix.Accept4(3, unix.SOCK_CLOEXEC)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("accept: %v", err)
		}
		break
	}
	unix.Close(3)
	sleepMS(a[0])
	want := 0
	for _, m := range sockMessages {
		want += len(m)
	}
	var got []string
	var sizes []int
	buf := make([]byte, 100)
	for n := 0; n < want && len(got) < 16; {
		k, _, err := unix.Recvfrom(c, buf, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil || k == 0 {
			break
		}
		got = append(got, string(buf[:k]))
		sizes = append(sizes, k)
		n += k
	}
	report(Report{Kind: "socket", Side: "receiver", Type: "TCP", Messages: got, Sizes: sizes,
		IPC: &IPCReport{Addr: addrString(localAddr(c)), Peer: addrString(peer)}})
	return nil
}

// udpSeq is the sequence number in a datagram's first 8 bytes.
func udpSeq(b []byte) int64 {
	if len(b) < 8 {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(b))
}

// runUDP starts the receiver on a socket it makes for it, then floods it
// (echo=0) or exchanges datagrams with it one at a time (echo=1).
func runUDP(a []int64) error {
	count, size, rcvbuf, delayMS, echo := a[0], int(a[1]), a[2], a[3], a[4]
	rs, err := loopbackSocket(unix.SOCK_DGRAM)
	if err != nil {
		return err
	}
	if echo == 0 {
		if err := unix.SetsockoptInt(rs, unix.SOL_SOCKET, unix.SO_RCVBUF, int(rcvbuf)); err != nil {
			return fmt.Errorf("SO_RCVBUF: %v", err)
		}
	}
	dst := localAddr(rs)
	pid, err := startWorker("udp-recv", rs, count, delayMS, echo)
	if err != nil {
		return err
	}
	report(Report{Kind: "fork", Child: pid})
	unix.Close(rs)
	s, err := loopbackSocket(unix.SOCK_DGRAM)
	if err != nil {
		return err
	}
	me := addrString(localAddr(s))
	buf := make([]byte, size)
	if echo == 0 {
		var sent int64
		for seq := int64(1); seq <= count; seq++ {
			binary.LittleEndian.PutUint64(buf, uint64(seq))
			if err := unix.Sendto(s, buf, 0, dst); err == nil {
				sent++
			}
		}
		report(Report{Kind: "udp", Side: "sender", Mode: "flood", Bytes: sent * int64(size),
			IPC: &IPCReport{Count: count, Received: sent, Addr: me, Peer: addrString(dst)}})
	} else {
		tv := unix.Timeval{Usec: 200000}
		if err := unix.SetsockoptTimeval(s, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
			return err
		}
		back := make([]byte, size+1)
		// A round trip numbered 0 first, not counted: the receiver may
		// still be starting (exec), and its wait is not a round trip.
		binary.LittleEndian.PutUint64(buf, 0)
		for try := 0; try < 10; try++ {
			if unix.Sendto(s, buf, 0, dst) != nil {
				continue
			}
			if n, _, err := unix.Recvfrom(s, back, 0); err == nil && n >= 8 && udpSeq(back[:n]) == 0 {
				break
			}
		}
		var got int64
		var rtt time.Duration
		for seq := int64(1); seq <= count; seq++ {
			binary.LittleEndian.PutUint64(buf, uint64(seq))
			t0 := time.Now()
			if err := unix.Sendto(s, buf, 0, dst); err != nil {
				continue
			}
			for {
				n, _, err := unix.Recvfrom(s, back, 0)
				if err == unix.EINTR {
					continue
				}
				if err == nil && n >= 8 && udpSeq(back[:n]) == seq {
					got++
					rtt += time.Since(t0)
				}
				if err != nil || udpSeq(back[:n]) >= seq {
					break
				}
			}
		}
		_ = unix.Sendto(s, nil, 0, dst) // an empty datagram: the end
		r := IPCReport{Count: count, Received: got, Lost: count - got, Addr: me, Peer: addrString(dst)}
		if got > 0 {
			r.RTTus = float64(rtt.Nanoseconds()) / float64(got) / 1000
		}
		report(Report{Kind: "udp", Side: "sender", Mode: "echo", Bytes: got * int64(size), IPC: &r})
	}
	waitChild(pid)
	unix.Close(s)
	forever()
	return nil
}

// runUDPRecv reads the datagrams that reach its socket (fd 3): with echo=0
// after delay_ms, until none has come for 300 ms, counting the gaps in
// their numbers; with echo=1 at once, sending each back where it came
// from, until an empty datagram or 2 s without any.
func runUDPRecv(a []int64) error {
	count, delayMS, echo := a[0], a[1], a[2]
	rcvbuf, _ := unix.GetsockoptInt(3, unix.SOL_SOCKET, unix.SO_RCVBUF)
	me := addrString(localAddr(3))
	idle := unix.Timeval{Usec: 300000}
	if echo == 1 {
		idle = unix.Timeval{Sec: 2}
	}
	if err := unix.SetsockoptTimeval(3, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &idle); err != nil {
		return err
	}
	if echo == 0 {
		sleepMS(delayMS)
	}
	buf := make([]byte, 2048)
	r := IPCReport{Count: count, RcvBuf: int64(rcvbuf), Addr: me}
	var last int64
	var bytes int64
	for {
		n, from, err := unix.Recvfrom(3, buf, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil || (echo == 1 && n == 0) {
			break
		}
		if echo == 1 {
			_ = unix.Sendto(3, buf[:n], 0, from)
			r.Peer = addrString(from)
			if udpSeq(buf[:n]) == 0 {
				continue // the sender's warm-up
			}
			r.Received++
			bytes += int64(n)
			continue
		}
		r.Received++
		bytes += int64(n)
		seq := udpSeq(buf[:n])
		if seq != last+1 {
			r.Gaps++
		}
		last = max(last, seq)
		if len(r.First) < 16 {
			r.First = append(r.First, seq)
		}
	}
	mode := "echo"
	if echo == 0 {
		mode = "flood"
		r.Lost = count - r.Received
		if last < count {
			r.Gaps++ // the missing tail
		}
		r.Drops = socketDrops(3)
	}
	report(Report{Kind: "udp", Side: "receiver", Mode: mode, Bytes: bytes, IPC: &r})
	return nil
}

// socketDrops is the kernel's count of packets dropped at socket fd
// (SO_MEMINFO's SK_MEMINFO_DROPS), or -1.
func socketDrops(fd int) int64 {
	var info [9]uint32 // SK_MEMINFO_VARS
	n := uint32(len(info) * 4)
	if err := getsockoptBytes(fd, unix.SOL_SOCKET, unix.SO_MEMINFO, info[:], &n); err != nil || n < 36 {
		return -1
	}
	return int64(info[8])
}

// getsockoptBytes is getsockopt(2) into a buffer of 32-bit words; *n is
// its size in bytes before the call and the size the kernel wrote after.
func getsockoptBytes(fd, level, opt int, buf []uint32, n *uint32) error {
	_, _, e := syscall.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt),
		uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(n)), 0)
	if e != 0 {
		return e
	}
	return nil
}
