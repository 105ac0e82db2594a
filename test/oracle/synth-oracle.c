/*
 * synth-oracle: runs synthetic-event definitions through libtracefs and prints
 * what libtracefs makes of them. Build:
 *   gcc -O2 -rdynamic -o synth-oracle synth-oracle.c $(pkg-config --cflags --libs libtracefs libtraceevent)
 *
 * Usage:
 *   synth-oracle [--report] [--timeout-ms N] DIR
 * DIR is a format dump prepared for tracefs_local_events() (an `enable` file
 * in every system and event folder, per_cpu/cpu0..N). The events are loaded
 * once; the definitions come on stdin.
 *
 * Command language: one libtracefs call per line, arguments separated by one
 * TAB. In an argument, `\N` on its own is NULL, and `\\`, `\t`, `\n`, `\r`
 * stand for a backslash, TAB, LF and CR (any other backslash is kept as it
 * is), so values go through exactly, spaces and quotes included. A missing
 * trailing argument is NULL. Blank lines and lines starting with `#` are
 * skipped; a line `end` closes a definition (so does the end of input).
 *   alloc        NAME START_SYS START_EVENT END_SYS END_EVENT START_FIELD END_FIELD MATCH_NAME
 *   match        START_FIELD END_FIELD NAME          tracefs_synth_add_match_field
 *   compare      START_FIELD END_FIELD CALC NAME     CALC: DELTA_END DELTA_START ADD
 *   start_field  FIELD NAME
 *   end_field    FIELD NAME
 *   start_filter TYPE FIELD COMPARE VALUE            TYPE: COMPARE AND OR NOT OPEN_PAREN CLOSE_PAREN
 *   end_filter   TYPE FIELD COMPARE VALUE            COMPARE: EQ NE GT GE LT LE RE AND
 *   trace        HANDLER VAR                         HANDLER: NONE MATCH MAX CHANGE
 *   snapshot     HANDLER VAR
 *   save         HANDLER VAR FIELD...                (zero or more fields)
 * Every enum argument may also be given as its integer value.
 *
 * Without --report (the first protocol, kept for its callers): one
 * definition; the output is the echo_cmd text, or `ERROR <i> <ERRNO>` for the
 * first failing call (i counts the calls from 0; i = number of calls when
 * echo_cmd itself fails). `save` then also takes its fields as one
 * comma-separated argument.
 *
 * With --report: any number of definitions, each run in its own forked
 * process under the time limit (default 2000 ms; some 1.6.4 `save` handlers
 * make echo_cmd loop for ever). The first output line is
 *   READY <tracing dir> <dynamic_events: 0|1> <README has trace(): 0|1>
 * and each definition gives `RESULT <n>` followed by n bytes of report:
 *   ERROR <i> <ERRNO> [NEGATIVE]   first failing call (NEGATIVE: libtracefs
 *                                  set errno to minus that value)
 *   COMPLETE <0|1>                 tracefs_synth_complete()
 *   CREATE OK <prefix> <system> <event>   tracefs_synth_create() passed its own
 *   CREATE <ERRNO>                 checks and got to writing the synthetic event
 *                                  (the write is intercepted, nothing is
 *                                  written); or the errno it stopped with,
 *                                  EBADE for an unfinished filter
 *   CREATE UNCHECKED               the interception is not in place: not asked
 *   EVENT <n> + n bytes + LF       tracefs_synth_show_event() after that create
 *   ECHO <n> + n bytes             tracefs_synth_echo_cmd()
 *   OK                             all done
 *   BADINPUT <message>             the definition is not in this language
 *   CRASHED <i> <call|create|echo> libtracefs crashed in call i (or in create or
 *                                  echo_cmd, i = number of calls); CRASH follows
 *   TIMEOUT | CRASH <SIGNAL> | EXIT <code>   added when the process did not finish
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <tracefs.h>

/* ---- interception of the one write tracefs_synth_create() would make first ---- */

static bool create_reached;
static char *create_prefix, *create_system, *create_event;

/*
 * libtracefs calls this through its PLT, so the executable's definition
 * (exported with -rdynamic) is the one it gets: tracefs_synth_create() comes
 * here after its own checks, and nothing reaches the system.
 */
int tracefs_dynevent_create(struct tracefs_dynevent *devent)
{
	char *system = NULL, *event = NULL, *prefix = NULL, *addr = NULL, *format = NULL;

	create_reached = true;
	if (devent && tracefs_dynevent_info(devent, &system, &event, &prefix, &addr, &format) >= 0) {
		create_prefix = prefix;
		create_system = system;
		create_event = event;
		free(addr);
		free(format);
	}
	errno = ECANCELED;
	return -1;
}

static bool create_intercepted(void)
{
	return dlsym(RTLD_DEFAULT, "tracefs_dynevent_create") == (void *)tracefs_dynevent_create;
}

/* ---- definitions ---- */

struct call {
	char **argv;
	int argc;
};

struct definition {
	struct call *calls;
	int count, cap;
};

static bool in_child;

static void die(const char *msg, const char *detail)
{
	if (in_child) {
		/* Part of the report; _exit: exit() would rewind the stdin shared with the parent. */
		printf("BADINPUT %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
		fflush(stdout);
		_exit(2);
	}
	fprintf(stderr, "synth-oracle: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
	exit(2);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory", NULL);
	return p;
}

/* Splits a line at TABs and undoes the escapes; NULL entries stand for `\N`. */
static struct call parse_line(const char *line)
{
	struct call c = { 0 };
	const char *p = line;

	for (;;) {
		const char *end = strchr(p, '\t');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *arg = NULL;

		if (!(len == 2 && p[0] == '\\' && p[1] == 'N')) {
			size_t j = 0;

			arg = xrealloc(NULL, len + 1);
			for (size_t i = 0; i < len; i++) {
				if (p[i] == '\\' && i + 1 < len) {
					char e = p[i + 1];
					char out = e == '\\' ? '\\' : e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : 0;

					if (out) {
						arg[j++] = out;
						i++;
						continue;
					}
				}
				arg[j++] = p[i];
			}
			arg[j] = 0;
		}
		c.argv = xrealloc(c.argv, sizeof(*c.argv) * (c.argc + 1));
		c.argv[c.argc++] = arg;
		if (!end)
			break;
		p = end + 1;
	}
	return c;
}

/* Reads one definition; false at the end of input with nothing read. */
static bool read_definition(FILE *in, struct definition *def)
{
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	bool any = false;

	memset(def, 0, sizeof(*def));
	while ((len = getline(&line, &size, in)) >= 0) {
		any = true;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (len == 0 || line[0] == '#')
			continue;
		if (strcmp(line, "end") == 0)
			break;
		if (def->count == def->cap) {
			def->cap = def->cap ? def->cap * 2 : 16;
			def->calls = xrealloc(def->calls, sizeof(*def->calls) * def->cap);
		}
		def->calls[def->count++] = parse_line(line);
	}
	free(line);
	return any;
}

static const char *arg(const struct call *c, int i)
{
	return i < c->argc ? c->argv[i] : NULL;
}

struct name_value {
	const char *name;
	int value;
};

static const struct name_value CALCS[] = {
	{ "DELTA_END", TRACEFS_SYNTH_DELTA_END }, { "DELTA_START", TRACEFS_SYNTH_DELTA_START },
	{ "ADD", TRACEFS_SYNTH_ADD }, { NULL, 0 } };
static const struct name_value FILTERS[] = {
	{ "COMPARE", TRACEFS_FILTER_COMPARE }, { "AND", TRACEFS_FILTER_AND }, { "OR", TRACEFS_FILTER_OR },
	{ "NOT", TRACEFS_FILTER_NOT }, { "OPEN_PAREN", TRACEFS_FILTER_OPEN_PAREN },
	{ "CLOSE_PAREN", TRACEFS_FILTER_CLOSE_PAREN }, { NULL, 0 } };
static const struct name_value COMPARES[] = {
	{ "EQ", TRACEFS_COMPARE_EQ }, { "NE", TRACEFS_COMPARE_NE }, { "GT", TRACEFS_COMPARE_GT },
	{ "GE", TRACEFS_COMPARE_GE }, { "LT", TRACEFS_COMPARE_LT }, { "LE", TRACEFS_COMPARE_LE },
	{ "RE", TRACEFS_COMPARE_RE }, { "AND", TRACEFS_COMPARE_AND }, { NULL, 0 } };
static const struct name_value HANDLERS[] = {
	{ "NONE", TRACEFS_SYNTH_HANDLE_NONE }, { "MATCH", TRACEFS_SYNTH_HANDLE_MATCH },
	{ "MAX", TRACEFS_SYNTH_HANDLE_MAX }, { "CHANGE", TRACEFS_SYNTH_HANDLE_CHANGE }, { NULL, 0 } };

static int enum_arg(const struct call *c, int i, const struct name_value *names)
{
	const char *s = arg(c, i);
	char *end;
	long v;

	if (!s)
		return 0;
	for (; names->name; names++)
		if (strcmp(s, names->name) == 0)
			return names->value;
	v = strtol(s, &end, 10);
	if (*s == 0 || *end != 0)
		die("not a known name or a number", s);
	return (int)v;
}

/* NULL-terminated list of the arguments from index i on (legacy: one comma list). */
static char **field_list(const struct call *c, int i, bool legacy)
{
	char **list = NULL;
	int n = 0;

	if (legacy && c->argc == i + 1 && c->argv[i]) {
		char *copy = strdup(c->argv[i]);
		for (char *s = strtok(copy, ","); s; s = strtok(NULL, ",")) {
			list = xrealloc(list, sizeof(*list) * (n + 2));
			list[n++] = s;
		}
	} else {
		if (c->argc == i + 1 && !c->argv[i])
			return NULL;
		for (; i < c->argc; i++) {
			list = xrealloc(list, sizeof(*list) * (n + 2));
			list[n++] = c->argv[i] ? c->argv[i] : "";
		}
	}
	list = xrealloc(list, sizeof(*list) * (n + 1));
	list[n] = NULL;
	return list;
}

/* Applies one call; returns its result (< 0 on failure, errno set by libtracefs). */
static int apply(struct tracefs_synth **synth, struct tep_handle *tep, const struct call *c, bool legacy)
{
	const char *cmd = arg(c, 0);

	if (!cmd)
		die("empty command", NULL);
	if (strcmp(cmd, "alloc") == 0) {
		*synth = tracefs_synth_alloc(tep, arg(c, 1), arg(c, 2), arg(c, 3), arg(c, 4), arg(c, 5),
					     arg(c, 6), arg(c, 7), arg(c, 8));
		return *synth ? 0 : -1;
	}
	/* Every other call needs the object; libtracefs does not always check. */
	if (!*synth)
		die("a call before alloc", cmd);
	if (strcmp(cmd, "match") == 0)
		return tracefs_synth_add_match_field(*synth, arg(c, 1), arg(c, 2), arg(c, 3));
	if (strcmp(cmd, "compare") == 0)
		return tracefs_synth_add_compare_field(*synth, arg(c, 1), arg(c, 2), enum_arg(c, 3, CALCS), arg(c, 4));
	if (strcmp(cmd, "start_field") == 0)
		return tracefs_synth_add_start_field(*synth, arg(c, 1), arg(c, 2));
	if (strcmp(cmd, "end_field") == 0)
		return tracefs_synth_add_end_field(*synth, arg(c, 1), arg(c, 2));
	if (strcmp(cmd, "start_filter") == 0)
		return tracefs_synth_append_start_filter(*synth, enum_arg(c, 1, FILTERS), arg(c, 2),
							 enum_arg(c, 3, COMPARES), arg(c, 4));
	if (strcmp(cmd, "end_filter") == 0)
		return tracefs_synth_append_end_filter(*synth, enum_arg(c, 1, FILTERS), arg(c, 2),
						       enum_arg(c, 3, COMPARES), arg(c, 4));
	if (strcmp(cmd, "trace") == 0)
		return tracefs_synth_trace(*synth, enum_arg(c, 1, HANDLERS), arg(c, 2));
	if (strcmp(cmd, "snapshot") == 0)
		return tracefs_synth_snapshot(*synth, enum_arg(c, 1, HANDLERS), arg(c, 2));
	if (strcmp(cmd, "save") == 0) {
		char **fields = field_list(c, 3, legacy);
		static char *none[] = { NULL };

		/* A NULL list would be dereferenced by libtracefs: pass an empty one. */
		return tracefs_synth_save(*synth, enum_arg(c, 1, HANDLERS), arg(c, 2), fields ? fields : none);
	}
	die("unknown command", cmd);
	return -1;
}

static void print_errno(FILE *out, int e)
{
	const char *name = strerrorname_np(e < 0 ? -e : e);

	if (e == 0)
		fprintf(out, "NOERRNO");
	else if (name)
		fprintf(out, "%s", name);
	else
		fprintf(out, "E%d", e < 0 ? -e : e);
	if (e < 0)
		fprintf(out, " NEGATIVE");
}

/* Where the child is, for the crash report: the call index, or create/echo. */
static volatile int current_call = -1;
static const char *volatile current_phase = "call";

static void on_crash(int sig)
{
	char line[96];
	int n = 0, v = current_call;
	char digits[16];
	int d = 0;
	const char *p;

	for (p = "CRASHED "; *p; p++)
		line[n++] = *p;
	if (v < 0) {
		line[n++] = '-';
		v = -v;
	}
	do {
		digits[d++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (d)
		line[n++] = digits[--d];
	line[n++] = ' ';
	for (p = current_phase; *p && n < 80; p++)
		line[n++] = *p;
	line[n++] = '\n';
	if (write(1, line, n) < 0)
		_exit(3);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Runs the calls; on failure prints the ERROR line and returns false. */
static bool run_calls(struct tracefs_synth **synth, struct tep_handle *tep,
		      const struct definition *def, FILE *out, bool legacy)
{
	for (int i = 0; i < def->count; i++) {
		current_call = i;
		errno = 0;
		if (apply(synth, tep, &def->calls[i], legacy) < 0) {
			int e = errno;

			fprintf(out, "ERROR %d ", i);
			print_errno(out, e);
			fprintf(out, "\n");
			return false;
		}
	}
	if (!*synth) {
		fprintf(out, "ERROR 0 NOALLOC\n");
		return false;
	}
	return true;
}

static void legacy_main(struct tep_handle *tep)
{
	struct tracefs_synth *synth = NULL;
	struct definition def;
	struct trace_seq seq;

	read_definition(stdin, &def);
	if (!run_calls(&synth, tep, &def, stdout, true))
		return;
	trace_seq_init(&seq);
	errno = 0;
	if (tracefs_synth_echo_cmd(&seq, synth) < 0) {
		printf("ERROR %d ", def.count);
		print_errno(stdout, errno);
		printf("\n");
		return;
	}
	trace_seq_terminate(&seq);
	printf("%s", seq.buffer);
}

/* The child's part: calls, create (intercepted), echo; report on fd 1. */
static void report_one(struct tep_handle *tep, const struct definition *def, bool intercepted)
{
	struct tracefs_synth *synth = NULL;
	struct trace_seq seq;
	const char *event;

	if (!run_calls(&synth, tep, def, stdout, false))
		return;
	current_call = def->count;
	printf("COMPLETE %d\n", tracefs_synth_complete(synth) ? 1 : 0);
	if (intercepted) {
		current_phase = "create";
		errno = 0;
		if (tracefs_synth_create(synth) == 0) {
			/* Cannot happen with the interception; say so loudly. */
			printf("CREATE WROTE\n");
		} else if (create_reached) {
			printf("CREATE OK %s %s %s\n", create_prefix ? create_prefix : "-",
			       create_system ? create_system : "-", create_event ? create_event : "-");
		} else {
			printf("CREATE ");
			print_errno(stdout, errno);
			printf("\n");
		}
		event = tracefs_synth_show_event(synth);
		if (event)
			printf("EVENT %zu\n%s\n", strlen(event), event);
	} else {
		printf("CREATE UNCHECKED\n");
	}
	/* echo_cmd comes last: with a save as the last action 1.6.4 never returns. */
	current_phase = "echo";
	trace_seq_init(&seq);
	errno = 0;
	if (tracefs_synth_echo_cmd(&seq, synth) < 0) {
		printf("ERROR %d ", def->count);
		print_errno(stdout, errno);
		printf("\n");
		return;
	}
	trace_seq_terminate(&seq);
	printf("ECHO %zu\n%s", strlen(seq.buffer), seq.buffer);
	printf("OK\n");
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Forks a child for one definition; collects its report within the time limit. */
static void report_main_one(struct tep_handle *tep, const struct definition *def, int timeout_ms, bool intercepted)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	bool timed_out = false;
	int fds[2], status = 0;
	long long deadline;
	pid_t pid;

	if (pipe(fds) < 0)
		die("pipe", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork", strerror(errno));
	if (pid == 0) {
		/* A looping echo_cmd grows its string: keep it from eating the machine. */
		struct rlimit lim = { 1UL << 30, 1UL << 30 };

		in_child = true;
		setrlimit(RLIMIT_AS, &lim);
		/* Unbuffered: what was printed before a crash or a loop reaches the parent. */
		setvbuf(stdout, NULL, _IONBF, 0);
		signal(SIGSEGV, on_crash);
		signal(SIGBUS, on_crash);
		signal(SIGABRT, on_crash);
		signal(SIGFPE, on_crash);
		signal(SIGILL, on_crash);
		close(fds[0]);
		dup2(fds[1], 1);
		close(fds[1]);
		report_one(tep, def, intercepted);
		fflush(stdout);
		_exit(0);
	}
	close(fds[1]);
	deadline = now_ms() + timeout_ms;
	for (;;) {
		struct pollfd p = { fds[0], POLLIN, 0 };
		long long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0) {
			timed_out = true;
			break;
		}
		if (poll(&p, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			die("poll", strerror(errno));
		}
		if (!p.revents)
			continue;
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		n = read(fds[0], buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	if (timed_out)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (cap - len < 64)
		buf = xrealloc(buf, cap + 64);
	if (timed_out)
		len += sprintf(buf + len, "TIMEOUT\n");
	else if (WIFSIGNALED(status))
		len += sprintf(buf + len, "CRASH %s\n", sigabbrev_np(WTERMSIG(status)) ?: "?");
	else if (WEXITSTATUS(status) != 0)
		len += sprintf(buf + len, "EXIT %d\n", WEXITSTATUS(status));
	printf("RESULT %zu\n", len);
	fwrite(buf, 1, len, stdout);
	fflush(stdout);
	free(buf);
}

static void report_main(struct tep_handle *tep, int timeout_ms)
{
	bool intercepted = create_intercepted();
	struct definition def;
	char *readme;
	int size = 0;
	char *dir = tracefs_tracing_dir() ? strdup(tracefs_tracing_dir()) : NULL;

	/* What libtracefs reads from this machine (not from DIR) to choose its syntax. */
	readme = tracefs_instance_file_read(NULL, "README", &size);
	printf("READY %s %d %d\n", dir ? dir : "-", tracefs_file_exists(NULL, "dynamic_events") ? 1 : 0,
	       readme && strstr(readme, "trace(<synthetic_event>,param list)") ? 1 : 0);
	free(readme);
	free(dir);
	fflush(stdout);
	while (read_definition(stdin, &def))
		report_main_one(tep, &def, timeout_ms, intercepted);
}

int main(int argc, char **argv)
{
	bool report = false;
	int timeout_ms = 2000;
	const char *dir = NULL;
	struct tep_handle *tep;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--report") == 0)
			report = true;
		else if (strcmp(argv[i], "--timeout-ms") == 0 && i + 1 < argc)
			timeout_ms = atoi(argv[++i]);
		else if (argv[i][0] == '-')
			die("unknown option", argv[i]);
		else
			dir = argv[i];
	}
	if (!dir)
		die("usage: synth-oracle [--report] [--timeout-ms N] DIR", NULL);
	signal(SIGPIPE, SIG_IGN);
	tep = tracefs_local_events(dir);
	if (!tep || !tep_get_events_count(tep)) {
		printf("ERROR -2 NOTEP\n");
		return 1;
	}
	if (report)
		report_main(tep, timeout_ms);
	else
		legacy_main(tep);
	return 0;
}
