package io.tenantry.user.events;

import java.util.UUID;

/** A user confirmed TOTP enrolment. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record MfaEnrolled(UUID tenantId, UUID userId) {

	public static final String TYPE = "io.tenantry.auth.mfa-enrolled.v1";

}
