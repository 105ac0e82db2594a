/*
 * hist-oracle: runs hist definitions through libtracefs' tracefs_hist_* calls
 * and prints the trigger text libtracefs would write. Build:
 *   gcc -O2 -o hist-oracle hist-oracle.c $(pkg-config --cflags --libs libtracefs libtraceevent)
 *
 * Usage: hist-oracle DIR
 * DIR is a format dump prepared for tracefs_local_events() (as for
 * synth-oracle). Definitions come on stdin, one call per line, arguments
 * separated by one TAB (no escapes: the generated definitions hold no TAB or
 * newline); a line `end` closes a definition. Calls:
 *   alloc    SYS EVENT KEY TYPE                    tracefs_hist_alloc
 *   alloc_2d SYS EVENT KEY1 TYPE1 KEY2 TYPE2       tracefs_hist_alloc_2d
 *   alloc_nd SYS EVENT KEY TYPE [KEY TYPE]...      tracefs_hist_alloc_nd
 *   key      KEY TYPE [CNT]                        tracefs_hist_add_key (_cnt with CNT)
 *   value    VALUE                                 tracefs_hist_add_value
 *   sort     KEY                                   tracefs_hist_add_sort_key
 *   dir      KEY ASCENDING|DESCENDING              tracefs_hist_sort_key_direction
 *   name     NAME                                  tracefs_hist_add_name
 *   filter   TYPE FIELD COMPARE VALUE              tracefs_hist_append_filter
 *   echo     START|PAUSE|CONT|CLEAR|DESTROY        tracefs_hist_echo_cmd (top instance)
 * and, for tracefs_synth_get_start_hist:
 *   synth_alloc  NAME START_SYS START_EVENT END_SYS END_EVENT START_FIELD END_FIELD MATCH_NAME
 *   synth_match  START_FIELD END_FIELD NAME       tracefs_synth_add_match_field
 *   synth_start_filter TYPE FIELD COMPARE VALUE    tracefs_synth_append_start_filter
 *   synth_start_hist                               the hist of the later calls
 * TYPE: NORMAL HEX SYM SYM_OFFSET SYSCALL EXECNAME LOG USECS BUCKETS.
 * Output per definition, one line: `ECHO <the echo_cmd text, its newline
 * dropped>` for each echo call, then `OK`; or `ERROR <i> <ERRNO>` for the
 * first call that failed (i counts the calls from 0).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs.h>

#define MAX_ARGS 32

struct name_value {
	const char *name;
	int value;
};

static const struct name_value KEY_TYPES[] = {
	{ "NORMAL", TRACEFS_HIST_KEY_NORMAL }, { "HEX", TRACEFS_HIST_KEY_HEX },
	{ "SYM", TRACEFS_HIST_KEY_SYM }, { "SYM_OFFSET", TRACEFS_HIST_KEY_SYM_OFFSET },
	{ "SYSCALL", TRACEFS_HIST_KEY_SYSCALL }, { "EXECNAME", TRACEFS_HIST_KEY_EXECNAME },
	{ "LOG", TRACEFS_HIST_KEY_LOG }, { "USECS", TRACEFS_HIST_KEY_USECS },
	{ "BUCKETS", TRACEFS_HIST_KEY_BUCKETS }, { NULL, 0 } };
static const struct name_value DIRS[] = {
	{ "ASCENDING", TRACEFS_HIST_SORT_ASCENDING }, { "DESCENDING", TRACEFS_HIST_SORT_DESCENDING }, { NULL, 0 } };
static const struct name_value FILTERS[] = {
	{ "COMPARE", TRACEFS_FILTER_COMPARE }, { "AND", TRACEFS_FILTER_AND }, { "OR", TRACEFS_FILTER_OR },
	{ "NOT", TRACEFS_FILTER_NOT }, { "OPEN_PAREN", TRACEFS_FILTER_OPEN_PAREN },
	{ "CLOSE_PAREN", TRACEFS_FILTER_CLOSE_PAREN }, { NULL, 0 } };
static const struct name_value COMPARES[] = {
	{ "EQ", TRACEFS_COMPARE_EQ }, { "NE", TRACEFS_COMPARE_NE }, { "GT", TRACEFS_COMPARE_GT },
	{ "GE", TRACEFS_COMPARE_GE }, { "LT", TRACEFS_COMPARE_LT }, { "LE", TRACEFS_COMPARE_LE },
	{ "RE", TRACEFS_COMPARE_RE }, { "AND", TRACEFS_COMPARE_AND }, { NULL, 0 } };
static const struct name_value COMMANDS[] = {
	{ "START", TRACEFS_HIST_CMD_START }, { "PAUSE", TRACEFS_HIST_CMD_PAUSE },
	{ "CONT", TRACEFS_HIST_CMD_CONT }, { "CLEAR", TRACEFS_HIST_CMD_CLEAR },
	{ "DESTROY", TRACEFS_HIST_CMD_DESTROY }, { NULL, 0 } };

static int lookup(const char *s, const struct name_value *names)
{
	if (!s) {
		fprintf(stderr, "hist-oracle: missing argument\n");
		exit(2);
	}
	for (; names->name; names++)
		if (strcmp(s, names->name) == 0)
			return names->value;
	fprintf(stderr, "hist-oracle: unknown name %s\n", s);
	exit(2);
}

/* Runs one call; 0 on success, -1 with errno on failure. */
static struct tracefs_synth *synth;

static int apply(struct tep_handle *tep, struct tracefs_hist **hist, int argc, char **argv)
{
	const char *cmd = argv[0];
	struct trace_seq seq;
	int ret;

	errno = 0;
	if (strcmp(cmd, "alloc") == 0) {
		*hist = tracefs_hist_alloc(tep, argv[1], argv[2], argv[3], lookup(argv[4], KEY_TYPES));
		return *hist ? 0 : -1;
	}
	if (strcmp(cmd, "alloc_2d") == 0) {
		*hist = tracefs_hist_alloc_2d(tep, argv[1], argv[2], argv[3], lookup(argv[4], KEY_TYPES), argv[5],
					      lookup(argv[6], KEY_TYPES));
		return *hist ? 0 : -1;
	}
	if (strcmp(cmd, "alloc_nd") == 0) {
		struct tracefs_hist_axis axes[MAX_ARGS / 2 + 1];
		int n = 0;

		for (int i = 3; i + 1 < argc; i += 2, n++) {
			axes[n].key = argv[i];
			axes[n].type = lookup(argv[i + 1], KEY_TYPES);
		}
		axes[n].key = NULL;
		axes[n].type = 0;
		*hist = tracefs_hist_alloc_nd(tep, argv[1], argv[2], axes);
		return *hist ? 0 : -1;
	}
	if (strcmp(cmd, "synth_alloc") == 0) {
		synth = tracefs_synth_alloc(tep, argv[1], argv[2], argv[3], argv[4], argv[5], argv[6], argv[7],
					    argc > 8 ? argv[8] : NULL);
		return synth ? 0 : -1;
	}
	if (strcmp(cmd, "synth_match") == 0)
		return tracefs_synth_add_match_field(synth, argv[1], argv[2], argc > 3 ? argv[3] : NULL);
	if (strcmp(cmd, "synth_start_filter") == 0)
		return tracefs_synth_append_start_filter(synth, lookup(argv[1], FILTERS), argc > 2 ? argv[2] : NULL,
							 argc > 3 ? lookup(argv[3], COMPARES) : 0,
							 argc > 4 ? argv[4] : NULL);
	if (strcmp(cmd, "synth_start_hist") == 0) {
		*hist = tracefs_synth_get_start_hist(synth);
		return *hist ? 0 : -1;
	}
	if (!*hist) {
		errno = EINVAL;
		return -1;
	}
	if (strcmp(cmd, "key") == 0)
		return argc > 3 ? tracefs_hist_add_key_cnt(*hist, argv[1], lookup(argv[2], KEY_TYPES), atoi(argv[3]))
				: tracefs_hist_add_key(*hist, argv[1], lookup(argv[2], KEY_TYPES));
	if (strcmp(cmd, "value") == 0)
		return tracefs_hist_add_value(*hist, argv[1]);
	if (strcmp(cmd, "sort") == 0)
		return tracefs_hist_add_sort_key(*hist, argv[1]);
	if (strcmp(cmd, "dir") == 0)
		return tracefs_hist_sort_key_direction(*hist, argv[1], lookup(argv[2], DIRS));
	if (strcmp(cmd, "name") == 0)
		return tracefs_hist_add_name(*hist, argv[1]);
	if (strcmp(cmd, "filter") == 0)
		return tracefs_hist_append_filter(*hist, lookup(argv[1], FILTERS), argc > 2 ? argv[2] : NULL,
						  argc > 3 ? lookup(argv[3], COMPARES) : 0, argc > 4 ? argv[4] : NULL);
	if (strcmp(cmd, "echo") == 0) {
		trace_seq_init(&seq);
		ret = tracefs_hist_echo_cmd(&seq, NULL, *hist, lookup(argv[1], COMMANDS));
		if (ret == 0) {
			trace_seq_terminate(&seq);
			size_t len = strlen(seq.buffer);
			if (len && seq.buffer[len - 1] == '\n')
				seq.buffer[len - 1] = 0;
			printf("ECHO %s\n", seq.buffer);
		}
		trace_seq_destroy(&seq);
		return ret;
	}
	fprintf(stderr, "hist-oracle: unknown call %s\n", cmd);
	exit(2);
}

int main(int argc, char **argv)
{
	struct tracefs_hist *hist = NULL;
	struct tep_handle *tep;
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	int call = 0;
	int failed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: hist-oracle DIR\n");
		return 2;
	}
	tep = tracefs_local_events(argv[1]);
	if (!tep || !tep_get_events_count(tep)) {
		fprintf(stderr, "hist-oracle: no events in %s\n", argv[1]);
		return 1;
	}
	while ((len = getline(&line, &size, stdin)) >= 0) {
		char *args[MAX_ARGS];
		int n = 0;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (len == 0 || line[0] == '#')
			continue;
		if (strcmp(line, "end") == 0) {
			if (!failed)
				printf("OK\n");
			fflush(stdout);
			tracefs_hist_free(hist);
			hist = NULL;
			tracefs_synth_free(synth);
			synth = NULL;
			call = 0;
			failed = 0;
			continue;
		}
		if (failed) {
			call++;
			continue;
		}
		for (char *p = line, *tok; n < MAX_ARGS && (tok = strsep(&p, "\t")); )
			args[n++] = tok;
		if (apply(tep, &hist, n, args) < 0) {
			int e = errno < 0 ? -errno : errno;
			const char *name = e ? strerrorname_np(e) : "NOERRNO";

			printf("ERROR %d %s\n", call, name ? name : "E?");
			failed = 1;
		}
		call++;
	}
	free(line);
	return 0;
}
