package io.tenantry.user.events;

import java.util.List;
import java.util.UUID;

/** A user was created, ACTIVE with a password or INVITED. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record UserCreated(UUID tenantId, UUID userId, String email, String displayName, List<String> roles, String status) {

	public static final String TYPE = "io.tenantry.user.created.v1";

}
