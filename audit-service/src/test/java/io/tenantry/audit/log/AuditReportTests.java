package io.tenantry.audit.log;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.tenantry.common.events.Topics;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
class AuditReportTests {

	static final UUID USER = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	UUID tenant;

	String range;

	@BeforeEach
	void fiveKindsOfEvent() {
		this.tenant = UUID.randomUUID();
		for (String type : new String[] { "io.tenantry.user.role-granted.v1", "io.tenantry.organization.permission-revoked.v1",
				"io.tenantry.user.login-failed.v1", "io.tenantry.tenant.updated.v1", "io.tenantry.user.data-exported.v1" }) {
			this.kafka.send(Topics.ALL.contains("tenantry." + type.split("\\.")[2] + ".v1") ? "tenantry." + type.split("\\.")[2] + ".v1"
					: Topics.TENANT, this.tenant.toString(), """
					{"specversion":"1.0","id":"%s","source":"/test","type":"%s","time":"%s","subject":"s",\
					"tenantid":"%s","actor":{"type":"user","id":"%s"},"datacontenttype":"application/json","data":{}}"""
				.formatted(UUID.randomUUID(), type, Instant.now(), this.tenant, USER));
		}
		JdbcTemplate superuser = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "audit_service"));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> superuser.queryForObject("select count(*) from audit_entry where tenant_id = ?", Integer.class,
					this.tenant) == 5);
		this.range = "\"from\":\"" + Instant.now().minus(Duration.ofHours(1)) + "\",\"to\":\""
				+ Instant.now().plus(Duration.ofHours(1)) + "\"";
	}

	@Test
	void accessReviewHoldsRoleAndPermissionChangesWithTheChainProofOfItsRange() throws Exception {
		report(this.tenant, "{\"type\":\"access-review\"," + this.range + "}").andExpect(status().isOk())
			.andExpect(jsonPath("$.type").value("access-review"))
			.andExpect(jsonPath("$.entryCount").value(2))
			.andExpect(jsonPath("$.byAction.length()").value(2))
			.andExpect(jsonPath("$.chainProof.valid").value(true))
			.andExpect(jsonPath("$.chainProof.entriesVerified").value(5))
			.andExpect(jsonPath("$.chainProof.lastSeq").value(5))
			.andExpect(jsonPath("$.chainProof.lastHash").isString());
	}

	@Test
	void securityPrivacyAndCustomReportsSelectTheirKind() throws Exception {
		report(this.tenant, "{\"type\":\"security\"," + this.range + "}")
			.andExpect(jsonPath("$.entryCount").value(1))
			.andExpect(jsonPath("$.entries[0].action").value("io.tenantry.user.login-failed.v1"));
		report(this.tenant, "{\"type\":\"privacy\"," + this.range + "}")
			.andExpect(jsonPath("$.entries[0].action").value("io.tenantry.user.data-exported.v1"));
		report(this.tenant, "{\"type\":\"custom\",\"action\":\"io.tenantry.tenant.\"," + this.range + "}")
			.andExpect(jsonPath("$.entryCount").value(1));
		report(UUID.randomUUID(), "{\"type\":\"custom\"," + this.range + "}").andExpect(jsonPath("$.entryCount").value(0));
	}

	@Test
	void csvReportCarriesTheChainProofInAHeader() throws Exception {
		report(this.tenant, "{\"type\":\"security\",\"format\":\"csv\"," + this.range + "}").andExpect(status().isOk())
			.andExpect(header().string("Content-Type", containsString("text/csv")))
			.andExpect(header().string("Tenantry-Chain-Proof", containsString("valid=true; first-seq=1; last-seq=5")));
	}

	@Test
	void badReportRequestsNameTheField() throws Exception {
		report(this.tenant, "{\"type\":\"everything\"," + this.range + "}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("type"));
		report(this.tenant, "{\"type\":\"security\"}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[?(@.field == 'from')]").exists());
		report(this.tenant, "{\"type\":\"security\",\"from\":\"2026-02-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
	}

	private ResultActions report(UUID tenant, String json) throws Exception {
		return this.mvc.perform(post("/api/audit/reports").header("Authorization", "Bearer " + TestJwts.token(tenant, USER, "AUDITOR"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

}
