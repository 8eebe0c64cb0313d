package io.tenantry.user.tenant;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

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
		return withActiveTenant(slug, (tenant) -> tenant);
	}

	/**
	 * Resolves the slug and, when it names an active tenant, runs {@code read} with its id
	 * in the same read-only transaction, with that tenant's row-level security in force
	 * (the setting the transaction manager makes for a tenant's transaction). One
	 * transaction where a login's first step would otherwise take two.
	 */
	public <T> Optional<T> withActiveTenant(String slug, Function<UUID, T> read) {
		if (slug == null) {
			return Optional.empty();
		}
		String normalized = slug.strip().toLowerCase(Locale.ROOT);
		return this.readOnly.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.tenant_lookup', 'on', true)", String.class);
			List<UUID> ids = this.jdbc.queryForList(
					"select tenant_id from tenant_directory where slug = ? and status = 'ACTIVE'", UUID.class, normalized);
			if (ids.isEmpty()) {
				return Optional.empty();
			}
			this.jdbc.queryForObject("select set_config('app.tenant_lookup', 'off', true) "
					+ "|| set_config('app.tenant_id', ?, true)", String.class, ids.get(0).toString());
			return Optional.ofNullable(read.apply(ids.get(0)));
		});
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
