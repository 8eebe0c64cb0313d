package io.tenantry.gateway.security;

import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.AbstractConsumerSeekAware;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;

/**
 * Reads tenant-service's events into {@link SuspendedTenants}: every event that carries a
 * tenant's {@code status} sets it; and into {@link TenantPlans}: every one that carries its
 * {@code plan} sets that. Every gateway instance reads the whole topic (a group of
 * its own, from the beginning on each start; the topic keeps its events for ever), so it
 * knows every suspension whenever it started. The topic's per-tenant order makes the last
 * event win. Each record applied, readable or not, moves {@link TenantDirectoryReadiness} on.
 */
public class TenantStatusEvents extends AbstractConsumerSeekAware {

	static final String TOPIC = "tenantry.tenant.v1";

	private static final Logger log = LoggerFactory.getLogger(TenantStatusEvents.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final SuspendedTenants suspended;

	private final TenantPlans plans;

	private final TenantDirectoryReadiness readiness;

	TenantStatusEvents(SuspendedTenants suspended, TenantPlans plans, TenantDirectoryReadiness readiness) {
		this.suspended = suspended;
		this.plans = plans;
		this.readiness = readiness;
	}

	@KafkaListener(id = "gateway-tenant-status", topics = TOPIC, groupId = "gateway-tenants-${random.uuid}",
			properties = "auto.offset.reset=earliest")
	public void on(String message, @Header(KafkaHeaders.RECEIVED_PARTITION) int partition,
			@Header(KafkaHeaders.OFFSET) long offset) {
		try {
			apply(JSON.readTree(message));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			log.debug("Skipped an unreadable event: {}", ex.getMessage());
		}
		finally {
			this.readiness.applied(partition, offset);
		}
	}

	void apply(JsonNode event) {
		JsonNode tenant = event.get("tenantid");
		JsonNode data = event.get("data");
		if (tenant == null || tenant.isNull() || data == null) {
			return;
		}
		if (data.hasNonNull("plan")) {
			this.plans.apply(tenant.asString(), data.get("plan").asString());
		}
		if (data.hasNonNull("status")) {
			this.suspended.apply(tenant.asString(), data.get("status").asString());
		}
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		super.onPartitionsAssigned(assignments, callback);
		callback.seekToBeginning(assignments.keySet());
	}

}
