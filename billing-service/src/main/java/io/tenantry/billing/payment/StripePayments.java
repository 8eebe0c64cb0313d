package io.tenantry.billing.payment;

import java.net.http.HttpClient;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Stripe's API over HTTP (form-encoded requests, JSON answers): customers, payment methods
 * attached to them, and PaymentIntents confirmed off-session for invoices. Each creating call
 * sends an {@code Idempotency-Key}, so a retry after a lost answer is the same object.
 */
public class StripePayments implements PaymentProvider {

	private final StripeProperties properties;

	private final RestClient http;

	private final JsonMapper json;

	public StripePayments(StripeProperties properties, RestClient.Builder builder, JsonMapper json) {
		this.properties = properties;
		this.json = json;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(properties.timeout()).build());
		requests.setReadTimeout(properties.timeout());
		this.http = builder.clone()
			.baseUrl(properties.baseUrl().toString())
			.requestFactory(requests)
			.defaultHeader("Authorization", "Bearer " + properties.apiKey())
			.defaultHeader("Stripe-Version", "2024-06-20")
			.build();
	}

	@Override
	public boolean enabled() {
		return this.properties.configured();
	}

	@Override
	public String customer(UUID tenantId, String customerId) {
		if (customerId != null) {
			return customerId;
		}
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("metadata[tenant_id]", tenantId.toString());
		Answer answer = post("/v1/customers", form, "customer-" + tenantId);
		if (!answer.ok()) {
			throw new PaymentProviderException("Stripe refused to create a customer: " + answer.message(), null);
		}
		return answer.body().get("id").asString();
	}

	@Override
	public void attach(String customerId, String paymentMethodId) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("customer", customerId);
		Answer answer = post("/v1/payment_methods/" + paymentMethodId + "/attach", form,
				"attach-" + paymentMethodId + "-" + customerId);
		if (answer.ok()) {
			return;
		}
		if (answer.status() == 400 || answer.status() == 402 || answer.status() == 404) {
			throw new PaymentMethodRejectedException(answer.message());
		}
		throw new PaymentProviderException("Stripe failed to attach a payment method: " + answer.message(), null);
	}

	@Override
	public ChargeResult charge(Charge charge) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("amount", Long.toString(charge.amount()));
		form.add("currency", charge.currency());
		form.add("customer", charge.customerId());
		form.add("payment_method", charge.paymentMethodId());
		form.add("confirm", "true");
		form.add("off_session", "true");
		form.add("description", charge.description());
		form.add("metadata[tenant_id]", charge.tenantId().toString());
		form.add("metadata[invoice_id]", charge.invoiceId().toString());
		Answer answer;
		try {
			answer = post("/v1/payment_intents", form, charge.idempotencyKey());
		}
		catch (PaymentProviderException ex) {
			return new ChargeResult.Failed(FailureReason.PROVIDER_ERROR, ex.getMessage(), null);
		}
		if (answer.ok()) {
			String id = answer.body().path("id").asString(null);
			String status = answer.body().path("status").asString("");
			if ("succeeded".equals(status)) {
				return new ChargeResult.Succeeded(id);
			}
			if ("requires_action".equals(status)) {
				return new ChargeResult.Failed(FailureReason.AUTHENTICATION_REQUIRED,
						"The payment needs the customer to authenticate it", id);
			}
			return new ChargeResult.Failed(FailureReason.PROVIDER_ERROR, "The payment is " + status, id);
		}
		JsonNode error = answer.body().path("error");
		String paymentId = error.path("payment_intent").path("id").asString(null);
		if ("authentication_required".equals(error.path("code").asString(""))) {
			return new ChargeResult.Failed(FailureReason.AUTHENTICATION_REQUIRED, answer.message(), paymentId);
		}
		if ("card_error".equals(error.path("type").asString(""))) {
			return new ChargeResult.Failed(FailureReason.DECLINED, answer.message(), paymentId);
		}
		return new ChargeResult.Failed(FailureReason.PROVIDER_ERROR, answer.message(), paymentId);
	}

	private Answer post(String path, MultiValueMap<String, String> form, String idempotencyKey) {
		try {
			return this.http.post()
				.uri(path)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.header("Idempotency-Key", idempotencyKey)
				.body(form)
				.exchange((request, response) -> answer(response.getStatusCode(),
						new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (RestClientException ex) {
			throw new PaymentProviderException("Stripe could not be reached: " + ex.getMessage(), ex);
		}
	}

	private Answer answer(HttpStatusCode status, String body) {
		JsonNode node;
		try {
			node = body.isBlank() ? this.json.createObjectNode() : this.json.readTree(body);
		}
		catch (RuntimeException ex) {
			node = this.json.createObjectNode();
		}
		return new Answer(status.value(), node);
	}

	private record Answer(int status, JsonNode body) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		String message() {
			String message = this.body.path("error").path("message").asString(null);
			String code = this.body.path("error").path("decline_code").asString(null);
			if (code == null) {
				code = this.body.path("error").path("code").asString(null);
			}
			String text = (message != null) ? message : "HTTP " + this.status;
			return (code != null) ? text + " (" + code + ")" : text;
		}

	}

}
