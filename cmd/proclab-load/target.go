package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// target is the ProcLab server under test: one the tool started (cmd set)
// or one given by --url and --pid. Its methods are not safe for concurrent
// use, except the read-only accessors.
type target struct {
	base    *url.URL  // http://host:port
	pid     int       // the server's PID; 0 when unknown (no /proc figures)
	cmd     *exec.Cmd // the server the tool started, or nil
	logPath string    // the started server's stderr
	exited  chan struct{}
}

// httpURL returns the server's URL for path.
func (t *target) httpURL(path string) string {
	u := *t.base
	u.Path = path
	return u.String()
}

// wsURL returns the websocket URL for path.
func (t *target) wsURL(path string) string {
	u := *t.base
	u.Scheme = "ws"
	if t.base.Scheme == "https" {
		u.Scheme = "wss"
	}
	u.Path = path
	return u.String()
}

// hostPort returns host:port for raw TCP connections.
func (t *target) hostPort() string {
	if t.base.Port() != "" {
		return t.base.Host
	}
	if t.base.Scheme == "https" {
		return net.JoinHostPort(t.base.Hostname(), "443")
	}
	return net.JoinHostPort(t.base.Hostname(), "80")
}

// alive reports whether a server the tool started is still running (a
// server given by --pid is checked in /proc).
func (t *target) alive() bool {
	if t.cmd != nil {
		select {
		case <-t.exited:
			return false
		default:
			return true
		}
	}
	if t.pid == 0 {
		return true
	}
	_, err := os.Stat(fmt.Sprintf("/proc/%d", t.pid))
	return err == nil
}

// checkLoopback refuses a host that is not on loopback: an IP literal must
// be a loopback address, and a name must resolve (with lookup) to loopback
// addresses only.
func checkLoopback(host string, lookup func(string) ([]string, error)) error {
	if host == "" {
		return errors.New("the URL has no host")
	}
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return fmt.Errorf("%s is not a loopback address (use --allow-remote to load-test another machine)", host)
		}
		return nil
	}
	addrs, err := lookup(host)
	if err != nil {
		return fmt.Errorf("resolving %s: %v", host, err)
	}
	if len(addrs) == 0 {
		return fmt.Errorf("%s resolves to no address", host)
	}
	for _, a := range addrs {
		if ip := net.ParseIP(a); ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("%s resolves to %s, which is not loopback (use --allow-remote to load-test another machine)", host, a)
		}
	}
	return nil
}

// parseTarget checks --url: http or https, a host, no path beyond "/".
func parseTarget(raw string, allowRemote bool, lookup func(string) ([]string, error)) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--url: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--url %q: the scheme must be http or https", raw)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("--url %q: give the server's root, without a path", raw)
	}
	if !allowRemote {
		if err := checkLoopback(u.Hostname(), lookup); err != nil {
			return nil, fmt.Errorf("--url: %v", err)
		}
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

// freePort asks the kernel for a free TCP port on 127.0.0.1. Another
// process could take it before the server binds it; startServer then fails
// clearly.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// startServer runs bin as `bin --addr 127.0.0.1:PORT ARGS...` on a free
// port, its stderr in a temporary file, and waits (up to 15 s) until
// /healthz answers. The server gets SIGKILL if the tool dies first.
func startServer(bin string, args []string) (*target, error) {
	path, err := exec.LookPath(bin)
	if err != nil {
		return nil, fmt.Errorf("--server-bin: %v", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.CreateTemp("", "proclab-load-server-*.log")
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(path, append([]string{"--addr", addr}, args...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Dir = filepath.Dir(logf.Name())
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("starting %s: %v", path, err)
	}
	logf.Close() // the child holds its own descriptor
	t := &target{base: &url.URL{Scheme: "http", Host: addr}, pid: cmd.Process.Pid, cmd: cmd, logPath: logf.Name(), exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(t.exited)
	}()
	if err := waitHealthy(t, 15*time.Second); err != nil {
		t.stop()
		return nil, fmt.Errorf("the server did not come up (its log: %s): %v", t.logPath, err)
	}
	return t, nil
}

// waitHealthy polls /healthz every 50 ms until it answers 200.
func waitHealthy(t *target, limit time.Duration) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	deadline := time.Now().Add(limit)
	var last error
	for time.Now().Before(deadline) {
		if !t.alive() {
			return errors.New("the server exited")
		}
		resp, err := client.Get(t.httpURL("/healthz"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("/healthz answered %s", resp.Status)
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no answer from /healthz within %v: %v", limit, last)
}

// stop ends a server the tool started: SIGTERM to its process group, then
// SIGKILL after 10 s. A server given by --pid is left alone.
func (t *target) stop() {
	if t.cmd == nil {
		return
	}
	pgid := t.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-t.exited:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-t.exited
	}
	// Workers the server started are in their own groups and die with it
	// (Pdeathsig); nothing else to do.
}

// waitCtx sleeps for d or until ctx ends.
func waitCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
