package io.tenantry.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.tenantry.common.events.Topics;
import io.tenantry.common.test.SharedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.awaitility.Awaitility.await;

/** Events as another service would publish them, and waiting for audit-service to record them. */
public final class AuditEvents {

	private AuditEvents() {
	}

	/** A CloudEvents envelope for {@code tenant}. */
	public static String event(UUID tenant, String type, Instant time, UUID actor, String data) {
		String actorJson = (actor != null) ? ",\"actor\":{\"type\":\"user\",\"id\":\"" + actor + "\",\"ip\":\"192.0.2.1\"}"
				: "";
		return """
				{"specversion":"1.0","id":"%s","source":"/test","type":"%s","time":"%s","subject":"s",\
				"tenantid":"%s"%s,"datacontenttype":"application/json","data":%s}""".formatted(UUID.randomUUID(), type,
				time, tenant, actorJson, data);
	}

	/** Publishes {@code count} events of {@code type} and waits until all are recorded. */
	public static void append(KafkaTemplate<String, String> kafka, UUID tenant, int count, String type, Instant time,
			UUID actor, String data) {
		int before = entries(tenant);
		for (int i = 0; i < count; i++) {
			kafka.send(Topics.TENANT, tenant.toString(), event(tenant, type, time, actor, data));
		}
		awaitEntries(tenant, before + count);
	}

	public static void awaitEntries(UUID tenant, int count) {
		await().atMost(Duration.ofSeconds(30)).until(() -> entries(tenant) == count);
	}

	public static int entries(UUID tenant) {
		return superuser().queryForObject("select count(*) from audit_entry where tenant_id = ?", Integer.class, tenant);
	}

	/** The audit database as its superuser (bypasses RLS; for checks and tampering only). */
	public static JdbcTemplate superuser() {
		return new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "audit_service"));
	}

}
