package io.tenantry.billing.subscription;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tenantry.billing}: the currency of the plan catalogue; the period's length (whole
 * months: a year is priced at the plan's yearly price); when a declined payment is tried again (after the first
 * failure, the second, ...; none left: the invoice stays open for a manual payment); when
 * one that met a provider error is; how long a charge may be in flight before it counts as
 * interrupted and may be made again.
 */
@ConfigurationProperties("tenantry.billing")
record BillingProperties(@DefaultValue("usd") String currency, @DefaultValue("P1M") Period period, @DefaultValue({ "1d", "3d", "5d" }) List<Duration> paymentRetries,
		@DefaultValue("15m") Duration providerErrorRetry, @DefaultValue("10m") Duration collectionLease) {

	BillingProperties {
		currency = currency.toLowerCase(Locale.ROOT);
		if (period.getDays() != 0 || period.toTotalMonths() <= 0) {
			throw new IllegalArgumentException("tenantry.billing.period must be a positive number of months");
		}
	}

	Instant periodEnd(Instant start) {
		return start.atZone(ZoneOffset.UTC).plus(this.period).toInstant();
	}

}
