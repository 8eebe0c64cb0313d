package io.tenantry.audit.log;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tenantry.audit.chain.HashChain;
import io.tenantry.audit.log.AuditEntry.Outcome;
import io.tenantry.common.events.IncomingEvent;
import io.tenantry.common.events.ProcessedEvents;
import io.tenantry.common.tenant.TenantContext;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends events to their tenants' chains: one transaction per tenant in a batch, with that
 * tenant set (RLS), the events claimed once (an event already recorded is skipped), the
 * chain head locked, the new links computed in order, and the entries inserted together.
 * Appends to one chain are serial, so a chain has no gaps and no forks.
 */
@Component
class AuditJournal {

	static final String CONSUMER = "audit-log";

	private static final String INSERT = """
			insert into audit_entry (tenant_id, seq, event_id, action, source, actor_type, actor_id, actor_ip,
			    resource_type, resource_id, outcome, occurred_at, recorded_at, payload, prev_hash, hash)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ProcessedEvents processed;

	private final Clock clock;

	AuditJournal(JdbcTemplate jdbc, TransactionTemplate transactions, ProcessedEvents processed, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.processed = processed;
		this.clock = clock;
	}

	/** Records a batch of events, in order within each tenant. */
	void appendAll(List<IncomingEvent> events) {
		Map<UUID, List<IncomingEvent>> byTenant = new LinkedHashMap<>();
		events.forEach((event) -> byTenant.computeIfAbsent(event.tenantId(), (tenant) -> new ArrayList<>()).add(event));
		byTenant.forEach((tenant, tenantEvents) -> TenantContext.runAs(tenant,
				() -> this.transactions.executeWithoutResult((tx) -> appendForTenant(tenant, tenantEvents))));
	}

	private void appendForTenant(UUID tenant, List<IncomingEvent> events) {
		Set<UUID> fresh = this.processed.claim(CONSUMER, tenant, events.stream().map(IncomingEvent::id).toList());
		if (fresh.isEmpty()) {
			return;
		}
		this.jdbc.update("""
				insert into audit_chain_head (tenant_id, last_seq, last_hash, updated_at) values (?, 0, ?, now())
				on conflict do nothing""", tenant, HashChain.GENESIS);
		Map<String, Object> head = this.jdbc
			.queryForMap("select last_seq, last_hash from audit_chain_head where tenant_id = ? for update", tenant);
		long seq = ((Number) head.get("last_seq")).longValue();
		String hash = (String) head.get("last_hash");
		Instant recordedAt = micros(this.clock.instant());
		List<Object[]> rows = new ArrayList<>(fresh.size());
		for (IncomingEvent event : events) {
			if (!fresh.remove(event.id())) {
				continue; // recorded before, or a duplicate within this batch
			}
			AuditEntry entry = link(event, ++seq, hash, recordedAt);
			hash = entry.hash();
			rows.add(new Object[] { entry.tenantId(), entry.seq(), entry.eventId(), entry.action(), entry.source(),
					entry.actorType(), entry.actorId(), entry.actorIp(), entry.resourceType(), entry.resourceId(),
					entry.outcome().name(), Timestamp.from(entry.occurredAt()), Timestamp.from(entry.recordedAt()),
					entry.payload(), entry.prevHash(), entry.hash() });
		}
		this.jdbc.batchUpdate(INSERT, rows);
		rememberPlan(tenant, events);
		this.jdbc.update("update audit_chain_head set last_seq = ?, last_hash = ?, updated_at = now() where tenant_id = ?",
				seq, hash, tenant);
	}

	/**
	 * Keeps this service's copy of the tenant's plan (retention defaults by plan) from the
	 * newest tenant event in the batch that states one.
	 */
	private void rememberPlan(UUID tenant, List<IncomingEvent> events) {
		for (int i = events.size() - 1; i >= 0; i--) {
			IncomingEvent event = events.get(i);
			String plan = event.type().startsWith("io.tenantry.tenant.") ? text(event.data(), "plan") : null;
			if (plan != null) {
				this.jdbc.update("""
						insert into audit_tenant_plan (tenant_id, plan, as_of) values (?, ?, ?)
						on conflict (tenant_id) do update set plan = excluded.plan, as_of = excluded.as_of
						where audit_tenant_plan.as_of <= excluded.as_of""", tenant, plan.toUpperCase(java.util.Locale.ROOT),
						Timestamp.from(event.time()));
				return;
			}
		}
	}

	/** The entry for {@code event} at position {@code seq}, linked to {@code prevHash}. */
	static AuditEntry link(IncomingEvent event, long seq, String prevHash, Instant recordedAt) {
		AuditEntry unhashed = new AuditEntry(event.tenantId(), seq, event.id(), event.type(), event.source(),
				(event.actor() != null) ? event.actor().type() : null, (event.actor() != null) ? event.actor().id() : null,
				(event.actor() != null) ? event.actor().ip() : null, resourceType(event), resourceId(event),
				outcome(event), micros(event.time()), recordedAt, event.json(), prevHash, null);
		return unhashed.withHash(HashChain.link(prevHash, unhashed.canonical(event.envelope())));
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
