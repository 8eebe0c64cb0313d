package io.tenantry.billing.plan;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;

/**
 * One version of a plan: its prices per interval in {@code currency}'s minor unit, the most
 * of each metric a tenant on it may have (a metric absent from {@code limits} is unlimited),
 * and the features it includes. Versions are immutable; a new price is a new version.
 */
public record PlanVersion(Plan plan, int version, String currency, long monthlyPrice, long yearlyPrice,
		Map<String, Long> limits, List<String> features, Map<String, UsagePrice> usagePrices, Instant createdAt) {

	public PlanVersion {
		limits = Map.copyOf(limits);
		features = List.copyOf(features);
		usagePrices = Map.copyOf(usagePrices);
	}

	/** How the plan prices {@code metric}'s use, or {@code null} when it does not. */
	public UsagePrice usagePrice(String metric) {
		return this.usagePrices.get(metric);
	}

	/** The limit of {@code metric}, or {@code null} when the plan does not limit it. */
	public Long limit(String metric) {
		return this.limits.get(metric);
	}

	public boolean includes(String feature) {
		return this.features.contains(feature);
	}

	/**
	 * The price of one billing period: the yearly price for a year, the monthly price times
	 * the months otherwise.
	 */
	public long priceFor(Period period) {
		long months = period.toTotalMonths();
		if (months == 12) {
			return this.yearlyPrice;
		}
		return Math.multiplyExact(this.monthlyPrice, Math.max(months, 1));
	}

}
