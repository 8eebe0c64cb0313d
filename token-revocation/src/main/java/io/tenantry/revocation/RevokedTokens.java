package io.tenantry.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Access tokens that are still unexpired but must no longer be accepted: every token of a
 * revoked session ({@code sid}), and every token issued before a subject ({@code sub}: a
 * user, or an API client's id) was deleted, disabled or revoked. Fed by
 * {@link RevocationEvents}; an entry is kept for as long as a token issued before it can
 * live (the revocation window: the access token lifetime and a margin), then dropped. The
 * gateway and every service's resource server validate tokens with it.
 */
public class RevokedTokens implements OAuth2TokenValidator<Jwt> {

	private static final OAuth2Error REVOKED = new OAuth2Error("invalid_token", "The token has been revoked", null);

	private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

	private final Map<String, Instant> subjects = new ConcurrentHashMap<>();

	private final Duration window;

	private final Clock clock;

	public RevokedTokens(Duration window, Clock clock) {
		this.window = window;
		this.clock = clock;
	}

	public void revokeSession(String sessionId, Instant at) {
		this.sessions.merge(sessionId, at, (a, b) -> a.isAfter(b) ? a : b);
	}

	public void revokeSubject(String subject, Instant at) {
		this.subjects.merge(subject, at, (a, b) -> a.isAfter(b) ? a : b);
	}

	/** How far back a revocation can still matter: the events to read again at start. */
	public Duration window() {
		return this.window;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		String sid = token.getClaimAsString("sid");
		if (sid != null && this.sessions.containsKey(sid)) {
			return OAuth2TokenValidatorResult.failure(REVOKED);
		}
		Instant subjectRevoked = (token.getSubject() != null) ? this.subjects.get(token.getSubject()) : null;
		if (subjectRevoked != null && (token.getIssuedAt() == null || !token.getIssuedAt().isAfter(subjectRevoked))) {
			return OAuth2TokenValidatorResult.failure(REVOKED);
		}
		return OAuth2TokenValidatorResult.success();
	}

	/** Drops revocations older than any token that could still be presented. */
	@Scheduled(fixedDelay = 60_000)
	public void forgetExpired() {
		Instant horizon = this.clock.instant().minus(this.window);
		this.sessions.values().removeIf((at) -> at.isBefore(horizon));
		this.subjects.values().removeIf((at) -> at.isBefore(horizon));
	}

	int size() {
		return this.sessions.size() + this.subjects.size();
	}

}
