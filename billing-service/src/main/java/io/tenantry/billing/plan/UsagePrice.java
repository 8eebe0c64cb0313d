package io.tenantry.billing.plan;

/**
 * How a plan prices a counted metric: {@code included} units per month come with the plan;
 * past them, every started block of {@code per} units costs {@code unitAmount} (minor unit).
 */
public record UsagePrice(long included, long unitAmount, long per) {

	public UsagePrice {
		if (included < 0 || unitAmount < 0 || per < 1) {
			throw new IllegalArgumentException("included and unitAmount must be >= 0 and per >= 1");
		}
	}

	/** The units over what {@code months} months include. */
	public long overage(long used, long months) {
		return Math.max(0, used - Math.multiplyExact(this.included, Math.max(months, 1)));
	}

	/** The blocks of {@code per} units that {@code overage} starts. */
	public long blocks(long overage) {
		return (overage + this.per - 1) / this.per;
	}

}
