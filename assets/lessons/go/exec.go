//go:build ignore

// The Go twin of the lesson "exec": fork vs exec, seen in /proc/self/maps.
//
// exec.Command starts a new process (a new PID; Go does clone with
// CLONE_VFORK and then execve, no plain fork). syscall.Exec is execve
// itself: the same process, the same PID, a new image, with a new address
// space: with address randomisation on, its stack lands at a new address
// (a Go binary is not position-independent by default, so its code stays
// at 0x400000, and the Go runtime keeps its heap in mmap'd arenas, not in
// [heap]).
//
// The child started here writes to its own code: the text is mapped
// read-only (r-xp), so the CPU faults and the kernel sends SIGSEGV. A C
// program would die of it; the Go runtime catches SIGSEGV and ends the
// program itself with "fatal error: fault" and exit status 2.
//
// Every address printed is below 0x7fffffffffff: user space on x86-64 is
// 128 TiB (47 bits), not 2^64 bytes.
package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

const userEnd = 0x7fffffffffff // the last user address with 4-level paging

// regions prints the lines of /proc/self/maps for the program's code, its
// heap and its stack, and checks that every mapping ends in user space.
func regions(exe string) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		fmt.Println("maps:", err)
		return
	}
	defer f.Close()
	below := true
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 5 {
			continue
		}
		_, hi, _ := strings.Cut(fields[0], "-")
		end, _ := strconv.ParseUint(hi, 16, 64)
		name := ""
		if len(fields) >= 6 {
			name = fields[5]
		}
		if name == "[vsyscall]" {
			continue // a legacy page the kernel maps above user space, the same in every process
		}
		below = below && end-1 <= userEnd
		if name == "[stack]" || name == "[heap]" || (name == exe && fields[1] == "r-xp") {
			fmt.Printf("  %-28s %s %s\n", fields[0], fields[1], name)
		}
	}
	fmt.Printf("  every mapping ends at or below %#x: %v\n", uint64(userEnd), below)
}

// writeText writes one byte at the start of the function main: into the text.
func writeText() {
	code := (*byte)(unsafe.Pointer(reflect.ValueOf(main).Pointer()))
	*code = 0
	fmt.Println("the write to the text went through (it never should)")
}

func main() {
	exe, err := os.Executable()
	if err != nil {
		fmt.Println("executable:", err)
		return
	}
	switch {
	case len(os.Args) > 1 && os.Args[1] == "segv":
		writeText()
		return
	case len(os.Args) > 2 && os.Args[1] == "after-exec":
		fmt.Printf("after execve: PID %d (before it was %s): the same process, a new address space\n", os.Getpid(), os.Args[2])
		regions(exe)
		return
	}
	fmt.Printf("before: PID %d\n", os.Getpid())
	regions(exe)

	// fork+exec: a new process with a new PID.
	cmd := exec.Command(exe, "segv")
	out, err := cmd.CombinedOutput()
	line := ""
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "[signal ") {
			line, _, _ = strings.Cut(strings.TrimPrefix(l, "["), " addr=")
		}
	}
	fmt.Printf("a child (PID %d) wrote to its text: %v (%s)\n", cmd.Process.Pid, err, line)

	// exec alone: this process (same PID) becomes a new image of the program.
	err = syscall.Exec(exe, []string{exe, "after-exec", strconv.Itoa(os.Getpid())}, os.Environ())
	fmt.Println("execve failed:", err) // only reached when execve fails
}
