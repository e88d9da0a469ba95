/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * test-event.h - the event the filter tests type their filters against,
 * and its sample records: one for the host unit test (tests/test-kernel.c,
 * module/filter.c built with kcompat/filter-host.h) and the VM test's
 * module (selftests/filter/kmod/filter_test.c), so that an expression
 * gives the same answers in both.  Include after the kernel's headers or
 * filter-host.h, and module/filter.h.
 */
#ifndef _FILTER_TESTS_TEST_EVENT_H
#define _FILTER_TESTS_TEST_EVENT_H

#define INT_T(sz, sgn) { .size = sz, .alignment = 8, .signedness = sgn, .base = 10 }

static const struct lttng_field_desc test_fields[] = {
	{ "intfield", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(64, 1) } },
	{ "uintfield", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(32, 0) } },
	{ "strfield", { .kind = LTTNG_TYPE_STRING } },
	{ "comm", { .kind = LTTNG_TYPE_ARRAY, .length = 16,
		    .integer = { .size = 8, .alignment = 8, .base = 10, .encoding = 1 } } },
	{ "arr", { .kind = LTTNG_TYPE_ARRAY, .length = 4, .integer = INT_T(16, 0) } },
	{ "seq", { .kind = LTTNG_TYPE_SEQUENCE, .integer = INT_T(32, 1),
		   .length_type = INT_T(32, 0) } },
	{ "enumfield", { .kind = LTTNG_TYPE_ENUM, .integer = INT_T(32, 1) } },
	{ "s8arr", { .kind = LTTNG_TYPE_ARRAY, .length = 3, .integer = INT_T(8, 1) } },
	{ "u64arr", { .kind = LTTNG_TYPE_ARRAY, .length = 2, .integer = INT_T(64, 0) } },
};
#define NR_FIELDS ARRAY_SIZE(test_fields)

static const struct lttng_event_desc test_desc = {
	.name = "test_event",
	.kind = LTTNG_DESC_TEST,
	.fields = test_fields,
	.nr_fields = NR_FIELDS,
};

struct sample {
	s64 intfield;
	u32 uintfield;
	const char *strfield;
	char comm[16];
	u16 arr[4];
	s32 seq[8];
	u32 seq_len;
	s32 enumfield;
	s8 s8arr[3];
	u64 u64arr[2];
};

/* selftests/filter/filter_vm_test.c's cases give one answer per sample. */
static const struct sample samples[] = {
	{ 42, 7, "hello", "bash", { 1, 2, 3, 65535 }, { -1, 5 }, 2, 3,
	  { -128, 0, 127 }, { 1, ~(u64)0 } },
	{ -5, 4000000000U, "", "0123456789abcdef", { 0, 0, 0, 0 }, { 0 }, 0, -1,
	  { 1, 2, 3 }, { 0, 0 } },
	{ 500, 0, "a*b\\c", "sshd", { 10, 20, 30, 40 }, { 7, 8, 9 }, 3, 0,
	  { 0, 0, 0 }, { 9, 9 } },
};

/* The filter's view of sample s: v has NR_FIELDS values. */
static void fill(const struct sample *s, struct lttng_filter_value *v)
{
	memset(v, 0, sizeof(*v) * NR_FIELDS);
	v[0].v = s->intfield;
	v[1].v = s->uintfield;
	v[2].ptr = s->strfield;
	v[2].len = (u32)strlen(s->strfield) + 1;
	v[3].ptr = s->comm;
	v[3].len = sizeof(s->comm);
	v[4].ptr = s->arr;
	v[4].len = ARRAY_SIZE(s->arr);
	v[5].ptr = s->seq;
	v[5].len = s->seq_len;
	v[6].v = s->enumfield;
	v[7].ptr = s->s8arr;
	v[7].len = ARRAY_SIZE(s->s8arr);
	v[8].ptr = s->u64arr;
	v[8].len = ARRAY_SIZE(s->u64arr);
}

#endif /* _FILTER_TESTS_TEST_EVENT_H */
