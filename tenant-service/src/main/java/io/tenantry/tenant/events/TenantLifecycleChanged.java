package io.tenantry.tenant.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's status changed. Topic {@code tenantry.tenant.v1}, subject and {@code tenantid}:
 * the tenant's id; the type says which move:
 * <ul>
 * <li>{@link #ACTIVATED}: every onboarding step is done; the tenant is ACTIVE;</li>
 * <li>{@link #SUSPENDED}: the gateway refuses the tenant's requests, user-service its
 * logins;</li>
 * <li>{@link #REACTIVATED}: back to ACTIVE, from SUSPENDED or PENDING_DELETION;</li>
 * <li>{@link #DELETION_SCHEDULED}: refused like a suspension until {@code purgeAfter}, then
 * purged unless reactivated;</li>
 * <li>{@link #DELETED}: the grace period is over; every service purges the tenant's
 * data.</li>
 * </ul>
 *
 * @param reason the operator's reason for a suspension or deletion
 * @param purgeAfter when a tenant pending deletion is purged
 */
public record TenantLifecycleChanged(UUID tenantId, String slug, String status, String previousStatus, String reason,
		Instant purgeAfter) {

	public static final String ACTIVATED = "io.tenantry.tenant.activated.v1";

	public static final String SUSPENDED = "io.tenantry.tenant.suspended.v1";

	public static final String REACTIVATED = "io.tenantry.tenant.reactivated.v1";

	public static final String DELETION_SCHEDULED = "io.tenantry.tenant.deletion-scheduled.v1";

	public static final String DELETED = "io.tenantry.tenant.deleted.v1";

}
