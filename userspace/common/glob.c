// SPDX-License-Identifier: LGPL-2.1-only
/*
 * glob.c - LTTng's star-glob patterns of event names, for the daemon
 * (which rules match an application's events, and their exclusions) and
 * the client (which names are patterns).
 *
 * '*' matches any run of characters, '\' makes the next one literal;
 * nothing else is special.  Matching is greedy with one backtrack point
 * (the last '*'), linear in practice and never recursive.
 */
#include <stddef.h>

#include "protocol.h"

int lttcomm_glob_match(const char *pat, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	for (;;) {
		if (*pat == '*') {
			star_p = ++pat;
			star_s = s;
			continue;
		}
		if (!*s) {
			if (!*pat)
				return 1;
			break;
		}
		if (*pat == '\\' && pat[1]) {
			if (pat[1] == *s) {
				pat += 2;
				s++;
				continue;
			}
		} else if (*pat && *pat == *s) {
			pat++;
			s++;
			continue;
		}
		if (!star_p)
			return 0;
		pat = star_p;
		s = ++star_s;
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}

int lttcomm_glob_ends_with_star(const char *s, size_t len)
{
	return len && s[len - 1] == '*';
}
