package io.tenantry.billing.subscription;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

import io.tenantry.billing.plan.PlanVersion;

/** How often a subscription is invoiced, in advance: each month or each year. */
enum Interval {

	MONTHLY(Period.ofMonths(1)), YEARLY(Period.ofYears(1));

	private final Period period;

	Interval(Period period) {
		this.period = period;
	}

	Period period() {
		return this.period;
	}

	/** The end of the period that starts at {@code start} (calendar months, UTC). */
	Instant periodEnd(Instant start) {
		return start.atZone(ZoneOffset.UTC).plus(this.period).toInstant();
	}

	long price(PlanVersion version) {
		return (this == YEARLY) ? version.yearlyPrice() : version.monthlyPrice();
	}

	/** The interval named {@code name}, or {@code null}. */
	static Interval named(String name) {
		for (Interval interval : values()) {
			if (interval.name().equals(name)) {
				return interval;
			}
		}
		return null;
	}

}
