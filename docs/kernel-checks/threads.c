// threads.c: what Linux does with the threads of a process, for the rules in
// docs/scenario.md ("Threads live inside a process"). Build and run:
//
//	gcc -O1 -pthread -o threads threads.c && ./threads
//
// Each check forks a child process with two threads and watches it from the
// parent with ps -L, /proc and waitpid.
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile long worker_tid;
static int worker_exit; // the worker calls exit(worker_exit) after sleeping (0: it returns)

static void *sleeper(void *arg) {
	(void)arg;
	worker_tid = syscall(SYS_gettid);
	sleep(2);
	if (worker_exit) exit(worker_exit); // exit() is exit_group: every thread ends
	return NULL;
}

static void *spinner(void *arg) {
	(void)arg;
	worker_tid = syscall(SYS_gettid);
	for (;;) pause();
	return NULL;
}

static volatile long quick_tid;

static void *quick(void *arg) {
	(void)arg;
	quick_tid = syscall(SYS_gettid);
	return NULL;
}

static void ps(pid_t pid) {
	char cmd[96];
	snprintf(cmd, sizeof cmd, "ps -L -o pid,lwp,ppid,nlwp,stat,comm -p %d", pid);
	fflush(stdout);
	if (system(cmd) != 0) printf("(ps failed)\n");
}

static void status(int st) {
	if (WIFEXITED(st)) printf("waitpid: exited, status %d\n", WEXITSTATUS(st));
	else if (WIFSIGNALED(st)) printf("waitpid: killed by signal %d\n", WTERMSIG(st));
	fflush(stdout);
}

// leaderFirst: the main thread calls pthread_exit while the worker sleeps.
static void leaderFirst(int code) {
	worker_exit = code;
	fflush(stdout); // the child's exit() must not print the parent's buffer again
	pid_t c = fork();
	if (c == 0) {
		pthread_t t;
		pthread_create(&t, NULL, sleeper, NULL);
		usleep(200000);
		pthread_exit(NULL);
	}
	usleep(700000);
	printf("\n== the main thread ended first (worker exits with %d) ==\n", code);
	ps(c);
	int st;
	printf("waitpid(WNOHANG) while the worker runs: %d\n", (int)waitpid(c, &st, WNOHANG));
	waitpid(c, &st, 0);
	status(st);
}

// spinning starts a child with a thread that returns at once (its TID in
// *gone) and one that waits forever (its TID in *tid).
static pid_t spinning(long *tid, long *gone) {
	int p[2];
	if (pipe(p) != 0) exit(1);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		pthread_t q, t;
		pthread_create(&q, NULL, quick, NULL);
		pthread_join(q, NULL);
		pthread_create(&t, NULL, spinner, NULL);
		while (!worker_tid) usleep(1000);
		long x[2] = {worker_tid, quick_tid};
		if (write(p[1], x, sizeof x) != sizeof x) exit(1);
		for (;;) pause();
	}
	long x[2];
	if (read(p[0], x, sizeof x) != sizeof x) exit(1);
	*tid = x[0];
	*gone = x[1];
	usleep(100000);
	return c;
}

int main(void) {
	leaderFirst(0);
	leaderFirst(3);

	long tid, gone;
	pid_t c = spinning(&tid, &gone);
	char cmd[128];
	printf("\n== a thread that returned (TID %ld) ==\n", gone);
	snprintf(cmd, sizeof cmd, "ls /proc/%d/task; ls -d /proc/%d/task/%ld 2>&1", c, c, gone);
	fflush(stdout);
	if (system(cmd) < 0) printf("(ls failed)\n");
	printf("\n== SIGSTOP to TID %ld, then SIGCONT to PID %d ==\n", tid, c);
	kill((pid_t)tid, SIGSTOP);
	usleep(100000);
	ps(c);
	kill(c, SIGCONT);
	usleep(100000);
	ps(c);
	printf("\n== SIGTERM to TID %ld (not the main thread) ==\n", tid);
	kill((pid_t)tid, SIGTERM);
	int st;
	waitpid(c, &st, 0);
	status(st);
	return 0;
}
