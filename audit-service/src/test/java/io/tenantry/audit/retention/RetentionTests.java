package io.tenantry.audit.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import io.tenantry.audit.AuditEvents;
import io.tenantry.common.events.Topics;
import io.tenantry.common.test.MutableClock;
import io.tenantry.common.test.MutableClockConfiguration;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Retention drops whole months, never under a legal hold, and the chains still verify. */
@TenantryServiceTest
@Import({ TestJwtDecoderConfiguration.class, MutableClockConfiguration.class })
class RetentionTests {

	static final UUID USER = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@Autowired
	MutableClock clock;

	@Autowired
	RetentionPurge retention;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Autowired
	io.tenantry.audit.checkpoint.Checkpoints checkpoints;

	@AfterEach
	void realTime() {
		this.clock.set(Instant.now());
	}

	@Test
	void expiredMonthIsDroppedUnlessOnLegalHoldAndTheRestOfTheChainStillVerifies() throws Exception {
		UUID kept = UUID.randomUUID();
		UUID held = UUID.randomUUID();
		this.clock.set(Instant.parse("2024-01-10T12:00:00Z"));
		this.retention.ensurePartitions();
		append(kept, 3);
		append(held, 2);
		this.clock.set(Instant.parse("2026-10-05T12:00:00Z"));
		this.retention.ensurePartitions();
		append(kept, 1);
		this.clock.set(Instant.now());
		setRetention(kept, "{\"retentionDays\":730,\"legalHold\":false}").andExpect(status().isOk())
			.andExpect(jsonPath("$.source").value("tenant"));
		setRetention(held, "{\"retentionDays\":90,\"legalHold\":true,\"legalHoldReason\":\"litigation 2026-17\"}")
			.andExpect(status().isOk());

		assertThat(this.retention.purge()).doesNotContain(YearMonth.of(2024, 1));
		assertThat(this.retention.partitions()).contains(YearMonth.of(2024, 1));

		setRetention(held, "{\"retentionDays\":90,\"legalHold\":false}").andExpect(status().isOk());
		assertThat(this.retention.purge()).contains(YearMonth.of(2024, 1));
		assertThat(this.retention.partitions()).doesNotContain(YearMonth.of(2024, 1)).contains(YearMonth.of(2026, 10));

		// the tenant's remaining entry links to the checkpoint signed before its month went
		this.mvc.perform(get("/api/audit/verify").header("Authorization", bearer(kept, "AUDITOR")))
			.andExpect(jsonPath("$.valid").value(true))
			.andExpect(jsonPath("$.firstSeq").value(4))
			.andExpect(jsonPath("$.entriesVerified").value(1));
		this.mvc.perform(get("/api/audit/checkpoints").header("Authorization", bearer(held, "AUDITOR")))
			.andExpect(jsonPath("$[0].seq").value(2));
	}

	@Test
	void defaultRetentionFollowsThePlanFromTenantEvents() throws Exception {
		UUID tenant = UUID.randomUUID();
		tenantEvent(tenant, "io.tenantry.tenant.created.v1", "{\"plan\":\"ENTERPRISE\"}");
		this.mvc.perform(get("/api/audit/retention").header("Authorization", bearer(tenant, "AUDITOR")))
			.andExpect(jsonPath("$.retentionDays").value(2555))
			.andExpect(jsonPath("$.source").value("plan:ENTERPRISE"));
		tenantEvent(tenant, "io.tenantry.tenant.plan-changed.v1", "{\"plan\":\"PROFESSIONAL\"}");
		this.mvc.perform(get("/api/audit/retention").header("Authorization", bearer(tenant, "AUDITOR")))
			.andExpect(jsonPath("$.retentionDays").value(365))
			.andExpect(jsonPath("$.source").value("plan:PROFESSIONAL"));
		// the tenant's own retention wins over its plan's
		setRetention(tenant, "{\"retentionDays\":3000,\"legalHold\":false}").andExpect(jsonPath("$.source").value("tenant"));
	}

	@Test
	void retentionChangesAreValidatedAndReservedToOwners() throws Exception {
		UUID tenant = UUID.randomUUID();
		this.mvc.perform(get("/api/audit/retention").header("Authorization", bearer(tenant, "AUDITOR")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.retentionDays").value(90))
			.andExpect(jsonPath("$.source").value("default"));
		setRetention(tenant, "{\"retentionDays\":7,\"legalHold\":false}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("retentionDays"));
		setRetention(tenant, "{\"retentionDays\":365,\"legalHold\":true}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("legalHoldReason"));
		this.mvc.perform(put("/api/audit/retention").header("Authorization", bearer(tenant, "ADMIN"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"retentionDays\":30,\"legalHold\":false}"))
			.andExpect(status().isForbidden());
	}

	@Test
	void aRecentMonthCannotBeDroppedEvenByCallingTheDatabaseDirectly() {
		JdbcTemplate superuser = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "audit_service"));
		org.assertj.core.api.Assertions.assertThatException()
			.isThrownBy(() -> superuser.queryForObject("select audit_drop_partition(current_date)", Boolean.class))
			.withMessageContaining("too recent");
	}

	@Test
	void aDeletedTenantsLogIsPurgedButItsCheckpointsStayUnlessItIsOnLegalHold() throws Exception {
		UUID deleted = UUID.randomUUID();
		UUID held = UUID.randomUUID();
		for (UUID tenant : List.of(deleted, held)) {
			append(tenant, 3);
			assertThat(this.checkpoints.checkpoint(tenant)).isPresent();
		}
		setRetention(held, "{\"retentionDays\":90,\"legalHold\":true,\"legalHoldReason\":\"litigation 2026-18\"}")
			.andExpect(status().isOk());
		for (UUID tenant : List.of(deleted, held)) {
			this.kafka.send(Topics.TENANT, tenant.toString(),
					AuditEvents.event(tenant, "io.tenantry.tenant.deleted.v1", Instant.now(), null, "{\"status\":\"DELETED\"}"));
		}
		JdbcTemplate superuser = AuditEvents.superuser();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> superuser.queryForObject("select count(*) from audit_chain_head where tenant_id = ?", Long.class,
					deleted) == 0);
		for (String table : List.of("audit_entry", "audit_retention", "audit_tenant_plan", "audit_export_job")) {
			assertThat(superuser.queryForObject("select count(*) from " + table + " where tenant_id = ?", Long.class,
					deleted)).as(table).isZero();
		}
		assertThat(superuser.queryForObject("select count(*) from audit_checkpoint where tenant_id = ?", Long.class,
				deleted)).isEqualTo(1);
		// the held tenant's deletion is recorded like any event, and nothing is purged
		await().atMost(Duration.ofSeconds(30)).until(() -> superuser.queryForObject(
				"select count(*) from audit_entry where tenant_id = ? and action = 'io.tenantry.tenant.deleted.v1'",
				Long.class, held) == 1);
		assertThat(AuditEvents.entries(held)).isGreaterThanOrEqualTo(4);
		assertThat(superuser.queryForObject("select legal_hold from audit_retention where tenant_id = ?", Boolean.class,
				held)).isTrue();
		org.assertj.core.api.Assertions.assertThatException()
			.isThrownBy(() -> superuser.update("delete from audit_entry where tenant_id = ?", held))
			.withMessageContaining("append-only");
	}

	private void tenantEvent(UUID tenant, String type, String data) {
		AuditEvents.append(this.kafka, tenant, 1, type, Instant.now(), null, data);
	}

	private ResultActions setRetention(UUID tenant, String json) throws Exception {
		return this.mvc.perform(put("/api/audit/retention").header("Authorization", bearer(tenant, "OWNER"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	private void append(UUID tenant, int count) {
		AuditEvents.append(this.kafka, tenant, count, "io.tenantry.tenant.updated.v1", this.clock.instant(), USER, "{}");
	}

	private static String bearer(UUID tenant, String role) {
		return "Bearer " + TestJwts.token(tenant, USER, role);
	}

}
