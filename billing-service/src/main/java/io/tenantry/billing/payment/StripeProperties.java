package io.tenantry.billing.payment;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tenantry.billing.stripe}: the secret key ({@code STRIPE_SECRET_KEY}; blank: no
 * payments are taken), the API's address and how long one call may take.
 */
@ConfigurationProperties("tenantry.billing.stripe")
public record StripeProperties(String apiKey, @DefaultValue("https://api.stripe.com") URI baseUrl,
		@DefaultValue("10s") Duration timeout) {

	boolean configured() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

}
