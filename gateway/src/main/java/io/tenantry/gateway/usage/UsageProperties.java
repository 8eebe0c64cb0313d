package io.tenantry.gateway.usage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway publishes the API calls it counted (decision 13).
 *
 * @param flushInterval how often each tenant's calls are published: also the most an
 * instance that crashes loses
 * @param sendTimeout how long a flush waits for Kafka to acknowledge its events before it
 * keeps them for the next one
 */
@ConfigurationProperties("tenantry.gateway.usage")
public record UsageProperties(@DefaultValue("5s") Duration flushInterval, @DefaultValue("15s") Duration sendTimeout) {

}
