package io.tenantry.security.incident;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.events.Topics;
import io.tenantry.common.jpa.AfterCommit;
import io.tenantry.security.events.IncidentOpened;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads user-service's failed logins and opens a BRUTE_FORCE incident when one address
 * fails {@code max-failures} times on one tenant within {@code window}: the address the
 * trusted proxies saw, kept by user-service as the event's actor address. An open incident
 * for that address takes every later failure (its count, the accounts tried, the last time
 * seen) until it is resolved; then the next burst opens a new one. Each failure counts once
 * (event ids), in the tenant's transaction, so RLS applies here too.
 * {@code tenantry.security.incidents.opened} counts incidents by type once they commit.
 */
@Component
class BruteForceDetector {

	static final String CONSUMER = "security-login-failures";

	static final String LOGIN_FAILED = "io.tenantry.auth.login-failed.v1";

	static final String BRUTE_FORCE = "BRUTE_FORCE";

	private final JdbcTemplate jdbc;

	private final ProcessedEvents processed;

	private final EventOutbox events;

	private final BruteForceProperties properties;

	private final Counter opened;

	BruteForceDetector(JdbcTemplate jdbc, ProcessedEvents processed, EventOutbox events,
			BruteForceProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.processed = processed;
		this.events = events;
		this.properties = properties;
		this.opened = Counter.builder("tenantry.security.incidents.opened")
			.description("Security incidents opened, by type")
			.tag("type", "brute_force")
			.register(meters);
	}

	@KafkaListener(id = "security-service-login-failures", topics = Topics.USER)
	void onUserEvent(String message) {
		IncomingEvent event = IncomingEvent.parse(message);
		if (!LOGIN_FAILED.equals(event.type()) || event.actor() == null || event.actor().ip() == null
				|| event.data() == null) {
			return;
		}
		this.processed.handleOnce(CONSUMER, event, this::record);
	}

	private void record(IncomingEvent event) {
		JsonNode data = event.data();
		String ip = event.actor().ip();
		String email = data.hasNonNull("email") ? data.get("email").asString().toLowerCase(java.util.Locale.ROOT) : "";
		String reason = data.hasNonNull("reason") ? data.get("reason").asString() : "unknown";
		Instant at = event.time();
		this.jdbc.update("""
				insert into login_failure (tenant_id, event_id, source_ip, email, reason, occurred_at)
				values (?, ?, ?, ?, ?, ?) on conflict do nothing""", event.tenantId(), event.id(), ip, email, reason,
				Timestamp.from(at));
		List<Incident> open = this.jdbc.query("""
				select id, failures, first_seen_at from security_incident
				where type = ? and source_ip = ? and status = 'OPEN' for update""",
				(rs, row) -> new Incident(rs.getObject(1, UUID.class), rs.getInt(2), rs.getTimestamp(3).toInstant()),
				BRUTE_FORCE, ip);
		if (!open.isEmpty()) {
			Incident incident = open.get(0);
			this.jdbc.update("""
					update security_incident set failures = failures + 1,
					    accounts = (select count(distinct email) from login_failure
					                where source_ip = ? and occurred_at >= security_incident.first_seen_at),
					    last_seen_at = greatest(last_seen_at, ?)
					where id = ?""", ip, Timestamp.from(at), incident.id());
			return;
		}
		Window window = this.jdbc.queryForObject("""
				select count(*), count(distinct email), min(occurred_at) from login_failure
				where source_ip = ? and occurred_at > ? and occurred_at <= ?""",
				(rs, row) -> new Window(rs.getInt(1), rs.getInt(2),
						(rs.getTimestamp(3) != null) ? rs.getTimestamp(3).toInstant() : at),
				ip, Timestamp.from(at.minus(this.properties.window())), Timestamp.from(at));
		if (window == null || window.failures() < this.properties.maxFailures()) {
			return;
		}
		UUID id = UUID.randomUUID();
		String severity = (window.accounts() > 1) ? "HIGH" : "MEDIUM";
		this.jdbc.update("""
				insert into security_incident (tenant_id, id, type, severity, status, source_ip, failures, accounts,
				    first_seen_at, last_seen_at, opened_at)
				values (?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?)""", event.tenantId(), id, BRUTE_FORCE, severity, ip,
				window.failures(), window.accounts(), Timestamp.from(window.firstSeen()), Timestamp.from(at),
				Timestamp.from(at));
		this.events.append(Topics.SECURITY, IncidentOpened.TYPE, id.toString(),
				new IncidentOpened(event.tenantId(), id, BRUTE_FORCE, severity, ip, window.failures(), window.accounts(),
						window.firstSeen()),
				"system", "security-service");
		AfterCommit.run(this.opened::increment);
	}

	private record Incident(UUID id, int failures, Instant firstSeen) {
	}

	private record Window(int failures, int accounts, Instant firstSeen) {
	}

}
