package io.tenantry.gateway.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The gateway is ready only once it has applied every tenant event published before it was
 * first asked: until then it does not know the older suspensions, and would let a
 * suspended tenant's requests through. The first check reads the tenant topic's end
 * offsets (the target); the gateway is ready when {@link TenantStatusEvents} has applied
 * every partition up to them, and stays ready after (later events are live traffic, and a
 * broker that goes away later leaves the directory it has). In the readiness group.
 */
class TenantDirectoryReadiness implements HealthIndicator {

	private final Supplier<Admin> admin;

	private final String topic;

	private final Map<Integer, Long> applied = new ConcurrentHashMap<>();

	private volatile Map<Integer, Long> target;

	private volatile boolean ready;

	TenantDirectoryReadiness(Supplier<Admin> admin, String topic) {
		this.admin = admin;
		this.topic = topic;
	}

	/** {@link TenantStatusEvents} applied the record at {@code offset} of {@code partition}. */
	void applied(int partition, long offset) {
		this.applied.merge(partition, offset + 1, Math::max);
	}

	@Override
	public Health health() {
		if (this.ready) {
			return Health.up().build();
		}
		Map<Integer, Long> target = this.target;
		if (target == null) {
			try {
				target = endOffsets();
			}
			catch (Exception ex) {
				return Health.down().withDetail("reason", "cannot read the end of " + this.topic).build();
			}
			this.target = target;
		}
		Map<Integer, Long> behind = new HashMap<>();
		target.forEach((partition, end) -> {
			long at = this.applied.getOrDefault(partition, 0L);
			if (at < end) {
				behind.put(partition, end - at);
			}
		});
		if (!behind.isEmpty()) {
			return Health.down().withDetail("reason", "reading " + this.topic).withDetail("behind", behind).build();
		}
		this.ready = true;
		return Health.up().build();
	}

	private Map<Integer, Long> endOffsets() throws Exception {
		try (Admin admin = this.admin.get()) {
			TopicDescription description = admin.describeTopics(List.of(this.topic))
				.allTopicNames()
				.get(3, TimeUnit.SECONDS)
				.get(this.topic);
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			description.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(this.topic, partition.partition()),
						OffsetSpec.latest()));
			Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest)
				.all()
				.get(3, TimeUnit.SECONDS);
			Map<Integer, Long> target = new HashMap<>();
			ends.forEach((partition, info) -> target.put(partition.partition(), info.offset()));
			return target;
		}
	}

}
