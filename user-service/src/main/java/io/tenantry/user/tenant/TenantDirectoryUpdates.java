package io.tenantry.user.tenant;

import java.sql.Timestamp;

import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the login directory in step with tenant-service: any event on the tenant topic
 * that carries a {@code slug} and a {@code status} (created, and the lifecycle events to
 * come) sets that tenant's row. Each event is applied once; the topic's per-tenant order
 * means the last event wins.
 */
@Component
class TenantDirectoryUpdates {

	static final String CONSUMER = "tenant-directory";

	private final ProcessedEvents processed;

	private final JdbcTemplate jdbc;

	TenantDirectoryUpdates(ProcessedEvents processed, JdbcTemplate jdbc) {
		this.processed = processed;
		this.jdbc = jdbc;
	}

	@KafkaListener(id = "user-service-tenant-directory", topics = Topics.TENANT)
	void on(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		JsonNode data = event.data();
		if (data == null || !data.hasNonNull("slug") || !data.hasNonNull("status")
				|| "io.tenantry.tenant.deleted.v1".equals(event.type())) {
			return; // a deleted tenant's row goes with the rest of its data (TenantData)
		}
		this.processed.handleOnce(CONSUMER, event, (e) -> this.jdbc.update("""
				insert into tenant_directory (tenant_id, slug, status, updated_at) values (?, ?, ?, ?)
				on conflict (tenant_id) do update set slug = excluded.slug, status = excluded.status,
				    updated_at = excluded.updated_at
				""", e.tenantId(), data.get("slug").asString(), data.get("status").asString(),
				Timestamp.from(e.time())));
	}

}
