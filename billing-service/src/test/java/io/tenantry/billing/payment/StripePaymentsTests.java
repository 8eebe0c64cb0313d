package io.tenantry.billing.payment;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.stripe.Stripe;
import io.tenantry.billing.StripeStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Stripe adapter against the local stand-in for Stripe's API ({@link StripeStub}), and
 * against a second stand-in for answers the shared one does not give (a PaymentIntent that
 * needs action, a slow or unreadable answer): what each answer becomes for billing, that
 * each creating call carries its idempotency key, that stripe-java does not retry on its own,
 * and that two adapters never send with each other's key or to each other's address.
 */
class StripePaymentsTests {

	static WireMockServer other;

	final StripePayments stripe = new StripePayments(StripeStub.properties());

	@BeforeAll
	static void startOther() {
		other = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
		other.start();
	}

	@AfterAll
	static void stopOther() {
		other.stop();
	}

	@BeforeEach
	void resetOther() {
		other.resetAll();
	}

	@Test
	void aCustomerIsCreatedOnceForATenantWithItsIdInTheMetadata() {
		UUID tenant = UUID.randomUUID();
		assertThat(this.stripe.customer(tenant, null)).isEqualTo("cus_local_stub");
		List<LoggedRequest> requests = StripeStub.requests("/v1/customers", "metadata[tenant_id]=" + tenant);
		assertThat(requests).hasSize(1);
		assertThat(requests.get(0).getHeader("Idempotency-Key")).isEqualTo("customer-" + tenant);
		assertThat(this.stripe.customer(tenant, "cus_known")).isEqualTo("cus_known");
		assertThat(StripeStub.requests("/v1/customers", tenant.toString())).hasSize(1);
	}

	@Test
	void aPaymentMethodIsAttachedOrRefusedInStripesWords() {
		this.stripe.attach("cus_local_stub", "pm_card_visa");
		assertThat(StripeStub.requests("/v1/payment_methods/pm_card_visa/attach", "customer=cus_local_stub"))
			.extracting((request) -> request.getHeader("Idempotency-Key"))
			.contains("attach-pm_card_visa-cus_local_stub");
		assertThatExceptionOfType(PaymentMethodRejectedException.class)
			.isThrownBy(() -> this.stripe.attach("cus_local_stub", "pm_card_unknown"))
			.withMessage("No such PaymentMethod: 'pm_card_unknown' (resource_missing)");
	}

	@Test
	void aChargeIsConfirmedOffSessionWithItsIdempotencyKeyAndMetadata() {
		Charge charge = charge("pm_card_visa");
		assertThat(this.stripe.charge(charge)).isEqualTo(new ChargeResult.Succeeded("pi_local_paid"));
		List<LoggedRequest> requests = StripeStub.requests("/v1/payment_intents", charge.invoiceId().toString());
		assertThat(requests).hasSize(1);
		assertThat(requests.get(0).getHeader("Idempotency-Key")).isEqualTo(charge.idempotencyKey());
		assertThat(requests.get(0).getHeader("Authorization")).isEqualTo("Bearer " + StripeStub.API_KEY);
		assertThat(URI.create("?" + requests.get(0).getBodyAsString()).getQuery()).contains("amount=9900",
				"currency=usd", "customer=cus_local_stub", "payment_method=pm_card_visa", "confirm=true",
				"off_session=true", "metadata[tenant_id]=" + charge.tenantId(),
				"metadata[invoice_id]=" + charge.invoiceId());
	}

	@Test
	void aDeclineAnAuthenticationAndAnOutageAreFailuresForTheirReasons() {
		assertThat(this.stripe.charge(charge("pm_card_chargeDeclined"))).isEqualTo(new ChargeResult.Failed(
				FailureReason.DECLINED, "Your card was declined. (generic_decline)", "pi_local_declined"));
		assertThat(this.stripe.charge(charge("pm_card_authenticationRequired")))
			.isEqualTo(new ChargeResult.Failed(FailureReason.AUTHENTICATION_REQUIRED,
					"Your card was declined. This transaction requires authentication. (authentication_required)",
					"pi_local_3ds"));
		Charge outage = charge("pm_card_providerDown");
		assertThat(this.stripe.charge(outage))
			.isEqualTo(new ChargeResult.Failed(FailureReason.PROVIDER_ERROR, "An unknown error occurred", null));
		// billing retries on its own schedule: stripe-java makes the one request only
		assertThat(StripeStub.requests("/v1/payment_intents", outage.invoiceId().toString())).hasSize(1);
	}

	@Test
	void aPaymentIntentThatNeedsActionOrIsStillProcessingIsNotPaid() {
		StripePayments stripe = new StripePayments(otherProperties("sk_test_other", Duration.ofSeconds(5)));
		other.stubFor(WireMock.post("/v1/payment_intents")
			.withRequestBody(WireMock.containing("payment_method=pm_card_threeDSecure2Required"))
			.willReturn(WireMock.okJson("""
					{"id":"pi_other_3ds","object":"payment_intent","status":"requires_action",
					 "next_action":{"type":"use_stripe_sdk"}}""")));
		other.stubFor(WireMock.post("/v1/payment_intents")
			.withRequestBody(WireMock.containing("payment_method=pm_usBankAccount"))
			.willReturn(WireMock.okJson("""
					{"id":"pi_other_ach","object":"payment_intent","status":"processing"}""")));
		assertThat(stripe.charge(charge("pm_card_threeDSecure2Required")))
			.isEqualTo(new ChargeResult.Failed(FailureReason.AUTHENTICATION_REQUIRED,
					"The payment needs the customer to authenticate it", "pi_other_3ds"));
		assertThat(stripe.charge(charge("pm_usBankAccount"))).isEqualTo(
				new ChargeResult.Failed(FailureReason.PROVIDER_ERROR, "The payment is processing", "pi_other_ach"));
	}

	@Test
	void anAnswerThatIsNotStripesIsAProviderFailureNotARefusal() {
		StripePayments wrongKey = new StripePayments(new StripeProperties("sk_test_wrong",
				StripeStub.properties().baseUrl(), Duration.ofSeconds(5), null, Duration.ofMinutes(5)));
		// WireMock's own 404 (not JSON) for a request the stub does not recognise
		assertThatExceptionOfType(PaymentProviderException.class)
			.isThrownBy(() -> wrongKey.customer(UUID.randomUUID(), null));
		assertThatExceptionOfType(PaymentProviderException.class)
			.isThrownBy(() -> wrongKey.attach("cus_local_stub", "pm_card_visa"));
		assertThat(wrongKey.charge(charge("pm_card_visa")))
			.isInstanceOfSatisfying(ChargeResult.Failed.class,
					(failed) -> assertThat(failed.reason()).isEqualTo(FailureReason.PROVIDER_ERROR));

		StripePayments stripe = new StripePayments(otherProperties("sk_test_other", Duration.ofSeconds(5)));
		other.stubFor(WireMock.post("/v1/customers").willReturn(WireMock.aResponse().withStatus(502)));
		other.stubFor(WireMock.post("/v1/payment_methods/pm_card_visa/attach")
			.willReturn(WireMock.aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")));
		other.stubFor(WireMock.post("/v1/payment_intents")
			.willReturn(WireMock.aResponse().withStatus(200).withBody("[]")));
		assertThatExceptionOfType(PaymentProviderException.class)
			.isThrownBy(() -> stripe.customer(UUID.randomUUID(), null));
		assertThatExceptionOfType(PaymentProviderException.class)
			.isThrownBy(() -> stripe.attach("cus_other", "pm_card_visa"));
		assertThat(stripe.charge(charge("pm_card_visa"))).isInstanceOfSatisfying(ChargeResult.Failed.class,
				(failed) -> assertThat(failed.reason()).isEqualTo(FailureReason.PROVIDER_ERROR));
	}

	@Test
	void aStripeThatCannotBeReachedOrAnswersTooLateIsAProviderErrorTriedOnce() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		StripePayments unreachable = new StripePayments(new StripeProperties("sk_test_other",
				URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(2), null, Duration.ofMinutes(5)));
		assertThat(unreachable.charge(charge("pm_card_visa"))).isInstanceOfSatisfying(ChargeResult.Failed.class,
				(failed) -> {
					assertThat(failed.reason()).isEqualTo(FailureReason.PROVIDER_ERROR);
					assertThat(failed.message()).startsWith("Stripe could not be reached: ");
					assertThat(failed.paymentId()).isNull();
				});
		assertThatExceptionOfType(PaymentProviderException.class)
			.isThrownBy(() -> unreachable.customer(UUID.randomUUID(), null))
			.withMessageStartingWith("Stripe could not be reached: ");

		StripePayments slow = new StripePayments(otherProperties("sk_test_other", Duration.ofMillis(300)));
		other.stubFor(WireMock.post("/v1/payment_intents").willReturn(WireMock.okJson("""
				{"id":"pi_other_late","object":"payment_intent","status":"succeeded"}""").withFixedDelay(2000)));
		assertThat(slow.charge(charge("pm_card_visa"))).isInstanceOfSatisfying(ChargeResult.Failed.class,
				(failed) -> assertThat(failed.reason()).isEqualTo(FailureReason.PROVIDER_ERROR));
		other.verify(1, WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/payment_intents")));
	}

	@Test
	void twoAdaptersSendWithTheirOwnKeyToTheirOwnAddressAndLeaveStripesGlobalsAlone() {
		StripePayments second = new StripePayments(new StripeProperties("sk_test_other",
				URI.create(other.baseUrl() + "/"), Duration.ofSeconds(5), null, Duration.ofMinutes(5)));
		other.stubFor(WireMock.post("/v1/customers")
			.withHeader("Authorization", WireMock.equalTo("Bearer sk_test_other"))
			.willReturn(WireMock.okJson("""
					{"id":"cus_other","object":"customer"}""")));
		UUID tenant = UUID.randomUUID();
		assertThat(second.customer(tenant, null)).isEqualTo("cus_other");
		assertThat(this.stripe.customer(tenant, null)).isEqualTo("cus_local_stub");
		assertThat(second.customer(UUID.randomUUID(), null)).isEqualTo("cus_other");
		other.verify(2, WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/customers")));
		assertThat(StripeStub.requests("/v1/customers", tenant.toString())).hasSize(1);
		assertThat(Stripe.apiKey).isNull();
		assertThat(Stripe.getApiBase()).isEqualTo(Stripe.LIVE_API_BASE);
	}

	@Test
	void withoutAKeyNothingIsEnabledAndNothingIsSent() {
		StripePayments none = new StripePayments(new StripeProperties(" ", URI.create("http://127.0.0.1:1"),
				Duration.ofSeconds(1), null, Duration.ofMinutes(5)));
		assertThat(none.enabled()).isFalse();
		assertThat(this.stripe.enabled()).isTrue();
		assertThatExceptionOfType(PaymentProviderException.class)
			.isThrownBy(() -> none.customer(UUID.randomUUID(), null));
		assertThat(none.charge(charge("pm_card_visa"))).isInstanceOfSatisfying(ChargeResult.Failed.class,
				(failed) -> assertThat(failed.reason()).isEqualTo(FailureReason.PROVIDER_ERROR));
	}

	private static StripeProperties otherProperties(String apiKey, Duration timeout) {
		return new StripeProperties(apiKey, URI.create(other.baseUrl()), timeout, null, Duration.ofMinutes(5));
	}

	private static Charge charge(String paymentMethod) {
		return new Charge(UUID.randomUUID(), UUID.randomUUID(), 1, "cus_local_stub", paymentMethod, 9900, "usd",
				"Tenantry INV-000001");
	}

}
