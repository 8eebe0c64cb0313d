package io.tenantry.billing.payment;

/** The provider refused a payment method (unknown, expired, declined on verification). */
public class PaymentMethodRejectedException extends RuntimeException {

	public PaymentMethodRejectedException(String message) {
		super(message);
	}

}
