package io.tenantry.tenant.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's status changed. Topic {@code tenantry.tenant.v1}, subject and {@code tenantid}:
 * the tenant's id; the type says which move:
 * <ul>
 * <li>{@link #ACTIVATED}: every onboarding step is done; the tenant is ACTIVE;</li>
 * <li>{@link #SUSPENDED}: by an operator, or by the system for an unpaid invoice
 * (billing-service's {@code subscription-unpaid}); the gateway refuses the tenant's
 * requests but reading the tenant, logging in and {@code /api/billing/**}, so it can
 * pay;</li>
 * <li>{@link #REACTIVATED}: back to ACTIVE, from SUSPENDED or PENDING_DELETION;</li>
 * <li>{@link #DELETION_SCHEDULED}: refused like a suspension until {@code purgeAfter}, then
 * purged unless reactivated;</li>
 * <li>{@link #DELETED}: the grace period is over; every service purges the tenant's
 * data.</li>
 * </ul>
 *
 * @param reason the reason for a suspension (the operator's, or {@code Invoice <number> is
 * unpaid}) or deletion
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
