package io.tenantry.billing.subscription;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * Proration to the second: the part of a period's price that falls between {@code from} and
 * the period's end, rounded half up to the minor unit. A change at the period's start
 * prorates the whole price; one at its end, nothing.
 */
final class Proration {

	private Proration() {
	}

	/**
	 * @return {@code price} times the share of [{@code periodStart}, {@code periodEnd}) left
	 * after {@code at}
	 */
	static long unused(long price, Instant periodStart, Instant periodEnd, Instant at) {
		long total = Duration.between(periodStart, periodEnd).toSeconds();
		if (total <= 0) {
			return 0;
		}
		long left = Math.clamp(Duration.between(at, periodEnd).toSeconds(), 0, total);
		return BigDecimal.valueOf(price)
			.multiply(BigDecimal.valueOf(left))
			.divide(BigDecimal.valueOf(total), 0, RoundingMode.HALF_UP)
			.longValueExact();
	}

}
