//go:build ignore

// The Go twin of the lesson "cow": copy-on-write, page by page, measured
// in /proc/self/smaps.
//
// Go has no plain fork() (its runtime is multi-threaded; see the
// "lifecycle" twin), so this program shows the same kernel mechanism
// without one. It maps one 4-page file twice with MAP_PRIVATE: both
// mappings read the same page-cache pages, so each page is mapped twice,
// as a page is after a fork (Shared_Dirty in both, Pss half of Rss: the
// file's pages are still dirty, just written). Writing a page through
// mapping A faults, and the kernel gives A a private copy of that one page
// (copy-on-write); B's page is then mapped once, so it counts as private
// for B too. Rss never moves; Pss and the shared/private split do, exactly
// as in the simulated lesson and in the live lab's fork demo (live:cow).
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

const (
	pageSize = 4096
	pages    = 4
)

// counters are one mapping's lines of /proc/self/smaps, in kB.
type counters struct {
	rss, pss, sharedDirty, privateDirty, privateClean int
}

func (c counters) String() string {
	return fmt.Sprintf("Rss %2d  Pss %2d  Shared_Dirty %2d  Private_Dirty %2d  Private_Clean %2d", c.rss, c.pss, c.sharedDirty, c.privateDirty, c.privateClean)
}

// smapsOf returns the counters of the mapping that starts at addr.
func smapsOf(addr uintptr) (counters, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return counters{}, err
	}
	defer f.Close()
	var c counters
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		if lo, _, ok := strings.Cut(fields[0], "-"); ok && !strings.HasSuffix(fields[0], ":") {
			start, _ := strconv.ParseUint(lo, 16, 64)
			in = uintptr(start) == addr // a new mapping's header line
			continue
		}
		if !in || len(fields) < 2 {
			continue
		}
		n, _ := strconv.Atoi(fields[1])
		switch fields[0] {
		case "Rss:":
			c.rss = n
		case "Pss:":
			c.pss = n
		case "Shared_Dirty:":
			c.sharedDirty = n
		case "Private_Dirty:":
			c.privateDirty = n
		case "Private_Clean:":
			c.privateClean = n
		}
	}
	return c, sc.Err()
}

func main() {
	f, err := os.CreateTemp("", "cow-*.bin")
	if err != nil {
		fmt.Println("temp file:", err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if _, err := f.Write(make([]byte, pages*pageSize)); err != nil {
		fmt.Println("write:", err)
		return
	}
	mapping := func() []byte {
		b, err := syscall.Mmap(int(f.Fd()), 0, pages*pageSize, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
		if err != nil {
			fmt.Println("mmap:", err)
			os.Exit(1)
		}
		return b
	}
	a, b := mapping(), mapping()
	defer syscall.Munmap(a)
	defer syscall.Munmap(b)

	// Reading maps the page-cache pages into both: nothing is copied.
	sum := 0
	for p := range pages {
		sum += int(a[p*pageSize]) + int(b[p*pageSize])
	}
	show := func(what string) {
		ca, err := smapsOf(uintptr(unsafe.Pointer(&a[0])))
		if err != nil {
			fmt.Println("smaps:", err)
			os.Exit(1)
		}
		cb, _ := smapsOf(uintptr(unsafe.Pointer(&b[0])))
		fmt.Printf("%-16s A: %v\n%-16s B: %v\n", what, ca, "", cb)
	}
	show("both read")
	for p := range pages {
		a[p*pageSize] = byte(p + 1) // a write fault: the kernel copies this one page for A
		show(fmt.Sprintf("A wrote page %d", p))
	}
	fmt.Println("sum of the bytes read first:", sum)
}
