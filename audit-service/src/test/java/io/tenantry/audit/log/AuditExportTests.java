package io.tenantry.audit.log;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.audit.chain.HashChain;
import io.tenantry.audit.AuditEvents;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
@TestPropertySource(properties = "tenantry.audit.export.sync-limit=3")
class AuditExportTests {

	static final UUID USER = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Test
	void smallExportStreamsCsvInChainOrderWithEveryHashedField() throws Exception {
		UUID tenant = UUID.randomUUID();
		append(tenant, 3, "{\"note\":\"a, \\\"quoted\\\" value\"}");
		String csv = stream(tenant, "{\"format\":\"csv\"}", "text/csv");
		List<String> lines = csv.lines().toList();
		assertThat(lines).hasSize(4);
		assertThat(lines.get(0)).isEqualTo(String.join(",", ExportWriter.COLUMNS));
		assertThat(lines.get(1)).startsWith(tenant + ",1,");
		assertThat(lines.get(3)).startsWith(tenant + ",3,");
	}

	@Test
	void jsonLinesExportVerifiesOffline() throws Exception {
		UUID tenant = UUID.randomUUID();
		append(tenant, 3, "{\"n\":1.5,\"ok\":true}");
		String jsonl = stream(tenant, "{\"format\":\"jsonl\"}", "application/x-ndjson");
		String previous = HashChain.GENESIS;
		for (String line : jsonl.lines().toList()) {
			AuditEntry entry = new AuditEntry(UUID.fromString(JsonPath.read(line, "$.tenant_id")),
					((Number) JsonPath.read(line, "$.seq")).longValue(), UUID.fromString(JsonPath.read(line, "$.event_id")),
					JsonPath.read(line, "$.action"), JsonPath.read(line, "$.source"), JsonPath.read(line, "$.actor_type"),
					JsonPath.read(line, "$.actor_id"), JsonPath.read(line, "$.actor_ip"),
					JsonPath.read(line, "$.resource_type"), JsonPath.read(line, "$.resource_id"),
					AuditEntry.Outcome.valueOf(JsonPath.read(line, "$.outcome")),
					Instant.parse(JsonPath.read(line, "$.occurred_at")), Instant.parse(JsonPath.read(line, "$.recorded_at")),
					AuditEntry.JSON.writeValueAsString(AuditEntry.JSON.readTree(line).get("payload")),
					JsonPath.read(line, "$.prev_hash"), null);
			assertThat(entry.prevHash()).isEqualTo(previous);
			String hash = HashChain.link(entry.prevHash(), entry.canonical());
			assertThat(hash).isEqualTo(JsonPath.<String>read(line, "$.hash"));
			previous = hash;
		}
	}

	@Test
	void largeExportRunsAsAJobThatOnlyItsTenantCanSeeOrDownload() throws Exception {
		UUID tenant = UUID.randomUUID();
		append(tenant, 5, "{}");
		MvcResult started = this.mvc.perform(post("/api/audit/export").header("Authorization", auditor(tenant))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"format\":\"jsonl\",\"action\":\"io.tenantry.tenant.\"}"))
			.andReturn();
		String job = this.mvc.perform(asyncDispatch(started))
			.andExpect(status().isAccepted())
			.andExpect(header().exists("Location"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String id = JsonPath.read(job, "$.id");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> this.mvc
			.perform(get("/api/audit/exports/" + id).header("Authorization", auditor(tenant)))
			.andExpect(jsonPath("$.status").value("DONE"))
			.andExpect(jsonPath("$.rows").value(5))
			.andExpect(jsonPath("$.downloadUrl").value("/api/audit/exports/" + id + "/download")));
		MvcResult download = this.mvc
			.perform(get("/api/audit/exports/" + id + "/download").header("Authorization", auditor(tenant)))
			.andReturn();
		String body = this.mvc.perform(asyncDispatch(download)).andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		assertThat(body.lines()).hasSize(5);
		UUID stranger = UUID.randomUUID();
		this.mvc.perform(get("/api/audit/exports/" + id).header("Authorization", auditor(stranger)))
			.andExpect(status().isNotFound());
		this.mvc.perform(get("/api/audit/exports/" + id + "/download").header("Authorization", auditor(stranger)))
			.andExpect(status().isNotFound());
	}

	@Test
	void badExportRequestsNameTheField() throws Exception {
		UUID tenant = UUID.randomUUID();
		this.mvc.perform(post("/api/audit/export").header("Authorization", auditor(tenant))
				.contentType(MediaType.APPLICATION_JSON).content("{\"format\":\"xml\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("format"));
		this.mvc.perform(post("/api/audit/export").header("Authorization", auditor(tenant))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"format\":\"csv\",\"from\":\"2026-02-01T00:00:00Z\",\"to\":\"2026-01-01T00:00:00Z\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("from"));
	}

	private String stream(UUID tenant, String request, String contentType) throws Exception {
		MvcResult started = this.mvc.perform(post("/api/audit/export").header("Authorization", auditor(tenant))
				.contentType(MediaType.APPLICATION_JSON).content(request))
			.andReturn();
		return this.mvc.perform(asyncDispatch(started))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith(contentType)))
			.andReturn()
			.getResponse()
			.getContentAsString();
	}

	private void append(UUID tenant, int count, String data) {
		AuditEvents.append(this.kafka, tenant, count, "io.tenantry.tenant.updated.v1", Instant.now(), USER, data);
	}

	private static String auditor(UUID tenant) {
		return "Bearer " + TestJwts.token(tenant, USER, "AUDITOR");
	}

}
