package main

// usageText is the -h text: every mode, its flags and its stated
// expectations (a failed expectation makes the exit status 1).
const usageText = `proclab-load: load, attack and soak a ProcLab server, and report its figures.

Usage:
  proclab-load classroom [flags]     a lecture hall of students stepping through lessons
  proclab-load room [flags]          a room of followers receiving the teacher's steps (one or two instances)
  proclab-load attack NAME [flags]   one attack: slowreader, idlews, oversize, leave, keepalive, or all
  proclab-load soak [flags]          random clients for a while; memory, fds and children must not leak

The server under test is either started by the tool (one fresh server per scenario, on a free
loopback port, stopped at the end) or given:
  --server-bin PATH   the proclab binary to start (e.g. go build -o /tmp/proclab-load-srv .)
  --server-args "..." more flags for that server, separated by spaces (not --addr)
  --url URL --pid PID a running server and its PID (its /proc figures need the PID)
  --allow-remote      allow a --url that is not on loopback (otherwise refused)
Common flags:
  --json              one JSON object with every result instead of tables
  --seed N            seed of every random choice (1)
  --sample-every D    period of the server's /proc samples (250ms; room 1s; soak 2s)
  --max-rss MiB       expected bound on the server's peak RSS (per scenario default below)
  --cpuprofile FILE   write this tool's own CPU profile (go tool pprof FILE)

Figures in every report: the server's RSS (VmRSS) and VmHWM, open fds (/proc/PID/fd), threads,
descendant processes, goroutines (go_goroutines at /metrics, if the server has it), CPU used;
/healthz probed every 100 ms on a new connection (p50/p99/max; a probe fails without a 200
within 2 s); legitimate clients served / refused (busy, HTTP 429/503) / failed; round trips.
Every scenario expects: the server stays up, and /healthz answers every probe.

classroom: --students N (1000) websocket clients connect in waves of --ramp (200) every
  --ramp-every (2s); each loads a built-in lesson (seeded choice from hello's list) and steps
  once every 2-5 s (one in eight a seek back) for --duration (45s).
  Expects: every student served; p99 step round trip <= --max-step-p99 (250ms); peak RSS <=
  --max-rss (1024 MiB).
  --play SPEED (0.25-1000 steps/s): a lecture hall. Every student loads, the server idles 3 s
  once all have loaded (memory read), then each presses play within one period of the others and
  plays for --duration, pressing play again when its run ends (memory read half way). Reported:
  the lateness of each played step (its events' arrival against the server's schedule: play sent
  + k periods), the server's VmRSS and Go heap in use per idle and per playing session (over its
  starting reading), and the CPU of the server, this tool and the other processes while playing.
  Expects: every student served; p99 lateness <= --max-step-p99; Go heap per idle session <= 1 MiB.
  --open-largest: each student opens the largest run the limits allow (3,030 tasks) at its last
  step, 3,906, as a class opens a teacher's share link, instead of a lesson. The load round trip
  (to the snapshot) is among the figures.

room: a teacher creates a room (POST /api/rooms) and joins /ws/room with its key; --followers
  (1000) join it by code, each from its own loopback address, in waves of --ramp (100) every
  --ramp-every (1s); then the teacher sends --steps (200) state messages at --rate (10) per second,
  one at a time, each a real share link (s=1. of the first lesson) whose step changes. Every member
  pings every --ping-every (30s), spread over the period. --url2 URL (--pid2 PID): a second
  instance sharing the first's NATS server; --share2 (0.5) of the followers join there (1: all).
  Reported: the latency from the teacher's send to each follower's receipt (p50/p95/p99/max, per
  instance with --url2), lost, late (over --late, 1s), duplicated and reordered states (waiting
  --grace (5s) after the last send), join times, ping round trips, the teacher's echo, the servers'
  VmRSS (needs --pid/--pid2) and go_memstats_heap_inuse_bytes (/metrics) and this tool's VmRSS and
  live Go heap, before the joins, once joined, after the steps and after leaving (each --settle
  (2s) after the phase), per follower; the CPU of the tool and of the servers during the joins and
  while the states flowed, and what the rest of the machine used meanwhile (/proc/stat).
  --join-timeout (15s) bounds a join; --heapprofile FILE writes the tool's heap profile once all
  have joined. Refused joins are listed with the server's exact code and message. Expects: every
  follower joins and receives every state; p99 <= --max-p99 (100ms); every ping answered; nobody
  disconnected; every state echoed to the teacher; peak RSS <= --max-rss (1024 MiB) on each
  instance with a PID.

attack slowreader: --clients (8) load a 4,096-task scenario (one process forking up to
  max_tasks 4096), send --seeks (250) seeks each and never read again; held --hold (30s) with a
  legitimate client every 5 s, then the attackers vanish. The hold ends early if the server's
  RSS passes --abort-rss (6144 MiB), to spare the machine. Expects: peak RSS <= --max-rss
  (512 MiB); every legitimate client served.
attack idlews: --clients (64) websockets finish the handshake and never send a byte; a
  legitimate client comes every 5 s for --hold (15s). Expects: every legitimate client served;
  peak RSS <= --max-rss (256 MiB).
attack oversize: a load 1 KiB over hello's message_bytes, a scenario over scenario_bytes, and
  --clients (8) 16 MiB messages at once. Expects: too_large error then close 1009 for the
  over-limit messages; too_large and a usable session for the long scenario; the legitimate
  client served; peak RSS <= --max-rss (256 MiB).
attack leave: --clients (8) send a costly command (half a 1,000,000-step recording with 64
  tasks, half an exploration) and drop the connection 50 ms later; the server's CPU
  (/proc/PID/stat) is watched every 100 ms for up to --observe (60s) while a legitimate client
  steps every 200 ms. Expects: the server quiet (<10% of a core over 1 s) within --max-busy (1s)
  of the last disconnect; the legitimate client served; peak RSS <= --max-rss (1024 MiB).
  Needs the PID.
attack keepalive: --conns (20000, capped by the open-file limit, which the tool raises as far as
  it may) HTTP keep-alive connections each send one GET /healthz and stay idle for --hold (20s);
  a legitimate client every 5 s. Expects: /healthz answers throughout; every legitimate client
  served; the server's fds back to the start (+2) within 10 s of the connections closing;
  peak RSS <= --max-rss (1024 MiB).
attack all: the five, in that order, each on a fresh server when --server-bin is given.

soak: --clients (12) simulation clients in a loop (connect, load a lesson, an OSTEP run or a
  threads scenario, step/seek/back/play/reset/explore, leave with or without a close handshake)
  and --live-clients (2) live-lab clients (spawn sleep, cpu and forker, STOP/CONT, KILL, reap,
  leave) if the lab is available, for --duration (60s); samples every --sample-every (2s).
  Expects: memory flat (median RSS of the last --window (min(1m, duration/5)) <= the first
  window's after --warmup (duration/6) x (1 + --rss-growth (0.25)) + --rss-slack (16) MiB;
  medians, because a burst of explorations lifts one sample and a leak lifts them all); fds
  (+2), child processes and goroutines (+5, when /metrics has them) back to the starting values
  within --settle (15s); no client failure other than a clean refusal; peak RSS <= --max-rss
  (2048 MiB). Needs the PID.

Exit status: 0 every expectation held, 1 one failed, 2 bad command line, 3 could not run.
`
