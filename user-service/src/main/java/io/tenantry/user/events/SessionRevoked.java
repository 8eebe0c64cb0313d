package io.tenantry.user.events;

import java.util.UUID;

/** A session and its refresh tokens were revoked; {@code reason}: {@code user}, {@code admin}, {@code password-changed}, {@code user-disabled} or {@code refresh-reuse}. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record SessionRevoked(UUID tenantId, UUID userId, UUID sessionId, String reason) {

	public static final String TYPE = "io.tenantry.auth.session-revoked.v1";

}
