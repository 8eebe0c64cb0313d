package io.tenantry.user.events;

import java.util.List;
import java.util.UUID;

/** A user's profile changed; {@code changed} names the fields. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record UserUpdated(UUID tenantId, UUID userId, String email, String displayName, List<String> changed) {

	public static final String TYPE = "io.tenantry.user.updated.v1";

}
