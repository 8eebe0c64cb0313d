package io.tenantry.user.events;

import java.util.UUID;

/** A login was refused. {@code userId} is set when the email belongs to an account. {@code reason}: {@code invalid_credentials}, {@code account_locked}, {@code account_inactive} or {@code invalid_mfa_code}. Subject: the user id, or the email when there is no account. Topic {@code tenantry.user.v1}. */
public record LoginFailed(UUID tenantId, UUID userId, String email, String reason) {

	public static final String TYPE = "io.tenantry.auth.login-failed.v1";

}
