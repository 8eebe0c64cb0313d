package io.tenantry.tenant.tenant;

import java.util.EnumSet;
import java.util.Set;

/**
 * A tenant's lifecycle: {@code PROVISIONING -> ACTIVE <-> SUSPENDED -> PENDING_DELETION ->
 * DELETED}, where a tenant pending deletion can be restored ({@code reactivate}) until its
 * grace period ends. Any other move is refused.
 */
enum TenantStatus {

	PROVISIONING, ACTIVE, SUSPENDED, PENDING_DELETION, DELETED;

	private Set<TenantStatus> next() {
		return switch (this) {
			case PROVISIONING -> EnumSet.of(ACTIVE, PENDING_DELETION);
			case ACTIVE -> EnumSet.of(SUSPENDED, PENDING_DELETION);
			case SUSPENDED -> EnumSet.of(ACTIVE, PENDING_DELETION);
			case PENDING_DELETION -> EnumSet.of(ACTIVE, DELETED);
			case DELETED -> EnumSet.noneOf(TenantStatus.class);
		};
	}

	boolean canBecome(TenantStatus status) {
		return next().contains(status);
	}

}
