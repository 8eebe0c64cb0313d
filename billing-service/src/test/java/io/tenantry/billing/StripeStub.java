package io.tenantry.billing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.tenantry.billing.payment.PaymentProvider;
import io.tenantry.billing.payment.StripePayments;
import io.tenantry.billing.payment.StripeProperties;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A local stand-in for Stripe's API, answering as Stripe's test payment methods do:
 * {@code pm_card_visa} pays, {@code pm_card_chargeDeclined} is declined,
 * {@code pm_card_authenticationRequired} needs 3-D Secure, {@code pm_card_providerDown}
 * meets a Stripe outage (500), an unknown method cannot be attached. Only requests with the
 * test secret key and an {@code Idempotency-Key} are answered; anything else gets WireMock's
 * 404, which the service must treat as a provider failure.
 */
public final class StripeStub {

	public static final String API_KEY = "sk_test_local_stub";

	private static final WireMockServer server = start();

	private StripeStub() {
	}

	public static WireMockServer server() {
		return server;
	}

	/**
	 * The form-encoded requests made to {@code path} whose body contains {@code text}, both
	 * compared decoded: {@code metadata%5Btenant_id%5D=} and {@code metadata[tenant_id]=} are
	 * the same field (stripe-java leaves brackets unescaped, as Stripe's API accepts).
	 */
	public static List<LoggedRequest> requests(String path, String text) {
		String decoded = decode(text);
		return server.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(path)))
			.stream()
			.filter((request) -> decode(request.getBodyAsString()).contains(decoded))
			.toList();
	}

	private static String decode(String form) {
		return URLDecoder.decode(form, StandardCharsets.UTF_8);
	}

	private static WireMockServer start() {
		WireMockServer stub = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
		stub.start();
		stub.stubFor(stripe("/v1/customers").willReturn(WireMock.okJson("""
				{"id":"cus_local_stub","object":"customer"}""")));
		for (String method : List.of("pm_card_visa", "pm_card_chargeDeclined", "pm_card_authenticationRequired",
				"pm_card_providerDown")) {
			stub.stubFor(stripe("/v1/payment_methods/" + method + "/attach")
				.withRequestBody(WireMock.containing("customer=cus_"))
				.willReturn(WireMock.okJson("""
						{"id":"%s","object":"payment_method","customer":"cus_local_stub"}""".formatted(method))));
		}
		stub.stubFor(stripe("/v1/payment_methods/pm_card_unknown/attach").willReturn(WireMock.jsonResponse("""
				{"error":{"type":"invalid_request_error","code":"resource_missing","param":"payment_method",
				 "message":"No such PaymentMethod: 'pm_card_unknown'",
				 "doc_url":"https://stripe.com/docs/error-codes/resource-missing"}}""", 400)));
		stub.stubFor(charge("pm_card_visa").willReturn(WireMock.okJson("""
				{"id":"pi_local_paid","object":"payment_intent","status":"succeeded"}""")));
		stub.stubFor(charge("pm_card_chargeDeclined").willReturn(WireMock.jsonResponse("""
				{"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline",
				 "message":"Your card was declined.",
				 "payment_intent":{"id":"pi_local_declined","object":"payment_intent",
				  "status":"requires_payment_method"}}}""", 402)));
		stub.stubFor(charge("pm_card_authenticationRequired").willReturn(WireMock.jsonResponse("""
				{"error":{"type":"card_error","code":"authentication_required",
				 "message":"Your card was declined. This transaction requires authentication.",
				 "payment_intent":{"id":"pi_local_3ds","object":"payment_intent",
				  "status":"requires_payment_method"}}}""", 402)));
		stub.stubFor(charge("pm_card_providerDown").willReturn(WireMock.jsonResponse("""
				{"error":{"type":"api_error","message":"An unknown error occurred"}}""", 500)));
		return stub;
	}

	private static MappingBuilder charge(String paymentMethod) {
		return stripe("/v1/payment_intents").withRequestBody(WireMock.containing("payment_method=" + paymentMethod))
			.withRequestBody(WireMock.containing("confirm=true"))
			.withRequestBody(WireMock.containing("off_session=true"));
	}

	private static MappingBuilder stripe(String path) {
		return WireMock.post(WireMock.urlEqualTo(path))
			.withHeader("Authorization", WireMock.equalTo("Bearer " + API_KEY))
			.withHeader("Idempotency-Key", WireMock.matching(".+"))
			.withHeader("Content-Type", WireMock.containing("application/x-www-form-urlencoded"));
	}

	/** The stub's address and test key as the service's Stripe settings. */
	public static StripeProperties properties() {
		return new StripeProperties(API_KEY, URI.create(server.baseUrl()), Duration.ofSeconds(5), null,
				Duration.ofMinutes(5));
	}

	/**
	 * The service's Stripe client (stripe-java's {@code StripeClient}, its API base set to the
	 * stub's address), pointed at the stub.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Configuration {

		@Bean
		@Primary
		PaymentProvider stripeStubPaymentProvider() {
			return new StripePayments(properties());
		}

	}

}
