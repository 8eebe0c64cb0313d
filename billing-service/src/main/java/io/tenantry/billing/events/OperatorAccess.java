package io.tenantry.billing.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A platform operator read or changed a tenant's billing across tenants: recorded before the
 * answer, in the tenant's audit log ({@code tenantId} = the tenant) and in the platform's
 * ({@code tenantId} = the platform tenant). {@code action}: READ or CHANGE. Subject: the
 * tenant whose billing was reached.
 */
public record OperatorAccess(UUID tenantId, UUID targetTenantId, String operatorId, String action, String resource,
		Instant at) {

	public static final String TYPE = "io.tenantry.billing.operator-access.v1";

}
