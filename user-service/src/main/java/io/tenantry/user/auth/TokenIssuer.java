package io.tenantry.user.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tenantry.common.security.TenantrySecurityProperties;
import io.tenantry.user.key.SigningKeys;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Mints access tokens: RS256 JWTs signed with the current key, carrying {@code sub} (user
 * id), {@code tid} (tenant id), {@code roles}, {@code scope} and {@code sid} (the session).
 */
@Component
public class TokenIssuer {

	/** The scope of a user's token from the login API. */
	public static final String USER_SCOPE = "openid profile";

	private final JwtEncoder encoder;

	private final SigningKeys keys;

	private final TenantrySecurityProperties security;

	private final TokenProperties tokens;

	private final Clock clock;

	TokenIssuer(JwtEncoder encoder, SigningKeys keys, TenantrySecurityProperties security, TokenProperties tokens,
			Clock clock) {
		this.encoder = encoder;
		this.keys = keys;
		this.security = security;
		this.tokens = tokens;
		this.clock = clock;
	}

	/** An access token of a session; the session id may be null for a token made outside one. */
	public String issue(UUID tenantId, UUID userId, List<String> roles, UUID sessionId) {
		Instant now = this.clock.instant();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.security.issuer())
			.subject(userId.toString())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plus(this.tokens.accessTokenTtl()))
			.id(UUID.randomUUID().toString())
			.claim("tid", tenantId.toString())
			.claim("roles", roles)
			.claim("scope", USER_SCOPE);
		if (sessionId != null) {
			claims.claim("sid", sessionId.toString());
		}
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.keys.current().getKeyID()).build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
	}

	long ttlSeconds() {
		return this.tokens.accessTokenTtl().toSeconds();
	}

}
