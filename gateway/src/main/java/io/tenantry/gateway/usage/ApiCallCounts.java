package io.tenantry.gateway.usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each tenant's routed API calls since the last flush, counted on the event loop without a
 * lock: a {@link LongAdder} per tenant, found in a {@link ConcurrentHashMap}.
 * <p>
 * {@link #drain()} takes each adder's sum and resets it in one pass of atomic exchanges, so a
 * call counted while it runs lands in this window or the next, never in neither. A tenant
 * without calls in a window is removed so the map holds only tenants calling now; a caller
 * may still hold the removed adder for an instant, so a removed adder is drained once more
 * at the next flush before it is dropped.
 */
class ApiCallCounts {

	private final ConcurrentHashMap<UUID, LongAdder> counts = new ConcurrentHashMap<>();

	/** Adders removed at the last drain: read once more at the next. Flushing thread only. */
	private List<Map.Entry<UUID, LongAdder>> retired = List.of();

	void increment(UUID tenant) {
		this.counts.computeIfAbsent(tenant, (key) -> new LongAdder()).increment();
	}

	/**
	 * Every tenant's calls since the previous drain, tenants without any left out. One
	 * thread drains at a time.
	 */
	Map<UUID, Long> drain() {
		Map<UUID, Long> drained = new HashMap<>();
		for (Map.Entry<UUID, LongAdder> late : this.retired) {
			add(drained, late.getKey(), late.getValue().sumThenReset());
		}
		List<Map.Entry<UUID, LongAdder>> idle = new ArrayList<>();
		for (Iterator<Map.Entry<UUID, LongAdder>> entries = this.counts.entrySet().iterator(); entries.hasNext();) {
			Map.Entry<UUID, LongAdder> entry = entries.next();
			long calls = entry.getValue().sumThenReset();
			if (calls > 0) {
				add(drained, entry.getKey(), calls);
			}
			else if (this.counts.remove(entry.getKey(), entry.getValue())) {
				idle.add(Map.entry(entry.getKey(), entry.getValue()));
			}
		}
		this.retired = idle;
		return drained;
	}

	private static void add(Map<UUID, Long> drained, UUID tenant, long calls) {
		if (calls > 0) {
			drained.merge(tenant, calls, Long::sum);
		}
	}

}
