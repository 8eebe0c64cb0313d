package io.tenantry.user.config;

import io.tenantry.user.password.PasswordHashing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class UserServiceConfiguration {

	/**
	 * The encoder Spring's authorization server checks client secrets with: the same as
	 * passwords, so a secret stored with older parameters still verifies.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordHashing.encoder();
	}

}
