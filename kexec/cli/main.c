// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - entry point: parse the command line and dispatch.  Nothing else
 * lives here; the actions are in actions.c and status.c (actions.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "actions.h"
#include "log.h"
#include "options.h"
#include "pages.h"
#include "testhooks.h"

int main(int argc, char **argv)
{
	struct options opt;

	pages_malloc_policy();
	if (options_parse(argc, argv, &opt))
		return 1;
	log_set_debug(opt.debug);

	switch (opt.action) {
	case ACTION_HELP:
		options_usage(stdout);
		return 0;
	case ACTION_VERSION:
		printf("kexec-hotplug %s%s\n", PACKAGE_VERSION, testhooks_built() ?
		       " (test hooks built in: not for production)" : "");
		return 0;
	case ACTION_LOAD:
		return do_load(&opt);
	case ACTION_UNLOAD:
		return do_unload(&opt);
	case ACTION_EXEC:
		return do_exec(&opt);
	case ACTION_STATUS:
		return do_status(&opt);
	case ACTION_PRINT_CKR_SIZE:
		return do_print_ckr_size(&opt);
	case ACTION_RELOAD:
		return do_reload(&opt);
	case ACTION_NONE:
		break;
	}
	options_usage(stderr);
	return 1;
}
