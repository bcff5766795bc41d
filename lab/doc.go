// Package lab is what a learner can do in ProcLab, as values in and values
// out: open a lesson or a scenario and move through its run (load, step,
// seek, choose, explore), schedule a workload under any policy and grade a
// schedule made by hand, open an OSTEP homework run, and read the built-in
// lessons of both formats (simulated scenarios and live-lab scripts). A
// simulated lesson is a scenario or a Go program (compiled by gofront), and
// each has its Go: the program itself, or the scenario's Go twin.
//
// The contract:
//   - lab knows nothing of transports: no net/http, no JSON, no goroutines,
//     no clock (the JSON records the server and `proclab run --json` share
//     live in server/records.go). A caller (the server, a test, a command)
//     owns each Session and calls it from one goroutine at a time; nothing here is safe for
//     concurrent use unless its doc comment says so (Lessons and LiveLesson
//     values are read-only after loading and may be shared).
//   - Every use-case limit is a named constant in limits.go; Current
//     collects them for a client to read, so that no client keeps copies.
//   - Every failure a learner can cause is an *Error with a Code from
//     errors.go; anything else is a bug.
//   - Runs are deterministic: a scenario, a seed and a choice list always
//     give the same steps (sim's promise), and sim.SemanticsVersion says
//     which engine behaviour a share link was made with.
package lab
