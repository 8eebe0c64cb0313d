package io.tenantry.billing.payment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature: the {@code Stripe-Signature} header
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload" under the endpoint's secret>}
 * (several v1 while a secret is rolled). A payload is genuine when one v1 matches, compared
 * in constant time, and recent: a timestamp further than {@code tolerance} from now is a
 * replay.
 */
public final class WebhookSignature {

	private final byte[] secret;

	private final Duration tolerance;

	public WebhookSignature(String secret, Duration tolerance) {
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.tolerance = tolerance;
	}

	/** Whether {@code header} signs {@code payload} at a time within the tolerance of {@code now}. */
	public boolean verify(String payload, String header, Instant now) {
		if (header == null || payload == null) {
			return false;
		}
		Long timestamp = null;
		List<byte[]> signatures = new ArrayList<>();
		for (String part : header.split(",")) {
			int equals = part.indexOf('=');
			if (equals < 0) {
				continue;
			}
			String key = part.substring(0, equals).strip();
			String value = part.substring(equals + 1).strip();
			try {
				if (key.equals("t")) {
					timestamp = Long.parseLong(value);
				}
				else if (key.equals("v1")) {
					signatures.add(HexFormat.of().parseHex(value));
				}
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}
		if (timestamp == null || signatures.isEmpty()
				|| Duration.between(Instant.ofEpochSecond(timestamp), now).abs().compareTo(this.tolerance) > 0) {
			return false;
		}
		byte[] expected = sign(timestamp + "." + payload);
		return signatures.stream().anyMatch((signature) -> MessageDigest.isEqual(expected, signature));
	}

	/** The v1 signature of {@code signedPayload} ({@code "<t>.<payload>"}). */
	public byte[] sign(String signedPayload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			return mac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
