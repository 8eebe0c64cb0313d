package io.tenantry.billing.payment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.tenantry.common.tenant.TenantContext;
import io.tenantry.common.web.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stripe's notifications to billing-service (public: no token; genuine when signed with the
 * endpoint's secret, recently). {@code payment_intent.succeeded} for one of our invoices
 * (its metadata names the tenant and the invoice) pays the invoice if it is still open: a
 * charge the customer authenticated after an off-session attempt needed it, or the
 * notification of a charge already recorded here, which then changes nothing. Each
 * notification counts once per tenant (Stripe delivers at least once). Other types are
 * acknowledged and ignored.
 */
@RestController
class StripeWebhooks {

	private static final Logger logger = LoggerFactory.getLogger(StripeWebhooks.class);

	static final String CONSUMER = "stripe-webhooks";

	private final Optional<WebhookSignature> signature;

	private final Payments payments;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	StripeWebhooks(StripeProperties properties, Payments payments, JdbcTemplate jdbc, TransactionTemplate transactions,
			JsonMapper json, Clock clock) {
		this.signature = properties.webhookSignature();
		this.payments = payments;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	@PostMapping("/api/billing/webhooks/stripe")
	@Operation(summary = "Stripe's event notifications (Stripe-Signature required)",
			description = "Configure in Stripe's dashboard for payment_intent.succeeded, with the endpoint's signing "
					+ "secret in STRIPE_WEBHOOK_SECRET. 400 when the signature is missing, wrong or too old; 503 when "
					+ "no signing secret is configured.")
	ResponseEntity<Void> receive(@RequestHeader(name = "Stripe-Signature", required = false) String header,
			@RequestBody String payload) {
		WebhookSignature check = this.signature.orElseThrow(() -> new ResponseStatusException(
				HttpStatus.SERVICE_UNAVAILABLE, "No webhook signing secret is configured"));
		if (!check.verify(payload, header, this.clock.instant())) {
			throw new InvalidRequestException("Stripe-Signature", "does not sign this payload, or is too old");
		}
		JsonNode event;
		try {
			event = this.json.readTree(payload);
		}
		catch (RuntimeException ex) {
			throw new InvalidRequestException("body", "is not a Stripe event");
		}
		String id = event.path("id").asString("");
		if ("payment_intent.succeeded".equals(event.path("type").asString("")) && !id.isEmpty()) {
			succeeded(id, event.path("data").path("object"));
		}
		return ResponseEntity.ok().build();
	}

	private void succeeded(String eventId, JsonNode intent) {
		UUID tenantId = uuid(intent.path("metadata").path("tenant_id").asString(""));
		UUID invoiceId = uuid(intent.path("metadata").path("invoice_id").asString(""));
		if (tenantId == null || invoiceId == null) {
			return; // not a charge of ours
		}
		UUID key = UUID.nameUUIDFromBytes(("stripe:" + eventId).getBytes(StandardCharsets.UTF_8));
		String paymentId = intent.path("id").asString(null);
		// the notification is recorded in the transaction that applies it: a failure leaves it for Stripe's retry
		Boolean paid = TenantContext.callAs(tenantId, () -> this.transactions.execute((tx) -> {
			int fresh = this.jdbc.update("""
					insert into processed_event (tenant_id, consumer, event_id) values (?, ?, ?)
					on conflict do nothing""", tenantId, CONSUMER, key);
			return fresh == 1 && this.payments.confirmed(tenantId, invoiceId, paymentId);
		}));
		logger.info("Stripe {}: payment {} for invoice {} of tenant {}{}", eventId, paymentId, invoiceId, tenantId,
				Boolean.TRUE.equals(paid) ? ": paid" : ": nothing to do (seen before, paid already, or not open)");
	}

	private static UUID uuid(String text) {
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
