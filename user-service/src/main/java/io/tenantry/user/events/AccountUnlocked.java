package io.tenantry.user.events;

import java.util.UUID;

/** A locked account is active again; {@code by}: {@code timeout} or {@code admin}. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record AccountUnlocked(UUID tenantId, UUID userId, String by) {

	public static final String TYPE = "io.tenantry.auth.unlocked.v1";

}
