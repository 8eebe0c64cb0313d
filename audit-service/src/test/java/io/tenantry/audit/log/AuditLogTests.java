package io.tenantry.audit.log;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Topics;
import io.tenantry.common.test.KafkaProbe;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Events arrive on Kafka as another service would publish them; the log keeps each once,
 * chained, per tenant, and says so when the database is tampered with.
 */
@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
class AuditLogTests {

	static final UUID USER = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void eventIsRecordedOnceWithAValidChainEvenWhenDeliveredTwice() throws Exception {
		UUID tenant = UUID.randomUUID();
		String first = event(tenant, UUID.randomUUID(), "io.tenantry.user.login-succeeded.v1", "{\"userId\":\"u-1\"}");
		String second = event(tenant, UUID.randomUUID(), "io.tenantry.user.login-failed.v1", "{\"email\":\"x@y.z\"}");
		send(tenant, first);
		send(tenant, first);
		send(tenant, second);
		awaitEntries(tenant, 2);

		logs(tenant, "").andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(2))
			.andExpect(jsonPath("$.items[0].seq").value(2))
			.andExpect(jsonPath("$.items[0].action").value("io.tenantry.user.login-failed.v1"))
			.andExpect(jsonPath("$.items[0].outcome").value("FAILURE"))
			.andExpect(jsonPath("$.items[1].outcome").value("SUCCESS"))
			.andExpect(jsonPath("$.items[1].prevHash").value("0".repeat(64)));
		verify(tenant).andExpect(status().isOk())
			.andExpect(jsonPath("$.valid").value(true))
			.andExpect(jsonPath("$.entriesVerified").value(2));
	}

	@Test
	void anEntryEditedInTheDatabaseIsReportedByVerify() throws Exception {
		UUID tenant = UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.tenant.updated.v1", "{\"n\":" + i + "}"));
		}
		awaitEntries(tenant, 3);
		JdbcTemplate superuser = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "audit_service"));
		// someone with full database access rewrites history, around the append-only trigger
		superuser.execute("alter table audit_entry disable trigger audit_entry_append_only");
		try {
			superuser.update("update audit_entry set actor_id = 'someone-else' where tenant_id = ? and seq = 2", tenant);
		}
		finally {
			superuser.execute("alter table audit_entry enable trigger audit_entry_append_only");
		}
		verify(tenant).andExpect(status().isOk())
			.andExpect(jsonPath("$.valid").value(false))
			.andExpect(jsonPath("$.entriesVerified").value(1))
			.andExpect(jsonPath("$.firstBrokenLink.seq").value(2))
			.andExpect(jsonPath("$.firstBrokenLink.reason").value("content does not match its hash"));
	}

	@Test
	void entriesCannotBeChangedOrRemovedByTheRuntimeRoleOrAnyoneElse() {
		UUID tenant = UUID.randomUUID();
		send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.tenant.created.v1", "{}"));
		awaitEntries(tenant, 1);
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.update("delete from audit_entry where tenant_id = ?", tenant))
			.havingRootCause()
			.withMessageContaining("permission denied");
		JdbcTemplate superuser = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "audit_service"));
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> superuser.update("update audit_entry set outcome = 'FAILURE' where tenant_id = ?", tenant))
			.havingRootCause()
			.withMessageContaining("append-only");
	}

	@Test
	void aTenantNeverSeesAnotherTenantsEntries() throws Exception {
		UUID mine = UUID.randomUUID();
		UUID theirs = UUID.randomUUID();
		send(theirs, event(theirs, UUID.randomUUID(), "io.tenantry.user.login-succeeded.v1", "{}"));
		send(mine, event(mine, UUID.randomUUID(), "io.tenantry.user.login-succeeded.v1", "{}"));
		awaitEntries(theirs, 1);
		awaitEntries(mine, 1);
		logs(mine, "").andExpect(jsonPath("$.items.length()").value(1));
		// the runtime role sees nothing without a tenant
		assertThat(this.jdbc.queryForObject("select count(*) from audit_entry", Integer.class)).isZero();
	}

	@Test
	void filtersAndCursorPagination() throws Exception {
		UUID tenant = UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.billing.invoice-issued.v1", "{}"));
		}
		send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.user.login-failed.v1", "{}"));
		awaitEntries(tenant, 6);
		logs(tenant, "?action=io.tenantry.billing.").andExpect(jsonPath("$.items.length()").value(5));
		logs(tenant, "?outcome=FAILURE").andExpect(jsonPath("$.items.length()").value(1));
		logs(tenant, "?actor=" + USER).andExpect(jsonPath("$.items.length()").value(6));
		String page1 = logs(tenant, "?limit=4").andExpect(jsonPath("$.items.length()").value(4))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String cursor = JsonPath.read(page1, "$.nextCursor");
		logs(tenant, "?limit=4&cursor=" + cursor).andExpect(jsonPath("$.items.length()").value(2))
			.andExpect(jsonPath("$.items[0].seq").value(2))
			.andExpect(jsonPath("$.nextCursor").doesNotExist());
		logs(tenant, "?from=" + Instant.now().plusSeconds(3600)).andExpect(jsonPath("$.items.length()").value(0));
	}

	@Test
	void fullTextSearchFindsEntriesByAnythingInTheEvent() throws Exception {
		UUID tenant = UUID.randomUUID();
		send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.user.password-changed.v1",
				"{\"email\":\"grace.hopper@example.com\",\"via\":\"self-service\"}"));
		send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.user.role-granted.v1",
				"{\"email\":\"alan.turing@example.com\",\"role\":\"ADMIN\"}"));
		awaitEntries(tenant, 2);
		search(tenant, "?q=grace.hopper@example.com").andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.items[0].action").value("io.tenantry.user.password-changed.v1"));
		search(tenant, "?q=ADMIN&action=io.tenantry.user.").andExpect(jsonPath("$.items.length()").value(1));
		search(tenant, "?q=nobody-mentions-this").andExpect(jsonPath("$.items.length()").value(0));
		// another tenant searching for the same words finds nothing
		search(UUID.randomUUID(), "?q=grace.hopper@example.com").andExpect(jsonPath("$.items.length()").value(0));
		search(tenant, "").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("q"));
	}

	@Test
	void statsCountByActionDayActorAndOutcome() throws Exception {
		UUID tenant = UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.user.login-failed.v1", "{}"));
		}
		send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.user.login-succeeded.v1", "{}"));
		awaitEntries(tenant, 4);
		this.mvc.perform(get("/api/audit/stats").header("Authorization", "Bearer " + TestJwts.token(tenant, USER, "ADMIN")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(4))
			.andExpect(jsonPath("$.failures").value(3))
			.andExpect(jsonPath("$.byAction[0].key").value("io.tenantry.user.login-failed.v1"))
			.andExpect(jsonPath("$.byAction[0].count").value(3))
			.andExpect(jsonPath("$.byDay.length()").value(1))
			.andExpect(jsonPath("$.topActors[0].key").value(USER.toString()))
			.andExpect(jsonPath("$.topActors[0].count").value(4))
			.andExpect(jsonPath("$.failuresByAction[0].count").value(3));
		this.mvc.perform(get("/api/audit/stats?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")
				.header("Authorization", "Bearer " + TestJwts.token(tenant, USER, "ADMIN")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
	}

	@Test
	void badParametersAreProblemsNamingTheParameter() throws Exception {
		UUID tenant = UUID.randomUUID();
		logs(tenant, "?colour=red").andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("colour"));
		logs(tenant, "?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
		logs(tenant, "?limit=1000").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("limit"));
		logs(tenant, "?outcome=maybe").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("outcome"));
	}

	@Test
	void onlyOwnersAdminsAndAuditorsMayRead() throws Exception {
		UUID tenant = UUID.randomUUID();
		this.mvc.perform(get("/api/audit/logs").header("Authorization", "Bearer " + TestJwts.token(tenant, USER, "MEMBER")))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		this.mvc.perform(get("/api/audit/logs").header("Authorization", "Bearer " + TestJwts.token(tenant, USER, "AUDITOR")))
			.andExpect(status().isOk());
	}

	@Test
	void aMalformedMessageGoesToTheDeadLetterTopicAndConsumptionContinues() {
		UUID tenant = UUID.randomUUID();
		String poison = "{not json at all " + tenant;
		double deadLettered = this.meters.get("tenantry.events.dead.lettered").tag("topic", Topics.SECURITY).counter().count();
		this.kafka.send(Topics.SECURITY, tenant.toString(), poison);
		send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.security.threat-detected.v1", "{}"));
		awaitEntries(tenant, 1);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(KafkaProbe.read(Topics.SECURITY + ".dlt", Duration.ofSeconds(2)))
				.anySatisfy((record) -> assertThat(record.value()).isEqualTo(poison)));
		assertThat(this.meters.get("tenantry.events.dead.lettered").tag("topic", Topics.SECURITY).counter().count())
			.isGreaterThanOrEqualTo(deadLettered + 1);
	}

	@Test
	void unknownEventTypesAndFieldsAreRecordedNotRejected() {
		UUID tenant = UUID.randomUUID();
		String event = event(tenant, UUID.randomUUID(), "io.tenantry.future.something-new.v7", "{\"x\":1}")
			.replace("\"specversion\"", "\"newattribute\":\"whatever\",\"specversion\"");
		send(tenant, event);
		awaitEntries(tenant, 1);
	}

	@Test
	void everyListenerTimerIsAnObservedOneSoPrometheusKeepsThemAll() {
		UUID tenant = UUID.randomUUID();
		double applied = handled("applied");
		double duplicates = handled("duplicate");
		// a user event reaches the batch ingest and the (observed) revocation listener
		String first = event(tenant, UUID.randomUUID(), "io.tenantry.user.login-failed.v1", "{\"email\":\"t@x.y\"}");
		send(tenant, first);
		awaitEntries(tenant, 1);
		send(tenant, first);
		send(tenant, event(tenant, UUID.randomUUID(), "io.tenantry.user.login-failed.v1", "{\"email\":\"t@x.y\"}"));
		awaitEntries(tenant, 2); // the first batch's container has finished with it, timers included
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !this.meters.find("spring.kafka.listener").tagKeys("spring.kafka.listener.id").meters().isEmpty());
		// a batch container's own timer has other tag keys (name, result, exception): Prometheus
		// would refuse one of the two sets
		assertThat(this.meters.find("spring.kafka.listener").meters())
			.allSatisfy((meter) -> assertThat(meter.getId().getTag("spring.kafka.listener.id")).isNotNull());
		// the batch ingest counts what it handled as the record listeners do
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(handled("applied")).isGreaterThanOrEqualTo(applied + 2);
			assertThat(handled("duplicate")).isGreaterThanOrEqualTo(duplicates + 1);
		});
	}

	private double handled(String outcome) {
		Counter counter = this.meters.find("tenantry.events.handled")
			.tags("consumer", AuditJournal.CONSUMER, "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private void send(UUID tenant, String event) {
		String topic = "tenantry." + JsonPath.<String>read(event, "$.type").split("\\.")[2] + ".v1";
		this.kafka.send(Topics.ALL.contains(topic) ? topic : Topics.TENANT, tenant.toString(), event);
	}

	private void awaitEntries(UUID tenant, int count) {
		JdbcTemplate superuser = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "audit_service"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(superuser
				.queryForObject("select count(*) from audit_entry where tenant_id = ?", Integer.class, tenant))
				.isEqualTo(count));
	}

	private ResultActions logs(UUID tenant, String query) throws Exception {
		return this.mvc.perform(get("/api/audit/logs" + query).header("Authorization",
				"Bearer " + TestJwts.token(tenant, USER, "AUDITOR")));
	}

	private ResultActions search(UUID tenant, String query) throws Exception {
		return this.mvc.perform(get("/api/audit/search" + query).header("Authorization",
				"Bearer " + TestJwts.token(tenant, USER, "AUDITOR")));
	}

	private ResultActions verify(UUID tenant) throws Exception {
		return this.mvc
			.perform(get("/api/audit/verify").header("Authorization", "Bearer " + TestJwts.token(tenant, USER, "OWNER")));
	}

	static String event(UUID tenant, UUID id, String type, String data) {
		return """
				{"specversion":"1.0","id":"%s","source":"/test","type":"%s","time":"%s","subject":"s-1",\
				"tenantid":"%s","actor":{"type":"user","id":"%s","ip":"203.0.113.7"},\
				"datacontenttype":"application/json","data":%s}""".formatted(id, type, Instant.now(), tenant, USER, data);
	}

}
