package io.tenantry.organization.entitlement;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.IncomingEvent.MalformedEventException;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the {@code tenant_entitlement} projection in step with billing-service, as
 * user-service does: each {@code entitlements-changed} event replaces the tenant's plan and
 * limits (billing sends them whole); every other billing event is ignored. Each event is
 * applied once; the latest wins: an event that took effect before the one the row holds
 * changes nothing, and any event replaces the defaults a tenant got before billing had
 * published.
 */
@Component
class EntitlementUpdates {

	static final String CONSUMER = "organization-entitlements";

	static final String ENTITLEMENTS_CHANGED = "io.tenantry.billing.entitlements-changed.v1";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ProcessedEvents processed;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	EntitlementUpdates(ProcessedEvents processed, JdbcTemplate jdbc, Clock clock) {
		this.processed = processed;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@KafkaListener(id = "organization-service-entitlements", topics = Topics.BILLING)
	void on(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (!ENTITLEMENTS_CHANGED.equals(event.type())) {
			return;
		}
		JsonNode data = event.data();
		if (data == null || !data.hasNonNull("plan")) {
			throw new MalformedEventException(ENTITLEMENTS_CHANGED + " without a plan");
		}
		Map<String, Long> limits = new LinkedHashMap<>();
		if (data.hasNonNull("limits")) {
			for (Map.Entry<String, JsonNode> limit : data.get("limits").properties()) {
				if (!limit.getValue().isNull()) {
					limits.put(limit.getKey(), limit.getValue().asLong());
				}
			}
		}
		Instant effectiveAt = data.hasNonNull("effectiveAt") ? Instant.parse(data.get("effectiveAt").asString())
				: event.time();
		this.processed.handleOnce(CONSUMER, event, (e) -> {
			Timestamp now = Timestamp.from(this.clock.instant());
			this.jdbc.update("""
					insert into tenant_entitlement (tenant_id, plan, plan_version, limits, effective_at, created_at,
					    updated_at)
					values (?, ?, ?, ?::jsonb, ?, ?, ?)
					on conflict (tenant_id) do update set plan = excluded.plan, plan_version = excluded.plan_version,
					    limits = excluded.limits, effective_at = excluded.effective_at, updated_at = excluded.updated_at
					where tenant_entitlement.effective_at is null or tenant_entitlement.effective_at <= excluded.effective_at
					""", e.tenantId(), data.get("plan").asString(), data.path("planVersion").asInt(0),
					JSON.writeValueAsString(limits), Timestamp.from(effectiveAt), now, now);
		});
	}

}
