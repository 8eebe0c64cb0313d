package io.tenantry.user.events;

import java.util.List;
import java.util.UUID;

/** A user's roles changed. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record UserRolesChanged(UUID tenantId, UUID userId, List<String> from, List<String> to) {

	public static final String TYPE = "io.tenantry.user.roles-changed.v1";

}
