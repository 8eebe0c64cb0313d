package io.tenantry.user.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.stereotype.Component;

/**
 * The {@code refresh_token} grant of {@code /oauth2/token}, for Tenantry's own public
 * client ({@code tenantry.tokens.first-party-client-id}, default {@code tenantry-web}): the
 * same sessions and single-use, rotating refresh tokens as {@code POST /api/auth/refresh},
 * in the OAuth 2 shape (form request, {@code invalid_grant} errors). A public client has no
 * secret (OAuth 2.1 allows refresh tokens for them when they rotate), so the client is
 * identified by {@code client_id} alone and only for this grant.
 */
@Component
class FirstPartyRefresh implements ApplicationRunner {

	private final Sessions sessions;

	private final RegisteredClientRepository clients;

	private final TokenProperties properties;

	private final Clock clock;

	FirstPartyRefresh(Sessions sessions, RegisteredClientRepository clients, TokenProperties properties, Clock clock) {
		this.sessions = sessions;
		this.clients = clients;
		this.properties = properties;
		this.clock = clock;
	}

	/** Registers the first-party client on start when it is missing. */
	@Override
	public void run(ApplicationArguments args) {
		String clientId = this.properties.firstPartyClientId();
		if (this.clients.findByClientId(clientId) == null) {
			this.clients.save(RegisteredClient.withId(clientId)
				.clientId(clientId)
				.clientName("Tenantry first-party applications")
				.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
				.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
				.scope("openid")
				.scope("profile")
				.clientSettings(ClientSettings.builder().requireProofKey(false).build())
				.build());
		}
	}

	/** Reads {@code client_id} without a secret, for the refresh grant only. */
	AuthenticationConverter clientConverter() {
		return (HttpServletRequest request) -> {
			if (!AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
					|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
					|| request.getHeader(HttpHeaders.AUTHORIZATION) != null
					|| !this.properties.firstPartyClientId().equals(request.getParameter(OAuth2ParameterNames.CLIENT_ID))) {
				return null;
			}
			Map<String, Object> parameters = new HashMap<>();
			request.getParameterMap().forEach((name, values) -> parameters.put(name, values[0]));
			return new OAuth2ClientAuthenticationToken(this.properties.firstPartyClientId(),
					ClientAuthenticationMethod.NONE, null, parameters);
		};
	}

	/** Authenticates the first-party client by its id, when it asks for the refresh grant. */
	AuthenticationProvider clientProvider() {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
				if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())
						|| !FirstPartyRefresh.this.properties.firstPartyClientId().equals(token.getPrincipal())
						|| !AuthorizationGrantType.REFRESH_TOKEN.getValue()
							.equals(token.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE))) {
					return null;
				}
				RegisteredClient client = FirstPartyRefresh.this.clients
					.findByClientId(FirstPartyRefresh.this.properties.firstPartyClientId());
				if (client == null) {
					throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
				}
				return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
			}

		};
	}

	/** Spends the refresh token in its session and answers with the next pair. */
	AuthenticationProvider grantProvider() {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				OAuth2RefreshTokenAuthenticationToken grant = (OAuth2RefreshTokenAuthenticationToken) authentication;
				OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) grant.getPrincipal();
				RegisteredClient registered = client.getRegisteredClient();
				if (registered == null || !registered.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
					throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
				}
				TokenResponse next;
				try {
					next = FirstPartyRefresh.this.sessions.refresh(grant.getRefreshToken());
				}
				catch (BadCredentialsException ex) {
					throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
				}
				Instant now = FirstPartyRefresh.this.clock.instant();
				OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, next.accessToken(),
						now, now.plusSeconds(next.expiresIn()), Set.of(TokenIssuer.USER_SCOPE.split(" ")));
				return new OAuth2AccessTokenAuthenticationToken(registered, client, access,
						new OAuth2RefreshToken(next.refreshToken(), now));
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return OAuth2RefreshTokenAuthenticationToken.class.isAssignableFrom(authentication);
			}

		};
	}

}
