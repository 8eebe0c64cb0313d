package io.tenantry.organization.events;

import java.util.List;
import java.util.UUID;

/**
 * A tenant's own organization role was created, updated or deleted. Topic
 * {@code tenantry.organization.v1}, subject: the role's id.
 */
public record RoleEvent(UUID tenantId, UUID roleId, String name, List<String> permissions) {

	public static final String CREATED = "io.tenantry.organization.role-created.v1";

	public static final String UPDATED = "io.tenantry.organization.role-updated.v1";

	public static final String DELETED = "io.tenantry.organization.role-deleted.v1";

}
