/*
 * The C baseline of the trace.dat reader benchmark (bench/tracedat): libtracecmd
 * iterates every record of a file in time order (tracecmd_iterate_events),
 * reading its time stamp and event id (mode a), and also two fields of every
 * sched_switch with tep_read_number_field (mode b).
 *
 * Usage: tracecmd-decode FILE a|b
 * Prints: records seconds checksum max-rss-kB
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <trace-cmd/trace-cmd.h>

static unsigned long long count, sum;
static int switch_id = -1;
static struct tep_format_field *prev_pid, *next_pid;
static int mode_b;

static int callback(struct tracecmd_input *handle, struct tep_record *record, int cpu, void *data)
{
	struct tep_handle *tep = tracecmd_get_tep(handle);
	int id = tep_data_type(tep, record);

	count++;
	sum += record->ts + id;
	if (mode_b && id == switch_id) {
		unsigned long long a, b;
		tep_read_number_field(prev_pid, record->data, &a);
		tep_read_number_field(next_pid, record->data, &b);
		sum += a + b;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct tracecmd_input *handle;
	struct tep_event *ev;
	struct timespec t0, t1;
	struct rusage usage;

	if (argc < 2)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	handle = tracecmd_open(argv[1], 0);
	if (!handle)
		return 1;
	mode_b = argc > 2 && strcmp(argv[2], "b") == 0;
	ev = tep_find_event_by_name(tracecmd_get_tep(handle), "sched", "sched_switch");
	if (ev) {
		switch_id = ev->id;
		prev_pid = tep_find_field(ev, "prev_pid");
		next_pid = tep_find_field(ev, "next_pid");
	}
	tracecmd_iterate_events(handle, NULL, 0, callback, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &usage);
	printf("%llu %.6f %llu %ld\n", count, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, sum, usage.ru_maxrss);
	tracecmd_close(handle);
	return 0;
}
