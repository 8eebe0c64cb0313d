package io.tenantry.user.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tenantry.user.auth.AuthMetrics;
import io.tenantry.user.password.PasswordHashing;
import io.tenantry.user.tenant.TenantDirectory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * How the authorization server treats API clients.
 * <ul>
 * <li>A client of a tenant that is not ACTIVE (suspended, pending deletion) gets no
 * token: unlike its users, who log in to pay, a suspended tenant's machines have nothing
 * to do.</li>
 * <li>Their tokens carry the claims every Tenantry service reads: {@code tid} and
 * {@code roles} from the client's settings, {@code client_id}, and {@code scope} as a
 * space-separated string (RFC 9068).</li>
 * <li>Secrets are 256 random bits generated here, so they are stored as SHA-256 (a slow
 * hash protects guessable secrets, which these are not, and would cap the token endpoint
 * at the hashing rate); Argon2id and bcrypt hashes still verify.</li>
 * <li>Client tokens are self-contained JWTs and client_credentials has no refresh token,
 * so nothing needs storing per token: the authorization service keeps nothing, and memory
 * does not grow with every token issued.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ClientTokens {

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> tenantryClaims(TenantDirectory tenants, AuthMetrics metrics) {
		return (context) -> {
			if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
					|| !AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
				return;
			}
			RegisteredClient client = context.getRegisteredClient();
			String tenant = client.getClientSettings().getSetting(ApiClients.TENANT_SETTING);
			if (tenant == null || !tenants.isActive(UUID.fromString(tenant))) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
						"The client's tenant is suspended or deleted", null));
			}
			String roles = client.getClientSettings().getSetting(ApiClients.ROLES_SETTING);
			context.getClaims()
				.claim("tid", tenant)
				.claim("roles", (roles == null || roles.isBlank()) ? List.of() : List.of(roles.split(",")))
				.claim("client_id", client.getClientId())
				.claim("scope", String.join(" ", context.getAuthorizedScopes()));
			metrics.tokenIssued("client_credentials");
		};
	}

	@Bean
	PasswordEncoder clientSecretEncoder() {
		PasswordEncoder passwords = PasswordHashing.encoder(1);
		return new DelegatingPasswordEncoder("sha256",
				Map.of("sha256", new Sha256SecretEncoder(), "argon2", passwords, "bcrypt", passwords));
	}

	@Bean
	OAuth2AuthorizationService statelessAuthorizations() {
		return new OAuth2AuthorizationService() {

			@Override
			public void save(OAuth2Authorization authorization) {
			}

			@Override
			public void remove(OAuth2Authorization authorization) {
			}

			@Override
			public OAuth2Authorization findById(String id) {
				return null;
			}

			@Override
			public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
				return null;
			}

		};
	}

	/** SHA-256 of a high-entropy secret, compared in constant time. */
	static final class Sha256SecretEncoder implements PasswordEncoder {

		@Override
		public String encode(CharSequence raw) {
			return HexFormat.of().formatHex(digest(raw));
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			if (raw == null || encoded == null) {
				return false;
			}
			try {
				return MessageDigest.isEqual(digest(raw), HexFormat.of().parseHex(encoded));
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}

		private static byte[] digest(CharSequence raw) {
			try {
				return MessageDigest.getInstance("SHA-256").digest(raw.toString().getBytes(StandardCharsets.UTF_8));
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
