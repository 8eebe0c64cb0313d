package io.tenantry.security.events;

import java.util.UUID;

/**
 * An incident was resolved by a tenant's owner, admin or security admin, with what was done.
 * Subject: the incident id. Topic {@code tenantry.security.v1}.
 */
public record IncidentResolved(UUID tenantId, UUID incidentId, String type, String sourceIp, int failures,
		String resolution) {

	public static final String TYPE = "io.tenantry.security.incident-resolved.v1";

}
