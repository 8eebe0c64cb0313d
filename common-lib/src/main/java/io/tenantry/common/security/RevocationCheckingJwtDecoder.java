package io.tenantry.common.security;

import io.tenantry.revocation.RevokedTokens;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Any service's token decoder, refusing tokens revoked before they expire (a session
 * revoked or logged out, a user deleted, disabled or locked, an API client revoked) as the
 * gateway does: a call that reaches a service without the gateway meets the same refusal.
 * Wraps whichever {@link JwtDecoder} the service has (common-lib's, user-service's own,
 * a test's).
 */
class RevocationCheckingJwtDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final ObjectProvider<RevokedTokens> revoked;

	RevocationCheckingJwtDecoder(JwtDecoder delegate, ObjectProvider<RevokedTokens> revoked) {
		this.delegate = delegate;
		this.revoked = revoked;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt jwt = this.delegate.decode(token);
		RevokedTokens revoked = this.revoked.getIfAvailable();
		if (revoked != null) {
			OAuth2TokenValidatorResult result = revoked.validate(jwt);
			if (result.hasErrors()) {
				throw new JwtValidationException("The token has been revoked", result.getErrors());
			}
		}
		return jwt;
	}

}
