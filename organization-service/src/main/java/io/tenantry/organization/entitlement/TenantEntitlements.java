package io.tenantry.organization.entitlement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * events (decision 13), never a call to billing-service. A tenant the projection does not
 * know yet gets the configured defaults (the smallest plan's), never no limit; the platform
 * tenant is unrestricted.
 * <p>
 * A limit on a count is exact only if the count and the creation serialise: the transaction
 * that may bring one more {@link #lock(UUID) locks} the tenant's row first, then counts.
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

	/**
	 * The tenant's entitlements, its row locked until the caller's transaction ends: a
	 * concurrent {@code lock} of the same tenant waits, and then sees what this transaction
	 * committed. A tenant without a row gets the default one first (plan version 0, no
	 * {@code effective_at}), which billing's first event replaces.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Entitlements lock(UUID tenant) {
		if (PlatformTenant.ID.equals(tenant)) {
			return Entitlements.platform();
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update("""
				insert into tenant_entitlement (tenant_id, plan, plan_version, limits, created_at, updated_at)
				values (?, ?, 0, ?::jsonb, ?, ?) on conflict (tenant_id) do nothing
				""", tenant, this.properties.defaultPlan(),
				JSON.writeValueAsString(Map.of(Entitlements.USERS, this.properties.defaultUsers())), now, now);
		return this.jdbc.queryForObject(
				"select plan, limits::text from tenant_entitlement where tenant_id = ? for update",
				TenantEntitlements::row, tenant);
	}

	private static Entitlements row(ResultSet rs, int row) throws SQLException {
		Map<String, Long> limits = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> limit : JSON.readTree(rs.getString(2)).properties()) {
			limits.put(limit.getKey(), limit.getValue().asLong());
		}
		return new Entitlements(rs.getString(1), limits, false);
	}

}
