package io.tenantry.common.security;

import java.time.Clock;

import io.tenantry.revocation.RevocationEvents;
import io.tenantry.revocation.RevokedTokens;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestTemplate;

/**
 * Every service is an OAuth2 resource server on its own: it verifies the bearer token the
 * gateway forwards (keys from the issuer's JWKS, found through discovery) and does not
 * trust the gateway's headers beyond cross-checking them. Tokens revoked before they expire
 * are refused here too ({@link RevocationCheckingJwtDecoder}), from user-service's events.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(TenantrySecurityProperties.class)
@EnableMethodSecurity
public class TenantryResourceServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TenantryHttpSecurity tenantryHttpSecurity(TenantrySecurityProperties properties) {
		return new TenantryHttpSecurity(properties);
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 10)
	SecurityFilterChain tenantryApiSecurityFilterChain(HttpSecurity http, TenantryHttpSecurity security)
			throws Exception {
		return security.apply(http).build();
	}

	@Bean
	@ConditionalOnMissingBean
	RevokedTokens revokedTokens(TenantrySecurityProperties properties) {
		return new RevokedTokens(properties.revocationWindow(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "tenantry.security.revocation-listener.enabled", matchIfMissing = true)
	RevocationEvents revocationEvents(RevokedTokens revokedTokens) {
		return new RevocationEvents(revokedTokens);
	}

	/** Every JwtDecoder of the service, whoever made it, also refuses revoked tokens. */
	@Bean
	static BeanPostProcessor tenantryRevocationCheckingJwtDecoders(ObjectProvider<RevokedTokens> revokedTokens) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JwtDecoder decoder && !(bean instanceof RevocationCheckingJwtDecoder))
						? new RevocationCheckingJwtDecoder(decoder, revokedTokens) : bean;
			}
		};
	}

	@Bean
	@LoadBalanced
	@ConditionalOnMissingBean(JwtDecoder.class)
	RestTemplate tenantryJwksRestTemplate() {
		return new RestTemplate();
	}

	@Bean
	@ConditionalOnMissingBean
	JwtDecoder jwtDecoder(TenantrySecurityProperties properties, @LoadBalanced RestTemplate tenantryJwksRestTemplate) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
			.restOperations(tenantryJwksRestTemplate)
			.build();
		decoder.setJwtValidator(TenantryJwtValidators.create(properties.issuer()));
		return decoder;
	}

}
