package io.tenantry.organization.events;

import java.util.List;
import java.util.UUID;

/**
 * An organization was created, updated, moved or deleted. Topic
 * {@code tenantry.organization.v1}, subject: the organization's id.
 *
 * @param parentId the parent after the change; null for a root
 * @param previousParentId for a move, the parent before it
 * @param path the ids from the root down to the organization
 */
public record OrganizationEvent(UUID tenantId, UUID organizationId, String name, UUID parentId,
		UUID previousParentId, List<UUID> path) {

	public static final String CREATED = "io.tenantry.organization.created.v1";

	public static final String UPDATED = "io.tenantry.organization.updated.v1";

	public static final String MOVED = "io.tenantry.organization.moved.v1";

	public static final String DELETED = "io.tenantry.organization.deleted.v1";

}
