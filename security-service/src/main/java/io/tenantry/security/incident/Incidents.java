package io.tenantry.security.incident;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.web.ConflictException;
import io.tenantry.common.web.ListQuery;
import io.tenantry.common.web.PageResponse;
import io.tenantry.common.web.ResourceNotFoundException;
import io.tenantry.security.events.IncidentResolved;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The current tenant's incidents: listed, read and resolved, always under its RLS scope. */
@Service
class Incidents {

	enum Status {
		OPEN, RESOLVED
	}

	enum Type {
		BRUTE_FORCE
	}

	enum Severity {
		MEDIUM, HIGH
	}

	static final Map<String, String> SORTS = Map.of("openedAt", "opened_at", "lastSeenAt", "last_seen_at", "failures",
			"failures", "severity", "severity");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final EventOutbox events;

	private final Clock clock;

	Incidents(JdbcTemplate jdbc, TransactionTemplate transactions, EventOutbox events, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	PageResponse<IncidentView> list(String status, String type, String severity, String sourceIp, int page, int size,
			String sort) {
		ListQuery query = ListQuery.from("security_incident");
		Status byStatus = query.enumValue("status", status, Status.class);
		Type byType = query.enumValue("type", type, Type.class);
		Severity bySeverity = query.enumValue("severity", severity, Severity.class);
		if (sourceIp != null && sourceIp.length() > 64) {
			query.reject("sourceIp", "must be at most 64 characters");
		}
		query.whereIf(byStatus, "status = ?", (byStatus != null) ? byStatus.name() : null)
			.whereIf(byType, "type = ?", (byType != null) ? byType.name() : null)
			.whereIf(bySeverity, "severity = ?", (bySeverity != null) ? bySeverity.name() : null)
			.whereIf(sourceIp, "source_ip = ?", (sourceIp != null) ? sourceIp.strip() : null);
		return this.transactions.execute((tx) -> query.page(this.jdbc, "id", UUID.class, SORTS, sort, "openedAt,desc",
				page, size, this::load));
	}

	IncidentView get(UUID id) {
		return this.transactions.execute((tx) -> find(id));
	}

	IncidentView resolve(UUID id, String resolution, String resolvedBy) {
		return this.transactions.execute((tx) -> {
			IncidentView incident = find(id);
			if (!incident.status().equals(Status.OPEN.name())) {
				throw new ConflictException("Incident " + id + " is already " + incident.status());
			}
			this.jdbc.update("""
					update security_incident set status = 'RESOLVED', resolved_at = ?, resolved_by = ?, resolution = ?
					where id = ?""", Timestamp.from(this.clock.instant()), resolvedBy, resolution, id);
			IncidentView resolved = find(id);
			this.events.append(Topics.SECURITY, IncidentResolved.TYPE, id.toString(),
					new IncidentResolved(tenantOf(id), id, resolved.type(), resolved.sourceIp(), resolved.failures(),
							resolution));
			return resolved;
		});
	}

	private IncidentView find(UUID id) {
		return this.jdbc
			.query("select " + IncidentView.COLUMNS + " from security_incident where id = ?",
					(rs, row) -> IncidentView.of(rs), id)
			.stream()
			.findFirst()
			.orElseThrow(() -> new ResourceNotFoundException("Incident", id));
	}

	private UUID tenantOf(UUID id) {
		return this.jdbc.queryForObject("select tenant_id from security_incident where id = ?", UUID.class, id);
	}

	private List<IncidentView> load(List<UUID> ids) {
		return ListQuery.inOrder(this.jdbc, "select " + IncidentView.COLUMNS + " from security_incident where id in", ids,
				(rs, row) -> IncidentView.of(rs), IncidentView::id);
	}

}
