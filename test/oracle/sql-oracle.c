/*
 * sql-oracle: runs SQL statements through libtracefs' tracefs_sql() and prints
 * the shell libtracefs would run, or its error. Build:
 *   gcc -O2 -o sql-oracle sql-oracle.c $(pkg-config --cflags --libs libtracefs libtraceevent)
 *
 * Usage: sql-oracle DIR
 * DIR is a format dump prepared for tracefs_local_events() (as for
 * synth-oracle). The events are loaded once. Statements come on stdin, each
 * framed as a line `<name> <n>` followed by n bytes of SQL (which may hold
 * newlines). Each statement runs in its own forked process under a 2 s limit
 * (a statement that selects one field twice makes 1.6.4 loop), and gives one
 * line `RESULT <n>` followed by n bytes:
 *   SYNTH\n<tracefs_synth_echo_cmd text>        a JOIN: the synthetic event
 *   HIST\n<tracefs_hist_echo_cmd text>          no JOIN: the start hist
 *   ERROR <ERRNO>\n<the err text of tracefs_sql, if any>
 *   NOHIST <ERRNO>                               tracefs_synth_get_start_hist failed
 *   TIMEOUT | CRASH <SIGNAL> | EXIT <code>       the process did not finish
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <tracefs.h>

static void put_result(const char *text, size_t len)
{
	printf("RESULT %zu\n", len);
	fwrite(text, 1, len, stdout);
	fflush(stdout);
}

/* Runs one statement and writes its result (in the child). */
static void run(struct tep_handle *tep, const char *name, const char *sql)
{
	struct tracefs_synth *synth;
	struct tracefs_hist *hist;
	struct trace_seq seq;
	char *err = NULL;
	char *out = NULL;
	int e;

	errno = 0;
	synth = tracefs_sql(tep, name, sql, &err);
	if (!synth) {
		e = errno < 0 ? -errno : errno;
		if (asprintf(&out, "ERROR %s\n%s", e ? strerrorname_np(e) : "NOERRNO", err ? err : "") < 0)
			exit(3);
		put_result(out, strlen(out));
		return;
	}
	trace_seq_init(&seq);
	if (tracefs_synth_complete(synth)) {
		trace_seq_puts(&seq, "SYNTH\n");
		if (tracefs_synth_echo_cmd(&seq, synth) < 0) {
			e = errno < 0 ? -errno : errno;
			trace_seq_reset(&seq);
			trace_seq_printf(&seq, "ERROR %s\necho_cmd", e ? strerrorname_np(e) : "NOERRNO");
		}
	} else {
		errno = 0;
		hist = tracefs_synth_get_start_hist(synth);
		if (!hist) {
			e = errno < 0 ? -errno : errno;
			trace_seq_printf(&seq, "NOHIST %s", e ? strerrorname_np(e) : "NOERRNO");
		} else {
			trace_seq_puts(&seq, "HIST\n");
			if (tracefs_hist_echo_cmd(&seq, NULL, hist, TRACEFS_HIST_CMD_START) < 0) {
				e = errno < 0 ? -errno : errno;
				trace_seq_reset(&seq);
				trace_seq_printf(&seq, "ERROR %s\nhist_echo_cmd", e ? strerrorname_np(e) : "NOERRNO");
			}
		}
	}
	trace_seq_terminate(&seq);
	put_result(seq.buffer, strlen(seq.buffer));
}

int main(int argc, char **argv)
{
	struct tep_handle *tep;
	char name[256];
	size_t len;

	if (argc != 2) {
		fprintf(stderr, "usage: sql-oracle DIR\n");
		return 2;
	}
	tep = tracefs_local_events(argv[1]);
	if (!tep || !tep_get_events_count(tep)) {
		fprintf(stderr, "sql-oracle: no events in %s\n", argv[1]);
		return 1;
	}
	while (scanf("%255s %zu", name, &len) == 2) {
		char *sql = malloc(len + 1);
		int status;
		pid_t pid;

		if (!sql || getchar() != '\n' || fread(sql, 1, len, stdin) != len) {
			fprintf(stderr, "sql-oracle: bad input\n");
			return 2;
		}
		sql[len] = 0;
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			alarm(2);
			run(tep, name, sql);
			_exit(0);
		}
		free(sql);
		if (waitpid(pid, &status, 0) < 0)
			return 1;
		if (WIFSIGNALED(status)) {
			char buf[64];

			if (WTERMSIG(status) == SIGALRM)
				snprintf(buf, sizeof(buf), "TIMEOUT");
			else
				snprintf(buf, sizeof(buf), "CRASH %s", sigabbrev_np(WTERMSIG(status)));
			put_result(buf, strlen(buf));
		} else if (WEXITSTATUS(status) != 0) {
			char buf[64];

			snprintf(buf, sizeof(buf), "EXIT %d", WEXITSTATUS(status));
			put_result(buf, strlen(buf));
		}
	}
	return 0;
}
