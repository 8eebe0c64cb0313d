package io.tenantry.billing.subscription;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.billing.BillingProperties;
import io.tenantry.billing.invoice.InvoiceView;
import io.tenantry.billing.payment.PaymentMethods;
import io.tenantry.billing.payment.Payments;
import io.tenantry.common.tenant.TenantContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's billing: its subscription and invoices
 * (owners, admins, billing admins), its payment method and paying an invoice now (owners and
 * billing admins).
 */
@RestController
@RequestMapping("/api/billing")
class BillingController {

	private final Subscriptions subscriptions;

	private final Payments payments;

	private final PaymentMethods paymentMethods;

	private final BillingProperties properties;

	private final TransactionTemplate transactions;

	BillingController(Subscriptions subscriptions, Payments payments, PaymentMethods paymentMethods,
			BillingProperties properties, TransactionTemplate transactions) {
		this.subscriptions = subscriptions;
		this.payments = payments;
		this.paymentMethods = paymentMethods;
		this.properties = properties;
		this.transactions = transactions;
	}

	@GetMapping("/subscription")
	@PreAuthorize("hasAnyRole('OWNER', 'ADMIN', 'BILLING_ADMIN')")
	@Operation(summary = "The tenant's subscription: plan, status (ACTIVE, PAST_DUE, CANCELED), current period")
	SubscriptionView subscription() {
		return this.transactions.execute((tx) -> this.subscriptions.get(TenantContext.requireTenantId()));
	}

	@PutMapping("/subscription/payment-method")
	@PreAuthorize("hasAnyRole('OWNER', 'BILLING_ADMIN')")
	@Operation(summary = "Saves the payment method invoices are charged to",
			description = "paymentMethodId: a payment method created at the provider (Stripe: pm_...), for example "
					+ "by Stripe.js in the tenant's browser; card details never reach Tenantry. 400 when the provider "
					+ "refuses it, 503 when no provider is configured or it fails.")
	SubscriptionView savePaymentMethod(@Valid @RequestBody PaymentMethod request) {
		this.paymentMethods.save(request.paymentMethodId());
		return this.transactions.execute((tx) -> this.subscriptions.get(TenantContext.requireTenantId()));
	}

	@PostMapping({ "/invoices/{id}/payment", "/invoices/{id}/pay" })
	@PreAuthorize("hasAnyRole('OWNER', 'BILLING_ADMIN')")
	@Operation(summary = "Charges an open invoice to the saved payment method now (/pay is an alias)",
			description = "Returns the invoice: PAID, or still OPEN with lastPaymentError. 409 when it is not OPEN, "
					+ "503 when no payment provider is configured. Safe to repeat: a paid invoice is never charged again.")
	InvoiceView pay(@PathVariable UUID id) {
		return this.payments.payNow(id);
	}

	record PaymentMethod(@NotNull @Pattern(regexp = "pm_[A-Za-z0-9_]{1,200}",
			message = "must be a payment method id (pm_...)") String paymentMethodId) {
	}

}
