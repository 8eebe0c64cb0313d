package io.tenantry.billing.payment;

/**
 * Where billing-service takes payments: customers, their saved payment methods, and
 * off-session charges of invoices. Every call that creates something carries an
 * idempotency key, so a retried call never charges twice.
 */
public interface PaymentProvider {

	/** Whether a provider is configured; when not, invoices stay open and nothing is charged. */
	boolean enabled();

	/**
	 * The provider's customer for a tenant, created if {@code customerId} is null.
	 * @throws PaymentProviderException when the provider cannot be reached or fails
	 */
	String customer(java.util.UUID tenantId, String customerId);

	/**
	 * Saves {@code paymentMethodId} to the customer for later charges.
	 * @throws PaymentMethodRejectedException when the provider refuses that payment method
	 * @throws PaymentProviderException when the provider cannot be reached or fails
	 */
	void attach(String customerId, String paymentMethodId);

	/** Charges a saved payment method; never throws for a refused or failed charge. */
	ChargeResult charge(Charge charge);

}
