package io.tenantry.audit.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.events.Topics;
import io.tenantry.common.test.SharedPostgres;
import io.tenantry.common.test.TenantryServiceTest;
import io.tenantry.common.test.TestJwtDecoderConfiguration;
import io.tenantry.common.test.TestJwts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TenantryServiceTest
@Import(TestJwtDecoderConfiguration.class)
class CheckpointTests {

	static final UUID USER = UUID.randomUUID();

	@Autowired
	MockMvc mvc;

	@Autowired
	Checkpoints checkpoints;

	@Autowired
	KafkaTemplate<String, String> kafka;

	@Test
	void checkpointIsSignedVerifiableOfflineAndOnlyWhenTheChainGrew() throws Exception {
		UUID tenant = UUID.randomUUID();
		append(tenant, 3);
		Checkpoint checkpoint = this.checkpoints.checkpoint(tenant).orElseThrow();
		assertThat(checkpoint.seq()).isEqualTo(3);
		assertThat(this.checkpoints.signatureValid(checkpoint)).isTrue();
		assertThat(this.checkpoints.checkpoint(tenant)).isEmpty();

		// offline: the published public key checks the signature over the canonical JSON
		String keys = this.mvc.perform(get("/api/audit/checkpoints/keys")).andExpect(status().isOk())
			.andReturn().getResponse().getContentAsString();
		String publicKey = JsonPath.read(keys, "$['" + checkpoint.kid() + "']");
		assertThat(CheckpointKeys.verify(CheckpointKeys.Key.publicKey(publicKey), checkpoint.signedContent(),
				checkpoint.signature())).isTrue();
		Checkpoint forged = new Checkpoint(tenant, 3, "f".repeat(64), checkpoint.createdAt(), checkpoint.kid(),
				checkpoint.signature());
		assertThat(this.checkpoints.signatureValid(forged)).isFalse();

		this.mvc.perform(get("/api/audit/checkpoints").header("Authorization", auditor(tenant)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].seq").value(3))
			.andExpect(jsonPath("$[0].signature").value(checkpoint.signature()));
		this.mvc.perform(get("/api/audit/checkpoints").header("Authorization", auditor(UUID.randomUUID())))
			.andExpect(jsonPath("$.length()").value(0));
	}

	@Test
	void purgedEntriesAreVerifiedFromTheirCheckpoint() throws Exception {
		UUID tenant = UUID.randomUUID();
		append(tenant, 3);
		this.mvc.perform(post("/api/audit/checkpoints").header("Authorization", auditor(tenant)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.seq").value(3));
		append(tenant, 2);
		// retention removes entries 1 to 3 (done here by hand, around the append-only guard)
		JdbcTemplate superuser = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "audit_service"));
		superuser.execute("alter table audit_entry disable trigger audit_entry_append_only");
		try {
			superuser.update("delete from audit_entry where tenant_id = ? and seq <= 3", tenant);
		}
		finally {
			superuser.execute("alter table audit_entry enable trigger audit_entry_append_only");
		}
		verify(tenant, true, null);

		// without the checkpoint that covers them, the gap is reported
		superuser.update("delete from audit_checkpoint where tenant_id = ?", tenant);
		verify(tenant, false, "entries before it are gone and no signed checkpoint covers them");
	}

	private void verify(UUID tenant, boolean valid, String reason) throws Exception {
		var result = this.mvc.perform(get("/api/audit/verify").header("Authorization", auditor(tenant)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.valid").value(valid));
		if (reason != null) {
			result.andExpect(jsonPath("$.firstBrokenLink.seq").value(4))
				.andExpect(jsonPath("$.firstBrokenLink.reason").value(reason));
		}
	}

	private void append(UUID tenant, int count) {
		JdbcTemplate superuser = new JdbcTemplate(SharedPostgres.instance().getDatabase("postgres", "audit_service"));
		Integer before = superuser.queryForObject("select count(*) from audit_entry where tenant_id = ?", Integer.class,
				tenant);
		for (int i = 0; i < count; i++) {
			this.kafka.send(Topics.TENANT, tenant.toString(), """
					{"specversion":"1.0","id":"%s","source":"/test","type":"io.tenantry.tenant.updated.v1",\
					"time":"%s","subject":"s","tenantid":"%s","actor":{"type":"user","id":"%s"},\
					"datacontenttype":"application/json","data":%s}"""
				.formatted(UUID.randomUUID(), Instant.now(), tenant, USER, Map.of().toString().replace("=", ":")));
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> superuser.queryForObject("select count(*) from audit_entry where tenant_id = ?", Integer.class,
					tenant) == before + count);
	}

	private static String auditor(UUID tenant) {
		return "Bearer " + TestJwts.token(tenant, USER, "AUDITOR");
	}

}
