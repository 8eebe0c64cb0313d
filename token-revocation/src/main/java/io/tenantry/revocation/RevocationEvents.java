package io.tenantry.revocation;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.AbstractConsumerSeekAware;

/**
 * Reads user-service's events and tells {@link RevokedTokens} which tokens to refuse from
 * now on. Every instance of the gateway and of each service reads every event (a group of
 * its own), and on start goes back the length of the revocation window, so a revocation
 * made just before it started still counts. Unknown types and malformed messages are skipped.
 * <ul>
 * <li>{@code auth.session-revoked}, {@code auth.logout}, {@code auth.refresh-reuse-detected}:
 * the session's tokens;</li>
 * <li>{@code user.deleted}, {@code user.status-changed} to DISABLED or LOCKED: the user's
 * tokens issued until then;</li>
 * <li>{@code auth.api-client-revoked}: the client's tokens.</li>
 * </ul>
 */
public class RevocationEvents extends AbstractConsumerSeekAware {

	public static final String TOPIC = "tenantry.user.v1";

	private static final Logger log = LoggerFactory.getLogger(RevocationEvents.class);

	private static final Set<String> SESSION_EVENTS = Set.of("io.tenantry.auth.session-revoked.v1",
			"io.tenantry.auth.logout.v1", "io.tenantry.auth.refresh-reuse-detected.v1");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RevokedTokens revoked;

	public RevocationEvents(RevokedTokens revoked) {
		this.revoked = revoked;
	}

	@KafkaListener(topics = TOPIC, groupId = "${spring.application.name}-revocations-${random.uuid}",
			properties = "auto.offset.reset=latest")
	public void on(String message) {
		try {
			apply(JSON.readTree(message));
		}
		catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException ex) {
			log.debug("Skipped an unreadable event: {}", ex.getMessage());
		}
	}

	void apply(JsonNode event) {
		String type = text(event, "type");
		JsonNode data = event.get("data");
		if (type == null || data == null) {
			return;
		}
		Instant at = Instant.parse(text(event, "time"));
		if (SESSION_EVENTS.contains(type) && text(data, "sessionId") != null) {
			this.revoked.revokeSession(text(data, "sessionId"), at);
		}
		else if ("io.tenantry.user.deleted.v1".equals(type) && text(data, "userId") != null) {
			this.revoked.revokeSubject(text(data, "userId"), at);
		}
		else if ("io.tenantry.user.status-changed.v1".equals(type) && Set.of("DISABLED", "LOCKED").contains(text(data, "to"))
				&& text(data, "userId") != null) {
			this.revoked.revokeSubject(text(data, "userId"), at);
		}
		else if ("io.tenantry.auth.api-client-revoked.v1".equals(type) && text(data, "clientId") != null) {
			this.revoked.revokeSubject(text(data, "clientId"), at);
		}
	}

	/** A new instance reads the revocations that may still concern unexpired tokens. */
	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		super.onPartitionsAssigned(assignments, callback);
		Collection<TopicPartition> partitions = assignments.keySet();
		callback.seekToTimestamp(partitions, Instant.now().minus(this.revoked.window()).toEpochMilli());
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

}
