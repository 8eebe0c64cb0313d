package io.tenantry.organization.entitlement;

import java.util.Map;
import java.util.OptionalLong;

import io.tenantry.common.web.PlanLimitExceededException;

/**
 * What a tenant's plan allows, as organization-service last heard it from billing-service
 * (decision 13): a limit per metric, a metric absent being unlimited. The platform tenant is
 * {@linkplain #platform() unrestricted}.
 *
 * @param plan the plan's name (BASIC, PROFESSIONAL, ENTERPRISE)
 * @param limits metric to maximum
 * @param unrestricted whether every limit is lifted (the platform tenant)
 */
public record Entitlements(String plan, Map<String, Long> limits, boolean unrestricted) {

	/** The tenant's users, every status counted, until they are deleted (as user-service counts them). */
	public static final String USERS = "users";

	public Entitlements {
		limits = Map.copyOf(limits);
	}

	/** The platform tenant's: no plan, no limit. */
	public static Entitlements platform() {
		return new Entitlements("PLATFORM", Map.of(), true);
	}

	/** The maximum of {@code metric}, empty when the plan does not limit it. */
	public OptionalLong limit(String metric) {
		Long limit = this.unrestricted ? null : this.limits.get(metric);
		return (limit != null) ? OptionalLong.of(limit) : OptionalLong.empty();
	}

	/**
	 * Refuses one more of {@code metric} when {@code used} already reaches its limit.
	 * @throws PlanLimitExceededException when {@code used >= limit}
	 */
	public void requireRoomFor(String metric, long used) {
		OptionalLong limit = limit(metric);
		if (limit.isPresent() && used >= limit.getAsLong()) {
			throw PlanLimitExceededException.limit(metric, this.plan, limit.getAsLong(), used);
		}
	}

}
