package io.tenantry.user.client;

import java.util.UUID;

import io.tenantry.common.purge.TenantPurgeContributor;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A purged tenant's API clients also leave the authorization server's client table, which
 * keeps the tenant in each client's settings rather than in a {@code tenant_id} column.
 */
@Component
class ApiClientPurge implements TenantPurgeContributor {

	private final JdbcTemplate jdbc;

	ApiClientPurge(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void purge(UUID tenantId) {
		this.jdbc.update("delete from oauth2_registered_client where client_id in"
				+ " (select client_id from api_client where tenant_id = ?)", tenantId);
	}

}
