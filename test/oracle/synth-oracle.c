/*
 * Runs one synthetic-event definition through libtracefs and prints what it
 * writes (tracefs_synth_echo_cmd), or "ERROR <step> <errno>" for the first
 * call that fails. The definition comes on stdin, one call per line, fields
 * separated by tabs, "\N" for NULL:
 *   alloc NAME SSYS SEVT ESYS EEVT SFIELD EFIELD MNAME
 *   match SFIELD EFIELD NAME | compare SFIELD EFIELD CALC NAME
 *   start_field FIELD NAME | end_field FIELD NAME
 *   start_filter TYPE FIELD COMPARE VALUE | end_filter ...
 *   trace HANDLER FIELD | snapshot HANDLER FIELD | save HANDLER FIELD F1,F2,...
 * argv[1] is a format dump prepared for tracefs_local_events().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tracefs/tracefs.h>

#define MAXF 12

static char *arg(char **f, int i)
{
	return strcmp(f[i], "\\N") == 0 ? NULL : f[i];
}

static const char *errname(int e)
{
	switch (e < 0 ? -e : e) {
	case EINVAL: return "EINVAL";
	case ENODEV: return "ENODEV";
	case EBADE: return "EBADE";
	case EBADF: return "EBADF";
	case ENOMEM: return "ENOMEM";
	case EUNATCH: return "EUNATCH";
	case 0: return "NOERRNO";
	default: return "EOTHER";
	}
}

int main(int argc, char **argv)
{
	struct tep_handle *tep = tracefs_local_events(argv[1]);
	struct tracefs_synth *synth = NULL;
	char line[8192];
	int step = -1;

	if (!tep) {
		printf("ERROR -2 NOTEP\n");
		return 1;
	}
	while (fgets(line, sizeof(line), stdin)) {
		char *f[MAXF] = { 0 };
		int n = 0, ret = 0;
		char *p = line, *nl = strchr(line, '\n');

		if (nl)
			*nl = 0;
		while (n < MAXF) {
			f[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = 0;
		}
		for (int i = n; i < MAXF; i++)
			f[i] = "\\N";
		errno = 0;
		if (strcmp(f[0], "alloc") == 0) {
			synth = tracefs_synth_alloc(tep, f[1], arg(f, 2), f[3], arg(f, 4), f[5], f[6], f[7], arg(f, 8));
			ret = synth ? 0 : -1;
		} else if (strcmp(f[0], "match") == 0) {
			ret = tracefs_synth_add_match_field(synth, f[1], f[2], arg(f, 3));
		} else if (strcmp(f[0], "compare") == 0) {
			ret = tracefs_synth_add_compare_field(synth, f[1], f[2], atoi(f[3]), arg(f, 4));
		} else if (strcmp(f[0], "start_field") == 0) {
			ret = tracefs_synth_add_start_field(synth, f[1], arg(f, 2));
		} else if (strcmp(f[0], "end_field") == 0) {
			ret = tracefs_synth_add_end_field(synth, f[1], arg(f, 2));
		} else if (strcmp(f[0], "start_filter") == 0 || strcmp(f[0], "end_filter") == 0) {
			if (f[0][0] == 's')
				ret = tracefs_synth_append_start_filter(synth, atoi(f[1]), arg(f, 2), atoi(f[3]), arg(f, 4));
			else
				ret = tracefs_synth_append_end_filter(synth, atoi(f[1]), arg(f, 2), atoi(f[3]), arg(f, 4));
		} else if (strcmp(f[0], "trace") == 0) {
			ret = tracefs_synth_trace(synth, atoi(f[1]), arg(f, 2));
		} else if (strcmp(f[0], "snapshot") == 0) {
			ret = tracefs_synth_snapshot(synth, atoi(f[1]), arg(f, 2));
		} else if (strcmp(f[0], "save") == 0) {
			char *fields[64];
			int k = 0;
			char *s = strtok(f[3], ",");
			while (s && k < 63) {
				fields[k++] = s;
				s = strtok(NULL, ",");
			}
			fields[k] = NULL;
			ret = tracefs_synth_save(synth, atoi(f[1]), arg(f, 2), fields);
		} else {
			continue;
		}
		step++;
		if (ret < 0) {
			printf("ERROR %d %s\n", step, errname(errno));
			return 0;
		}
	}
	{
		struct trace_seq seq;
		trace_seq_init(&seq);
		if (tracefs_synth_echo_cmd(&seq, synth) < 0) {
			printf("ERROR %d %s\n", step + 1, errname(errno));
			return 0;
		}
		trace_seq_terminate(&seq);
		printf("%s", seq.buffer);
		trace_seq_destroy(&seq);
	}
	return 0;
}
