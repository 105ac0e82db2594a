/*
 * A scheduler ping-pong: two processes pass one byte back and forth over two pipes, so every
 * round is two wake-ups and two context switches (sched_waking, sched_wakeup, sched_switch).
 * Used as the load of the recording benchmark and of the recording tests.
 *
 * Usage: pingpong SECONDS [CPU]   (CPU: pin both processes to it, so each wake-up switches)
 * Prints the number of rounds.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	if (argc > 2) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(atoi(argv[2]), &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	int there[2], back[2];
	if (pipe(there) || pipe(back))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		char c;
		while (read(there[0], &c, 1) == 1 && c == 'x')
			if (write(back[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	long rounds = 0;
	double end = now() + seconds;
	char c = 'x';
	while ((rounds & 255) != 0 || now() < end) {
		if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1)
			break;
		rounds++;
	}
	c = 'q';
	if (write(there[1], &c, 1) != 1)
		return 1;
	waitpid(child, NULL, 0);
	printf("%ld\n", rounds);
	return 0;
}
