package io.tenantry.billing.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Stripe-Signature headers as Stripe writes them, and as an attacker or a replay would. */
class WebhookSignatureTests {

	static final String PAYLOAD = "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\"}";

	final WebhookSignature signature = new WebhookSignature("whsec_test", Duration.ofMinutes(5));

	final Instant now = Instant.ofEpochSecond(1_790_000_000L);

	@Test
	void aSignatureOfThePayloadAtARecentTimeIsGenuine() {
		assertThat(this.signature.verify(PAYLOAD, header(this.now.getEpochSecond(), "whsec_test"), this.now)).isTrue();
		assertThat(this.signature.verify(PAYLOAD, header(this.now.getEpochSecond() - 299, "whsec_test"), this.now))
			.isTrue();
	}

	@Test
	void duringASecretRollOneMatchingSignatureAmongSeveralIsEnough() {
		long t = this.now.getEpochSecond();
		String header = "t=" + t + ",v1=" + v1(t, "whsec_old") + ",v1=" + v1(t, "whsec_test") + ",v0=ignored";
		assertThat(this.signature.verify(PAYLOAD, header, this.now)).isTrue();
	}

	@Test
	void anotherSecretAnotherPayloadAnOldTimestampOrAGarbledHeaderIsRefused() {
		long t = this.now.getEpochSecond();
		assertThat(this.signature.verify(PAYLOAD, header(t, "whsec_other"), this.now)).isFalse();
		assertThat(this.signature.verify(PAYLOAD + " ", header(t, "whsec_test"), this.now)).isFalse();
		assertThat(this.signature.verify(PAYLOAD, header(t - 301, "whsec_test"), this.now)).isFalse();
		assertThat(this.signature.verify(PAYLOAD, header(t + 301, "whsec_test"), this.now)).isFalse();
		assertThat(this.signature.verify(PAYLOAD, "v1=" + v1(t, "whsec_test"), this.now)).isFalse();
		assertThat(this.signature.verify(PAYLOAD, "t=" + t, this.now)).isFalse();
		assertThat(this.signature.verify(PAYLOAD, "t=soon,v1=zz", this.now)).isFalse();
		assertThat(this.signature.verify(PAYLOAD, null, this.now)).isFalse();
	}

	private static String header(long t, String secret) {
		return "t=" + t + ",v1=" + v1(t, secret);
	}

	private static String v1(long t, String secret) {
		return HexFormat.of().formatHex(new WebhookSignature(secret, Duration.ZERO).sign(t + "." + PAYLOAD));
	}

}
