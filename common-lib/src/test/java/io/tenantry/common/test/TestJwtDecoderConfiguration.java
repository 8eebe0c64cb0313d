package io.tenantry.common.test;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Verifies tokens minted by {@link TestJwts} in place of the issuer's JWKS. */
@TestConfiguration(proxyBeanMethods = false)
public class TestJwtDecoderConfiguration {

	@Bean
	JwtDecoder jwtDecoder() {
		return TestJwts.decoder();
	}

}
