package io.tenantry.billing;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tenantry.billing}: the currency revenue is reported in; how long a trial lasts; when a
 * declined payment is tried again (after the first failure, the second, ...; none left: the
 * subscription becomes UNPAID and the tenant is suspended until it pays); when one that met a
 * provider error is; how long a charge may be in flight before it counts as interrupted and may
 * be made again.
 */
@ConfigurationProperties("tenantry.billing")
public record BillingProperties(@DefaultValue("usd") String currency, @DefaultValue("14d") Duration trialPeriod,
		@DefaultValue({ "1d", "3d", "5d" }) List<Duration> paymentRetries,
		@DefaultValue("15m") Duration providerErrorRetry, @DefaultValue("10m") Duration collectionLease) {

	public BillingProperties {
		currency = currency.toLowerCase(Locale.ROOT);
		if (trialPeriod.isNegative() || trialPeriod.isZero()) {
			throw new IllegalArgumentException("tenantry.billing.trial-period must be positive");
		}
	}

}
