package io.tenantry.user.events;

import java.util.UUID;

/** A password was set; {@code via}: {@code change}, {@code reset}, {@code invitation} or {@code admin}. Subject: the user id. Topic {@code tenantry.user.v1}. */
public record PasswordChanged(UUID tenantId, UUID userId, String via) {

	public static final String TYPE = "io.tenantry.auth.password-changed.v1";

}
