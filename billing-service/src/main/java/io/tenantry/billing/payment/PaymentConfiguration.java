package io.tenantry.billing.payment;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * billing-service's payment provider: Stripe, through its own client
 * ({@code stripe-java}) configured from {@code tenantry.billing.stripe} alone, so the
 * application's HTTP client settings do not change how Stripe is called.
 */
@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

	@Bean
	PaymentProvider paymentProvider(StripeProperties properties) {
		return new StripePayments(properties);
	}

}
