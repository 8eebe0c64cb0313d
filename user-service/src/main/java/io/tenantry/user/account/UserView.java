package io.tenantry.user.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API shows it: never a hash, a secret or a failure count. */
public record UserView(UUID id, UUID tenantId, String email, String displayName, List<String> roles,
		AccountStatus status, boolean mfaEnabled, Instant lockedUntil, Instant lastLoginAt, Instant createdAt,
		Instant updatedAt) {

	static UserView of(UserAccount account) {
		return new UserView(account.getId(), account.getTenantId(), account.getEmail(), account.getDisplayName(),
				account.getRoles(), account.getStatus(), account.isMfaEnabled(),
				(account.getStatus() == AccountStatus.LOCKED) ? account.getLockedUntil() : null,
				account.getLastLoginAt(), account.getCreatedAt(), account.getUpdatedAt());
	}

}
