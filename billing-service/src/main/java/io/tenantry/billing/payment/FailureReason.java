package io.tenantry.billing.payment;

import java.util.Locale;

/** Why a payment failed, in few enough words to tag a metric with. */
public enum FailureReason {

	/** The card or bank refused it (Stripe's {@code card_error}). */
	DECLINED,
	/** The customer must authenticate the payment (3-D Secure); off-session charges cannot. */
	AUTHENTICATION_REQUIRED,
	/** The tenant has saved no payment method. */
	NO_PAYMENT_METHOD,
	/** The provider could not be reached, or failed. */
	PROVIDER_ERROR;

	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
