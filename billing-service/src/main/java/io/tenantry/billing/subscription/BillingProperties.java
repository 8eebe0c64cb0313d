package io.tenantry.billing.subscription;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tenantry.billing}: the price of each plan per period, in {@code currency}'s minor
 * unit (cents); the period's length; when a declined payment is tried again (after the first
 * failure, the second, ...; none left: the invoice stays open for a manual payment); when
 * one that met a provider error is; how long a charge may be in flight before it counts as
 * interrupted and may be made again.
 */
@ConfigurationProperties("tenantry.billing")
record BillingProperties(@DefaultValue("usd") String currency, Map<Plan, Long> prices,
		@DefaultValue("P1M") Period period, @DefaultValue({ "1d", "3d", "5d" }) List<Duration> paymentRetries,
		@DefaultValue("15m") Duration providerErrorRetry, @DefaultValue("10m") Duration collectionLease) {

	BillingProperties {
		currency = currency.toLowerCase(Locale.ROOT);
		prices = (prices != null) ? Map.copyOf(prices) : Map.of();
		for (Plan plan : Plan.values()) {
			Long price = prices.get(plan);
			if (price == null || price < 0) {
				throw new IllegalArgumentException("tenantry.billing.prices." + plan + " must be set, at least 0");
			}
		}
		if (period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("tenantry.billing.period must be positive");
		}
	}

	long price(Plan plan) {
		return this.prices.get(plan);
	}

	/** The plan's price over one month of this period, in the minor unit. */
	double monthlyPrice(Plan plan) {
		double months = this.period.toTotalMonths() + this.period.getDays() / (365.25 / 12);
		return price(plan) / months;
	}

	Instant periodEnd(Instant start) {
		return start.atZone(ZoneOffset.UTC).plus(this.period).toInstant();
	}

}
