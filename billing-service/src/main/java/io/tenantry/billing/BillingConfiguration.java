package io.tenantry.billing;

import io.tenantry.billing.payment.PaymentProvider;
import io.tenantry.billing.payment.StripePayments;
import io.tenantry.billing.payment.StripeProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** billing-service's settings and its payment provider (Stripe). */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan
class BillingConfiguration {

	@Bean
	PaymentProvider paymentProvider(StripeProperties properties, ObjectProvider<RestClient.Builder> builder,
			JsonMapper json) {
		return new StripePayments(properties, builder.getIfAvailable(RestClient::builder), json);
	}

}
