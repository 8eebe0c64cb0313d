package io.tenantry.user.tenant;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.tenantry.common.tenant.TenantContext;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which tenant a login names. A login arrives before any token, with the tenant's slug;
 * this resolves it, in a read-only transaction that the table's {@code slug_lookup} policy
 * lets read by slug. Only active tenants can be logged in to.
 */
@Component
public class TenantDirectory {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	TenantDirectory(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
		this.readOnly.setReadOnly(true);
	}

	/** The id of the active tenant with this slug. */
	public Optional<UUID> activeTenant(String slug) {
		if (slug == null) {
			return Optional.empty();
		}
		String normalized = slug.strip().toLowerCase(Locale.ROOT);
		List<UUID> ids = this.readOnly.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.tenant_lookup', 'on', true)", String.class);
			return this.jdbc.queryForList("select tenant_id from tenant_directory where slug = ? and status = 'ACTIVE'",
					UUID.class, normalized);
		});
		return ids.stream().findFirst();
	}

	/**
	 * Whether the tenant may log in, refresh or get client tokens: only while ACTIVE (not
	 * suspended, pending deletion or deleted). In the caller's transaction when there is
	 * one.
	 */
	public boolean isActive(UUID tenantId) {
		return Boolean.TRUE.equals(TenantContext.callAs(tenantId, () -> this.readOnly.execute((tx) -> !this.jdbc
			.queryForList("select 1 from tenant_directory where tenant_id = ? and status = 'ACTIVE'", Integer.class,
					tenantId)
			.isEmpty())));
	}

}
