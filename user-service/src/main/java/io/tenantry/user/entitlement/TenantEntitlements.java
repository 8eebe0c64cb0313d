package io.tenantry.user.entitlement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tenantry.common.tenant.PlatformTenant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's entitlements from the {@code tenant_entitlement} projection of billing's
 * events, read where a plan decides (decision 13): never a call to billing-service, so that
 * sign-ups do not depend on its availability. A tenant the projection does not know yet
 * gets the configured defaults (the smallest plan's), never no limit; the platform tenant
 * is unrestricted.
 * <p>
 * A limit on a count is exact only if the count and the creation serialise: the transaction
 * that creates one more {@link #lock(UUID) locks} the tenant's row first, then counts.
 */
@Service
public class TenantEntitlements {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	private final EntitlementsProperties properties;

	private final Clock clock;

	TenantEntitlements(JdbcTemplate jdbc, EntitlementsProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** The tenant's entitlements as they stand, without locking anything. */
	@Transactional(readOnly = true)
	public Entitlements of(UUID tenant) {
		if (PlatformTenant.ID.equals(tenant)) {
			return Entitlements.platform();
		}
		List<Entitlements> rows = this.jdbc.query(
				"select plan, plan_version, limits::text, features from tenant_entitlement where tenant_id = ?",
				TenantEntitlements::row, tenant);
		return rows.isEmpty() ? defaults() : rows.get(0);
	}

	/**
	 * The tenant's entitlements, its row locked until the caller's transaction ends: a
	 * concurrent {@code lock} of the same tenant waits, and then sees what this transaction
	 * committed. A tenant without a row gets the default one first.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Entitlements lock(UUID tenant) {
		if (PlatformTenant.ID.equals(tenant)) {
			return Entitlements.platform();
		}
		Entitlements defaults = defaults();
		this.jdbc.update("""
				insert into tenant_entitlement (tenant_id, plan, plan_version, limits, features, updated_at)
				values (?, ?, ?, ?::jsonb, ?, ?) on conflict (tenant_id) do nothing
				""", tenant, defaults.plan(), defaults.planVersion(), JSON.writeValueAsString(defaults.limits()),
				defaults.features().toArray(String[]::new), Timestamp.from(this.clock.instant()));
		return this.jdbc.queryForObject("""
				select plan, plan_version, limits::text, features from tenant_entitlement
				where tenant_id = ? for update
				""", TenantEntitlements::row, tenant);
	}

	/** What applies until billing-service has published the tenant's entitlements. */
	Entitlements defaults() {
		return Entitlements.of(this.properties.defaultPlan(), 0,
				Map.of(Entitlements.USERS, this.properties.defaultUsers()),
				Set.copyOf(this.properties.defaultFeatures()));
	}

	private static Entitlements row(ResultSet rs, int row) throws SQLException {
		Map<String, Long> limits = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> limit : JSON.readTree(rs.getString(3)).properties()) {
			limits.put(limit.getKey(), limit.getValue().asLong());
		}
		return Entitlements.of(rs.getString(1), rs.getInt(2), limits, Set.of((String[]) rs.getArray(4).getArray()));
	}

}
