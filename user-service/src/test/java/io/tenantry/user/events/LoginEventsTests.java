package io.tenantry.user.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Topics;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.KafkaProbe;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every login attempt is recorded in the outbox with the change it belongs to and reaches
 * Kafka as a CloudEvent keyed by tenant; every type published is documented in AsyncAPI.
 */
@UserServiceTest
class LoginEventsTests {

	@Autowired
	MockMvc mvc;

	@Test
	void loginAttemptsArePublishedAsCloudEventsKeyedByTenant() throws Exception {
		login("ops@tenantry.test", Identity.ADMIN_PASSWORD).andExpect(status().isOk());
		login("ops@tenantry.test", "wrong").andExpect(status().isUnauthorized());
		login("stranger@tenantry.test", "wrong").andExpect(status().isUnauthorized());

		JdbcTemplate owner = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "user_service"));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(owner
			.queryForObject("select count(*) from event_outbox where published_at is null", Integer.class)).isZero());

		List<ConsumerRecord<String, String>> records = KafkaProbe.read(Topics.USER, Duration.ofSeconds(3));
		List<ConsumerRecord<String, String>> mine = records.stream()
			.filter((record) -> record.value().contains("ops@tenantry.test")
					|| record.value().contains("stranger@tenantry.test"))
			.toList();
		assertThat(mine).extracting(ConsumerRecord::key).containsOnly(PlatformTenant.ID.toString());
		assertThat(mine).extracting((record) -> (String) JsonPath.read(record.value(), "$.type"))
			.contains(LoginSucceeded.TYPE, LoginFailed.TYPE);
		ConsumerRecord<String, String> success = mine.stream()
			.filter((record) -> record.value().contains(LoginSucceeded.TYPE))
			.findFirst()
			.orElseThrow();
		Map<String, Object> event = JsonPath.read(success.value(), "$");
		assertThat(event).containsEntry("specversion", "1.0")
			.containsEntry("source", "/user-service")
			.containsEntry("tenantid", PlatformTenant.ID.toString())
			.containsKeys("id", "time", "subject", "actor", "data");
		assertThat((String) JsonPath.read(success.value(), "$.actor.type")).isEqualTo("user");
		assertThat((String) JsonPath.read(success.value(), "$.data.email")).isEqualTo("ops@tenantry.test");
		assertThat(new String(success.headers().lastHeader("content-type").value()))
			.isEqualTo("application/cloudevents+json");
		ConsumerRecord<String, String> unknownUser = mine.stream()
			.filter((record) -> record.value().contains("stranger@tenantry.test"))
			.findFirst()
			.orElseThrow();
		assertThat((String) JsonPath.read(unknownUser.value(), "$.data.reason")).isEqualTo("invalid_credentials");
	}

	@Test
	void everyPublishedEventTypeIsDocumentedOnItsTopic() throws Exception {
		login("ops@tenantry.test", Identity.ADMIN_PASSWORD).andExpect(status().isOk());
		login("ops@tenantry.test", "wrong").andExpect(status().isUnauthorized());
		JdbcTemplate owner = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "user_service"));
		List<Map<String, Object>> published = owner.queryForList("select distinct topic, event_type from event_outbox");
		assertThat(published).isNotEmpty().allSatisfy((row) -> assertThat(
				AsyncApiContract.documentedTypes((String) row.get("topic")))
			.as("docs/asyncapi.yaml, channel %s", row.get("topic"))
			.contains((String) row.get("event_type")));
	}

	@Test
	void everyEventTypeOfUserServiceIsDocumented() {
		assertThat(AsyncApiContract.documentedTypes(Topics.USER)).containsAll(EventPayloadTests.ALL_TYPES);
	}

	private org.springframework.test.web.servlet.ResultActions login(String email, String password) throws Exception {
		return this.mvc.perform(post("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
			.content("{\"tenant\":\"platform\",\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"));
	}

}
