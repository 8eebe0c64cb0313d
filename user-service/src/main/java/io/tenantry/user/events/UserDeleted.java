package io.tenantry.user.events;

import java.util.UUID;

/** A user was deleted, with every session and token. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record UserDeleted(UUID tenantId, UUID userId, String email) {

	public static final String TYPE = "io.tenantry.user.deleted.v1";

}
