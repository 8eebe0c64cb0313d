package io.tenantry.user.events;

import java.util.UUID;

/** A user's status changed. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record UserStatusChanged(UUID tenantId, UUID userId, String from, String to) {

	public static final String TYPE = "io.tenantry.user.status-changed.v1";

}
