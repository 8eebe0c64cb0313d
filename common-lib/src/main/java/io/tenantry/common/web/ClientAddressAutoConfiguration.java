package io.tenantry.common.web;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Applies {@code tenantry.web.trusted-proxy-hops} (default 1: the gateway) to {@link ClientAddress}. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ClientAddressAutoConfiguration {

	@Bean
	InitializingBean clientAddressTrustedHops(@Value("${" + ClientAddress.TRUSTED_HOPS_PROPERTY + ":1}") int hops) {
		if (hops < 0) {
			throw new IllegalArgumentException(ClientAddress.TRUSTED_HOPS_PROPERTY + " must be 0 or more");
		}
		return () -> ClientAddress.trustedHops(hops);
	}

}
