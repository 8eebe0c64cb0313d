package io.tenantry.audit.log;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.tenantry.audit.chain.HashChain;
import io.tenantry.audit.log.AuditEntry.Outcome;
import io.tenantry.common.events.IncomingEvent;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appends events to their tenant's chain. Runs inside the consumer's transaction, with
 * the event's tenant set: the chain head is locked, so appends to one chain are serial
 * and the chain has no gaps and no forks.
 */
@Component
class AuditJournal {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	AuditJournal(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public AuditEntry append(IncomingEvent event) {
		this.jdbc.update("""
				insert into audit_chain_head (tenant_id, last_seq, last_hash, updated_at) values (?, 0, ?, now())
				on conflict do nothing""", event.tenantId(), HashChain.GENESIS);
		Map<String, Object> head = this.jdbc
			.queryForMap("select last_seq, last_hash from audit_chain_head where tenant_id = ? for update", event.tenantId());
		long seq = ((Number) head.get("last_seq")).longValue() + 1;
		String prevHash = (String) head.get("last_hash");
		AuditEntry unhashed = new AuditEntry(event.tenantId(), seq, event.id(), event.type(), event.source(),
				(event.actor() != null) ? event.actor().type() : null, (event.actor() != null) ? event.actor().id() : null,
				(event.actor() != null) ? event.actor().ip() : null, resourceType(event), resourceId(event),
				outcome(event), micros(event.time()), micros(this.clock.instant()), event.json(), prevHash, null);
		String hash = HashChain.link(prevHash, unhashed.canonical());
		AuditEntry entry = new AuditEntry(unhashed.tenantId(), seq, unhashed.eventId(), unhashed.action(),
				unhashed.source(), unhashed.actorType(), unhashed.actorId(), unhashed.actorIp(), unhashed.resourceType(),
				unhashed.resourceId(), unhashed.outcome(), unhashed.occurredAt(), unhashed.recordedAt(),
				unhashed.payload(), prevHash, hash);
		this.jdbc.update("""
				insert into audit_entry (tenant_id, seq, event_id, action, source, actor_type, actor_id, actor_ip,
				    resource_type, resource_id, outcome, occurred_at, recorded_at, payload, prev_hash, hash)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entry.tenantId(), entry.seq(),
				entry.eventId(), entry.action(), entry.source(), entry.actorType(), entry.actorId(), entry.actorIp(),
				entry.resourceType(), entry.resourceId(), entry.outcome().name(),
				java.sql.Timestamp.from(entry.occurredAt()), java.sql.Timestamp.from(entry.recordedAt()),
				entry.payload(), entry.prevHash(), entry.hash());
		this.jdbc.update("update audit_chain_head set last_seq = ?, last_hash = ?, updated_at = now() where tenant_id = ?",
				seq, hash, event.tenantId());
		return entry;
	}

	/** PostgreSQL keeps microseconds; the hash must cover what is stored. */
	static Instant micros(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MICROS);
	}

	/** {@code data.outcome} when the event states it, else FAILURE for *-failed / *-refused types. */
	static Outcome outcome(IncomingEvent event) {
		String stated = text(event.data(), "outcome");
		if (stated != null) {
			return "FAILURE".equalsIgnoreCase(stated) ? Outcome.FAILURE : Outcome.SUCCESS;
		}
		String name = eventName(event.type());
		return (name.endsWith("-failed") || name.endsWith("-refused") || name.endsWith("-denied")) ? Outcome.FAILURE
				: Outcome.SUCCESS;
	}

	/** {@code data.resourceType} when stated, else the event's domain ({@code io.tenantry.<domain>...}). */
	static String resourceType(IncomingEvent event) {
		String stated = text(event.data(), "resourceType");
		if (stated != null) {
			return stated;
		}
		String[] parts = event.type().split("\\.");
		return (parts.length > 2) ? parts[2] : null;
	}

	static String resourceId(IncomingEvent event) {
		String stated = text(event.data(), "resourceId");
		return (stated != null) ? stated : event.subject();
	}

	private static String eventName(String type) {
		String[] parts = type.split("\\.");
		return (parts.length > 3) ? parts[3] : type;
	}

	private static String text(JsonNode data, String field) {
		if (data == null || !data.isObject()) {
			return null;
		}
		JsonNode node = data.get(field);
		return (node != null && node.isString()) ? node.asString() : null;
	}

}
