package io.tenantry.billing.invoice;

import java.util.UUID;

import io.tenantry.common.purge.TenantPurgeContributor;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A purged tenant's invoices are kept (bookkeeping outlives the customer:
 * {@code tenantry.purge.kept-tables}); they hold amounts, periods and the provider's payment
 * ids, no personal data. Those still open are voided, so nothing is charged to a customer
 * that no longer exists. The subscription (with the provider's customer and payment method)
 * goes with the rest of the tenant's rows.
 */
@Component
class InvoiceRetention implements TenantPurgeContributor {

	private final JdbcTemplate jdbc;

	InvoiceRetention(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void purge(UUID tenantId) {
		this.jdbc.update("""
				update invoice set status = 'VOID', next_payment_attempt_at = null
				where tenant_id = ? and status = 'OPEN'""", tenantId);
	}

}
