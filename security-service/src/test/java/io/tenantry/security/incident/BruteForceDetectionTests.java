package io.tenantry.security.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.tenantry.common.events.Topics;
import io.tenantry.common.test.AsyncApiContract;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import io.tenantry.security.events.IncidentOpened;
import io.tenantry.security.events.IncidentResolved;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Failed logins from user-service's events open brute-force incidents per tenant and
 * address; the tenant's owners, admins and security admins read and resolve them, and
 * nobody else, from no other tenant.
 */
@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
class BruteForceDetectionTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	MeterRegistry meters;

	@Autowired
	LoginFailurePurge purge;

	@Test
	void tenFailuresFromOneAddressOpenOneIncidentThatLaterFailuresJoin() throws Exception {
		UUID tenant = UUID.randomUUID();
		double opened = this.meters.get("tenantry.security.incidents.opened").tag("type", "brute_force").counter().count();
		Instant start = Instant.now();
		for (int i = 0; i < 9; i++) {
			failure(tenant, "203.0.113.7", "user" + (i % 3) + "@acme.example", start.plusSeconds(i));
		}
		awaitFailures(tenant, 9);
		assertThat(incidents(tenant)).isEmpty();

		failure(tenant, "203.0.113.7", "user0@acme.example", start.plusSeconds(9));
		await().atMost(Duration.ofSeconds(20)).until(() -> incidents(tenant).size() == 1);
		String id = incidents(tenant).get(0);
		reader(tenant, get("/api/security/incidents/" + id)).andExpect(status().isOk())
			.andExpect(jsonPath("$.type").value("BRUTE_FORCE"))
			.andExpect(jsonPath("$.status").value("OPEN"))
			.andExpect(jsonPath("$.severity").value("HIGH"))
			.andExpect(jsonPath("$.sourceIp").value("203.0.113.7"))
			.andExpect(jsonPath("$.failures").value(10))
			.andExpect(jsonPath("$.accounts").value(3));
		String event = owner().queryForObject(
				"select payload from event_outbox where tenant_id = ? and event_type = ?", String.class, tenant,
				IncidentOpened.TYPE);
		assertThat((String) JsonPath.read(event, "$.data.incidentId")).isEqualTo(id);
		assertThat((String) JsonPath.read(event, "$.data.sourceIp")).isEqualTo("203.0.113.7");
		assertThat(this.meters.get("tenantry.security.incidents.opened").tag("type", "brute_force").counter().count())
			.isEqualTo(opened + 1);

		failure(tenant, "203.0.113.7", "user9@acme.example", start.plusSeconds(10));
		failure(tenant, "203.0.113.7", "user9@acme.example", start.plusSeconds(11));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> owner().queryForObject("select failures from security_incident where id = ?::uuid",
					Integer.class, id) == 12);
		assertThat(incidents(tenant)).hasSize(1);
		reader(tenant, get("/api/security/incidents/" + id)).andExpect(jsonPath("$.accounts").value(4));
	}

	@Test
	void failuresSpreadBeyondTheWindowOrOverAddressesOpenNothing() {
		UUID tenant = UUID.randomUUID();
		Instant start = Instant.now();
		for (int i = 0; i < 10; i++) {
			// one a minute: never ten within five minutes
			failure(tenant, "198.51.100.20", "slow@acme.example", start.plusSeconds(60L * i));
		}
		for (int i = 0; i < 10; i++) {
			failure(tenant, "198.51.100." + (30 + i % 2), "spread@acme.example", start.plusSeconds(i));
		}
		awaitFailures(tenant, 20);
		assertThat(incidents(tenant)).isEmpty();
	}

	@Test
	void aRedeliveredFailureCountsOnce() {
		UUID tenant = UUID.randomUUID();
		Instant start = Instant.now();
		String event = event(tenant, UUID.randomUUID(), "198.51.100.50", "again@acme.example", start);
		for (int i = 0; i < 12; i++) {
			this.kafka.send(Topics.USER, tenant.toString(), event);
		}
		for (int i = 0; i < 8; i++) {
			failure(tenant, "198.51.100.50", "again@acme.example", start.plusSeconds(i + 1));
		}
		awaitFailures(tenant, 9);
		assertThat(incidents(tenant)).isEmpty();
	}

	@Test
	void anotherTenantsFailuresNeverCountAndItsIncidentsAreNotFound() throws Exception {
		UUID acme = UUID.randomUUID();
		UUID globex = UUID.randomUUID();
		Instant start = Instant.now();
		for (int i = 0; i < 5; i++) {
			failure(acme, "192.0.2.99", "a@acme.example", start.plusSeconds(i));
			failure(globex, "192.0.2.99", "g@globex.example", start.plusSeconds(i));
		}
		awaitFailures(acme, 5);
		awaitFailures(globex, 5);
		assertThat(incidents(acme)).isEmpty();
		assertThat(incidents(globex)).isEmpty();
		for (int i = 5; i < 10; i++) {
			failure(globex, "192.0.2.99", "g@globex.example", start.plusSeconds(i));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> incidents(globex).size() == 1);
		String globexIncident = incidents(globex).get(0);
		reader(acme, get("/api/security/incidents/" + globexIncident)).andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		reader(acme, post("/api/security/incidents/" + globexIncident + "/resolve")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"resolution\":\"not yours\"}")).andExpect(status().isNotFound());
		reader(acme, get("/api/security/incidents")).andExpect(jsonPath("$.totalItems").value(0));
		reader(acme, get("/api/security/incidents?sourceIp=192.0.2.99")).andExpect(jsonPath("$.totalItems").value(0));
		reader(globex, get("/api/security/incidents?sourceIp=192.0.2.99")).andExpect(jsonPath("$.totalItems").value(1));
		assertThat(owner().queryForObject("select status from security_incident where id = ?::uuid", String.class,
				globexIncident)).isEqualTo("OPEN");
	}

	@Test
	void ownersAdminsAndSecurityAdminsResolveOnceAndTheNextBurstOpensANewIncident() throws Exception {
		UUID tenant = UUID.randomUUID();
		Instant start = Instant.now();
		for (int i = 0; i < 10; i++) {
			failure(tenant, "192.0.2.10", "target@acme.example", start.plusSeconds(i));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> incidents(tenant).size() == 1);
		String id = incidents(tenant).get(0);
		String member = TestJwts.token(tenant, UUID.randomUUID(), "MEMBER");
		this.mvc.perform(get("/api/security/incidents").header("Authorization", "Bearer " + member))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/api/security/incidents/" + id + "/resolve").header("Authorization", "Bearer " + member)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"resolution\":\"x\"}")).andExpect(status().isForbidden());
		resolve(tenant, id, "{\"resolution\":\" \"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("resolution"));
		resolve(tenant, id, "{}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("resolution"));
		resolve(tenant, id, "{\"resolution\":\"" + "x".repeat(1001) + "\"}").andExpect(status().isBadRequest());
		resolve(tenant, id, "{\"resolution\":\"blocked 192.0.2.10 at the firewall\"}").andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("RESOLVED"))
			.andExpect(jsonPath("$.resolution").value("blocked 192.0.2.10 at the firewall"))
			.andExpect(jsonPath("$.resolvedAt").isNotEmpty());
		resolve(tenant, id, "{\"resolution\":\"again\"}").andExpect(status().isConflict());
		assertThat(owner().queryForObject("select count(*) from event_outbox where tenant_id = ? and event_type = ?",
				Long.class, tenant, IncidentResolved.TYPE)).isOne();

		for (int i = 10; i < 20; i++) {
			failure(tenant, "192.0.2.10", "target@acme.example", start.plusSeconds(i));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> incidents(tenant).size() == 2);
		reader(tenant, get("/api/security/incidents?status=open")).andExpect(jsonPath("$.totalItems").value(1))
			.andExpect(jsonPath("$.items[0].severity").value("MEDIUM"));
		reader(tenant, get("/api/security/incidents?status=RESOLVED")).andExpect(jsonPath("$.items[0].id").value(id));
	}

	@Test
	void badListParametersAreNamed() throws Exception {
		UUID tenant = UUID.randomUUID();
		reader(tenant, get("/api/security/incidents?status=maybe")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("status"));
		reader(tenant, get("/api/security/incidents?type=PHISHING")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("type"));
		reader(tenant, get("/api/security/incidents?size=500")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("size"));
		reader(tenant, get("/api/security/incidents?sort=sourceIp")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("sort"));
		reader(tenant, get("/api/security/incidents/not-a-uuid")).andExpect(status().isBadRequest());
	}

	@Test
	void failuresPastTwiceTheWindowArePurgedForEveryTenant() {
		UUID tenant = UUID.randomUUID();
		failure(tenant, "192.0.2.77", "old@acme.example", Instant.now().minus(Duration.ofHours(1)));
		failure(tenant, "192.0.2.77", "new@acme.example", Instant.now());
		awaitFailures(tenant, 2);
		this.purge.purge();
		assertThat(owner().queryForList("select email from login_failure where tenant_id = ?", String.class, tenant))
			.containsExactly("new@acme.example");
	}

	@Test
	void theIncidentEventsAreDocumented() {
		assertThat(AsyncApiContract.documentedTypes(Topics.SECURITY)).contains(IncidentOpened.TYPE,
				IncidentResolved.TYPE);
	}

	private void failure(UUID tenant, String ip, String email, Instant at) {
		this.kafka.send(Topics.USER, tenant.toString(), event(tenant, UUID.randomUUID(), ip, email, at));
	}

	private static String event(UUID tenant, UUID id, String ip, String email, Instant at) {
		return """
				{"specversion":"1.0","id":"%s","source":"/user-service","type":"io.tenantry.auth.login-failed.v1",
				 "time":"%s","subject":"%s","tenantid":"%s","actor":{"type":"system","id":null,"ip":"%s"},
				 "data":{"tenantId":"%s","userId":null,"email":"%s","reason":"invalid_credentials"}}"""
			.formatted(id, at, email, tenant, ip, tenant, email);
	}

	private void awaitFailures(UUID tenant, int count) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> owner().queryForObject("select count(*) from login_failure where tenant_id = ?", Long.class,
					tenant) == count);
	}

	private static List<String> incidents(UUID tenant) {
		return owner().queryForList("select id::text from security_incident where tenant_id = ? order by opened_at",
				String.class, tenant);
	}

	private ResultActions reader(UUID tenant, MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(
				request.header("Authorization", "Bearer " + TestJwts.token(tenant, UUID.randomUUID(), "SECURITY_ADMIN")));
	}

	private ResultActions resolve(UUID tenant, String id, String json) throws Exception {
		return this.mvc.perform(post("/api/security/incidents/" + id + "/resolve")
			.header("Authorization", "Bearer " + TestJwts.token(tenant, UUID.randomUUID(), "ADMIN"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	private static JdbcTemplate owner() {
		return new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "security_service"));
	}

}
