package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Targets of issue 14, part 4.
const (
	targetSpeedup = 50.0 // Python's wall time / ProcLab's, at least
	targetMemory  = 1.0  // ProcLab's peak RSS / Python's, at most
)

// writeReport prints the header (binaries, runs), then one Markdown table
// per ProcLab side with one row per workload, then the notes: output
// differences and failed runs.
func writeReport(w io.Writer, s setup, cfg config, rows []row) {
	for _, sd := range s.sides {
		fmt.Fprintf(w, "ProcLab (%s): %s (%d timed runs each)\n", sd.name, strings.Join(append([]string{sd.path}, sd.prefix...), " ")+" SIM ...", cfg.runs)
	}
	if s.checkout != "" {
		fmt.Fprintf(w, "Python:  %s (%s) on %s (%d timed runs each)\n", s.python, s.pythonVer, s.checkout, cfg.pythonRuns)
	}
	if s.ownProgram {
		fmt.Fprintf(w, "x86 program: ProcLab's own spin lock (%s), not test-and-set.s\n", s.x86Program)
	}
	fmt.Fprintf(w, "Machine: %d CPUs (runtime.NumCPU), %s/%s; wall = median, start-up included; RSS = largest peak (wait4)\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
	floor := selfPeakRSS()
	if floor > 0 {
		// Linux records the peak of the memory a child had before exec: for
		// os/exec's vfork, this process's own peak.
		fmt.Fprintf(w, "RSS floor: %s (this bench's own peak, which wait4 also reports for a child that stays below it: an RSS shown as \"≤ floor\" is at most that, the child's own peak unknown)\n", fmtMiB(floor))
	}
	var notes []string
	note := func(s string) string {
		if i := slices.Index(notes, s); i >= 0 { // the same failed run in both tables
			return fmt.Sprintf("(%d)", i+1)
		}
		notes = append(notes, s)
		return fmt.Sprintf("(%d)", len(notes))
	}
	for i, sd := range s.sides {
		fmt.Fprintf(w, "\nProcLab as %s\n\n", sd.title())
		if s.checkout == "" {
			fmt.Fprintln(w, "| workload | output | same | ProcLab wall | fastest | CPU | peak RSS |")
			fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
			for _, r := range rows {
				m := r.pl[i]
				if m.Err != nil {
					fmt.Fprintf(w, "| %s | failed %s | | | | | |\n", r.w.Name, note(m.Err.Error()))
					continue
				}
				fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", r.w.Name, fmtBytes(m.Bytes), sameCell(r, i, i > 0, sd.name, s.sides[0].name, note),
					fmtDuration(m.Wall), fmtDuration(m.MinWall), fmtDuration(m.CPU), fmtRSS(m.MaxRSS, floor))
			}
			continue
		}
		fmt.Fprintln(w, "| workload | output | same | ProcLab wall | CPU | RSS | Python wall | CPU | RSS | speed-up | (CPU) | memory | ≥ 50× | ≤ 1× |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
		for _, r := range rows {
			m := r.pl[i]
			cells := []string{r.w.Name, fmtBytes(m.Bytes), sameCell(r, i, true, sd.name, "Python", note)}
			cells = append(cells, sideCells(m, floor, note)...)
			cells = append(cells, sideCells(*r.py, floor, note)...)
			sp, spCPU, mem := ratios(m, *r.py)
			cells = append(cells, sp, spCPU, mem, verdict(m, *r.py, true), verdict(m, *r.py, false))
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

// sameCell says whether side i's output (the side named name) equals the
// reference's (Python's, or the first side's, named ref): "yes", "NO" or
// "known" with a note, "?" when the comparison failed, "-" when a run
// failed or nothing was compared (compared false: the first side without
// Python).
func sameCell(r row, i int, compared bool, name, ref string, note func(string) string) string {
	switch {
	case !compared:
		return "-"
	case r.err != nil:
		return "? " + note("comparing: "+r.err.Error())
	case r.pl[i].Err != nil || (r.py != nil && r.py.Err != nil):
		return "-"
	}
	differ := strings.Replace(strings.Replace(r.differ[i], ": ProcLab ", ": "+name+" ", 1), ", Python ", ", "+ref+" ", 1)
	switch {
	case differ != "" && r.w.Known != "":
		return "known " + note(r.w.Name+" ("+name+"): "+r.w.Known+" (first difference: "+differ+")")
	case differ != "":
		return "NO " + note(r.w.Name+" ("+name+"): "+differ)
	}
	return "yes"
}

// fmtRSS is fmtMiB, or "≤ floor" when n is not above the bench's own peak
// (then wait4 reported the floor, not the child's peak).
func fmtRSS(n, floor int64) string {
	if floor > 0 && n <= floor {
		return "≤ " + fmtMiB(floor)
	}
	return fmtMiB(n)
}

// sideCells is one side's three cells: wall time, CPU time and peak RSS,
// or the failure.
func sideCells(m measured, floor int64, note func(string) string) []string {
	if m.Err != nil {
		return []string{"failed " + note(m.Err.Error()), "", ""}
	}
	return []string{fmtDuration(m.Wall), fmtDuration(m.CPU), fmtRSS(m.MaxRSS, floor)}
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
