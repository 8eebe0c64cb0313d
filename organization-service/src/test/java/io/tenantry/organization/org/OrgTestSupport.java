package io.tenantry.organization.org;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tenantry.common.events.Topics;
import io.tenantry.common.test.SharedPostgres;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.awaitility.Awaitility.await;

/** What the organization-service tests share: API calls, users from events, the database. */
final class OrgTestSupport {

	private OrgTestSupport() {
	}

	static ResultActions call(MockMvc mvc, MockHttpServletRequestBuilder request, String token, String json)
			throws Exception {
		request.header("Authorization", "Bearer " + token);
		if (json != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(json);
		}
		return mvc.perform(request);
	}

	/** A user of the tenant, as user-service's created event announces them. */
	static UUID knownUser(KafkaTemplate<String, String> kafka, UUID tenant, String email) throws Exception {
		UUID user = UUID.randomUUID();
		userEvent(kafka, tenant, "io.tenantry.user.created.v1", "{\"userId\":\"" + user + "\",\"email\":\"" + email
				+ "\",\"status\":\"ACTIVE\",\"roles\":[\"MEMBER\"]}");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> owner().queryForObject("select count(*) from org_user where user_id = ?", Long.class, user) == 1);
		return user;
	}

	static void userEvent(KafkaTemplate<String, String> kafka, UUID tenant, String type, String data) throws Exception {
		String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/user-service\","
				+ "\"type\":\"" + type + "\",\"time\":\"" + Instant.now() + "\",\"tenantid\":\"" + tenant
				+ "\",\"data\":" + data + "}";
		kafka.send(Topics.USER, tenant.toString(), event).get();
	}

	static List<String> eventTypes(UUID tenant) {
		return owner().queryForList("select event_type from event_outbox where tenant_id = ? order by id", String.class,
				tenant);
	}

	/** organization-service's database as its superuser (bypasses RLS; for checks only). */
	static JdbcTemplate owner() {
		return new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "organization_service"));
	}

}
