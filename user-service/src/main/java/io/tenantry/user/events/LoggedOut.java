package io.tenantry.user.events;

import java.util.UUID;

/** A user ended a session. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record LoggedOut(UUID tenantId, UUID userId, UUID sessionId) {

	public static final String TYPE = "io.tenantry.auth.logout.v1";

}
