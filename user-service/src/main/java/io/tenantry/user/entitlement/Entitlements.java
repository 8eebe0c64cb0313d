package io.tenantry.user.entitlement;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import io.tenantry.common.web.PlanLimitExceededException;

/**
 * What a tenant's plan allows, as user-service last heard it from billing-service (decision
 * 13): a limit per metric (a metric absent is unlimited) and the features included. The
 * platform tenant is {@linkplain #platform() unrestricted}: it has no plan and no limit.
 *
 * @param plan the plan's name (BASIC, PROFESSIONAL, ENTERPRISE)
 * @param planVersion the plan version billing published; 0 for the defaults that apply until
 * billing has published the tenant's first entitlements
 * @param limits metric to maximum
 * @param features the features the plan includes
 * @param unrestricted whether every limit and feature is lifted (the platform tenant)
 */
public record Entitlements(String plan, int planVersion, Map<String, Long> limits, Set<String> features,
		boolean unrestricted) {

	/** The number of accounts of a tenant, every status counted, until they are deleted. */
	public static final String USERS = "users";

	/** API clients ({@code client_credentials}). */
	public static final String API_ACCESS = "api_access";

	public Entitlements {
		limits = Map.copyOf(limits);
		features = Set.copyOf(features);
	}

	static Entitlements of(String plan, int planVersion, Map<String, Long> limits, Set<String> features) {
		return new Entitlements(plan, planVersion, limits, features, false);
	}

	/** The platform tenant's: no limit, every feature. */
	public static Entitlements platform() {
		return new Entitlements("PLATFORM", 0, Map.of(), Set.of(), true);
	}

	/** The maximum of {@code metric}, empty when the plan does not limit it. */
	public OptionalLong limit(String metric) {
		Long limit = this.unrestricted ? null : this.limits.get(metric);
		return (limit != null) ? OptionalLong.of(limit) : OptionalLong.empty();
	}

	/** The maximum number of accounts, empty when unlimited. */
	public OptionalLong users() {
		return limit(USERS);
	}

	public boolean includes(String feature) {
		return this.unrestricted || this.features.contains(feature);
	}

	/** Whether one more of {@code metric} fits when {@code used} are there already. */
	public boolean hasRoomFor(String metric, long used) {
		OptionalLong limit = limit(metric);
		return limit.isEmpty() || used < limit.getAsLong();
	}

	/**
	 * Refuses one more of {@code metric} when {@code used} already reaches its limit.
	 * @throws PlanLimitExceededException when {@code used >= limit}
	 */
	public void requireRoomFor(String metric, long used) {
		if (!hasRoomFor(metric, used)) {
			throw PlanLimitExceededException.limit(metric, this.plan, limit(metric).getAsLong(), used);
		}
	}

	/** @throws PlanLimitExceededException when the plan does not include {@code feature} */
	public void requireFeature(String feature) {
		if (!includes(feature)) {
			throw PlanLimitExceededException.feature(feature, this.plan);
		}
	}

}
