package io.tenantry.user.events;

import java.util.UUID;

/** A user logged in with email and password. Topic {@code tenantry.user.v1}, subject: the user id. */
public record LoginSucceeded(UUID tenantId, UUID userId, String email) {

	public static final String TYPE = "io.tenantry.user.login-succeeded.v1";

}
