package io.tenantry.user.events;

import java.time.Instant;
import java.util.UUID;

/** A reset link was sent to a user's email. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record PasswordResetRequested(UUID tenantId, UUID userId, Instant expiresAt) {

	public static final String TYPE = "io.tenantry.auth.password-reset-requested.v1";

}
