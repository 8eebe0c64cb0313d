package io.tenantry.gateway.usage;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * API-call metering (decision 13): the gateway counts each tenant's routed calls and
 * publishes them on {@code tenantry.usage.v1} with the application's Kafka producer (the
 * same {@code spring.kafka.bootstrap-servers} as its consumers).
 */
@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

	static final String TOPIC = "tenantry.usage.v1";

	@Bean
	ApiCallCounts apiCallCounts() {
		return new ApiCallCounts();
	}

	@Bean
	ApiCallUsageFilter apiCallUsageFilter(ApiCallCounts apiCallCounts) {
		return new ApiCallUsageFilter(apiCallCounts);
	}

	@Bean
	UsagePublisher usagePublisher(ApiCallCounts apiCallCounts, KafkaTemplate<String, String> kafka, JsonMapper json,
			ObjectProvider<Clock> clock, UsageProperties properties, MeterRegistry meters) {
		return new UsagePublisher(apiCallCounts, (key, event) -> kafka.send(TOPIC, key, event), json,
				clock.getIfAvailable(Clock::systemUTC), properties, meters);
	}

}
