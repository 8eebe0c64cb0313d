package io.tenantry.organization.org;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An organization as the API shows it.
 *
 * @param path the ids from the root down to this organization
 * @param depth 1 for a root
 */
record OrganizationView(UUID id, UUID parentId, String name, String description, List<UUID> path, int depth,
		Instant createdAt, Instant updatedAt) {

	/** One node of {@code ?tree=true}, with its children. */
	record Node(UUID id, String name, String description, int depth, List<Node> children) {
	}

}
