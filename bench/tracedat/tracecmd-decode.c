/*
 * The C baseline of the reader benchmark: libtracecmd iterates every record
 * of a trace.dat in time order (tracecmd_iterate_events), reading its time
 * stamp and event id (mode a), and also two fields of every sched_switch
 * with tep_get_field_val (mode b). Prints records and seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
	struct tracecmd_input *handle = tracecmd_open(argv[1], 0);
	struct timespec t0, t1;

	if (!handle)
		return 1;
	mode_b = argc > 2 && strcmp(argv[2], "b") == 0;
	struct tep_event *ev = tep_find_event_by_name(tracecmd_get_tep(handle), "sched", "sched_switch");
	if (ev) {
		switch_id = ev->id;
		prev_pid = tep_find_field(ev, "prev_pid");
		next_pid = tep_find_field(ev, "next_pid");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	tracecmd_iterate_events(handle, NULL, 0, callback, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%llu %.6f %llu\n", count, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, sum);
	tracecmd_close(handle);
	return 0;
}
