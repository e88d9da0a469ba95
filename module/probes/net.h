/* SPDX-License-Identifier: GPL-2.0-only */
/* net.h - network device events (descriptions, see define_event.h). */

LTTNG_EVENT(net_dev_xmit, net_dev_xmit,
	LTTNG_PROTO(struct sk_buff *skb, int rc, struct net_device *dev,
		    unsigned int skb_len),
	LTTNG_ARGS(skb, rc, dev, skb_len),
	LTTNG_FIELDS(
		f_pointer(skbaddr, skb)
		f_integer(int, rc, rc)
		f_integer(unsigned int, len, skb_len)
		f_string(name, dev->name)
	)
)

LTTNG_EVENT_CLASS(net_dev_class,
	LTTNG_PROTO(struct sk_buff *skb),
	LTTNG_ARGS(skb),
	LTTNG_FIELDS(
		f_pointer(skbaddr, skb)
		f_integer(unsigned int, len, skb->len)
		f_string(name, skb->dev ? skb->dev->name : "")
	)
)
LTTNG_EVENT_INSTANCE(net_dev_class, net_dev_queue, net_dev_queue)
LTTNG_EVENT_INSTANCE(net_dev_class, net_if_receive_skb, netif_receive_skb)
LTTNG_EVENT_INSTANCE(net_dev_class, net_if_rx, netif_rx)
