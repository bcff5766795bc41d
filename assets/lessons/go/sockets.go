//go:build ignore

// The Go twin of the lesson "sockets". Go's net package makes the
// socket(domain, type, protocol) call for you (always with SOCK_NONBLOCK
// and SOCK_CLOEXEC added to the type); strace of this program on Go 1.26
// and Linux 6.18 shows:
//   - net.Listen("tcp", ...): socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP),
//     then bind and listen. Since Go 1.24 a listener asks for Multipath
//     TCP when the kernel has it (a plain TCP client still connects with
//     plain TCP); without it, or with ListenConfig.SetMultipathTCP(false),
//     the protocol is the default, TCP;
//   - net.Dial("tcp", ...): socket(AF_INET, SOCK_STREAM, 0), and 0 means
//     TCP, the default protocol of a stream socket in AF_INET;
//   - net.ListenPacket("udp", ...): socket(AF_INET, SOCK_DGRAM, 0), and 0
//     means UDP, then bind;
//   - net.ListenUnixgram("unixgram", ...): socket(AF_UNIX, SOCK_DGRAM, 0),
//     then bind.
//
// Its calls look blocking, but under them the socket is non-blocking and
// the runtime waits in epoll for the goroutine (a goroutine that waits
// does not hold an OS thread).
//
// Everything runs on loopback (127.0.0.1) and in a private temporary
// directory, and ends in well under a second.
package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"
)

func main() {
	tcp()
	udp()
	unixgram()
}

// tcp shows listen, connect before accept, and a stream merging two sends.
func tcp() {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // socket, bind, listen
	check(err)
	defer ln.Close()
	// Dial returns once the kernel has done the handshake: nobody has
	// called Accept yet. The connection waits in the accept queue.
	c, err := net.Dial("tcp", ln.Addr().String())
	check(err)
	fmt.Println("tcp: connect returned before accept")
	_, err = c.Write([]byte("hello")) // 5 bytes
	check(err)
	_, err = c.Write([]byte("world!")) // 6 bytes
	check(err)
	check(c.Close())
	conn, err := ln.Accept() // the new socket for this connection
	check(err)
	defer conn.Close()
	// On loopback both sends are in conn's receive buffer already: one
	// read gets them together. A stream keeps no boundaries.
	buf := make([]byte, 100)
	n, err := conn.Read(buf)
	check(err)
	fmt.Printf("tcp: one read got %d bytes: %q\n", n, buf[:n])
	for {
		m, err := conn.Read(buf)
		n += m
		if err != nil {
			break // io.EOF: the client closed
		}
	}
	fmt.Printf("tcp: %d bytes in all, then end of stream\n", n)
}

// udp shows boundaries kept, drops when the receive buffer is full, and one
// socket that both sends and receives.
func udp() {
	a, err := net.ListenPacket("udp", "127.0.0.1:0")
	check(err)
	defer a.Close()
	// The smallest receive buffer the kernel allows (it doubles the value
	// and counts each datagram's memory, not its bytes).
	check(a.(*net.UDPConn).SetReadBuffer(1))
	b, err := net.ListenPacket("udp", "127.0.0.1:0")
	check(err)
	defer b.Close()
	const sent = 100
	for i := range sent {
		_, err := b.WriteTo([]byte(fmt.Sprintf("m%03d", i)), a.LocalAddr()) // never fails: UDP does not tell
		check(err)
	}
	got := 0
	buf := make([]byte, 100)
	var from net.Addr
	for {
		check(a.SetReadDeadline(time.Now().Add(100 * time.Millisecond)))
		n, addr, err := a.ReadFrom(buf)
		if err != nil {
			break // nothing more came
		}
		if n != 4 {
			fmt.Println("udp: a datagram lost its boundary:", n)
		}
		got++
		from = addr
	}
	fmt.Printf("udp: %d datagrams sent, %d received, the rest dropped\n", sent, got)
	if from == nil {
		fmt.Println("udp: nothing arrived")
		return
	}
	// The same socket a sends a reply; b, which sent, receives it.
	_, err = a.WriteTo([]byte("ack"), from)
	check(err)
	check(b.SetReadDeadline(time.Now().Add(time.Second)))
	n, _, err := b.ReadFrom(buf)
	check(err)
	fmt.Printf("udp: a replied %q and b received it on the socket it sent from\n", buf[:n])
}

// unixgram shows that Unix-domain datagrams are reliable: a sender whose
// receiver's queue is full waits instead of losing the datagram.
func unixgram() {
	dir, err := os.MkdirTemp("", "sockets")
	check(err)
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "ux")
	ux, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: path, Net: "unixgram"})
	check(err)
	defer ux.Close()
	uy, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	check(err)
	defer uy.Close()
	queued := 0
	for {
		// A blocking sendto would sleep in unix_wait_for_peer; the deadline
		// makes Go give up instead, so that this program ends.
		check(uy.SetWriteDeadline(time.Now().Add(100 * time.Millisecond)))
		_, err := uy.Write([]byte("data"))
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		check(err)
		queued++
	}
	fmt.Printf("unixgram: %d datagrams queued, then the sender would wait (net.unix.max_dgram_qlen)\n", queued)
	buf := make([]byte, 100)
	read := 0
	for range queued {
		_, err := ux.Read(buf)
		check(err)
		read++
	}
	fmt.Printf("unixgram: %d read, none lost\n", read)
}

func check(err error) {
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}
