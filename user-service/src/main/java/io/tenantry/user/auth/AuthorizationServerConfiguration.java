package io.tenantry.user.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.tenantry.common.security.ProblemSecurityHandlers;
import io.tenantry.common.security.TenantryJwtValidators;
import io.tenantry.common.security.TenantrySecurityProperties;
import io.tenantry.user.key.SigningKeys;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * user-service is the token issuer: Spring's authorization server publishes the OIDC
 * discovery document and the JWKS, and signs with the keys in {@link SigningKeys}; the
 * same keys sign the tokens of the JSON login API.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, FirstPartyRefresh firstParty)
			throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, (server) -> server.oidc(Customizer.withDefaults())
				.clientAuthentication((clients) -> clients
					.authenticationConverters((converters) -> converters.add(0, firstParty.clientConverter()))
					.authenticationProviders((providers) -> providers.add(0, firstParty.clientProvider())))
				// refresh_token: our sessions, not the authorization server's stored authorizations
				.tokenEndpoint((token) -> token.authenticationProviders((providers) -> {
					providers.removeIf((provider) -> provider instanceof OAuth2RefreshTokenAuthenticationProvider);
					providers.add(0, firstParty.grantProvider());
				})))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.csrf((csrf) -> csrf.ignoringRequestMatchers(authorizationServer.getEndpointsMatcher()))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(ProblemSecurityHandlers.authenticationEntryPoint()));
		return http.build();
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(SigningKeys signingKeys) {
		return (selector, context) -> selector.select(signingKeys.jwkSet());
	}

	/** Signs with the current key only (the JWKS may publish a previous one too). */
	@Bean
	JwtEncoder jwtEncoder(SigningKeys signingKeys) {
		return new NimbusJwtEncoder((selector, context) -> selector.select(new JWKSet(signingKeys.current())));
	}

	/** Verifies this service's own tokens locally, with the checks every service applies. */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, TenantrySecurityProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource).build();
		decoder.setJwtValidator(TenantryJwtValidators.create(properties.issuer()));
		return decoder;
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(TenantrySecurityProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

}
