package io.tenantry.audit.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads and changes a tenant's retention (RLS: the tenant's own row only). */
@Component
public class RetentionSettings {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final RetentionProperties properties;

	private final Clock clock;

	RetentionSettings(JdbcTemplate jdbc, TransactionTemplate transactions, RetentionProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
	}

	public Retention of(UUID tenant) {
		return TenantContext.callAs(tenant, () -> this.transactions.execute((tx) -> {
			List<Retention> rows = this.jdbc.query("select * from audit_retention where tenant_id = ?",
					(rs, row) -> new Retention(rs.getInt("retention_days"), rs.getBoolean("legal_hold"),
							rs.getString("legal_hold_reason"), "tenant", rs.getTimestamp("updated_at").toInstant(),
							rs.getString("updated_by")),
					tenant);
			if (!rows.isEmpty()) {
				return rows.get(0);
			}
			List<String> plan = this.jdbc.queryForList("select plan from audit_tenant_plan where tenant_id = ?",
					String.class, tenant);
			Integer planDays = plan.isEmpty() ? null : this.properties.plans().get(plan.get(0));
			return (planDays != null) ? new Retention(planDays, false, null, "plan:" + plan.get(0), null, null)
					: new Retention(this.properties.defaultDays(), false, null, "default", null, null);
		}));
	}

	Retention change(UUID tenant, RetentionRequest request, String by) {
		if (request.legalHold() && (request.legalHoldReason() == null || request.legalHoldReason().isBlank())) {
			throw new InvalidRequestException("legalHoldReason", "is required when legalHold is true");
		}
		TenantContext.runAs(tenant, () -> this.transactions.executeWithoutResult((tx) -> this.jdbc.update("""
				insert into audit_retention (tenant_id, retention_days, legal_hold, legal_hold_reason, updated_at, updated_by)
				values (?, ?, ?, ?, ?, ?)
				on conflict (tenant_id) do update set retention_days = excluded.retention_days,
				    legal_hold = excluded.legal_hold, legal_hold_reason = excluded.legal_hold_reason,
				    updated_at = excluded.updated_at, updated_by = excluded.updated_by""", tenant,
				request.retentionDays(), request.legalHold(), request.legalHold() ? request.legalHoldReason() : null,
				Timestamp.from(this.clock.instant()), by)));
		return of(tenant);
	}

}
