package io.tenantry.organization.events;

import java.util.UUID;

/**
 * A user's membership of an organization changed. Topic {@code tenantry.organization.v1},
 * subject: the user's id.
 *
 * @param role the role after the change; for a removal, the role the user had
 * @param previousRole for a role change, the role before it
 * @param reason for a removal: {@code removed}, {@code user-deleted} or
 * {@code organization-deleted}
 */
public record MemberEvent(UUID tenantId, UUID organizationId, UUID userId, String role, String previousRole,
		String reason) {

	public static final String ADDED = "io.tenantry.organization.member-added.v1";

	public static final String REMOVED = "io.tenantry.organization.member-removed.v1";

	public static final String ROLE_CHANGED = "io.tenantry.organization.member-role-changed.v1";

}
