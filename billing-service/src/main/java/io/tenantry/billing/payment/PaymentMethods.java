package io.tenantry.billing.payment;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.tenantry.billing.events.PaymentMethodUpdated;
import io.tenantry.common.events.EventOutbox;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;
import io.tenantry.common.web.ResourceNotFoundException;

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
public class PaymentMethods {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final PaymentProvider provider;

	private final EventOutbox events;

	private final Clock clock;

	PaymentMethods(JdbcTemplate jdbc, TransactionTemplate transactions, PaymentProvider provider,
			EventOutbox events, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.provider = provider;
		this.events = events;
		this.clock = clock;
	}

	public void save(String paymentMethodId) {
		UUID tenantId = TenantContext.requireTenantId();
		if (!this.provider.enabled()) {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "No payment provider is configured");
		}
		String known = this.transactions.execute((tx) -> {
			List<String> customer = this.jdbc.query("select customer_id from subscription where tenant_id = ?",
					(rs, row) -> rs.getString(1), tenantId);
			if (customer.isEmpty()) {
				throw new ResourceNotFoundException("Subscription of tenant", tenantId);
			}
			return customer.get(0);
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
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.update("""
					update subscription set customer_id = ?, payment_method_id = ?, updated_at = ? where tenant_id = ?""",
					customerId, paymentMethodId, Timestamp.from(this.clock.instant()), tenantId);
			this.events.append(Topics.BILLING, PaymentMethodUpdated.TYPE, tenantId.toString(),
					new PaymentMethodUpdated(tenantId, customerId, paymentMethodId));
		});
	}

}
