package io.tenantry.common.web;

/**
 * The tenant's plan does not allow the request: a limit it would pass ({@code limit} and
 * {@code used} set) or a feature the plan lacks (both {@code null}, {@code metric} names the
 * feature). Answered as a 403 {@code plan-limit-exceeded} problem naming the metric, the
 * limit and the plan, so a client can offer the upgrade.
 */
public class PlanLimitExceededException extends RuntimeException {

	private final String metric;

	private final String plan;

	private final Long limit;

	private final Long used;

	private PlanLimitExceededException(String message, String metric, String plan, Long limit, Long used) {
		super(message);
		this.metric = metric;
		this.plan = plan;
		this.limit = limit;
		this.used = used;
	}

	/** {@code used} of {@code limit} reached on {@code plan}: one more is refused. */
	public static PlanLimitExceededException limit(String metric, String plan, long limit, long used) {
		return new PlanLimitExceededException(
				"The %s plan allows %d %s; the tenant has %d".formatted(plan, limit, metric, used), metric, plan,
				limit, used);
	}

	/** The plan does not include {@code feature}. */
	public static PlanLimitExceededException feature(String feature, String plan) {
		return new PlanLimitExceededException("The %s plan does not include %s".formatted(plan, feature), feature,
				plan, null, null);
	}

	public String metric() {
		return this.metric;
	}

	public String plan() {
		return this.plan;
	}

	public Long limit() {
		return this.limit;
	}

	public Long used() {
		return this.used;
	}

}
