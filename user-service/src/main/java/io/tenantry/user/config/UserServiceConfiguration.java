package io.tenantry.user.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class UserServiceConfiguration {

	/**
	 * Delegating encoder: new hashes are bcrypt (cost 10, {@code {bcrypt}} prefix), and the
	 * prefix lets a later change of algorithm or cost upgrade hashes on login.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

}
