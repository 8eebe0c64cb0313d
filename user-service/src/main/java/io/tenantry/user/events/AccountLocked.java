package io.tenantry.user.events;

import java.time.Instant;
import java.util.UUID;

/** Too many failed logins locked an account until {@code lockedUntil}. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record AccountLocked(UUID tenantId, UUID userId, Instant lockedUntil, int lockout) {

	public static final String TYPE = "io.tenantry.auth.locked.v1";

}
