/* SPDX-License-Identifier: GPL-2.0-only */
/* block.h - block layer events (descriptions, see define_event.h). */

LTTNG_EVENT_CLASS(block_rq_class,
	LTTNG_PROTO(struct request *rq),
	LTTNG_ARGS(rq),
	LTTNG_FIELDS(
		f_integer(dev_t, dev, lttng_rq_dev(rq))
		f_integer(sector_t, sector, blk_rq_trace_sector(rq))
		f_integer(unsigned int, nr_sector, blk_rq_trace_nr_sectors(rq))
		f_integer(unsigned int, bytes, blk_rq_bytes(rq))
		f_integer(pid_t, tid, current->pid)
		f_integer_hex(unsigned int, rwbs, lttng_rwbs(rq->cmd_flags))
		f_array_text(comm, current->comm, TASK_COMM_LEN)
	)
)
LTTNG_EVENT_INSTANCE(block_rq_class, block_rq_issue, block_rq_issue)
LTTNG_EVENT_INSTANCE(block_rq_class, block_rq_insert, block_rq_insert)
LTTNG_EVENT_INSTANCE(block_rq_class, block_rq_merge, block_rq_merge)

LTTNG_EVENT(block_rq_requeue, block_rq_requeue,
	LTTNG_PROTO(struct request *rq),
	LTTNG_ARGS(rq),
	LTTNG_FIELDS(
		f_integer(dev_t, dev, lttng_rq_dev(rq))
		f_integer(sector_t, sector, blk_rq_trace_sector(rq))
		f_integer(unsigned int, nr_sector, blk_rq_trace_nr_sectors(rq))
		f_integer_hex(unsigned int, rwbs, lttng_rwbs(rq->cmd_flags))
	)
)

LTTNG_EVENT(block_rq_complete, block_rq_complete,
	LTTNG_PROTO(struct request *rq, blk_status_t error,
		    unsigned int nr_bytes),
	LTTNG_ARGS(rq, error, nr_bytes),
	LTTNG_FIELDS(
		f_integer(dev_t, dev, lttng_rq_dev(rq))
		f_integer(sector_t, sector, blk_rq_pos(rq))
		f_integer(unsigned int, nr_sector, nr_bytes >> 9)
		f_integer(int, error, blk_status_to_errno(error))
		f_integer_hex(unsigned int, rwbs, lttng_rwbs(rq->cmd_flags))
	)
)

LTTNG_EVENT_CLASS(block_bio_class,
	LTTNG_PROTO(struct bio *bio),
	LTTNG_ARGS(bio),
	LTTNG_FIELDS(
		f_integer(dev_t, dev, bio_dev(bio))
		f_integer(sector_t, sector, bio->bi_iter.bi_sector)
		f_integer(unsigned int, nr_sector, bio_sectors(bio))
		f_integer_hex(unsigned int, rwbs, lttng_rwbs(bio->bi_opf))
		f_integer(pid_t, tid, current->pid)
		f_array_text(comm, current->comm, TASK_COMM_LEN)
	)
)
LTTNG_EVENT_INSTANCE(block_bio_class, block_bio_queue, block_bio_queue)
LTTNG_EVENT_INSTANCE(block_bio_class, block_bio_backmerge, block_bio_backmerge)
LTTNG_EVENT_INSTANCE(block_bio_class, block_bio_frontmerge, block_bio_frontmerge)
LTTNG_EVENT_INSTANCE(block_bio_class, block_bio_bounce, block_bio_bounce)
LTTNG_EVENT_INSTANCE(block_bio_class, block_getrq, block_getrq)
