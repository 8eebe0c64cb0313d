package io.tenantry.billing.plan;

/** An amount in the currency's minor unit (cents for usd), never without its currency. */
public record Money(long amount, String currency) {

	public static Money of(long amount, String currency) {
		return new Money(amount, currency);
	}

}
