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
 * id), {@code tid} (tenant id) and {@code roles}.
 */
@Component
public class TokenIssuer {

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

	public TokenResponse issue(UUID tenantId, UUID userId, List<String> roles) {
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.tokens.accessTokenTtl());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.security.issuer())
			.subject(userId.toString())
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim("tid", tenantId.toString())
			.claim("roles", roles)
			.build();
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.keys.current().getKeyID()).build();
		String token = this.encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
		return new TokenResponse(token, "Bearer", this.tokens.accessTokenTtl().toSeconds());
	}

}
