package io.tenantry.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/** Which events revoke which tokens; the broker side is covered end to end (IdentityE2ETests). */
class RevocationEventsTests {

	static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

	final RevokedTokens revoked = new RevokedTokens(Duration.ofMinutes(11), Clock.fixed(NOW, ZoneOffset.UTC));

	final RevocationEvents events = new RevocationEvents(this.revoked);

	@Test
	void sessionEventsRevokeEveryTokenOfTheSession() {
		for (String type : new String[] { "io.tenantry.auth.session-revoked.v1", "io.tenantry.auth.logout.v1",
				"io.tenantry.auth.refresh-reuse-detected.v1" }) {
			String sid = UUID.randomUUID().toString();
			Jwt token = token(UUID.randomUUID().toString(), sid, NOW.plusSeconds(1));
			assertThat(this.revoked.validate(token).hasErrors()).isFalse();
			this.events.on(event(type, "\"sessionId\":\"" + sid + "\""));
			assertThat(this.revoked.validate(token).hasErrors()).as(type).isTrue();
		}
	}

	@Test
	void aDeletedOrDisabledUsersTokensIssuedBeforeAreRevokedAndLaterOnesAreNot() {
		String user = UUID.randomUUID().toString();
		this.events.on(event("io.tenantry.user.status-changed.v1",
				"\"userId\":\"" + user + "\",\"from\":\"ACTIVE\",\"to\":\"DISABLED\""));
		assertThat(this.revoked.validate(token(user, null, NOW.minusSeconds(60))).hasErrors()).isTrue();
		assertThat(this.revoked.validate(token(user, null, NOW.plusSeconds(60))).hasErrors()).isFalse();

		String deleted = UUID.randomUUID().toString();
		this.events.on(event("io.tenantry.user.deleted.v1", "\"userId\":\"" + deleted + "\""));
		assertThat(this.revoked.validate(token(deleted, null, NOW.minusSeconds(1))).hasErrors()).isTrue();

		String reactivated = UUID.randomUUID().toString();
		this.events.on(event("io.tenantry.user.status-changed.v1",
				"\"userId\":\"" + reactivated + "\",\"from\":\"DISABLED\",\"to\":\"ACTIVE\""));
		assertThat(this.revoked.validate(token(reactivated, null, NOW.minusSeconds(1))).hasErrors()).isFalse();
	}

	@Test
	void aRevokedApiClientsTokensAreRefused() {
		this.events.on(event("io.tenantry.auth.api-client-revoked.v1", "\"clientId\":\"tc_abc\""));
		assertThat(this.revoked.validate(token("tc_abc", null, NOW.minusSeconds(5))).hasErrors()).isTrue();
	}

	@Test
	void unknownOrMalformedEventsChangeNothing() {
		this.events.on("{not json");
		this.events.on(event("io.tenantry.auth.login-succeeded.v1", "\"sessionId\":\"s\""));
		this.events.on("{\"type\":\"io.tenantry.user.deleted.v1\"}");
		assertThat(this.revoked.size()).isZero();
	}

	@Test
	void revocationsAreForgottenOnceNoTokenIssuedBeforeThemCanLive() {
		this.revoked.revokeSession("old", NOW.minus(Duration.ofMinutes(12)));
		this.revoked.revokeSession("recent", NOW.minus(Duration.ofMinutes(5)));
		this.revoked.forgetExpired();
		assertThat(this.revoked.size()).isEqualTo(1);
	}

	private static String event(String type, String data) {
		return "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"time\":\""
				+ NOW + "\",\"tenantid\":\"" + UUID.randomUUID() + "\",\"data\":{" + data + "}}";
	}

	private static Jwt token(String subject, String sid, Instant issuedAt) {
		Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").subject(subject).issuedAt(issuedAt)
			.expiresAt(issuedAt.plusSeconds(600));
		if (sid != null) {
			builder.claim("sid", sid);
		}
		return builder.build();
	}

}
