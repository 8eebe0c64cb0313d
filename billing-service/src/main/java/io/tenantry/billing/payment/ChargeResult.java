package io.tenantry.billing.payment;

/** What became of a charge: paid by {@code paymentId}, or failed for a bounded reason. */
public sealed interface ChargeResult {

	record Succeeded(String paymentId) implements ChargeResult {
	}

	/**
	 * @param reason why, from a fixed set (a metric tag)
	 * @param message the provider's words, for the invoice and the tenant's billing admin
	 * @param paymentId the provider's payment, when it made one
	 */
	record Failed(FailureReason reason, String message, String paymentId) implements ChargeResult {
	}

}
