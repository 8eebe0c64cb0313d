package io.tenantry.billing.events;

import java.util.UUID;

/**
 * A billing admin saved the payment method later invoices are charged to: the provider's
 * ids only, never card details. Subject: the tenant id.
 */
public record PaymentMethodUpdated(UUID tenantId, String customerId, String paymentMethodId) {

	public static final String TYPE = "io.tenantry.billing.payment-method-updated.v1";

}
