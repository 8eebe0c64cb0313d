package io.tenantry.user.events;

import java.util.UUID;

/** A refresh token was presented after it had been used: its whole session was revoked. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record RefreshReuseDetected(UUID tenantId, UUID userId, UUID sessionId) {

	public static final String TYPE = "io.tenantry.auth.refresh-reuse-detected.v1";

}
