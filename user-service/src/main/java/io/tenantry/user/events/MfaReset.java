package io.tenantry.user.events;

import java.util.UUID;

/** A user's MFA was removed (by themselves or an admin, see the actor). Subject: the user id. Topic {@code tenantry.user.v1}. */
public record MfaReset(UUID tenantId, UUID userId) {

	public static final String TYPE = "io.tenantry.auth.mfa-reset.v1";

}
