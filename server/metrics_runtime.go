package server

import (
	"runtime"

	"github.com/prometheus/procfs"
)

// scrapeGo writes Go's runtime metrics under the names Prometheus's Go
// client uses (go_goroutines, go_memstats_*...), so dashboards and the
// load tool (cmd/proclab-load reads go_goroutines and
// go_memstats_heap_inuse_bytes) read them as before. runtime.ReadMemStats
// stops the world for tens of microseconds: a scrape, not a hot path.
func scrapeGo(e *exposition) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	threads, _ := runtime.ThreadCreateProfile(nil)
	e.single("go_goroutines", gauge, "Number of goroutines that currently exist.", float64(runtime.NumGoroutine()))
	e.single("go_threads", gauge, "Number of OS threads created.", float64(threads))
	e.single("go_sched_gomaxprocs_threads", gauge, "GOMAXPROCS: the OS threads that can run Go code at once.", float64(runtime.GOMAXPROCS(0)))
	e.head("go_info", gauge, "Information about the Go environment.")
	e.sample("go_info", []string{"version"}, []string{runtime.Version()}, 1)
	e.head("go_gc_duration_seconds", "summary", "Time the garbage collector's stop-the-world pauses took, in seconds.")
	e.sample("go_gc_duration_seconds_sum", nil, nil, float64(ms.PauseTotalNs)/1e9)
	e.sample("go_gc_duration_seconds_count", nil, nil, float64(ms.NumGC))
	for _, m := range []struct {
		name string
		kind metricKind
		help string
		v    uint64
	}{
		{"go_memstats_alloc_bytes", gauge, "Bytes of heap objects allocated and not yet freed.", ms.Alloc},
		{"go_memstats_alloc_bytes_total", counter, "Bytes of heap objects allocated, freed or not.", ms.TotalAlloc},
		{"go_memstats_sys_bytes", gauge, "Bytes obtained from the system.", ms.Sys},
		{"go_memstats_mallocs_total", counter, "Heap objects allocated.", ms.Mallocs},
		{"go_memstats_frees_total", counter, "Heap objects freed.", ms.Frees},
		{"go_memstats_heap_alloc_bytes", gauge, "Bytes of heap objects allocated and not yet freed.", ms.HeapAlloc},
		{"go_memstats_heap_sys_bytes", gauge, "Bytes of heap memory obtained from the system.", ms.HeapSys},
		{"go_memstats_heap_idle_bytes", gauge, "Bytes of heap spans with no object in them.", ms.HeapIdle},
		{"go_memstats_heap_inuse_bytes", gauge, "Bytes of heap spans with at least one object.", ms.HeapInuse},
		{"go_memstats_heap_released_bytes", gauge, "Bytes of heap memory returned to the system.", ms.HeapReleased},
		{"go_memstats_heap_objects", gauge, "Heap objects allocated and not yet freed.", ms.HeapObjects},
		{"go_memstats_stack_inuse_bytes", gauge, "Bytes of stack spans in use.", ms.StackInuse},
		{"go_memstats_stack_sys_bytes", gauge, "Bytes of stack memory obtained from the system.", ms.StackSys},
		{"go_memstats_next_gc_bytes", gauge, "Heap size at which the next collection starts, in bytes.", ms.NextGC},
	} {
		e.single(m.name, m.kind, m.help, float64(m.v))
	}
	e.single("go_memstats_last_gc_time_seconds", gauge, "When the last collection ended, in seconds since 1970.", float64(ms.LastGC)/1e9)
}

// scrapeProcess writes the process's metrics under the names of
// Prometheus's process collector, read from /proc/self (procfs). Nothing
// is written where /proc cannot be read.
func scrapeProcess(e *exposition) {
	p, err := procfs.Self()
	if err != nil {
		return
	}
	if st, err := p.Stat(); err == nil {
		e.single("process_cpu_seconds_total", counter, "User and system CPU time spent, in seconds.", st.CPUTime())
		e.single("process_virtual_memory_bytes", gauge, "Virtual memory size, in bytes.", float64(st.VirtualMemory()))
		e.single("process_resident_memory_bytes", gauge, "Resident memory size, in bytes.", float64(st.ResidentMemory()))
		if start, err := st.StartTime(); err == nil {
			e.single("process_start_time_seconds", gauge, "When the process started, in seconds since 1970.", start)
		}
	}
	if n, err := p.FileDescriptorsLen(); err == nil {
		e.single("process_open_fds", gauge, "Open file descriptors.", float64(n))
	}
	if l, err := p.Limits(); err == nil {
		e.single("process_max_fds", gauge, "The most file descriptors the process may open.", float64(l.OpenFiles))
	}
}
