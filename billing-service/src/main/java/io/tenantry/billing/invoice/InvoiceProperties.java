package io.tenantry.billing.invoice;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tenantry.billing.invoice}: the seller printed on every invoice (the operator of the
 * Tenantry installation: its legal name, address lines, tax id and contact), and the tax rate
 * (percent, added to the lines) of the invoices billing issues itself. Operators' manual
 * invoices name their own rate.
 */
@ConfigurationProperties("tenantry.billing.invoice")
public record InvoiceProperties(@DefaultValue("Tenantry (local)") String sellerName,
		@DefaultValue({ "1 Example Street", "Example City" }) List<String> sellerAddress,
		@DefaultValue("") String sellerTaxId, @DefaultValue("billing@tenantry.local") String sellerEmail,
		@DefaultValue("0") BigDecimal taxRate) {

	public InvoiceProperties {
		sellerAddress = List.copyOf(sellerAddress);
		if (taxRate.signum() < 0 || taxRate.compareTo(BigDecimal.valueOf(100)) > 0) {
			throw new IllegalArgumentException("tenantry.billing.invoice.tax-rate must be 0 to 100 (percent)");
		}
	}

}
