package lab

import "proclab/sim"

// Every use-case limit of the lab, in one place. A client reads them from
// Current (the server sends them in its hello message) and never keeps
// copies. Sizes are in bytes, durations in steps (ticks), speeds in steps
// per second.
const (
	// Runs opened in the stepper.
	MaxScenarioBytes = sim.MaxScenarioBytes // a scenario's text
	MaxChoices       = 100_000              // the choice list of a load
	MaxSteps         = 1_000_000            // steps recorded per run
	MaxTaskSteps     = 64_000_000           // recording budget: steps × tasks a run may create (see StepsFor)
	MinStepsPerRun   = 1000                 // MaxTaskSteps never lowers the step limit below this
	Window           = 200                  // steps of history a snapshot carries at most
	WindowEvents     = 3000                 // events a snapshot's window carries at most, unless its last step alone has more (source.go, windowLengths)
	MinSpeed         = 0.25                 // play speed, steps per second
	MaxSpeed         = 1000.0
	DefaultSpeed     = 2.0
	MaxExploreStates = 200_000  // distinct states one explore may expand
	MaxExploreBytes  = 64 << 20 // memory of the engines one explore keeps (sim.ExploreOptions.MaxBytes)

	// OSTEP homework runs opened in the stepper.
	MaxOstepArgsBytes  = 1024     // an OSTEP command line
	MaxX86SourceBytes  = 16 << 10 // an x86.py program's text
	MaxX86Steps        = 10_000   // instructions drawn
	MaxX86Threads      = 8
	MaxProcessRunProcs = 32     // process-run processes drawn
	MaxProcessRunTicks = 10_000 // process-run ticks drawn

	// The scheduling view (one request schedules everything at once).
	MaxSchedCPUs       = sim.MaxCPUs
	MaxSchedSwitchCost = 10  // ticks
	MaxSchedQuantum    = 100 // ticks
	MaxSchedJobs       = 32
	MaxSchedBursts     = 201 // CPU and I/O bursts of one job
	MaxSchedBurst      = 1000
	MaxSchedArrival    = 1000
	MaxSchedRuns       = 12   // policies compared in one request
	MaxSchedTicks      = 5000 // ticks one schedule may take
	MaxSchedMLFQLevels = sim.MaxMLFQLevels
)

// StepsFor is the step limit for a run of sc: MaxSteps, lowered so that
// steps × tasks stays within MaxTaskSteps. A recording keeps a checkpoint
// every sim.DefaultCheckpointEvery steps, and each is a copy of the engine's
// task table, which holds every task the run created, reaped ones included.
// max_tasks counts only the tasks alive at once, so the tasks counted here
// are max(max_tasks, sc.CreationBound()): 1 + the processes unless a
// program forks, else the whole task table (sim.MaxTasksCreated, 16,384),
// since a fork/wait loop creates tasks for as long as it runs. A run that
// forks thus records at most 3,906 steps, and a recording holds at most
// (steps/1024 + 1) × tasks task records: about 25 MiB of checkpoints for the
// budget plus one full table (6.5 MiB) at worst.
func StepsFor(sc *sim.Scenario) int64 {
	return max(MinStepsPerRun, min(MaxSteps, MaxTaskSteps/int64(max(1, sc.MaxTasks, sc.CreationBound()))))
}

// Limits is every limit a client needs to refuse, before sending, what the
// lab would reject. Current returns the values in force.
type Limits struct {
	ScenarioBytes, Choices, Steps, ExploreStates int64
	OstepArgsBytes, X86SourceBytes               int64
	MinSpeed, MaxSpeed                           float64
	SchedCPUs, SchedSwitchCost, SchedQuantum     int64
	SchedJobs, SchedBursts, SchedRuns            int64
	SchedTicks                                   int64
}

// Current returns the lab's limits.
func Current() Limits {
	return Limits{
		ScenarioBytes: MaxScenarioBytes, Choices: MaxChoices, Steps: MaxSteps, ExploreStates: MaxExploreStates,
		OstepArgsBytes: MaxOstepArgsBytes, X86SourceBytes: MaxX86SourceBytes,
		MinSpeed: MinSpeed, MaxSpeed: MaxSpeed,
		SchedCPUs: MaxSchedCPUs, SchedSwitchCost: MaxSchedSwitchCost, SchedQuantum: MaxSchedQuantum,
		SchedJobs: MaxSchedJobs, SchedBursts: MaxSchedBursts, SchedRuns: MaxSchedRuns, SchedTicks: MaxSchedTicks,
	}
}
