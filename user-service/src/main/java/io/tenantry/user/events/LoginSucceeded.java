package io.tenantry.user.events;

import java.util.List;
import java.util.UUID;

/** A user logged in; {@code methods} are {@code pwd}, then {@code otp} when MFA was used. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record LoginSucceeded(UUID tenantId, UUID userId, String email, UUID sessionId, List<String> methods) {

	public static final String TYPE = "io.tenantry.auth.login-succeeded.v1";

}
