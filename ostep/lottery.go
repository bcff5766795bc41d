package ostep

import (
	"strings"
)

// lottery.py: lottery scheduling with a fixed quantum (SEMANTICS §4).

type lotteryJob struct {
	run, tickets int
}

// ticketsNeverRunOut reports whether the draws surely always have tickets
// to draw from: every job holds some (so the unfinished ones hold a
// positive total) and few enough that their sum cannot overflow.
func ticketsNeverRunOut(tix []int) bool {
	for _, t := range tix {
		if t <= 0 || t > 1<<40 {
			return false
		}
	}
	return true
}

func runLottery(args []string, out *printer) error {
	const prog = "lottery.py"
	var (
		jobs, maxLen, maxTicket, quantum int
		seed                             pyInt
		jlist                            string
		solve                            bool
	)
	fs := newFlagSet(prog)
	fs.seedVar(&seed, "-s", "--seed", 0, "the random seed")
	fs.intVar(&jobs, "-j", "--jobs", 3, "number of jobs in the system")
	fs.stringVar(&jlist, "-l", "--jlist", "", "instead of random jobs, provide a comma-separated list of run times and ticket values (e.g., 10:100,20:100 would have two jobs with run-times of 10 and 20, each with 100 tickets)")
	fs.intVar(&maxLen, "-m", "--maxlen", 10, "max length of job")
	fs.intVar(&maxTicket, "-T", "--maxticket", 100, "maximum ticket value, if randomly assigned")
	fs.intVar(&quantum, "-q", "--quantum", 1, "length of time slice")
	fs.boolVar(&solve, "-c", "--compute", "compute answers for me")
	if err := fs.parse(args); err != nil {
		return err
	}

	rng := seed.rng()
	var list []lotteryJob
	if jlist != "" {
		absTickets := 0
		for _, spec := range strings.Split(jlist, ",") {
			rs, ts, ok := strings.Cut(spec, ":")
			run, ok1 := parsePyInt(rs)
			tix, ok2 := parsePyInt(ts)
			if !ok || !ok1 || !ok2 {
				return inputError(prog, "bad job %s in -l (want run:tickets)", pyQuote(spec))
			}
			// Python adds any tickets exactly, negative ones too (a
			// negative total draws with Python's modulo, pyMod); here
			// their sizes together stay within 2^62, so every sum is exact.
			if a := max(tix, -tix); a > 1<<62-absTickets {
				return inputError(prog, "the tickets of -l add up to more than 2^62, beyond this simulator")
			} else {
				absTickets += a
			}
			list = append(list, lotteryJob{run: run, tickets: tix})
			if len(list) > MaxJobs {
				return inputError(prog, "more than %d jobs", MaxJobs)
			}
		}
	} else {
		if jobs > MaxJobs {
			return inputError(prog, "more than %d jobs", MaxJobs)
		}
		// Each redraw loop ends only if a draw can be nonzero.
		if jobs > 0 && (maxLen >= -1 && maxLen <= 1 || maxTicket < 2) {
			return inputError(prog, "option -m must not be in -1..1 and -T must be at least 2, or the random draws never end")
		}
		for range max(jobs, 0) {
			run := 0
			for run == 0 {
				run = pyTrunc(float64(maxLen) * rng.random())
			}
			tix := 0
			for tix == 0 {
				tix = pyTrunc(float64(maxTicket) * rng.random())
			}
			list = append(list, lotteryJob{run: run, tickets: tix})
		}
	}
	totalRun := 0
	for _, j := range list {
		totalRun += max(j.run, 0)
		if j.run > MaxSteps || totalRun > MaxSteps {
			return stepLimit(prog)
		}
	}

	out.f("ARG jlist %s\n", jlist)
	out.f("ARG jobs %d\n", jobs)
	out.f("ARG maxlen %d\n", maxLen)
	out.f("ARG maxticket %d\n", maxTicket)
	out.f("ARG quantum %d\n", quantum)
	out.f("ARG seed %s\n", seed.String())
	out.line("")
	out.line("Here is the job list, with the run time of each job: ")
	for i, j := range list {
		out.f("  Job %d ( length = %d, tickets = %d )\n", i, j.run, j.tickets)
	}
	out.line("")
	out.line("")

	if !solve {
		out.line("Here is the set of random numbers you will need (at most):")
		for range totalRun {
			out.f("Random %d\n", pyTrunc(rng.random()*1000001))
		}
		return nil
	}

	out.line("** Solutions **")
	out.line("")
	left := make([]int, len(list))
	tix := make([]int, len(list))
	total, running := 0, 0
	for i, j := range list {
		left[i], tix[i] = j.run, j.tickets
		total += j.tickets
		running++
	}
	if out.dry() && ticketsNeverRunOut(tix) {
		// A dry pass looks for errors, and the only one the draws can meet,
		// running out of tickets, needs a job without tickets (or a total
		// that overflows): nothing to find.
		return nil
	}
	clock, winner := 0, -1
	for range totalRun {
		r := pyTrunc(rng.random() * 1000001)
		if total == 0 {
			return inputError(prog, "no tickets left to draw from (integer modulo by zero)")
		}
		w := pyMod(r, total)
		// The winner is the first job whose running count of tickets
		// passes w. With negative tickets there may be none: the script
		// then runs the last draw's winner again, and on the first draw
		// stops with a NameError.
		counter := 0
		for i := range list {
			counter += tix[i]
			if counter > w {
				winner = i
				break
			}
		}
		if winner < 0 {
			return inputError(prog, "no job holds the winning ticket %d of %d (Python stops with a NameError)", w, total)
		}
		// "Random %d -> Winning ticket %d (of %d) -> Run %d", "  Jobs:", then
		// " (%s job:%d timeleft:%d tix:%s ) " for each job on one line.
		if b, ok := out.start(); ok {
			b = appendInt(append(b, "Random "...), int64(r))
			b = appendInt(append(b, " -> Winning ticket "...), int64(w))
			b = appendInt(append(b, " (of "...), int64(total))
			b = appendInt(append(b, ") -> Run "...), int64(winner))
			b = append(b, "\n  Jobs:\n"...)
			for i := range list {
				mark := byte(' ')
				if i == winner {
					mark = '*'
				}
				b = appendInt(append(b, ' ', '(', mark, ' ', 'j', 'o', 'b', ':'), int64(i))
				b = appendInt(append(b, " timeleft:"...), int64(left[i]))
				b = append(b, " tix:"...)
				if left[i] != 0 {
					b = appendInt(b, int64(tix[i]))
				} else {
					b = append(b, "---"...)
				}
				b = append(b, " ) "...)
			}
			out.done(append(b, '\n'))
		}
		// The clock advances a full quantum even when the job needs less.
		left[winner] = max(0, left[winner]-quantum)
		clock += quantum
		if left[winner] == 0 {
			out.f("--> JOB %d DONE at time %d\n", winner, clock)
			total -= tix[winner]
			tix[winner] = 0
			running--
		}
		if running == 0 {
			out.line("")
			break
		}
	}
	return nil
}

// pyMod is Python's a % b (b != 0): the result has the sign of b.
func pyMod(a, b int) int {
	m := a % b
	if m != 0 && (m < 0) != (b < 0) {
		m += b
	}
	return m
}
