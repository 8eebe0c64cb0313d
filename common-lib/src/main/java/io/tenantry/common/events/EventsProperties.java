package io.tenantry.common.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param relayEnabled whether this instance sends outbox rows to Kafka
 * @param relayInterval pause between relay runs when the outbox is empty
 * @param relayBatchSize events locked and sent per transaction
 * @param sendTimeout how long a batch waits for Kafka's acknowledgements
 * @param consumerRetries attempts after the first before a message goes to the dead-letter topic
 * @param consumerBackoff first retry delay, doubled each time
 * @param partitions partitions of each topic created at start-up
 * @param replicationFactor replicas of each topic created at start-up (1 for a single broker)
 * @param publishedRetention how long a sent event stays in the outbox (for inspection)
 * before the relay deletes it
 */
@ConfigurationProperties("tenantry.events")
public record EventsProperties(@DefaultValue("true") boolean relayEnabled,
		@DefaultValue("200ms") Duration relayInterval, @DefaultValue("500") int relayBatchSize,
		@DefaultValue("10s") Duration sendTimeout, @DefaultValue("3") int consumerRetries,
		@DefaultValue("200ms") Duration consumerBackoff, @DefaultValue("3") int partitions,
		@DefaultValue("1") short replicationFactor, @DefaultValue("7d") Duration publishedRetention) {

}
