package io.tenantry.user.events;

import java.util.UUID;

/**
 * A login was refused. {@code userId} is set when the email belongs to an account.
 * {@code reason}: {@code invalid_credentials} or {@code account_inactive}. Topic
 * {@code tenantry.user.v1}, subject: the user id, or the email when there is no account.
 */
public record LoginFailed(UUID tenantId, UUID userId, String email, String reason) {

	public static final String TYPE = "io.tenantry.user.login-failed.v1";

}
