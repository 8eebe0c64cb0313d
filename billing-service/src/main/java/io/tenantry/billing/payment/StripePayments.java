package io.tenantry.billing.payment;

import java.time.Duration;
import java.util.UUID;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentMethodAttachParams;

/**
 * Stripe's API through Stripe's own client, {@code stripe-java}: customers, payment methods
 * attached to them, and PaymentIntents confirmed off-session for invoices. Each creating call
 * sends an {@code Idempotency-Key}, so a retry after a lost answer is the same object.
 * <p>
 * One {@link StripeClient} per adapter, holding its own key, address (the configured base URL:
 * Stripe, or a local stand-in in tests) and timeouts, never the library's static
 * {@code Stripe.apiKey}/{@code Stripe.overrideApiBase}: two configurations in one JVM (two
 * application contexts in a test run) never send with each other's key or to each other's
 * address. The library's own network retries are off: an attempt whose answer was lost is
 * retried by billing on its schedule, with the same idempotency key.
 */
public class StripePayments implements PaymentProvider {

	private final StripeProperties properties;

	private final StripeClient stripe;

	public StripePayments(StripeProperties properties) {
		this.properties = properties;
		this.stripe = properties.configured() ? client(properties) : null;
	}

	private static StripeClient client(StripeProperties properties) {
		String base = properties.baseUrl().toString();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		int timeout = millis(properties.timeout());
		return StripeClient.builder()
			.setApiKey(properties.apiKey())
			.setApiBase(base)
			.setConnectTimeout(timeout)
			.setReadTimeout(timeout)
			.setMaxNetworkRetries(0)
			.build();
	}

	private static int millis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
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
		CustomerCreateParams params = CustomerCreateParams.builder()
			.putMetadata("tenant_id", tenantId.toString())
			.build();
		try {
			return call(() -> stripe().v1().customers().create(params, idempotent("customer-" + tenantId))).getId();
		}
		catch (ApiConnectionException ex) {
			throw unreachable(ex);
		}
		catch (StripeException ex) {
			throw new PaymentProviderException("Stripe refused to create a customer: " + message(ex), ex);
		}
	}

	@Override
	public void attach(String customerId, String paymentMethodId) {
		PaymentMethodAttachParams params = PaymentMethodAttachParams.builder().setCustomer(customerId).build();
		try {
			call(() -> stripe().v1()
				.paymentMethods()
				.attach(paymentMethodId, params, idempotent("attach-" + paymentMethodId + "-" + customerId)));
		}
		catch (InvalidRequestException | CardException ex) {
			throw new PaymentMethodRejectedException(message(ex));
		}
		catch (ApiConnectionException ex) {
			throw unreachable(ex);
		}
		catch (StripeException ex) {
			throw new PaymentProviderException("Stripe failed to attach a payment method: " + message(ex), ex);
		}
	}

	@Override
	public ChargeResult charge(Charge charge) {
		PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
			.setAmount(charge.amount())
			.setCurrency(charge.currency())
			.setCustomer(charge.customerId())
			.setPaymentMethod(charge.paymentMethodId())
			.setConfirm(true)
			.setOffSession(true)
			.setDescription(charge.description())
			.putMetadata("tenant_id", charge.tenantId().toString())
			.putMetadata("invoice_id", charge.invoiceId().toString())
			.build();
		PaymentIntent intent;
		try {
			intent = call(() -> stripe().v1().paymentIntents().create(params, idempotent(charge.idempotencyKey())));
		}
		catch (ApiConnectionException ex) {
			return new ChargeResult.Failed(FailureReason.PROVIDER_ERROR, unreachable(ex).getMessage(), null);
		}
		catch (StripeException ex) {
			return refused(ex);
		}
		catch (PaymentProviderException ex) {
			return new ChargeResult.Failed(FailureReason.PROVIDER_ERROR, ex.getMessage(), null);
		}
		String status = (intent.getStatus() != null) ? intent.getStatus() : "";
		if ("succeeded".equals(status)) {
			return new ChargeResult.Succeeded(intent.getId());
		}
		if ("requires_action".equals(status)) {
			return new ChargeResult.Failed(FailureReason.AUTHENTICATION_REQUIRED,
					"The payment needs the customer to authenticate it", intent.getId());
		}
		return new ChargeResult.Failed(FailureReason.PROVIDER_ERROR, "The payment is " + status, intent.getId());
	}

	/**
	 * A charge Stripe answered with an error: a card error is a decline (or, with
	 * {@code authentication_required}, a payment that needs 3-D Secure); anything else is
	 * Stripe's failure, not the customer's.
	 */
	private static ChargeResult refused(StripeException ex) {
		StripeError error = ex.getStripeError();
		String paymentId = (error != null && error.getPaymentIntent() != null) ? error.getPaymentIntent().getId()
				: null;
		if ("authentication_required".equals(ex.getCode())) {
			return new ChargeResult.Failed(FailureReason.AUTHENTICATION_REQUIRED, message(ex), paymentId);
		}
		if (ex instanceof CardException || (error != null && "card_error".equals(error.getType()))) {
			return new ChargeResult.Failed(FailureReason.DECLINED, message(ex), paymentId);
		}
		return new ChargeResult.Failed(FailureReason.PROVIDER_ERROR, message(ex), paymentId);
	}

	private StripeClient stripe() {
		if (this.stripe == null) {
			throw new PaymentProviderException("No Stripe secret key is configured", null);
		}
		return this.stripe;
	}

	private static RequestOptions idempotent(String key) {
		return RequestOptions.builder().setIdempotencyKey(key).build();
	}

	/**
	 * Runs a call to Stripe. The library reports most unreadable answers as an
	 * {@code ApiException}, but not all: an error answer without a body (a 502 from a proxy on
	 * the way) escapes its parsing as a {@link NullPointerException}. Whatever the library throws
	 * unchecked is Stripe's failure too, a {@link PaymentProviderException}, so that a charge
	 * still ends as a PROVIDER_ERROR, retried as the same charge.
	 */
	private static <T> T call(StripeCall<T> call) throws StripeException {
		try {
			return call.call();
		}
		catch (PaymentProviderException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new PaymentProviderException("Stripe's answer could not be read: " + ex, ex);
		}
	}

	private static PaymentProviderException unreachable(ApiConnectionException ex) {
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		return new PaymentProviderException("Stripe could not be reached: " + cause, ex);
	}

	/**
	 * Stripe's own words with its decline code (else its error code) in parentheses, as the
	 * billing admin sees them on the invoice; "HTTP status" when the answer had no error object.
	 * Not {@link StripeException#getMessage()}, which adds the request id.
	 */
	private static String message(StripeException ex) {
		StripeError error = ex.getStripeError();
		String message = (error != null) ? error.getMessage() : null;
		String code = (error != null) ? error.getDeclineCode() : null;
		if (code == null) {
			code = (error != null && error.getCode() != null) ? error.getCode() : ex.getCode();
		}
		String text = (message != null) ? message
				: (ex.getStatusCode() != null) ? "HTTP " + ex.getStatusCode() : ex.getMessage();
		return (code != null) ? text + " (" + code + ")" : text;
	}

	/** A call to Stripe's client, which reports Stripe's errors as checked exceptions. */
	@FunctionalInterface
	private interface StripeCall<T> {

		T call() throws StripeException;

	}

}
