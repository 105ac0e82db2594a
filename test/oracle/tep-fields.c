/*
 * Prints every field of every event format named on stdin, as libtraceevent
 * parses it: one line per field,
 *   <system>\t<event>\t<id>\t<field>\t<type>\t<offset>\t<size>\t<arraylen>\t<flags>
 * Input lines are "<system>\t<path of the format file>". The header_page file
 * is given as argv[1] so the long size is the kernel's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n + 1);
	if (fread(buf, 1, n, f) != (size_t)n)
		n = 0;
	buf[n] = 0;
	fclose(f);
	*len = n;
	return buf;
}

static void print_fields(struct tep_event *event, struct tep_format_field **fields)
{
	for (int i = 0; fields && fields[i]; i++) {
		struct tep_format_field *f = fields[i];
		printf("%s\t%s\t%d\t%s\t%s\t%d\t%d\t%d\t%lu\n", event->system, event->name, event->id,
		       f->name, f->type, f->offset, f->size, f->arraylen, f->flags);
	}
	free(fields);
}

int main(int argc, char **argv)
{
	struct tep_handle *tep = tep_alloc();
	char line[4096];
	size_t len;

	if (argc > 1) {
		char *hp = slurp(argv[1], &len);
		if (hp)
			tep_parse_header_page(tep, hp, len, sizeof(long));
	}
	while (fgets(line, sizeof(line), stdin)) {
		char *tab = strchr(line, '\t');
		char *nl = strchr(line, '\n');
		char *buf;

		if (!tab)
			continue;
		*tab = 0;
		if (nl)
			*nl = 0;
		buf = slurp(tab + 1, &len);
		if (!buf) {
			printf("ERROR\t%s\tunreadable\n", tab + 1);
			continue;
		}
		if (tep_parse_event(tep, buf, len, line) != 0)
			printf("ERROR\t%s\tparse\n", tab + 1);
		free(buf);
	}
	/* Print after all are loaded: print-fmt marks are set while parsing. */
	struct tep_event **events = tep_list_events(tep, TEP_EVENT_SORT_ID);
	for (int i = 0; events && events[i]; i++) {
		print_fields(events[i], tep_event_common_fields(events[i]));
		print_fields(events[i], tep_event_fields(events[i]));
	}
	tep_free(tep);
	return 0;
}
