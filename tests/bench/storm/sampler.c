// SPDX-License-Identifier: GPL-2.0-only
/*
 * sampler.c - owns the storm benchmark's view of the crash kernel
 * (tests/bench/storm): reads /sys/kernel/kexec_crash_loaded every 10 ms
 * (pread on one open descriptor, CLOCK_MONOTONIC), writes every
 * transition as "T VALUE" (seconds since boot, monotonic, as the journal's
 * short-monotonic stamps) to OUT, and on SIGTERM or SIGINT the summary:
 *   summary start S end E samples N windows W zero_total Z longest L
 *   late_max M
 * W counts the windows at 0 (a window still open at the end counts, up
 * to the end), Z is their total length, L the longest (seconds); M is the
 * worst lateness of a sample past its 10 ms tick (how far the sampler
 * itself was starved, so how far a short window could have been missed).
 * Built on the host with gcc -static -O2 and copied into the guest.
 * Usage: sampler OUT [PATH]     (PATH: default /sys/kernel/kexec_crash_loaded)
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_NS 10000000L

static volatile sig_atomic_t stop;

struct windows {
	int count;
	double total;
	double longest;
	double opened;		/* start of the open window, < 0 when none */
};

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int sample(int fd)
{
	char c;

	if (pread(fd, &c, 1, 0) != 1)
		return -1;
	return c == '1';
}

static void window_close(struct windows *w, double t)
{
	double len = t - w->opened;

	w->total += len;
	if (len > w->longest)
		w->longest = len;
	w->opened = -1;
}

static void next_tick(struct timespec *tick)
{
	tick->tv_nsec += PERIOD_NS;
	if (tick->tv_nsec >= 1000000000L) {
		tick->tv_nsec -= 1000000000L;
		tick->tv_sec++;
	}
}

int main(int argc, char **argv)
{
	const char *path = argc > 2 ? argv[2] : "/sys/kernel/kexec_crash_loaded";
	struct windows w = { 0, 0, 0, -1 };
	struct sigaction sa;
	struct timespec tick;
	double start, t = 0, late = 0;
	long n = 0;
	int fd, v, last = -2;
	FILE *out;

	if (argc < 2) {
		fprintf(stderr, "usage: sampler OUT [PATH]\n");
		return 2;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "sampler: %s: %s\n", path, strerror(errno));
		return 1;
	}
	out = fopen(argv[1], "w");
	if (!out) {
		fprintf(stderr, "sampler: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &tick);
	start = now();
	while (!stop) {
		v = sample(fd);
		t = now();
		n++;
		if (v < 0) {
			fprintf(stderr, "sampler: reading %s failed\n", path);
			break;
		}
		if (v != last) {
			fprintf(out, "%.3f %d\n", t, v);
			fflush(out);
			if (v == 0)
				w.opened = t;
			else if (w.opened >= 0)
				window_close(&w, t);
			if (v == 0)
				w.count++;
			last = v;
		}
		if (t - (tick.tv_sec + tick.tv_nsec / 1e9) > late)
			late = t - (tick.tv_sec + tick.tv_nsec / 1e9);
		next_tick(&tick);
		if (now() > tick.tv_sec + tick.tv_nsec / 1e9)	/* starved: no catch-up burst */
			clock_gettime(CLOCK_MONOTONIC, &tick);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &tick, NULL) == EINTR && !stop)
			;
	}
	t = now();
	if (w.opened >= 0)
		window_close(&w, t);
	fprintf(out, "%.3f %d\n", t, last);
	fprintf(out, "summary start %.3f end %.3f samples %ld windows %d zero_total %.3f "
		"longest %.3f late_max %.3f\n", start, t, n, w.count, w.total, w.longest, late);
	fclose(out);
	return 0;
}
