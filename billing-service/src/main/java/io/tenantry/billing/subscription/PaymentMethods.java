package io.tenantry.billing.subscription;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import io.tenantry.billing.events.PaymentMethodUpdated;
import io.tenantry.billing.payment.PaymentMethodRejectedException;
import io.tenantry.billing.payment.PaymentProvider;
import io.tenantry.billing.payment.PaymentProviderException;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Saves the payment method a tenant's invoices are charged to: the tenant's customer at the
 * provider (created the first time), the method attached to it there, then both ids kept on
 * the subscription. No transaction is open while the provider is called.
 */
@Service
class PaymentMethods {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final PaymentProvider provider;

	private final Subscriptions subscriptions;

	private final EventOutbox events;

	private final Clock clock;

	PaymentMethods(JdbcTemplate jdbc, TransactionTemplate transactions, PaymentProvider provider,
			Subscriptions subscriptions, EventOutbox events, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.provider = provider;
		this.subscriptions = subscriptions;
		this.events = events;
		this.clock = clock;
	}

	SubscriptionView save(String paymentMethodId) {
		UUID tenantId = TenantContext.requireTenantId();
		if (!this.provider.enabled()) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "No payment provider is configured");
		}
		String known = this.transactions.execute((tx) -> {
			this.subscriptions.get(tenantId); // 404 when the tenant has none
			return this.jdbc.queryForObject("select customer_id from subscription where tenant_id = ?", String.class,
					tenantId);
		});
		String customerId;
		try {
			customerId = this.provider.customer(tenantId, known);
			this.provider.attach(customerId, paymentMethodId);
		}
		catch (PaymentMethodRejectedException ex) {
			throw new InvalidRequestException("paymentMethodId", ex.getMessage());
		}
		catch (PaymentProviderException ex) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "The payment provider failed; try again");
		}
		return this.transactions.execute((tx) -> {
			this.jdbc.update("""
					update subscription set customer_id = ?, payment_method_id = ?, updated_at = ? where tenant_id = ?""",
					customerId, paymentMethodId, Timestamp.from(this.clock.instant()), tenantId);
			this.events.append(Topics.BILLING, PaymentMethodUpdated.TYPE, tenantId.toString(),
					new PaymentMethodUpdated(tenantId, customerId, paymentMethodId));
			return this.subscriptions.get(tenantId);
		});
	}

}
