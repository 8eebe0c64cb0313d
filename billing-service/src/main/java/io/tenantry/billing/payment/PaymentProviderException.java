package io.tenantry.billing.payment;

/** The provider could not be reached, or answered with an error that is not the caller's. */
public class PaymentProviderException extends RuntimeException {

	public PaymentProviderException(String message, Throwable cause) {
		super(message, cause);
	}

}
