package io.tenantry.gateway.usage;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Each tenant's routed API calls since the last flush: a {@link LongAdder} per tenant in a
 * {@link ConcurrentHashMap}, counted inside the map's per-key {@code compute}.
 * <p>
 * {@link #drain()} takes each adder's sum and resets it with atomic exchanges, so a call
 * counted while it runs lands in this window or the next, never in neither. A tenant without
 * calls in a window is removed so the map holds only tenants calling now; the removal and its
 * last read happen under the same per-key lock as the increments, so a call is either in the
 * removed adder's last read or in a new adder, never lost with it.
 */
class ApiCallCounts {

	private final ConcurrentHashMap<UUID, LongAdder> counts = new ConcurrentHashMap<>();

	void increment(UUID tenant) {
		this.counts.compute(tenant, (key, adder) -> {
			LongAdder calls = (adder != null) ? adder : new LongAdder();
			calls.increment();
			return calls;
		});
	}

	/**
	 * Every tenant's calls since the previous drain, tenants without any left out. One
	 * thread drains at a time.
	 */
	Map<UUID, Long> drain() {
		Map<UUID, Long> drained = new HashMap<>();
		for (Map.Entry<UUID, LongAdder> entry : this.counts.entrySet()) {
			long calls = entry.getValue().sumThenReset();
			if (calls > 0) {
				add(drained, entry.getKey(), calls);
				continue;
			}
			this.counts.computeIfPresent(entry.getKey(), (tenant, adder) -> {
				long late = adder.sumThenReset();
				if (late > 0) {
					add(drained, tenant, late);
					return adder;
				}
				return null;
			});
		}
		return drained;
	}

	private static void add(Map<UUID, Long> drained, UUID tenant, long calls) {
		if (calls > 0) {
			drained.merge(tenant, calls, Long::sum);
		}
	}

}
