package io.tenantry.audit.log;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A platform operator read another tenant's audit log. Published into both the tenant's
 * log (so the tenant sees every such read) and the platform's. Topic {@code tenantry.audit.v1},
 * subject: the tenant that was read.
 */
public record CrossTenantRead(UUID tenantId, UUID readTenantId, String operatorId, Map<String, String> query,
		Instant at) {

	public static final String TYPE = "io.tenantry.audit.cross-tenant-read.v1";

}
