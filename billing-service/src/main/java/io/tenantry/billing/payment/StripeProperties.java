package io.tenantry.billing.payment;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tenantry.billing.stripe}: the secret key ({@code STRIPE_SECRET_KEY}; blank: no
 * payments are taken), the API's address, how long one call may take, and the signing
 * secret of the webhook endpoint ({@code STRIPE_WEBHOOK_SECRET}, {@code whsec_...}; blank:
 * notifications are refused) with how far a notification's timestamp may be from now.
 */
@ConfigurationProperties("tenantry.billing.stripe")
public record StripeProperties(String apiKey, @DefaultValue("https://api.stripe.com") URI baseUrl,
		@DefaultValue("10s") Duration timeout, String webhookSecret,
		@DefaultValue("5m") Duration webhookTolerance) {

	/** The webhook signature check, when a signing secret is configured. */
	public java.util.Optional<WebhookSignature> webhookSignature() {
		return (this.webhookSecret != null && !this.webhookSecret.isBlank())
				? java.util.Optional.of(new WebhookSignature(this.webhookSecret, this.webhookTolerance))
				: java.util.Optional.empty();
	}

	boolean configured() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

}
