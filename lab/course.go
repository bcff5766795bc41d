package lab

// The course's table of contents: the chapters and sections of the course
// ProcLab teaches (docs/course.md), in the course's order and numbering,
// each section with the lessons that show it. The welcome page lists it
// (GET /api/course) so that a teacher can follow the course in order.
// TestCourseTableMatchesMap keeps this table and docs/course.md naming the
// same lessons in the same order, section by section.

// Kinds of CourseRef.
const (
	CourseBuiltin = "lesson" // a built-in lesson (assets/lessons)
	CourseLive    = "live"   // a live lesson (assets/live)
)

// CourseRef names one lesson of a course section: Kind is CourseBuiltin or
// CourseLive, ID the lesson's id.
type CourseRef struct {
	Kind, ID string
}

// CourseSection is one chapter or section of the course. Number is the
// course's own ("一" for a chapter, "1.1" for a section); Heading is its
// heading in Chinese (the course's) and English; Lessons are the lessons
// that show it, in docs/course.md's order (none for a chapter, and none
// for a section no lesson shows yet).
type CourseSection struct {
	Number  string
	Chapter bool
	Heading Text
	Lessons []CourseRef
}

// courseBuiltins returns refs to the built-in lessons ids, in order.
func courseBuiltins(ids ...string) []CourseRef {
	out := make([]CourseRef, 0, len(ids))
	for _, id := range ids {
		out = append(out, CourseRef{Kind: CourseBuiltin, ID: id})
	}
	return out
}

// courseLives returns refs to the live lessons ids, in order.
func courseLives(ids ...string) []CourseRef {
	out := make([]CourseRef, 0, len(ids))
	for _, id := range ids {
		out = append(out, CourseRef{Kind: CourseLive, ID: id})
	}
	return out
}

// courseRefs joins lists of refs, in order.
func courseRefs(parts ...[]CourseRef) []CourseRef {
	var out []CourseRef
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Course returns the course's table of contents, a new copy on each call
// (callers may change it). It is safe for concurrent use.
func Course() []CourseSection {
	return []CourseSection{
		{Number: "一", Chapter: true, Heading: Text{Zh: "多进程编程", En: "Multi-process programming"}},
		{Number: "1.1", Heading: Text{Zh: "进程的定义", En: "What a process is"},
			Lessons: courseRefs(courseBuiltins("process-program", "lifecycle", "lost-update"), courseLives("states"))},
		{Number: "1.2", Heading: Text{Zh: "进程的衍生", En: "Creating processes: fork, copy-on-write, exec, the process tree"},
			Lessons: courseRefs(courseBuiltins("fork-exec", "exec", "lifecycle", "cow"), courseLives("cow"), courseBuiltins("orphans"), courseLives("orphans"))},
		{Number: "1.3", Heading: Text{Zh: "进程的标识", En: "Process identity: the descriptor, PID and PPID"},
			Lessons: courseRefs(courseBuiltins("lifecycle", "orphans"), courseLives("orphans"), courseBuiltins("pids"), courseLives("pids"), courseBuiltins("syscalls"))},
		{Number: "1.4", Heading: Text{Zh: "进程的状态", En: "The states of a process"},
			Lessons: courseRefs(courseBuiltins("cpu-vs-io", "signals", "two-kinds-of-d", "ptrace", "job-control", "lifecycle", "sigchld"), courseLives("states", "zombies", "signals"))},
		{Number: "1.5", Heading: Text{Zh: "进程的空间", En: "The address space of a process"},
			Lessons: courseRefs(courseBuiltins("exec", "cow"), courseLives("cow"))},
		{Number: "二", Chapter: true, Heading: Text{Zh: "系统调用", En: "System calls"}},
		{Number: "2.1", Heading: Text{Zh: "内核态与用户态", En: "Kernel mode and user mode"},
			Lessons: courseRefs(courseBuiltins("syscalls"), courseLives("syscalls"), courseBuiltins("cow", "lifecycle", "mutex"), courseLives("states"))},
		{Number: "2.7", Heading: Text{Zh: "进程的切换和调度-上下文切换", En: "Switching and scheduling processes: the context switch"},
			Lessons: courseRefs(courseBuiltins("switch-cost"), courseLives("pingpong"), courseBuiltins("cpu-vs-io", "rr-quantum", "convoy", "sjf-srtf", "mlfq", "cfs-nice"), courseLives("states"))},
		{Number: "四", Chapter: true, Heading: Text{Zh: "进程通信", En: "Inter-process communication"}},
		{Number: "4.1", Heading: Text{Zh: "进程的通信方式", En: "The ways processes communicate (IPC)"},
			Lessons: courseRefs(courseBuiltins("pipes"), courseLives("ipc"), courseBuiltins("fifo"), courseLives("fifo"), courseBuiltins("mqueue"), courseLives("mqueue"),
				courseBuiltins("shm-sem"), courseLives("shm-sem", "lost-update"), courseBuiltins("sockets", "producer-consumer", "signals", "channel", "go-channel-buffer", "go-select-timeout"))},
		{Number: "4.2", Heading: Text{Zh: "同步", En: "Synchronisation"},
			Lessons: courseRefs(courseBuiltins("lost-update", "check-then-act", "atomic", "mutex", "deadlock", "producer-consumer", "peterson", "spin-vs-block",
				"go-race-detector", "go-counter", "go-waitgroup", "go-loop-variable", "shm-sem", "pipes", "syscalls"), courseLives("lost-update"))},
		{Number: "4.3", Heading: Text{Zh: "信号", En: "Signals"},
			Lessons: courseRefs(courseBuiltins("go-signals"), courseLives("go-signals"), courseBuiltins("syscalls", "signals", "sigchld", "two-kinds-of-d", "fork-exec", "job-control"), courseLives("signals"))},
		{Number: "4.4", Heading: Text{Zh: "socket", En: "Sockets"},
			Lessons: courseRefs(courseBuiltins("sockets"), courseLives("sockets", "ipc"))},
	}
}
