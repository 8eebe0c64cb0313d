package io.tenantry.billing;

import io.tenantry.billing.payment.PaymentProvider;
import io.tenantry.billing.payment.StripePayments;
import io.tenantry.billing.payment.StripeProperties;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * billing-service's settings and its payment provider: Stripe, through its own client
 * ({@code stripe-java}) configured from {@code tenantry.billing.stripe} alone, so the
 * application's HTTP client settings do not change how Stripe is called.
 */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan
class BillingConfiguration {

	@Bean
	PaymentProvider paymentProvider(StripeProperties properties) {
		return new StripePayments(properties);
	}

}
