package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
)

// Targets of issue 14, part 4.
const (
	targetSpeedup = 50.0 // Python's wall time / ProcLab's, at least
	targetMemory  = 1.0  // ProcLab's peak RSS / Python's, at most
)

// writeReport prints the header (binaries, runs) and one Markdown table row
// per workload, then the notes: output differences and failed runs.
func writeReport(w io.Writer, s setup, cfg config, rows []row) {
	fmt.Fprintf(w, "ProcLab: %s ostep ... (%d timed runs each)\n", s.proclab, cfg.runs)
	if s.checkout != "" {
		fmt.Fprintf(w, "Python:  %s (%s) on %s (%d timed runs each)\n", s.python, s.pythonVer, s.checkout, cfg.pythonRuns)
	}
	if s.ownProgram {
		fmt.Fprintf(w, "x86 program: ProcLab's own spin lock (%s), not test-and-set.s\n", s.x86Program)
	}
	fmt.Fprintf(w, "Machine: %d CPUs (runtime.NumCPU), %s/%s; wall = median, start-up included; RSS = largest peak (wait4)\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	if floor := selfPeakRSS(); floor > 0 {
		// Linux records the peak of the memory a child had before exec: for
		// os/exec's vfork, this process's own peak.
		fmt.Fprintf(w, "RSS floor: %s (this bench's own peak, which wait4 also reports for a child that stays below it)\n", fmtMiB(floor))
	}
	fmt.Fprintln(w)
	var notes []string
	note := func(s string) string {
		notes = append(notes, s)
		return fmt.Sprintf("(%d)", len(notes))
	}
	if s.checkout == "" {
		fmt.Fprintln(w, "| workload | output | ProcLab wall | fastest | CPU | peak RSS |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|")
		for _, r := range rows {
			if r.pl.Err != nil {
				fmt.Fprintf(w, "| %s | failed %s | | | | |\n", r.w.Name, note(r.pl.Err.Error()))
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", r.w.Name, fmtBytes(r.pl.Bytes), fmtDuration(r.pl.Wall), fmtDuration(r.pl.MinWall), fmtDuration(r.pl.CPU), fmtMiB(r.pl.MaxRSS))
		}
	} else {
		fmt.Fprintln(w, "| workload | output | same | ProcLab wall | CPU | RSS | Python wall | CPU | RSS | speed-up | (CPU) | memory | ≥ 50× | ≤ 1× |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
		for _, r := range rows {
			same := "yes"
			switch {
			case r.err != nil:
				same = "? " + note("comparing: "+r.err.Error())
			case r.pl.Err != nil || r.py.Err != nil:
				same = "-"
			case r.differ != "" && r.w.Known != "":
				same = "known " + note(r.w.Name+": "+r.w.Known+" (first difference: "+r.differ+")")
			case r.differ != "":
				same = "NO " + note(r.w.Name+": "+r.differ)
			}
			cells := []string{r.w.Name, fmtBytes(r.pl.Bytes), same}
			cells = append(cells, sideCells(r.pl, note)...)
			cells = append(cells, sideCells(*r.py, note)...)
			sp, spCPU, mem := ratios(r.pl, *r.py)
			cells = append(cells, sp, spCPU, mem, verdict(r.pl, *r.py, true), verdict(r.pl, *r.py, false))
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for i, n := range notes {
			fmt.Fprintf(w, "(%d) %s\n", i+1, n)
		}
	}
}

// sideCells is one side's three cells: wall time, CPU time and peak RSS,
// or the failure.
func sideCells(m measured, note func(string) string) []string {
	if m.Err != nil {
		return []string{"failed " + note(m.Err.Error()), "", ""}
	}
	return []string{fmtDuration(m.Wall), fmtDuration(m.CPU), fmtMiB(m.MaxRSS)}
}

// ratios are the speed-up (Python's median wall time over ProcLab's), the
// same for CPU time (user + system: less sensitive to other load on the
// machine) and the memory ratio (ProcLab's peak RSS over Python's),
// formatted, or "-" when a side failed.
func ratios(pl, py measured) (speedup, speedupCPU, memory string) {
	if pl.Err != nil || py.Err != nil || pl.Wall <= 0 || py.MaxRSS <= 0 {
		return "-", "-", "-"
	}
	speedupCPU = "-"
	if pl.CPU > 0 {
		speedupCPU = fmt.Sprintf("%.1f×", float64(py.CPU)/float64(pl.CPU))
	}
	return fmt.Sprintf("%.1f×", float64(py.Wall)/float64(pl.Wall)), speedupCPU, fmt.Sprintf("%.2f×", float64(pl.MaxRSS)/float64(py.MaxRSS))
}

// verdict says whether the speed target (speed true) or the memory target
// is met: "yes", "no", or "-" when a side failed.
func verdict(pl, py measured, speed bool) string {
	if pl.Err != nil || py.Err != nil || pl.Wall <= 0 || py.MaxRSS <= 0 {
		return "-"
	}
	var met bool
	if speed {
		met = float64(py.Wall) >= targetSpeedup*float64(pl.Wall)
	} else {
		met = float64(pl.MaxRSS) <= targetMemory*float64(py.MaxRSS)
	}
	if met {
		return "yes"
	}
	return "no"
}

// fmtDuration shows d with three significant digits: 0.853 ms, 12.3 ms,
// 7.69 s.
func fmtDuration(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	switch {
	case ms < 1:
		return fmt.Sprintf("%.3f ms", ms)
	case ms < 10:
		return fmt.Sprintf("%.2f ms", ms)
	case ms < 1000:
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.2f s", ms/1000)
}

// fmtBytes shows an output size in decimal units: 612 B, 4.4 kB, 50.6 MB.
func fmtBytes(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1_000_000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// fmtMiB shows a memory size in MiB with one decimal.
func fmtMiB(n int64) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
