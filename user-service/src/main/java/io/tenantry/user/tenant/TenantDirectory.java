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
 * lets read by slug. ACTIVE and SUSPENDED tenants can be logged in to: a tenant suspended
 * for non-payment must be able to pay, and the gateway is what keeps a suspended tenant to
 * its own tenant and {@code /api/billing/**}. A tenant pending deletion or deleted cannot.
 */
@Component
public class TenantDirectory {

	/** The statuses whose users may log in, as SQL. */
	private static final String LOGIN_STATUSES = "('ACTIVE', 'SUSPENDED')";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	TenantDirectory(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
		this.readOnly.setReadOnly(true);
	}

	/** The id of the tenant with this slug, if its users may log in. */
	public Optional<UUID> loginTenant(String slug) {
		return withLoginTenant(slug, (tenant) -> tenant);
	}

	/**
	 * Resolves the slug and, when it names a tenant whose users may log in, runs
	 * {@code read} with its id in the same read-only transaction, with that tenant's
	 * row-level security in force (the setting the transaction manager makes for a tenant's
	 * transaction). One transaction where a login's first step would otherwise take two.
	 */
	public <T> Optional<T> withLoginTenant(String slug, Function<UUID, T> read) {
		if (slug == null) {
			return Optional.empty();
		}
		String normalized = slug.strip().toLowerCase(Locale.ROOT);
		return this.readOnly.execute((tx) -> {
			this.jdbc.queryForObject("select set_config('app.tenant_lookup', 'on', true)", String.class);
			List<UUID> ids = this.jdbc.queryForList(
					"select tenant_id from tenant_directory where slug = ? and status in " + LOGIN_STATUSES, UUID.class,
					normalized);
			if (ids.isEmpty()) {
				return Optional.empty();
			}
			this.jdbc.queryForObject("select set_config('app.tenant_lookup', 'off', true) "
					+ "|| set_config('app.tenant_id', ?, true)", String.class, ids.get(0).toString());
			return Optional.ofNullable(read.apply(ids.get(0)));
		});
	}

	/**
	 * Whether the tenant's users may log in and refresh their sessions: while ACTIVE or
	 * SUSPENDED. In the caller's transaction when there is one.
	 */
	public boolean acceptsLogins(UUID tenantId) {
		return hasStatusIn(tenantId, LOGIN_STATUSES);
	}

	/**
	 * Whether the tenant's API clients may get tokens: only while ACTIVE (not suspended,
	 * pending deletion or deleted); a suspended tenant's machines have nothing to pay. In the
	 * caller's transaction when there is one.
	 */
	public boolean isActive(UUID tenantId) {
		return hasStatusIn(tenantId, "('ACTIVE')");
	}

	private boolean hasStatusIn(UUID tenantId, String statuses) {
		return Boolean.TRUE.equals(TenantContext.callAs(tenantId, () -> this.readOnly.execute((tx) -> !this.jdbc
			.queryForList("select 1 from tenant_directory where tenant_id = ? and status in " + statuses,
					Integer.class, tenantId)
			.isEmpty())));
	}

}
