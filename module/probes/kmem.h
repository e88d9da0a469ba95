/* SPDX-License-Identifier: GPL-2.0-only */
/* kmem.h - memory allocation events (descriptions, see define_event.h). */

LTTNG_EVENT(kmem_kmalloc, kmalloc,
	LTTNG_PROTO(unsigned long call_site, const void *ptr, size_t bytes_req,
		    size_t bytes_alloc, gfp_t gfp_flags, int node),
	LTTNG_ARGS(call_site, ptr, bytes_req, bytes_alloc, gfp_flags, node),
	LTTNG_FIELDS(
		f_integer_hex(unsigned long, call_site, call_site)
		f_pointer(ptr, ptr)
		f_integer(size_t, bytes_req, bytes_req)
		f_integer(size_t, bytes_alloc, bytes_alloc)
		f_integer_hex(unsigned int, gfp_flags,
			      (__force unsigned int)gfp_flags)
	)
)

LTTNG_EVENT(kmem_kfree, kfree,
	LTTNG_PROTO(unsigned long call_site, const void *ptr),
	LTTNG_ARGS(call_site, ptr),
	LTTNG_FIELDS(
		f_integer_hex(unsigned long, call_site, call_site)
		f_pointer(ptr, ptr)
	)
)

LTTNG_EVENT(kmem_mm_page_alloc, mm_page_alloc,
	LTTNG_PROTO(struct page *page, unsigned int order, gfp_t gfp_flags,
		    int migratetype),
	LTTNG_ARGS(page, order, gfp_flags, migratetype),
	LTTNG_FIELDS(
		f_pointer(page, page)
		f_integer(unsigned long, pfn, page ? page_to_pfn(page) : -1UL)
		f_integer(unsigned int, order, order)
		f_integer_hex(unsigned int, gfp_flags,
			      (__force unsigned int)gfp_flags)
		f_integer(int, migratetype, migratetype)
	)
)

LTTNG_EVENT(kmem_mm_page_free, mm_page_free,
	LTTNG_PROTO(struct page *page, unsigned int order),
	LTTNG_ARGS(page, order),
	LTTNG_FIELDS(
		f_pointer(page, page)
		f_integer(unsigned long, pfn, page_to_pfn(page))
		f_integer(unsigned int, order, order)
	)
)

LTTNG_EVENT(kmem_mm_page_free_batched, mm_page_free_batched,
	LTTNG_PROTO(struct page *page),
	LTTNG_ARGS(page),
	LTTNG_FIELDS(
		f_pointer(page, page)
		f_integer(unsigned long, pfn, page_to_pfn(page))
	)
)
