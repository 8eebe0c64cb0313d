package io.tenantry.audit.log;

import java.util.UUID;

import io.tenantry.common.purge.TenantData;
import io.tenantry.common.tenant.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Purges a deleted tenant from the audit log, from the ingestion itself so that it comes
 * after the tenant's last events: its entries (through {@code audit_purge_tenant}), chain
 * head, retention, exports and plan; its signed checkpoints stay. A tenant under legal hold
 * keeps everything.
 */
@Component
class AuditTenantPurge {

	static final String DELETED = "io.tenantry.tenant.deleted.v1";

	private static final Logger logger = LoggerFactory.getLogger(AuditTenantPurge.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TenantData data;

	AuditTenantPurge(JdbcTemplate jdbc, TransactionTemplate transactions, TenantData data) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.data = data;
	}

	void purge(UUID tenant) {
		Long entries = TenantContext.callAs(tenant, () -> this.transactions
			.execute((tx) -> this.jdbc.queryForObject("select audit_purge_tenant(?)", Long.class, tenant)));
		if (entries != null && entries < 0) {
			logger.warn("Tenant {} was deleted but its audit log is under legal hold: kept", tenant);
			return;
		}
		this.data.purge(tenant);
	}

}
